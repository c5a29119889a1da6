import { describe, expect, it } from "vitest";
import { goalProgress, isGoalAudience, oneOrderRepeatRate, type Goal } from "./program-goals";

// Repeat purchase rate from 20% to 30% over 100 days, from 1 March 2026.
const goal: Goal = { metric: "repeatRate", baseline: 0.2, target: 0.3, since: new Date("2026-03-01T00:00:00Z"), due: new Date("2026-06-09T00:00:00Z") };
const day = (n: number) => new Date(goal.since.getTime() + n * 86_400_000);

describe("a goal's progress", () => {
  it("is the share of the way from the start to the target, on track while it keeps up with the time gone", () => {
    // Day 40: 40% of the time. 24% is 40% of the way: on track; 23.9% is not.
    expect(goalProgress(goal, 0.24, day(40))).toEqual({ current: 0.24, progress: expect.closeTo(0.4, 10), status: "on_track" });
    expect(goalProgress(goal, 0.239, day(40))).toEqual({ current: 0.239, progress: expect.closeTo(0.39, 10), status: "behind" });
    // Below the start: no way covered.
    expect(goalProgress(goal, 0.15, day(1))).toEqual({ current: 0.15, progress: 0, status: "behind" });
  });

  it("is reached at the target or past it, at any time, and missed once its day has come", () => {
    expect(goalProgress(goal, 0.3, day(10))).toEqual({ current: 0.3, progress: 1, status: "reached" });
    expect(goalProgress(goal, 0.35, day(200))).toEqual({ current: 0.35, progress: 1, status: "reached" });
    expect(goalProgress(goal, 0.29, day(100))).toEqual({ current: 0.29, progress: expect.closeTo(0.9, 10), status: "missed" });
    expect(goalProgress(goal, 0.29, day(99))).toMatchObject({ status: "behind" }); // 90% of the way at 99% of the time
  });

  it("says when there is nothing to measure yet, and measures without a starting point only whether it is reached", () => {
    expect(goalProgress(goal, null, day(5))).toEqual({ current: null, progress: null, status: "measuring" });
    expect(goalProgress(goal, null, day(100))).toEqual({ current: null, progress: null, status: "missed" });
    const fresh = { ...goal, baseline: null };
    expect(goalProgress(fresh, 0.25, day(50))).toEqual({ current: 0.25, progress: null, status: "behind" });
    expect(goalProgress(fresh, 0.31, day(50))).toEqual({ current: 0.31, progress: 1, status: "reached" });
  });
});

describe("the repeat rate among customers with one order", () => {
  it("is the share of the cohort (first orders less second orders before the period) who ordered again in it", () => {
    expect(oneOrderRepeatRate({ firstOrdersBefore: 5, secondOrdersBefore: 2, repeatersIn: 2 })).toBe(2 / 3);
    expect(oneOrderRepeatRate({ firstOrdersBefore: 2, secondOrdersBefore: 2, repeatersIn: 0 })).toBeNull();
    expect([isGoalAudience("one_order"), isGoalAudience("everyone"), isGoalAudience(null)]).toEqual([true, false, false]);
  });
});
