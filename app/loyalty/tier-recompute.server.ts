// Recomputing every member's tier after the ladder changed. One job per change (a newer one
// supersedes a running one); the background worker takes members in id order, a batch per
// transaction, and saves the cursor with the batch: a restart resumes at the next batch, and a
// batch cut short leaves nothing half done.
import type { Prisma, PrismaClient, TierRecompute } from "@prisma/client";
import { loadTierSetup, tierChanged, tierProgressValues } from "./tier-progress.server";
import { tierFor } from "./tiers";

type Tx = Prisma.TransactionClient;

export const RECOMPUTE_BATCH = 200;

export async function startTierRecompute(tx: Tx, shopId: string, now: Date): Promise<TierRecompute> {
  await tx.tierRecompute.updateMany({ where: { shopId, status: "running" }, data: { status: "superseded", finishedAt: now } });
  const total = await tx.member.count({ where: { shopId } });
  return tx.tierRecompute.create({ data: { shopId, total, startedAt: now } });
}

/** The shop's newest recompute, for the progress bar. */
export function latestTierRecompute(db: PrismaClient, shopId: string) {
  return db.tierRecompute.findFirst({ where: { shopId }, orderBy: { id: "desc" } });
}

/** Does one batch of the oldest running job; null when no job is running. */
export async function stepTierRecompute(db: PrismaClient, now = new Date(), batchSize = RECOMPUTE_BATCH): Promise<TierRecompute | null> {
  const next = await db.tierRecompute.findFirst({ where: { status: "running" }, orderBy: { id: "asc" }, select: { id: true } });
  if (!next) return null;
  return db.$transaction(async (tx) => {
    const job = await tx.tierRecompute.findUniqueOrThrow({ where: { id: next.id } });
    if (job.status !== "running") return job; // superseded meanwhile
    const setup = await loadTierSetup(tx, job.shopId);
    const members = await tx.member.findMany({
      where: { shopId: job.shopId, ...(job.cursor ? { id: { gt: job.cursor } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    let changed = 0;
    if (setup && members.length) {
      const values = await tierProgressValues(tx, members, setup.basis, setup.window, now);
      for (const member of members) {
        const tierProgress = values.get(member.id) ?? 0;
        const tierId = tierFor(setup.tiers, tierProgress)?.id ?? null;
        if (tierId === member.tierId && tierProgress === member.tierProgress) continue;
        const updated = await tx.member.update({ where: { id: member.id }, data: { tierId, tierProgress } });
        if (tierId !== member.tierId) {
          changed++;
          await tierChanged(tx, updated, member.tierId, setup.tiers, now);
        }
      }
    }
    const done = members.length < batchSize;
    return tx.tierRecompute.update({
      where: { id: job.id },
      data: {
        cursor: members.at(-1)?.id ?? job.cursor,
        processed: { increment: members.length },
        changed: { increment: changed },
        ...(done ? { status: "done", finishedAt: now } : {}),
      },
    });
  });
}

/**
 * Tiers counted over a rolling 12 months or the calendar year change with time alone (points
 * earned 13 months ago stop counting): shops with such tiers get a recompute once a day.
 */
export async function startDailyTierRecomputes(db: PrismaClient, now = new Date()) {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const shops = await db.programSettings.findMany({
    where: { tierWindow: { not: "lifetime" }, shop: { uninstalledAt: null, tiers: { some: {} }, tierJobs: { none: { startedAt: { gt: dayAgo } } } } },
    select: { shopId: true },
  });
  for (const { shopId } of shops) await db.$transaction((tx) => startTierRecompute(tx, shopId, now));
  return shops.length;
}
