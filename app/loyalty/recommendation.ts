// A member's recommended next reward (decision 049): of the rewards they may have, the one closest
// to reach that members like them redeem most. Pure; the popularity comes from
// reward-popularity.server.ts.

/** The fewest points one redemption of a reward costs (a slider's lower bound). */
export function smallestCost(reward: { type: string; pointsCost: number; sliderMinPoints: number | null }): number {
  return reward.type === "points_slider" ? (reward.sliderMinPoints ?? reward.pointsCost) : reward.pointsCost;
}

export interface RewardChoice {
  id: string;
  /** The fewest points one redemption costs (a slider's lower bound). */
  cost: number;
}

export interface Recommendation {
  rewardId: string;
  /** Points still missing; 0 when the member can redeem it now. */
  missing: number;
}

/** A reward counts as "close" when its gap is at most this many times the smallest gap. */
export const REACH_BAND = 2;

/**
 * - Rewards not yet affordable: those whose gap is within REACH_BAND times the smallest gap; of
 *   them the most redeemed by the member's peers, then the smaller gap, then the cheaper.
 * - Every reward affordable: the most redeemed by the peers, then the dearer (the most the points buy).
 * - No rewards: none.
 */
export function recommendReward(rewards: readonly RewardChoice[], balance: number, popularity: ReadonlyMap<string, number>): Recommendation | null {
  const redeemed = (r: RewardChoice) => popularity.get(r.id) ?? 0;
  const ahead = rewards.filter((r) => r.cost > balance);
  if (ahead.length > 0) {
    const closest = Math.min(...ahead.map((r) => r.cost - balance));
    const close = ahead.filter((r) => r.cost - balance <= closest * REACH_BAND);
    const best = close.toSorted((a, b) => redeemed(b) - redeemed(a) || a.cost - b.cost || a.id.localeCompare(b.id))[0];
    return { rewardId: best.id, missing: best.cost - balance };
  }
  if (rewards.length === 0) return null;
  const best = rewards.toSorted((a, b) => redeemed(b) - redeemed(a) || b.cost - a.cost || a.id.localeCompare(b.id))[0];
  return { rewardId: best.id, missing: 0 };
}
