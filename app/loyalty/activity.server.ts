// The activity log: every change the shop owner makes (who, when, before, after), written in the
// change's own transaction, and read newest first, a page at a time (keyset on id).
import type { PrismaClient } from "@prisma/client";
import type { Tx } from "./transactions.server";

export const ACTIVITY_PAGE = 50;

export interface ActivityChange {
  field: string;
  before: string | null;
  after: string | null;
}

const shown = (value: unknown): string | null => (value === undefined || value === null ? null : typeof value === "object" ? JSON.stringify(value) : String(value));

/** What changed, field by field: every field of `after` (and of `before`, for deletions). */
export function changesOf(before: string | null, after: string | null): ActivityChange[] {
  const was = (before ? JSON.parse(before) : {}) as Record<string, unknown>;
  const now = (after ? JSON.parse(after) : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(now), ...Object.keys(was)])].filter((f) => !["id", "shopId", "createdAt", "updatedAt"].includes(f));
  return fields.map((field) => ({ field, before: shown(was[field]), after: shown(now[field]) })).filter((c) => c.before !== c.after);
}

export async function listActivity(db: PrismaClient, shopId: string, beforeId?: number) {
  const rows = await db.activityLog.findMany({
    where: { shopId, ...(beforeId ? { id: { lt: beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: ACTIVITY_PAGE + 1,
  });
  const page = rows.slice(0, ACTIVITY_PAGE);
  return {
    entries: page.map((r) => ({ id: r.id, at: r.createdAt.toISOString(), actor: r.actor, action: r.action, changes: changesOf(r.before, r.after) })),
    nextBefore: rows.length > ACTIVITY_PAGE ? page.at(-1)!.id : null,
  };
}

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
