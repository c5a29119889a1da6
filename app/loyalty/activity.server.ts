// The activity log: every change the shop owner makes (who, when, before, after), written in the
// change's own transaction, and read newest first, a page at a time (keyset on id), in the owner's
// terms.
import type { PrismaClient } from "@prisma/client";
import { describeActivity, referencedIds, type Names } from "./activity-changes";
import { staffNames } from "./staff-members.server";
import type { Tx } from "./transactions.server";

export const ACTIVITY_PAGE = 50;

/**
 * A page of the log, newest first, each entry in the owner's terms (activity-changes.ts) with the
 * names it needs: its author's (staff-members.server.ts), and the members, rewards and tiers it
 * points at, as they are called now.
 */
export async function listActivity(db: PrismaClient, shopId: string, beforeId?: number) {
  const rows = await db.activityLog.findMany({
    where: { shopId, ...(beforeId ? { id: { lt: beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: ACTIVITY_PAGE + 1,
  });
  const page = rows.slice(0, ACTIVITY_PAGE).map((r) => ({ ...r, was: parsed(r.before), now: parsed(r.after) }));
  const wanted = page.map((r) => referencedIds(r.was, r.now));
  const ids = (kind: keyof (typeof wanted)[number]) => [...new Set(wanted.flatMap((w) => w[kind]))];
  const [members, rewards, tiers, authors] = await Promise.all([
    db.member.findMany({ where: { shopId, id: { in: ids("members") } }, select: { id: true, firstName: true, lastName: true, email: true } }),
    db.reward.findMany({ where: { shopId, id: { in: ids("rewards") } }, select: { id: true, name: true } }),
    db.tier.findMany({ where: { shopId, id: { in: ids("tiers") } }, select: { id: true, name: true } }),
    staffNames(db, shopId, page.map((r) => r.actor)),
  ]);
  const names: Names = {
    members: new Map(members.map((m) => [m.id, [m.firstName, m.lastName].filter(Boolean).join(" ") || m.email || m.id])),
    rewards: new Map(rewards.map((r) => [r.id, r.name])),
    tiers: new Map(tiers.map((t) => [t.id, t.name])),
  };
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: r.actor,
      author: authors.get(r.actor) ?? null,
      action: r.action,
      ...describeActivity(r.action, r.was, r.now, names),
    })),
    nextBefore: rows.length > ACTIVITY_PAGE ? page.at(-1)!.id : null,
  };
}

const parsed = (json: string | null): unknown => (json ? JSON.parse(json) : null);

/** Records a change in the transaction that makes it. */
export async function logActivity(tx: Tx, entry: { shopId: string; actor: string; action: string; before?: unknown; after?: unknown }) {
  await tx.activityLog.create({
    data: {
      shopId: entry.shopId,
      actor: entry.actor,
      action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    },
  });
}
