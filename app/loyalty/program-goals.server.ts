// The owner's goals: set (with the figure of the 90 days before as the starting point), removed,
// and each one's figure since it was set, read from the analytics rollups.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { logActivity } from "./activity.server";
import { programAnalytics } from "./analytics.server";
import { utcDay } from "./lot-dates";
import { MoneyError, toMinor } from "./money";
import { AUDIENCE_METRICS, BASELINE_DAYS, GOAL_AUDIENCES, GOAL_METRICS, goalProgress, isGoalAudience, MAX_GOALS, oneOrderRepeatRate, type GoalAudience, type GoalMetric } from "./program-goals";
import { healthFigure, IS_RATE } from "./program-health";
import { inTransaction, sql, type DbOrTx } from "./transactions.server";

const DAY_MS = 86_400_000;
const dayStart = (date: Date) => new Date(`${utcDay(date)}T00:00:00Z`);

const goalForm = z.object({
  metric: z.enum(GOAL_METRICS, { error: "goals.errors.choose" }),
  target: z.string().trim().min(1, { error: "goals.errors.required" }),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "goals.errors.date" }),
  audience: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(GOAL_AUDIENCES, { error: "goals.errors.choose" }).nullable()),
});
export type GoalErrors = Partial<Record<"metric" | "target" | "due" | "audience" | "form", string>>;
export type NewGoal = { metric: GoalMetric; audience: GoalAudience | null; target: number; due: Date };

/** A rate as a whole percent (30 for 30%), an amount in the shop's currency. */
export function parseGoal(form: Record<string, unknown>, currency: string, now: Date): { data: NewGoal } | { errors: GoalErrors } {
  const parsed = goalForm.safeParse(form);
  if (!parsed.success) {
    const errors: GoalErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as "metric"] ??= issue.message.startsWith("goals.") ? issue.message : "goals.errors.invalid";
    return { errors };
  }
  const { metric, target: text, due: dueText, audience } = parsed.data;
  const errors: GoalErrors = {};
  if (audience !== null && !AUDIENCE_METRICS.includes(metric)) errors.audience = "goals.errors.noAudience";
  let target = NaN;
  if (IS_RATE[metric]) {
    const percent = Number(text.replace(",", "."));
    if (!Number.isFinite(percent) || percent <= 0 || percent > 100) errors.target = "goals.errors.percent";
    else target = percent / 100;
  } else {
    try {
      target = toMinor(text, currency);
      if (target <= 0) throw new MoneyError("range");
    } catch {
      errors.target = "goals.errors.amount";
    }
  }
  const due = new Date(`${dueText}T00:00:00Z`);
  const today = dayStart(now);
  if (Number.isNaN(due.getTime()) || utcDay(due) !== dueText) errors.due = "goals.errors.date";
  else if (due <= today) errors.due = "goals.errors.future";
  else if (due.getTime() - today.getTime() > 3 * 366 * DAY_MS) errors.due = "goals.errors.tooFar";
  return Object.keys(errors).length ? { errors } : { data: { metric, audience, target, due } };
}

/** Sets a goal, its starting point the figure over the BASELINE_DAYS before today; at most MAX_GOALS. Errors, or null. */
export async function addGoal(db: PrismaClient, shopId: string, currency: string, goal: NewGoal, actor: string, now = new Date()): Promise<GoalErrors | null> {
  const since = dayStart(now);
  const baseline = await goalFigure(db, shopId, currency, goal, { from: new Date(since.getTime() - BASELINE_DAYS * DAY_MS), to: since, now });
  return inTransaction(db, async (tx) => {
    if ((await tx.programGoal.count({ where: { shopId } })) >= MAX_GOALS) return { form: "goals.errors.tooMany" };
    const created = await tx.programGoal.create({ data: { shopId, ...goal, baseline, since } });
    await logActivity(tx, { shopId, actor, action: "goal.created", after: goalLogged(created) });
    return null;
  });
}

export async function deleteGoal(db: PrismaClient, shopId: string, goalId: string, actor: string): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const goal = await tx.programGoal.findFirst({ where: { id: goalId, shopId } });
    if (!goal) return false;
    await tx.programGoal.delete({ where: { id: goal.id } });
    await logActivity(tx, { shopId, actor, action: "goal.deleted", before: goalLogged(goal) });
    return true;
  });
}

/** A goal as the activity log shows it: rates as whole percents, amounts in minor units. */
function goalLogged(goal: { metric: string; audience: string | null; target: number; due: Date }) {
  const rate = IS_RATE[goal.metric as GoalMetric];
  const shown = (v: number | null) => (v === null ? null : rate ? Math.round(v * 1000) / 10 : Math.round(v));
  return { metric: goal.metric, ...(goal.audience ? { audience: goal.audience } : {}), [rate ? "targetPercent" : "targetMinor"]: shown(goal.target), due: goal.due.toISOString() };
}

/**
 * Customers with one order at `from` (their first orders before it less their second orders before
 * it), and those of them whose second order fell in [from, to): read from the partial indexes of
 * first and second orders (migration *_second_orders), a count each.
 */
async function oneOrderCounts(db: DbOrTx, shopId: string, range: { from: Date; to: Date }) {
  const [row] = await sql(db).query<{ firstOrdersBefore: number; secondOrdersBefore: number; repeatersIn: number }>`
    SELECT (SELECT COUNT(*) FROM "OrderSummary" WHERE "shopId" = ${shopId} AND "firstOrder" = true AND "processedAt" < ${range.from}) AS "firstOrdersBefore",
           (SELECT COUNT(*) FROM "OrderSummary" WHERE "shopId" = ${shopId} AND "secondOrder" = true AND "processedAt" < ${range.from}) AS "secondOrdersBefore",
           (SELECT COUNT(*) FROM "OrderSummary" WHERE "shopId" = ${shopId} AND "secondOrder" = true AND "processedAt" >= ${range.from} AND "processedAt" < ${range.to}
              AND "firstOrderAt" < ${range.from}) AS "repeatersIn"`;
  return { firstOrdersBefore: Number(row.firstOrdersBefore), secondOrdersBefore: Number(row.secondOrdersBefore), repeatersIn: Number(row.repeatersIn) };
}

/** A goal's figure over a period, among its target group. */
async function goalFigure(db: PrismaClient, shopId: string, currency: string, goal: { metric: GoalMetric; audience: string | null }, range: { from: Date; to: Date; now: Date }): Promise<number | null> {
  if (goal.audience === "one_order") return oneOrderRepeatRate(await oneOrderCounts(db, shopId, range));
  const analytics = await programAnalytics(db, shopId, currency, range);
  if (goal.audience === "members") return analytics.orders.members.returningRate;
  if (goal.audience === "non_members") return analytics.orders.nonMembers.returningRate;
  return healthFigure(goal.metric, analytics);
}

/** Each goal with its figure since it was set (to the end of today), oldest first. */
export async function goalsWithProgress(db: PrismaClient, shopId: string, currency: string, now = new Date()) {
  const goals = await db.programGoal.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
  const to = new Date(dayStart(now).getTime() + DAY_MS);
  return Promise.all(
    goals.map(async (goal) => {
      const metric = goal.metric as GoalMetric;
      // A target group this code does not know (a newer version's, after a rollback) measures nothing.
      const audience = goal.audience === null || isGoalAudience(goal.audience) ? goal.audience : null;
      const current = goal.audience === audience ? await goalFigure(db, shopId, currency, { metric, audience }, { from: goal.since, to, now }) : null;
      return { id: goal.id, metric, audience, baseline: goal.baseline, target: goal.target, since: goal.since.toISOString(), due: goal.due.toISOString(), ...goalProgress({ ...goal, metric }, current, now) };
    }),
  );
}
