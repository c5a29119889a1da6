// The owner's goals for the program: a health figure to move from where it was to a target by a
// day. Pure: how far a goal has come, and whether it is on track for its day.
import { HIGHER_IS_BETTER, type HealthMetric } from "./program-health";

export const GOAL_METRICS = ["participation", "repeatRate", "memberOrderValue", "retention", "redemptionRate"] as const satisfies readonly HealthMetric[];
export type GoalMetric = (typeof GOAL_METRICS)[number];
export const MAX_GOALS = 5;

/**
 * Whom a goal is measured among (null: every customer). Only the repeat rate has a choice: the
 * other figures are of all orders (participation) or of members by what they are.
 * - members, non_members: the share of their orders placed by customers who had ordered before;
 * - one_order: of the customers with exactly one order when the period began, the share who
 *   ordered again in it (the rate "among customers with one order").
 */
export const GOAL_AUDIENCES = ["members", "non_members", "one_order"] as const;
export type GoalAudience = (typeof GOAL_AUDIENCES)[number];
export const AUDIENCE_METRICS: readonly GoalMetric[] = ["repeatRate"];

export function isGoalAudience(value: string | null): value is GoalAudience {
  return (GOAL_AUDIENCES as readonly (string | null)[]).includes(value);
}

/** Of the customers with one order at a period's start (`cohort`), the share who ordered again in it; null without any. */
export function oneOrderRepeatRate(counts: { firstOrdersBefore: number; secondOrdersBefore: number; repeatersIn: number }): number | null {
  const cohort = counts.firstOrdersBefore - counts.secondOrdersBefore;
  return cohort > 0 ? counts.repeatersIn / cohort : null;
}
/** A goal's starting point: the figure over this many days before it was set. */
export const BASELINE_DAYS = 90;

export interface Goal {
  metric: GoalMetric;
  baseline: number | null;
  target: number;
  since: Date;
  due: Date;
}

export type GoalStatus = "reached" | "on_track" | "behind" | "missed" | "measuring";

export interface GoalProgress {
  /** The figure since the goal was set; null until there is something to measure. */
  current: number | null;
  /** The share of the way from the baseline to the target, 0 to 1. */
  progress: number | null;
  status: GoalStatus;
}

/**
 * Reached: the figure is at the target or past it. Otherwise, on track when the share of the way
 * covered is at least the share of the time gone; missed once the day is past.
 */
export function goalProgress(goal: Goal, current: number | null, now: Date): GoalProgress {
  if (current === null) return { current, progress: null, status: now >= goal.due ? "missed" : "measuring" };
  const better = HIGHER_IS_BETTER[goal.metric];
  const reached = better ? current >= goal.target : current <= goal.target;
  const start = goal.baseline;
  const way = start === null || start === goal.target ? null : (current - start) / (goal.target - start);
  const progress = reached ? 1 : way === null ? null : Math.min(1, Math.max(0, way));
  if (reached) return { current, progress, status: "reached" };
  if (now >= goal.due) return { current, progress, status: "missed" };
  const time = (now.getTime() - goal.since.getTime()) / (goal.due.getTime() - goal.since.getTime());
  // A hair of tolerance: 24% of the way from 20% to 30% is 0.39999999999999997 in floating point.
  return { current, progress, status: progress !== null && progress + 1e-9 >= time ? "on_track" : "behind" };
}
