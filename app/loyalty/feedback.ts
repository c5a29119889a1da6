// Member feedback (decision 049): "how do you like the program?", 1 to 5 and an optional comment,
// asked in the panel after a redemption and at most once a quarter. What an answer is, when to ask,
// and the satisfaction figures the analytics show; no database here.

export const SCORES = [1, 2, 3, 4, 5] as const;
export const MAX_COMMENT = 1000;

/** The UTC calendar quarter of `at`: "2026-Q4". One answer (and one bonus) per member and quarter. */
export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

export type FeedbackErrors = { score?: string; comment?: string };

/** An answer as the storefront sends it, checked: a whole score 1..5 and a comment of at most 1,000 characters. */
export function parseAnswer(input: unknown): { score: number; comment: string | null } | { errors: FeedbackErrors } {
  const body = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const errors: FeedbackErrors = {};
  const score = typeof body.score === "string" && body.score.trim() !== "" ? Number(body.score) : body.score;
  if (typeof score !== "number" || !SCORES.includes(score as (typeof SCORES)[number])) errors.score = "storefront.feedback.errors.score";
  const comment = typeof body.comment === "string" ? body.comment.trim() : body.comment == null ? "" : null;
  if (comment === null) errors.comment = "storefront.feedback.errors.comment";
  else if (comment.length > MAX_COMMENT) errors.comment = "storefront.feedback.errors.commentLong";
  if (errors.score || errors.comment) return { errors };
  return { score: score as number, comment: comment || null };
}

/**
 * Whether the panel asks this member now: the shop asks, the member has not answered this quarter,
 * and they redeemed something since their last answer (or ever, before a first answer).
 */
export function shouldAsk(input: { enabled: boolean; now: Date; lastRedemptionAt: Date | null; lastAnswer: { quarter: string; createdAt: Date } | null }): boolean {
  const { enabled, now, lastRedemptionAt, lastAnswer } = input;
  if (!enabled || !lastRedemptionAt) return false;
  if (!lastAnswer) return true;
  return lastAnswer.quarter !== quarterOf(now) && lastRedemptionAt > lastAnswer.createdAt;
}

/** Answers counted by the UTC month they were given in, the tier the member was in, and the score. */
export interface AnswerCount {
  month: string; // "2026-11"
  tierId: string | null;
  score: number;
  count: number;
}

export interface Satisfaction {
  answers: number;
  /** The average score, 1..5; null without answers. */
  average: number | null;
  /** The share of answers of 4 or 5; null without answers. */
  satisfiedShare: number | null;
  /** How many answers gave each score, 1 to 5. */
  distribution: number[];
}

export function satisfaction(counts: readonly Pick<AnswerCount, "score" | "count">[]): Satisfaction {
  const distribution = SCORES.map((s) => counts.reduce((n, c) => n + (c.score === s ? c.count : 0), 0));
  const answers = distribution.reduce((n, c) => n + c, 0);
  if (answers === 0) return { answers: 0, average: null, satisfiedShare: null, distribution };
  const sum = distribution.reduce((total, c, i) => total + c * SCORES[i], 0);
  return { answers, average: sum / answers, satisfiedShare: (distribution[3] + distribution[4]) / answers, distribution };
}

/** The UTC months ("2026-11") a range [from, to) touches, in order. */
export function monthsOf(from: Date, to: Date): string[] {
  const months: string[] = [];
  for (let d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); d < to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}

/** Satisfaction per month of the range, every month present (a month without answers has a null average). */
export function satisfactionByMonth(counts: readonly AnswerCount[], from: Date, to: Date): { month: string; satisfaction: Satisfaction }[] {
  return monthsOf(from, to).map((month) => ({ month, satisfaction: satisfaction(counts.filter((c) => c.month === month)) }));
}

/** Satisfaction per tier the members were in when they answered, lowest tier first, then members without a tier; tiers without answers left out. */
export function satisfactionByTier(counts: readonly AnswerCount[], tiers: readonly { id: string; name: string }[]): { tierId: string | null; name: string | null; satisfaction: Satisfaction }[] {
  const known = new Set(tiers.map((t) => t.id));
  const rows = tiers.map((t) => ({ tierId: t.id as string | null, name: t.name as string | null, satisfaction: satisfaction(counts.filter((c) => c.tierId === t.id)) }));
  // A tier deleted since counts with members without a tier: its name is gone.
  rows.push({ tierId: null, name: null, satisfaction: satisfaction(counts.filter((c) => c.tierId === null || !known.has(c.tierId))) });
  return rows.filter((r) => r.satisfaction.answers > 0);
}
