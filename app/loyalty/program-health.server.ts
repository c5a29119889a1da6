// The program health page's figures: the analytics of a period and of the one before it, and how
// many members are just below each tier (program-health.ts decides what they mean).
import type { PrismaClient } from "@prisma/client";
import { programAnalytics } from "./analytics.server";
import { NEAR_TIER, programHealth, type NearTier } from "./program-health";
import { shopSetup } from "./shop-setup.server";
import { sql, type DbOrTx } from "./transactions.server";

/** The period of the same length just before [from, to). */
export function previousPeriod(range: { from: Date; to: Date }) {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}

/**
 * Members below each tier (above the lowest) by less than NEAR_TIER of its threshold, now. The
 * literal `"tierProgress" > 0 AND "redactedAt" IS NULL` lets SQLite count from the partial index
 * on tier progress alone.
 */
export async function nearTiers(db: DbOrTx, shopId: string): Promise<NearTier[]> {
  const tiers = ((await shopSetup(db, shopId))?.tiers ?? []).filter((t) => t.threshold > 0);
  return Promise.all(
    tiers.map(async (tier) => {
      const from = Math.ceil(tier.threshold * (1 - NEAR_TIER));
      const [row] = await sql(db).query<{ n: number | bigint }>`
        SELECT count(*) AS n FROM "Member"
        WHERE "shopId" = ${shopId} AND "tierProgress" > 0 AND "redactedAt" IS NULL AND "tierProgress" >= ${from} AND "tierProgress" < ${tier.threshold}`;
      return { tier: tier.name, threshold: tier.threshold, members: Number(row.n) };
    }),
  );
}

export async function programHealthReport(db: PrismaClient, shopId: string, currency: string, range: { from: Date; to: Date; now?: Date }) {
  const [current, previous, near] = await Promise.all([
    programAnalytics(db, shopId, currency, range),
    programAnalytics(db, shopId, currency, { ...previousPeriod(range), now: range.now }),
    nearTiers(db, shopId),
  ]);
  return programHealth(current, previous, near);
}
