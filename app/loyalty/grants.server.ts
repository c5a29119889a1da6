// Rewards given, not bought: a tier's entry reward, a referred friend's welcome offer. A grant is
// a redemption that cost no points, made once per request id (per member and tier, per friend),
// in the transaction that decided it; the code is created on Shopify after it commits (outbox:
// reward_issue).
import type { Member, Prisma, Tier } from "@prisma/client";
import { enqueue } from "./outbox.server";

type Tx = Prisma.TransactionClient;

export const REWARD_ISSUE = "reward_issue";

/**
 * Rewards that can be given whole. A points slider needs the shopper to choose an amount; a free
 * product's code (a product-scoped discount) comes with redeeming in the storefront.
 */
export const GRANTABLE_TYPES = ["fixed_amount", "percentage", "free_shipping", "store_credit"];

/** The member entered `tier`: give its entry reward, once ever per member and tier. */
export function grantEntryReward(tx: Tx, member: Pick<Member, "id" | "shopId">, tier: Pick<Tier, "id" | "entryRewardId">, now: Date) {
  if (!tier.entryRewardId) return Promise.resolve(null);
  return grantReward(tx, member, tier.entryRewardId, `tier-entry:${member.id}:${tier.id}`, now);
}

/**
 * Gives `rewardId` to the member as a code (or store credit) that costs no points, once per
 * request id; the code is made on Shopify after the transaction commits. Nothing while the
 * program is off (decision 019), nor for a reward that is gone or cannot be given whole.
 */
export async function grantReward(tx: Tx, member: Pick<Member, "id" | "shopId">, rewardId: string, requestId: string, now: Date) {
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: member.shopId }, select: { programEnabled: true } });
  if (!shop.programEnabled) return null;
  const reward = await tx.reward.findFirst({ where: { id: rewardId, shopId: member.shopId, deletedAt: null, active: true } });
  if (!reward || !GRANTABLE_TYPES.includes(reward.type)) return null;
  const existing = await tx.redemption.findUnique({ where: { shopId_requestId: { shopId: member.shopId, requestId } } });
  if (existing) return null;
  const redemption = await tx.redemption.create({
    data: { shopId: member.shopId, memberId: member.id, rewardId: reward.id, requestId, pointsSpent: 0, valueMinor: reward.valueMinor, status: "reserved" },
  });
  await enqueue(tx, { shopId: member.shopId, kind: REWARD_ISSUE, dedupeKey: `redemption:${redemption.id}`, payload: { redemptionId: redemption.id }, now });
  return redemption;
}
