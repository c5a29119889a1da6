// Spending points on a reward, the same for every surface (storefront panel, cart block, loyalty
// page, checkout, customer account): reserve the points in the ledger, let Shopify create what the
// reward gives, then confirm; give the points back (one compensating entry) when Shopify refuses,
// does not answer, or the shopper cancels an unused code. The client's request id makes a retry
// after a lost answer return the first redemption: never two debits, never two codes.
import type { Member, Redemption, Reward, Tier } from "@prisma/client";
import { credit, debit, InsufficientPoints } from "./ledger.server";
import { lotExpiresAt } from "./lot-dates";
import { minorPerUnit } from "./money";
import { enqueue, REWARD_REVOKE } from "./outbox.server";
import { loadProgramRules } from "./program.server";
import { inTransaction, type DbOrTx, type Tx } from "./transactions.server";
import { notify } from "./notices.server";
import { audienceRefusal, type AudienceMember, type RewardAudience } from "./reward-audience";
import { announce } from "./flow-events.server";
import { claimPartnerCode, poolRemaining } from "./partner-codes.server";
import { PARTNER_CODE } from "./reward-types";

export type RedeemRefusal = "program_off" | "no_member" | "no_reward" | "tier" | "segment" | "insufficient" | "points_out_of_range" | "not_cancellable" | "sold_out";

/** A redeem the rules do not allow; nothing was changed. */
export class RedeemRefused extends Error {
  override name = "RedeemRefused";
  constructor(
    readonly reason: RedeemRefusal,
    readonly details: { balance?: number; required?: number; min?: number; max?: number; segment?: string | null } = {},
  ) {
    super(`Redeem refused: ${reason}`);
  }
}

export interface RedeemInput {
  shopId: string;
  customerId: string;
  rewardId: string;
  /** The client's idempotency key (one per click; the same on a retry). */
  requestId: string;
  /** For a points slider: how many points to spend. */
  points?: number;
  now?: Date;
}

export interface Reserved {
  redemption: Redemption & { reward: Reward };
  /** True when the request id had been used before: nothing new was reserved. */
  replayed: boolean;
}

type MemberWithTier = Member & { tier: Tier | null };

/** The facts a reward's audience is decided on (app/loyalty/reward-audience.ts). */
function audienceOf(member: MemberWithTier): AudienceMember {
  return { tierThreshold: member.tier?.threshold ?? -1, enrolledAt: member.enrolledAt, orderCount: member.orderCount, lastOrderAt: member.lastOrderAt, countryCode: member.countryCode };
}

function rewardAudience(reward: Reward & { tier: Tier | null }): RewardAudience {
  return { tierThreshold: reward.tier?.threshold ?? null, segment: reward.segment, segmentThreshold: reward.segmentThreshold, segmentValue: reward.segmentValue };
}

/**
 * The rewards this member may redeem (active, and theirs by tier and segment); for a guest
 * (`member` null), the rewards for everyone. A partner reward whose pool is empty is left out:
 * no one could redeem it (decision 048).
 */
export async function rewardsFor(db: DbOrTx, shopId: string, member: MemberWithTier | null, now: Date) {
  const all = await db.reward.findMany({ where: { shopId, active: true, deletedAt: null }, include: { tier: true }, orderBy: [{ pointsCost: "asc" }, { createdAt: "asc" }] });
  const partners = all.filter((r) => r.type === PARTNER_CODE);
  const left = await poolRemaining(db, partners.map((r) => r.id));
  const rewards = partners.length ? all.filter((r) => r.type !== PARTNER_CODE || (left.get(r.id) ?? 0) > 0) : all;
  if (!member) return rewards.filter((r) => !r.tier && r.segment === null);
  const facts = audienceOf(member);
  return rewards.filter((r) => audienceRefusal(rewardAudience(r), facts, now) === null);
}

/** Points and value of one redemption of `reward` (a slider spends what the shopper chose, within its bounds). */
export function redemptionCost(reward: Reward, currency: string, points?: number): { points: number; valueMinor: number | null } {
  if (reward.type !== "points_slider") return { points: reward.pointsCost, valueMinor: reward.valueMinor };
  const min = reward.sliderMinPoints ?? reward.pointsCost;
  const max = reward.sliderMaxPoints ?? min;
  if (points === undefined || !Number.isSafeInteger(points) || points < min || points > max) throw new RedeemRefused("points_out_of_range", { min, max });
  // pointsCost is the points for one unit of the currency; the value is rounded down to a minor unit.
  const valueMinor = Math.floor((points * minorPerUnit(currency)) / reward.pointsCost);
  if (valueMinor < 1) throw new RedeemRefused("points_out_of_range", { min, max });
  return { points, valueMinor };
}

/** Reserves the points for a reward: debits them and records the redemption, or refuses and changes nothing. */
export function reserveRedemption(db: DbOrTx, input: RedeemInput): Promise<Reserved> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId: input.shopId, customerId: input.customerId } }, include: { tier: true } });
    if (!member || member.redactedAt) throw new RedeemRefused("no_member");
    // The key names the member, so one shopper's request id can never reach another's redemption.
    const requestId = `redeem:${member.id}:${input.requestId}`;
    const existing = await tx.redemption.findUnique({ where: { shopId_requestId: { shopId: input.shopId, requestId } }, include: { reward: true } });
    if (existing) return { redemption: existing, replayed: true };
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: input.shopId }, select: { programEnabled: true, currencyCode: true } });
    if (!shop.programEnabled) throw new RedeemRefused("program_off");
    const reward = await tx.reward.findFirst({ where: { id: input.rewardId, shopId: input.shopId, active: true, deletedAt: null }, include: { tier: true } });
    if (!reward) throw new RedeemRefused("no_reward");
    const refusal = audienceRefusal(rewardAudience(reward), audienceOf(member), now);
    if (refusal) throw new RedeemRefused(refusal, refusal === "segment" ? { segment: reward.segment } : {});
    const cost = redemptionCost(reward, shop.currencyCode, input.points);
    try {
      await debit(tx, { shopId: input.shopId, memberId: member.id, kind: "redeem", key: requestId, points: cost.points, reason: { code: "redeemed", params: { reward: reward.name } }, now });
    } catch (error) {
      if (error instanceof InsufficientPoints) throw new RedeemRefused("insufficient", { balance: error.balance, required: error.required });
      throw error;
    }
    const redemption = await tx.redemption.create({
      data: { shopId: input.shopId, memberId: member.id, rewardId: reward.id, requestId, pointsSpent: cost.points, valueMinor: cost.valueMinor, status: "reserved", createdAt: now },
      include: { reward: true },
    });
    if (reward.type !== PARTNER_CODE) return { redemption, replayed: false };
    // A partner's voucher is given out here, with the points: no Shopify call. None left: the
    // refusal rolls the debit back with everything else.
    const code = await claimPartnerCode(tx, reward.id, redemption.id);
    if (!code) throw new RedeemRefused("sold_out");
    return { redemption: { ...(await markIssued(tx, redemption.id, { code, discountNodeId: null, expiresAt: null }, now)), reward: redemption.reward }, replayed: false };
  });
}

/** Shopify created the reward: the redemption is issued with its code (none for store credit). */
export async function confirmRedemption(db: DbOrTx, redemptionId: string, issued: Issued, now = new Date()) {
  return inTransaction(db, (tx) => markIssued(tx, redemptionId, issued, now));
}

interface Issued {
  code: string | null;
  discountNodeId: string | null;
  expiresAt: Date | null;
}

/** The redemption is issued: the member is told (email, Flow), in the transaction that issued it. */
async function markIssued(tx: Tx, redemptionId: string, { code, discountNodeId, expiresAt }: Issued, now: Date) {
  const redemption = await tx.redemption.update({ where: { id: redemptionId }, data: { status: "issued", code, discountNodeId, expiresAt }, include: { reward: { select: { name: true, type: true } }, member: { select: { customerId: true } } } });
  await notify(tx, {
    shopId: redemption.shopId, memberId: redemption.memberId, type: "rewardRedeemed", key: `redemption:${redemption.id}`, now,
    facts: { reward: redemption.reward.name, code, points: redemption.pointsSpent, expiresAt: expiresAt?.toISOString() ?? null, ...(redemption.reward.type === PARTNER_CODE ? { partner: true } : {}) },
  });
  await announce(tx, { shopId: redemption.shopId, customerId: redemption.member.customerId, trigger: "rewardIssued", key: `redemption:${redemption.id}`, now, fields: { reward: redemption.reward.name, code: code ?? "", points: redemption.pointsSpent } });
  const { reward: _reward, member: _member, ...confirmed } = redemption;
  return confirmed;
}

/**
 * Gives a redemption's points back once (key redemption:<id>:return, the same key a refunded
 * order's return uses, so the points can never come back twice) and marks it failed (Shopify did
 * not create it) or cancelled (the shopper cancelled the unused code).
 */
export function returnRedemption(db: DbOrTx, redemptionId: string, status: "failed" | "cancelled", options: { now?: Date; revoke?: boolean } = {}) {
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const redemption = await tx.redemption.findUniqueOrThrow({ where: { id: redemptionId }, include: { reward: true } });
    const from = status === "failed" ? ["reserved"] : ["issued"];
    const { count } = await tx.redemption.updateMany({ where: { id: redemptionId, status: { in: from } }, data: { status } });
    if (count === 0) return tx.redemption.findUniqueOrThrow({ where: { id: redemptionId }, include: { reward: true } });
    if (redemption.pointsSpent > 0) await giveBack(tx, redemption, status, now);
    // Shopify may have made the code although its answer was lost: make sure it cannot be used.
    if (options.revoke) await enqueue(tx, { shopId: redemption.shopId, kind: REWARD_REVOKE, dedupeKey: `revoke:${redemption.id}`, payload: { redemptionId }, now });
    return tx.redemption.findUniqueOrThrow({ where: { id: redemptionId }, include: { reward: true } });
  });
}

async function giveBack(tx: Tx, redemption: Redemption & { reward: Reward }, status: "failed" | "cancelled", now: Date) {
  const rules = await loadProgramRules(tx, redemption.shopId);
  await credit(tx, {
    shopId: redemption.shopId,
    memberId: redemption.memberId,
    kind: "reversal",
    key: `redemption:${redemption.id}:return`,
    points: redemption.pointsSpent,
    reason: { code: status === "failed" ? "reward_failed" : "reward_cancelled", params: { reward: redemption.reward.name } },
    now,
    expiresAt: lotExpiresAt(now, rules),
  });
}

/** The shopper's own unused code, or a refusal: only an issued code that has not been used or run out can be cancelled. */
export async function cancellableRedemption(db: DbOrTx, shopId: string, customerId: string, redemptionId: string, now = new Date()) {
  const redemption = await db.redemption.findFirst({ where: { id: redemptionId, shopId, member: { customerId } }, include: { reward: { select: { type: true } } } });
  if (!redemption) throw new RedeemRefused("no_reward");
  if (!isCancellable(redemption, now)) throw new RedeemRefused("not_cancellable");
  return redemption;
}

/** A partner's voucher cannot be taken back once shown: it is never cancellable. */
export function isCancellable(redemption: Pick<Redemption, "status" | "code" | "expiresAt" | "pointsSpent"> & { reward?: Pick<Reward, "type"> }, now: Date): boolean {
  if (redemption.reward?.type === PARTNER_CODE) return false;
  return redemption.status === "issued" && redemption.code !== null && redemption.pointsSpent > 0 && (!redemption.expiresAt || redemption.expiresAt > now);
}
