// Scheduled keeping of points: pending lots become spendable, old points expire.
import type { PrismaClient } from "@prisma/client";
import { expireLot, releaseLot } from "./ledger.server";
import { inactivityCutoff } from "./lot-dates";
import { loadProgramRules } from "./program.server";

const BATCH = 200;

/** Releases every pending lot of the shop whose pending period is over. Returns how many. */
export async function releaseDuePending(db: PrismaClient, shopId: string, now = new Date()): Promise<number> {
  let released = 0;
  for (;;) {
    const due = await db.pointLot.findMany({
      where: { shopId, pending: true, availableAt: { lte: now } },
      select: { id: true },
      take: BATCH,
    });
    for (const lot of due) if (await releaseLot(db, lot.id, now)) released++;
    if (due.length < BATCH) return released;
  }
}

/**
 * Expires the shop's points that are due: lots past their date (per-lot expiry), or every lot
 * of members inactive for the configured months (inactivity expiry). Returns the lots expired.
 */
export async function expireDuePoints(db: PrismaClient, shopId: string, now = new Date()): Promise<number> {
  const rules = await loadProgramRules(db, shopId);
  const cutoff = inactivityCutoff(now, rules);
  const dueLots =
    rules.expiryMode === "lot"
      ? { shopId, pending: false, remaining: { gt: 0 }, expiresAt: { lte: now } }
      : cutoff
        ? { shopId, pending: false, remaining: { gt: 0 }, member: { lastActivityAt: { lte: cutoff } } }
        : null;
  if (!dueLots) return 0;
  let expired = 0;
  let afterId = 0;
  for (;;) {
    const lots = await db.pointLot.findMany({
      where: { ...dueLots, id: { gt: afterId } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const lot of lots) {
      const { replayed } = await expireLot(db, { shopId, lotId: lot.id, now });
      if (!replayed) expired++;
    }
    if (lots.length < BATCH) return expired;
    afterId = lots.at(-1)!.id;
  }
}
