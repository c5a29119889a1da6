// Who may see and redeem a reward: everyone, a tier and the tiers above it, and a segment of
// members by what they did (decision 046). The same answer for every surface's list and for the
// one redeem, so a shopper is never shown a reward they would be refused.

export const REWARD_SEGMENTS = ["new_members", "win_back", "frequent_buyers", "country"] as const;
export type RewardSegment = (typeof REWARD_SEGMENTS)[number];

/** What a segment's threshold counts: days for the first two, paid orders for frequent buyers; a country is named by its value instead (decision 050). */
export const SEGMENT_UNIT: Record<RewardSegment, "days" | "orders" | "value"> = { new_members: "days", win_back: "days", frequent_buyers: "orders", country: "value" };

const DAY_MS = 86_400_000;

export interface AudienceMember {
  /** The member's tier's threshold; -1 without a tier. */
  tierThreshold: number;
  enrolledAt: Date;
  /** Paid orders, not cancelled (kept on the member as orders change). */
  orderCount: number;
  lastOrderAt: Date | null;
  /** Where their latest order went (ISO country code), or null when no order said. */
  countryCode: string | null;
}

export interface RewardAudience {
  /** The threshold of the tier the reward is for, or null for every tier. */
  tierThreshold: number | null;
  segment: string | null;
  segmentThreshold: number | null;
  /** country: the ISO country code. */
  segmentValue: string | null;
}

/**
 * - new members: enrolled less than N days ago;
 * - win back: ordered before, but not in the last N days (a member who never ordered is not
 *   lapsed: a first-order offer is for new members);
 * - frequent buyers: N paid orders or more;
 * - country: their latest order that named a country went to this one.
 */
export function inSegment(segment: RewardSegment, threshold: number | null, member: AudienceMember, now: Date, value: string | null = null): boolean {
  if (segment === "country") return value !== null && member.countryCode === value;
  if (threshold === null) return false;
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
    if (!isRewardSegment(reward.segment)) return "segment";
    if (!inSegment(reward.segment, reward.segmentThreshold, member, now, reward.segmentValue)) return "segment";
  }
  return null;
}

/**
 * The reward form's prefill for an audience segment a reward can be for exactly (app/routes/app.audience.tsx):
 * a country, ten orders or more, a last order a year ago or more. Null for the others.
 */
export function rewardForSegment(dimension: string, key: string): Record<string, string> | null {
  if (dimension === "country" && /^[A-Z]{2}$/.test(key)) return { segment: "country", segmentValue: key };
  if (dimension === "frequency" && key === "10+") return { segment: "frequent_buyers", segmentThreshold: "10" };
  if (dimension === "recency" && key === "365+") return { segment: "win_back", segmentThreshold: "365" };
  return null;
}
