// Rebuilds the analytics' daily rollups of a shop from the rows they sum: the ledger, the members
// and the orders (and the orders' first- and second-order flags, from each customer's orders). Triggers keep the
// rollups in step as rows are written (prisma/migrations/*_analytics_rollups); this puts them right
// after anything that bypassed those, and proves them: tests/rollups.test.ts rebuilds and compares.
import type { PrismaClient } from "@prisma/client";
import { dialect, executeUnsafe } from "./sql-dialect.server";

/** Rebuilds every shop's rollups (or one shop's), each shop in one transaction; `progress` hears each step. */
export async function rebuildRollups(db: PrismaClient, options: { shopId?: string; progress?: (shop: string, step: string) => void } = {}) {
  const shops = await db.shop.findMany({ where: options.shopId ? { id: options.shopId } : {}, select: { id: true, domain: true }, orderBy: { domain: "asc" } });
  for (const shop of shops) {
    await db.$transaction(
      async (tx) => {
        // Each database's statements (app/loyalty/sqlite-sql.server.ts, postgres-sql.server.ts).
        for (const [step, sql] of dialect(tx).rebuildSteps) {
          options.progress?.(shop.domain, step);
          await executeUnsafe(tx, { sql, args: Array.from(sql.matchAll(/\?/g), () => shop.id) });
        }
      },
      { timeout: 24 * 3_600_000 },
    );
  }
  return shops.length;
}
