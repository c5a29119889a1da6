// Rebuilds the analytics' daily rollups of a shop from the rows they sum: the ledger, the members
// and the orders (and the orders' first- and second-order flags, from each customer's orders). Triggers keep the
// rollups in step as rows are written (prisma/migrations/*_analytics_rollups); this puts them right
// after anything that bypassed those, and proves them: tests/rollups.test.ts rebuilds and compares.
import type { PrismaClient } from "@prisma/client";
import { RETENTION_DAYS } from "./retention";

const COUNTED = `"cancelledAt" IS NULL AND NOT "isTest"`;
const BAND = `CASE WHEN "orderCount" = 0 THEN '0' WHEN "orderCount" = 1 THEN '1' WHEN "orderCount" = 2 THEN '2' WHEN "orderCount" <= 4 THEN '3-4' ELSE '5+' END`;

/** Each step's name and SQL, with the shop's id as its only parameter (every `?`). */
export const REBUILD_STEPS: [string, string][] = [
  [
    "first orders",
    // One window over the shop's orders, counted ones apart: no join for SQLite to plan (a left
    // join of the counted orders, planned without statistics, compared every order with every other).
    `WITH numbered AS (
       SELECT "id", "processedAt", "customerId" IS NOT NULL AND ${COUNTED} AS counted,
              ROW_NUMBER() OVER w AS n, LEAD("processedAt") OVER w AS next, LAG("processedAt") OVER w AS previous
       FROM "OrderSummary" WHERE "shopId" = ?
       WINDOW w AS (PARTITION BY "customerId", "customerId" IS NOT NULL AND ${COUNTED} ORDER BY "processedAt", "id")
     ), wanted AS (
       SELECT "id", counted AND n = 1 AS first, counted AND n = 1 AND coalesce(next > "processedAt"
              AND next <= strftime('%Y-%m-%dT%H:%M:%f+00:00', "processedAt", '+${RETENTION_DAYS} days'), 0) AS retained,
              counted AND n = 2 AS second, CASE WHEN counted AND n = 2 THEN previous END AS "firstAt"
       FROM numbered
     )
     UPDATE "OrderSummary" SET "firstOrder" = w.first, "retained" = w.retained, "secondOrder" = w.second, "firstOrderAt" = w."firstAt" FROM wanted w
     WHERE "OrderSummary"."id" = w."id" AND ("OrderSummary"."firstOrder" IS NOT w.first OR "OrderSummary"."retained" IS NOT w.retained
       OR "OrderSummary"."secondOrder" IS NOT w.second OR "OrderSummary"."firstOrderAt" IS NOT w."firstAt")`,
  ],
  ["points", `DELETE FROM "RollupPoints" WHERE "shopId" = ?`],
  [
    "points",
    `INSERT INTO "RollupPoints" ("shopId", "day", "kind", "credit", "debit")
     SELECT "shopId", substr("occurredAt", 1, 10), "kind", SUM(max("amount", 0)), SUM(max(-"amount", 0))
     FROM "LedgerEntry" WHERE "shopId" = ? GROUP BY 1, 2, 3`,
  ],
  ["members", `DELETE FROM "RollupMembers" WHERE "shopId" = ?`],
  [
    "members",
    `INSERT INTO "RollupMembers" ("shopId", "day", "enrolled")
     SELECT "shopId", substr("enrolledAt", 1, 10), COUNT(*) FROM "Member" WHERE "shopId" = ? GROUP BY 1, 2`,
  ],
  ["last orders", `DELETE FROM "RollupLastOrders" WHERE "shopId" = ?`],
  [
    "last orders",
    `INSERT INTO "RollupLastOrders" ("shopId", "day", "band", "members")
     SELECT "shopId", coalesce(substr("lastOrderAt", 1, 10), ''), ${BAND}, COUNT(*) FROM "Member" WHERE "shopId" = ? GROUP BY 1, 2, 3`,
  ],
  ["orders", `DELETE FROM "RollupOrders" WHERE "shopId" = ?`],
  [
    "orders",
    `INSERT INTO "RollupOrders" ("shopId", "day", "member", "orders", "revenueMinor", "rewardOrders", "rewardRevenueMinor", "returningOrders", "firstOrders", "retainedOrders")
     SELECT "shopId", substr("processedAt", 1, 10), "memberId" IS NOT NULL, COUNT(*), SUM("totalMinor" - "refundedMinor"),
            SUM("redemptionId" IS NOT NULL), SUM(CASE WHEN "redemptionId" IS NOT NULL THEN "totalMinor" - "refundedMinor" ELSE 0 END),
            SUM("customerId" IS NOT NULL AND NOT "firstOrder"), SUM("firstOrder"), SUM("firstOrder" AND "retained")
     FROM "OrderSummary" WHERE "shopId" = ? AND ${COUNTED} GROUP BY 1, 2, 3`,
  ],
  // The audience page's member orders by UTC quarter hour (docs/decisions/053-audience-speed.md).
  ["order times", `DELETE FROM "RollupOrderTimes" WHERE "shopId" = ?`],
  [
    "order times",
    `INSERT INTO "RollupOrderTimes" ("shopId", "quarter", "orders", "revenueMinor")
     SELECT "shopId", unixepoch("processedAt") / 900, COUNT(*), SUM("totalMinor" - "refundedMinor")
     FROM "OrderSummary" WHERE "shopId" = ? AND ${COUNTED} AND "memberId" IS NOT NULL GROUP BY 1, 2`,
  ],
];

/** Rebuilds every shop's rollups (or one shop's), each shop in one transaction; `progress` hears each step. */
export async function rebuildRollups(db: PrismaClient, options: { shopId?: string; progress?: (shop: string, step: string) => void } = {}) {
  const shops = await db.shop.findMany({ where: options.shopId ? { id: options.shopId } : {}, select: { id: true, domain: true }, orderBy: { domain: "asc" } });
  for (const shop of shops) {
    await db.$transaction(
      async (tx) => {
        for (const [step, sql] of REBUILD_STEPS) {
          options.progress?.(shop.domain, step);
          await tx.$executeRawUnsafe(sql, ...Array.from(sql.matchAll(/\?/g), () => shop.id));
        }
      },
      { timeout: 24 * 3_600_000 },
    );
  }
  return shops.length;
}
