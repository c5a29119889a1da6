// Program health: a period set against the one before it, and what to change, each piece of advice
// with the figure behind it. Pure: the figures come from the analytics (rollups) and the members'
// distance to their next tier (program-health.server.ts).
import type { Analytics } from "./analytics.server";

export const HEALTH_METRICS = ["participation", "repeatRate", "memberOrderValue", "nonMemberOrderValue", "retention", "redemptionRate", "liability"] as const;
export type HealthMetric = (typeof HEALTH_METRICS)[number];

/** Whether more is better (liability is a cost: less of it is). */
export const HIGHER_IS_BETTER: Record<HealthMetric, boolean> = {
  participation: true, repeatRate: true, memberOrderValue: true, nonMemberOrderValue: true, retention: true, redemptionRate: true, liability: false,
};
/** Rates compare in points of a percent; amounts in percent of the earlier one. */
export const IS_RATE: Record<HealthMetric, boolean> = {
  participation: true, repeatRate: true, memberOrderValue: false, nonMemberOrderValue: false, retention: true, redemptionRate: true, liability: false,
};

/** Below this share of issued points redeemed, the rewards look out of reach. */
export const LOW_REDEMPTION = 0.1;
/** Below this share of orders by members, too few shoppers know the program. */
export const LOW_PARTICIPATION = 0.2;
/** Members this close below a tier (a share of its threshold) are "just below" it. */
export const NEAR_TIER = 0.1;
/** Just-below members worth a nudge: at least this many, and this share of all members. */
export const NEAR_TIER_MIN_MEMBERS = 10;
export const NEAR_TIER_MIN_SHARE = 0.05;
/** A retention rate down by this much (points of a percent) is a drop, not noise. */
export const RETENTION_DROP = 0.05;

export interface NearTier {
  tier: string;
  threshold: number;
  /** Members below the tier by less than NEAR_TIER of its threshold. */
  members: number;
}

export interface Comparison {
  metric: HealthMetric;
  current: number | null;
  previous: number | null;
  /** Rates: the difference; amounts: the change as a share of the previous. Null when not comparable. */
  change: number | null;
  /** Whether the change is for the better, worse, or neither. */
  verdict: "better" | "worse" | "same" | null;
}

export type Advice =
  | { code: "redemption_low"; rate: number; redeemed: number; issued: number }
  | { code: "liability_outpaces_revenue"; liabilityChange: number; revenueChange: number }
  | { code: "participation_low"; rate: number; memberOrders: number; orders: number }
  | { code: "retention_dropped"; current: number; previous: number }
  /** share: of the members the program had at the period's end. */
  | { code: "near_tier"; tier: string; members: number; share: number };

/** A health figure of a period's analytics. */
export function healthFigure(metric: HealthMetric, a: Analytics): number | null {
  switch (metric) {
    case "participation":
      return a.participation.rate;
    case "repeatRate": {
      // Every order from a customer who had ordered before, members and not.
      const orders = a.orders.members.orders + a.orders.nonMembers.orders;
      return orders ? (a.orders.members.returningOrders + a.orders.nonMembers.returningOrders) / orders : null;
    }
    case "memberOrderValue":
      return a.orders.members.averageOrderMinor;
    case "nonMemberOrderValue":
      return a.orders.nonMembers.averageOrderMinor;
    case "retention":
      return a.retention.rate;
    case "redemptionRate":
      return a.points.redemptionRate;
    case "liability":
      return a.liability.minor;
  }
}

function compare(metric: HealthMetric, current: Analytics, previous: Analytics): Comparison {
  const now = healthFigure(metric, current);
  const before = healthFigure(metric, previous);
  let change: number | null = null;
  if (now !== null && before !== null) change = IS_RATE[metric] ? now - before : before !== 0 ? (now - before) / before : null;
  const verdict = change === null ? null : change === 0 ? "same" : change > 0 === HIGHER_IS_BETTER[metric] ? "better" : "worse";
  return { metric, current: now, previous: before, change, verdict };
}

const revenue = (a: Analytics) => a.orders.members.revenueMinor + a.orders.nonMembers.revenueMinor;
const growth = (now: number, before: number) => (before > 0 ? (now - before) / before : null);

/** The period against the previous one, and the advice that follows from them. */
export function programHealth(current: Analytics, previous: Analytics, nearTiers: NearTier[]): { comparisons: Comparison[]; advice: Advice[] } {
  const comparisons = HEALTH_METRICS.map((metric) => compare(metric, current, previous));
  const advice: Advice[] = [];
  const { redemptionRate, redeemed, issued } = current.points;
  if (redemptionRate !== null && redemptionRate < LOW_REDEMPTION) advice.push({ code: "redemption_low", rate: redemptionRate, redeemed, issued });
  const liabilityChange = current.liability.minor !== null && previous.liability.minor !== null ? growth(current.liability.minor, previous.liability.minor) : null;
  const revenueChange = growth(revenue(current), revenue(previous));
  if (liabilityChange !== null && revenueChange !== null && liabilityChange > revenueChange && liabilityChange > 0) {
    advice.push({ code: "liability_outpaces_revenue", liabilityChange, revenueChange });
  }
  const { rate, memberOrders, orders } = current.participation;
  if (rate !== null && rate < LOW_PARTICIPATION) advice.push({ code: "participation_low", rate, memberOrders, orders });
  const retention = comparisons.find((c) => c.metric === "retention")!;
  if (retention.change !== null && retention.change <= -RETENTION_DROP) advice.push({ code: "retention_dropped", current: retention.current!, previous: retention.previous! });
  const members = current.members.total;
  for (const near of nearTiers) {
    const share = members ? near.members / members : 0;
    if (near.members >= NEAR_TIER_MIN_MEMBERS && share >= NEAR_TIER_MIN_SHARE) advice.push({ code: "near_tier", tier: near.tier, members: near.members, share });
  }
  return { comparisons, advice };
}
