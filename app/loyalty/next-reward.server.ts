// A member's recommended next reward (decision 049) for every surface that shows it (the panel,
// the loyalty page, checkout, the customer account, emails): of the rewards they may have, the one
// closest to reach that members like them redeem most (recommendation.ts). "Members like them" are
// the members of the same tier (or, without tiers, all members); with too few of their
// redemptions to go by, the whole shop's count instead. The counts are kept a few minutes per shop
// and tier: every panel opening asks, and the answer moves slowly.
import type { Member, Reward, Tier } from "@prisma/client";
import { recommendReward, smallestCost } from "./recommendation";
import { rewardsFor } from "./redeem.server";
import type { DbOrTx } from "./transactions.server";

export const POPULARITY_DAYS = 90;
/** Below this many peer redemptions in the window, the shop's count is the better guide. */
export const MIN_PEER_REDEMPTIONS = 10;
const KEEP_MS = 10 * 60_000;
const GIVEN = ["reserved", "issued", "used", "returned"];

const kept = new Map<string, { at: number; counts: Map<string, number> }>();

async function redemptionCounts(db: DbOrTx, shopId: string, tierId: string | null | undefined, now: Date): Promise<Map<string, number>> {
  const groups = await db.redemption.groupBy({
    by: ["rewardId"],
    where: { shopId, status: { in: GIVEN }, createdAt: { gte: new Date(now.getTime() - POPULARITY_DAYS * 86_400_000) }, ...(tierId === undefined ? {} : { member: { tierId } }) },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.rewardId, g._count._all]));
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/** Redemptions per reward in the last POPULARITY_DAYS by the member's peers (their tier), else by the whole shop. */
export async function rewardPopularity(db: DbOrTx, shopId: string, tierId: string | null, now: Date): Promise<Map<string, number>> {
  const key = `${shopId}:${tierId ?? ""}`;
  const hit = kept.get(key);
  if (hit && now.getTime() - hit.at < KEEP_MS && now.getTime() >= hit.at) return hit.counts;
  const peers = await redemptionCounts(db, shopId, tierId, now);
  const counts = total(peers) >= MIN_PEER_REDEMPTIONS ? peers : await redemptionCounts(db, shopId, undefined, now);
  if (kept.size > 10_000) kept.clear(); // many shops: start again rather than grow
  kept.set(key, { at: now.getTime(), counts });
  return counts;
}

export interface NextReward {
  reward: Reward & { tier: Tier | null };
  /** Points still missing; 0 when the member can redeem it now. */
  missing: number;
}

/** The member's recommended next reward, from `rewards` (what they may have; looked up when not given). */
export async function nextReward(db: DbOrTx, member: Member & { tier: Tier | null }, now: Date, rewards?: NextReward["reward"][]): Promise<NextReward | null> {
  const visible = rewards ?? (await rewardsFor(db, member.shopId, member, now));
  if (visible.length === 0) return null;
  const popularity = await rewardPopularity(db, member.shopId, member.tierId, now);
  const pick = recommendReward(visible.map((r) => ({ id: r.id, cost: smallestCost(r) })), member.balance, popularity);
  const reward = pick && visible.find((r) => r.id === pick.rewardId);
  return reward ? { reward, missing: pick.missing } : null;
}
