import { describe, expect, it } from "vitest";
import type { Analytics } from "./analytics.server";
import { programHealth } from "./program-health";

/** Analytics with what health reads; every figure worked out by hand in the tests below. */
function figures(o: {
  members?: number;
  memberOrders: number; memberRevenue: number; memberReturning: number;
  otherOrders: number; otherRevenue: number; otherReturning: number;
  issued: number; redeemed: number; liability: number | null;
  cohort: number; retained: number;
}): Analytics {
  const group = (orders: number, revenueMinor: number, returningOrders: number) => ({
    orders, revenueMinor, returningOrders,
    averageOrderMinor: orders ? Math.round(revenueMinor / orders) : null,
    returningRate: orders ? returningOrders / orders : null,
  });
  const all = o.memberOrders + o.otherOrders;
  return {
    from: "", to: "", bucket: "day",
    members: { total: o.members ?? 1000, new: 0 },
    participation: { memberOrders: o.memberOrders, orders: all, rate: all ? o.memberOrders / all : null },
    points: { issued: o.issued, redeemed: o.redeemed, expired: 0, takenBack: 0, outstanding: 0, redemptionRate: o.issued ? o.redeemed / o.issued : null },
    liability: { pointValueMinor: 1, minor: o.liability },
    orders: { members: group(o.memberOrders, o.memberRevenue, o.memberReturning), nonMembers: group(o.otherOrders, o.otherRevenue, o.otherReturning) },
    retention: { cohort: o.cohort, retained: o.retained, rate: o.cohort ? o.retained / o.cohort : null },
    rewardOrders: { orders: 0, revenueMinor: 0 }, series: [], frequency: [], recency: [],
  };
}

// Before: 40 member orders of 100 (40%), 120.00 and 80.00 on average; 30 of the 100 orders repeat;
// 2,000 of 10,000 points redeemed (20%); liability 50.00; 10 of 40 first-time members came back.
const before = figures({
  memberOrders: 40, memberRevenue: 480_000, memberReturning: 20, otherOrders: 60, otherRevenue: 480_000, otherReturning: 10,
  issued: 10_000, redeemed: 2_000, liability: 5_000, cohort: 40, retained: 10,
});

describe("program health", () => {
  it("sets each figure against the period before, rates in points and amounts in percent, better or worse as the owner sees it", () => {
    // After: 30 of 150 orders by members (20%), 150.00 and 80.00 on average; 60 of 150 repeat (40%);
    // 500 of 10,000 points (5%); liability 80.00 (+60%, worse); 6 of 40 came back (15%).
    const after = figures({
      memberOrders: 30, memberRevenue: 450_000, memberReturning: 20, otherOrders: 120, otherRevenue: 960_000, otherReturning: 40,
      issued: 10_000, redeemed: 500, liability: 8_000, cohort: 40, retained: 6,
    });
    const { comparisons } = programHealth(after, before, []);
    const byMetric = Object.fromEntries(comparisons.map((c) => [c.metric, c]));
    expect(byMetric.participation).toEqual({ metric: "participation", current: 0.2, previous: 0.4, change: expect.closeTo(-0.2, 10), verdict: "worse" });
    expect(byMetric.repeatRate).toEqual({ metric: "repeatRate", current: 0.4, previous: 0.3, change: expect.closeTo(0.1, 10), verdict: "better" });
    expect(byMetric.memberOrderValue).toEqual({ metric: "memberOrderValue", current: 15_000, previous: 12_000, change: 0.25, verdict: "better" });
    expect(byMetric.nonMemberOrderValue).toEqual({ metric: "nonMemberOrderValue", current: 8_000, previous: 8_000, change: 0, verdict: "same" });
    expect(byMetric.retention).toEqual({ metric: "retention", current: 0.15, previous: 0.25, change: expect.closeTo(-0.1, 10), verdict: "worse" });
    expect(byMetric.redemptionRate).toEqual({ metric: "redemptionRate", current: 0.05, previous: 0.2, change: expect.closeTo(-0.15, 10), verdict: "worse" });
    expect(byMetric.liability).toEqual({ metric: "liability", current: 8_000, previous: 5_000, change: 0.6, verdict: "worse" });
  });

  it("names what to change, each with its figure: rewards out of reach, liability outgrowing revenue, few member orders, retention down, members just below a tier", () => {
    // Revenue 9,600.00 -> 14,100.00 (+46.875%); liability +60%.
    const after = figures({
      memberOrders: 30, memberRevenue: 450_000, memberReturning: 20, otherOrders: 120, otherRevenue: 960_000, otherReturning: 40,
      issued: 10_000, redeemed: 500, liability: 8_000, cohort: 40, retained: 6,
    });
    const near = [{ tier: "Silver", threshold: 500, members: 9 }, { tier: "Gold", threshold: 1000, members: 60 }];
    expect(programHealth(after, before, near).advice).toEqual([
      { code: "redemption_low", rate: 0.05, redeemed: 500, issued: 10_000 },
      { code: "liability_outpaces_revenue", liabilityChange: 0.6, revenueChange: 0.46875 },
      // 20% is not under 20%: no advice on participation.
      { code: "retention_dropped", current: 0.15, previous: 0.25 },
      // Silver: 9 members, under the 10 worth a nudge. Gold: 60 of 1,000 members, 6%.
      { code: "near_tier", tier: "Gold", members: 60, share: 0.06 },
    ]);
  });

  it("gives no advice for a healthy period, nor any at the thresholds' edges", () => {
    // 10% redeemed exactly, liability flat while revenue grows, 25% member orders, retention down 4.99 points.
    const after = figures({
      memberOrders: 25, memberRevenue: 300_000, memberReturning: 10, otherOrders: 75, otherRevenue: 700_000, otherReturning: 10,
      issued: 10_000, redeemed: 1_000, liability: 5_000, cohort: 10_000, retained: 2_001,
    });
    const near = [{ tier: "Gold", threshold: 1000, members: 49 }]; // 4.9% of 1,000
    expect(programHealth(after, before, near).advice).toEqual([]);
    const participationLow = figures({ ...{ memberOrders: 19, otherOrders: 81 }, memberRevenue: 1, memberReturning: 0, otherRevenue: 1, otherReturning: 0, issued: 0, redeemed: 0, liability: null, cohort: 0, retained: 0 });
    expect(programHealth(participationLow, before, []).advice).toEqual([{ code: "participation_low", rate: 0.19, memberOrders: 19, orders: 100 }]);
  });

  it("compares nothing it cannot: no orders, no points, no point value, no earlier amount", () => {
    const empty = figures({ memberOrders: 0, memberRevenue: 0, memberReturning: 0, otherOrders: 0, otherRevenue: 0, otherReturning: 0, issued: 0, redeemed: 0, liability: null, cohort: 0, retained: 0 });
    const { comparisons, advice } = programHealth(before, empty, []);
    expect(comparisons.every((c) => c.change === null && c.verdict === null)).toBe(true);
    expect(advice).toEqual([]);
  });
});
