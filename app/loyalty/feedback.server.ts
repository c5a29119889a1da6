// Member feedback kept and read (decision 049): whether the panel asks a member, their answer with
// its bonus (once a quarter, in one transaction), and the owner's satisfaction report.
import type { FeedbackAnswer, PrismaClient } from "@prisma/client";
import { csvText } from "./csv";
import { credit } from "./ledger.server";
import { lotExpiresAt } from "./lot-dates";
import { monthsOf, quarterOf, satisfaction, satisfactionByMonth, satisfactionByTier, shouldAsk, type AnswerCount } from "./feedback";
import { programRules } from "./program";
import { inTransaction, type DbOrTx } from "./transactions.server";

/** A redemption that gave the member something (not one Shopify failed or the shopper cancelled). */
const GIVEN = ["reserved", "issued", "used", "returned"];

export type FeedbackRefusal = "program_off" | "no_member" | "not_asked" | "already_answered";

export class FeedbackRefused extends Error {
  override name = "FeedbackRefused";
  constructor(readonly reason: FeedbackRefusal) {
    super(`Feedback refused: ${reason}`);
  }
}

export const feedbackKey = (memberId: string, quarter: string) => `feedback:${memberId}:${quarter}`;

/** Whether the panel asks this member now (feedback.ts shouldAsk), from their latest redemption and answer. */
export async function feedbackAsked(db: DbOrTx, member: { id: string }, enabled: boolean, now: Date): Promise<boolean> {
  if (!enabled) return false;
  const [lastRedemption, lastAnswer] = await Promise.all([
    db.redemption.findFirst({ where: { memberId: member.id, status: { in: GIVEN } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    db.feedbackAnswer.findFirst({ where: { memberId: member.id }, orderBy: { createdAt: "desc" }, select: { quarter: true, createdAt: true } }),
  ]);
  return shouldAsk({ enabled, now, lastRedemptionAt: lastRedemption?.createdAt ?? null, lastAnswer });
}

export interface FeedbackReceived {
  answer: FeedbackAnswer;
  /** The points the answer earned (the shop's feedback bonus; 0 when it offers none). */
  credited: number;
  balance: number;
}

/**
 * Keeps a member's answer and credits the shop's bonus, both once a quarter. Refused when the
 * program is off, the shopper is not a member, the panel did not ask them (no redemption since
 * their last answer), or they answered this quarter.
 */
export async function answerFeedback(db: PrismaClient, shopId: string, customerId: string, answer: { score: number; comment: string | null }, now = new Date()): Promise<FeedbackReceived> {
  return inTransaction(db, async (tx) => {
    const shop = await tx.shop.findUnique({ where: { id: shopId }, include: { settings: true } });
    if (!shop?.settings || shop.uninstalledAt || !shop.programEnabled) throw new FeedbackRefused("program_off");
    const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
    if (!member || member.redactedAt) throw new FeedbackRefused("no_member");
    const quarter = quarterOf(now);
    if (await tx.feedbackAnswer.findUnique({ where: { memberId_quarter: { memberId: member.id, quarter } } })) throw new FeedbackRefused("already_answered");
    if (!(await feedbackAsked(tx, member, shop.settings.feedbackEnabled, now))) throw new FeedbackRefused("not_asked");
    const saved = await tx.feedbackAnswer.create({ data: { shopId, memberId: member.id, quarter, score: answer.score, comment: answer.comment, tierId: member.tierId, createdAt: now } });
    const bonus = shop.settings.feedbackBonus;
    if (bonus <= 0) return { answer: saved, credited: 0, balance: member.balance };
    const { entry } = await credit(tx, {
      shopId, memberId: member.id, kind: "earn", key: feedbackKey(member.id, quarter), points: bonus,
      reason: { code: "feedback" }, now, expiresAt: lotExpiresAt(now, programRules(shop.settings)),
    });
    return { answer: saved, credited: bonus, balance: entry.balanceAfter };
  });
}

/** The answers of [from, to) counted per month, tier and score: one grouped read per month over the (shopId, createdAt) index. */
async function answerCounts(db: DbOrTx, shopId: string, from: Date, to: Date): Promise<AnswerCount[]> {
  const perMonth = await Promise.all(
    monthsOf(from, to).map(async (month) => {
      const start = new Date(`${month}-01T00:00:00Z`);
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      const groups = await db.feedbackAnswer.groupBy({
        by: ["tierId", "score"],
        where: { shopId, createdAt: { gte: start < from ? from : start, lt: end > to ? to : end } },
        _count: { _all: true },
      });
      return groups.map((g) => ({ month, tierId: g.tierId, score: g.score, count: g._count._all }));
    }),
  );
  return perMonth.flat();
}

export const LATEST_COMMENTS = 10;

/** The analytics' satisfaction: overall, per month and per tier, and the latest comments of the range. */
export async function satisfactionReport(db: DbOrTx, shopId: string, range: { from: Date; to: Date }) {
  const [counts, tiers, comments] = await Promise.all([
    answerCounts(db, shopId, range.from, range.to),
    db.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" }, select: { id: true, name: true } }),
    db.feedbackAnswer.findMany({
      where: { shopId, createdAt: { gte: range.from, lt: range.to }, comment: { not: null } },
      orderBy: { createdAt: "desc" },
      take: LATEST_COMMENTS,
      select: { id: true, score: true, comment: true, createdAt: true, tierId: true, member: { select: { id: true, firstName: true, lastName: true, email: true } } },
    }),
  ]);
  const tierName = new Map(tiers.map((t) => [t.id, t.name]));
  return {
    overall: satisfaction(counts),
    byMonth: satisfactionByMonth(counts, range.from, range.to),
    byTier: satisfactionByTier(counts, tiers),
    comments: comments.map((c) => ({
      id: c.id,
      score: c.score,
      comment: c.comment!,
      createdAt: c.createdAt,
      tier: c.tierId ? (tierName.get(c.tierId) ?? null) : null,
      memberId: c.member.id,
      memberName: [c.member.firstName, c.member.lastName].filter(Boolean).join(" ") || c.member.email || null,
    })),
  };
}

export type SatisfactionReport = Awaited<ReturnType<typeof satisfactionReport>>;

export const FEEDBACK_COLUMNS = ["date", "score", "tier", "customer_id", "email", "comment"] as const;

/** Every answer of [from, to), oldest first, as CSV text in batches (the header first, also for none). */
export async function* feedbackCsv(db: DbOrTx, shopId: string, range: { from: Date; to: Date }, batch = 1000): AsyncGenerator<string> {
  const tierName = new Map((await db.tier.findMany({ where: { shopId }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  let after: { createdAt: Date; id: string } | null = null;
  for (let first = true; ; first = false) {
    const rows: { id: string; createdAt: Date; score: number; comment: string | null; tierId: string | null; member: { customerId: string; email: string | null } }[] = await db.feedbackAnswer.findMany({
      where: {
        shopId,
        createdAt: { gte: range.from, lt: range.to },
        ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batch,
      select: { id: true, createdAt: true, score: true, comment: true, tierId: true, member: { select: { customerId: true, email: true } } },
    });
    if (rows.length === 0 && !first) return;
    yield csvText(
      FEEDBACK_COLUMNS,
      rows.map((r) => ({
        date: r.createdAt.toISOString().slice(0, 10),
        score: r.score,
        tier: r.tierId ? (tierName.get(r.tierId) ?? "") : "",
        customer_id: r.member.customerId,
        email: r.member.email ?? "",
        comment: r.comment ?? "",
      })),
      first,
    );
    if (rows.length < batch) return;
    after = rows.at(-1)!;
  }
}
