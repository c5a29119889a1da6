// Who may see and redeem a reward: everyone, a tier and the tiers above it, and a segment of
// members by what they did (decision 046). The same answer for every surface's list and for the
// one redeem, so a shopper is never shown a reward they would be refused.

export const REWARD_SEGMENTS = ["new_members", "win_back", "frequent_buyers"] as const;
export type RewardSegment = (typeof REWARD_SEGMENTS)[number];

/** What a segment's threshold counts: days for the first two, paid orders for frequent buyers. */
export const SEGMENT_UNIT: Record<RewardSegment, "days" | "orders"> = { new_members: "days", win_back: "days", frequent_buyers: "orders" };

const DAY_MS = 86_400_000;

export interface AudienceMember {
  /** The member's tier's threshold; -1 without a tier. */
  tierThreshold: number;
  enrolledAt: Date;
  /** Paid orders, not cancelled (kept on the member as orders change). */
  orderCount: number;
  lastOrderAt: Date | null;
}

export interface RewardAudience {
  /** The threshold of the tier the reward is for, or null for every tier. */
  tierThreshold: number | null;
  segment: string | null;
  segmentThreshold: number | null;
}

/**
 * - new members: enrolled less than N days ago;
 * - win back: ordered before, but not in the last N days (a member who never ordered is not
 *   lapsed: a first-order offer is for new members);
 * - frequent buyers: N paid orders or more.
 */
export function inSegment(segment: RewardSegment, threshold: number, member: AudienceMember, now: Date): boolean {
  switch (segment) {
    case "new_members":
      return now.getTime() - member.enrolledAt.getTime() < threshold * DAY_MS;
    case "win_back":
      return member.orderCount > 0 && member.lastOrderAt !== null && now.getTime() - member.lastOrderAt.getTime() >= threshold * DAY_MS;
    case "frequent_buyers":
      return member.orderCount >= threshold;
  }
}

export function isRewardSegment(value: string | null): value is RewardSegment {
  return (REWARD_SEGMENTS as readonly (string | null)[]).includes(value);
}

/** Why this member may not have this reward, or null when they may. */
export function audienceRefusal(reward: RewardAudience, member: AudienceMember, now: Date): "tier" | "segment" | null {
  if (reward.tierThreshold !== null && member.tierThreshold < reward.tierThreshold) return "tier";
  if (reward.segment !== null) {
    // A segment this code does not know (a newer version's, after a rollback) is shown to no one.
    if (!isRewardSegment(reward.segment) || reward.segmentThreshold === null) return "segment";
    if (!inSegment(reward.segment, reward.segmentThreshold, member, now)) return "segment";
  }
  return null;
}
