// PostgreSQL's SQL where SQLite's differs (docs/decisions/055-postgresql-sql-dialects.md): each export
// has its namesake in ./sqlite-sql.server.ts and gives the same rows. Dates are timestamp(3) in UTC
// here, ISO text there: a UTC day is to_char(..., 'YYYY-MM-DD') (klub_day() in the migration), not substr().
// Its claims (at the end) have no namesake: SQLite has one instance, which claims nothing.
import { Prisma, type PrismaClient, type WebhookDelivery } from "@prisma/client";
import type { MemberPageSql, MemberSearch } from "./members-query.server";
import { RETENTION_DAYS } from "./retention";
import { sql, type Tx } from "./transactions.server";

/** Statements written with `?` placeholders, numbered as PostgreSQL takes them (none of them has a `?` in a literal). */
export function placeholders(statement: string): string {
  let n = 0;
  return statement.replace(/\?/g, () => `$${++n}`);
}

/** SQL counting the rows of a group for which `condition` holds. */
export function countWhere(condition: string): string {
  return `count(*) FILTER (WHERE ${condition})`;
}

/** Nulls first going up, last going down, as SQLite sorts them (the members' keyset relies on it). */
export function nullsOrder(direction: "asc" | "desc"): Prisma.Sql {
  return Prisma.raw(direction === "asc" ? " NULLS FIRST" : " NULLS LAST");
}

const COUNTED = `"cancelledAt" IS NULL AND NOT "isTest"`;

/** Rebuilding a shop's rollups, step by step as SQLite's (the triggers' functions klub_day, klub_order_band, klub_quarter). */
export const rebuildSteps: [string, string][] = [
  [
    "first orders",
    // Ids are ranked by code point (COLLATE "C"), as SQLite and app/loyalty/retention.ts rank them.
    `WITH numbered AS (
       SELECT "id", "processedAt", "customerId" IS NOT NULL AND ${COUNTED} AS counted,
              ROW_NUMBER() OVER w AS n, LEAD("processedAt") OVER w AS next, LAG("processedAt") OVER w AS previous
       FROM "OrderSummary" WHERE "shopId" = ?
       WINDOW w AS (PARTITION BY "customerId", "customerId" IS NOT NULL AND ${COUNTED} ORDER BY "processedAt", "id" COLLATE "C")
     ), wanted AS (
       SELECT "id", counted AND n = 1 AS first,
              counted AND n = 1 AND coalesce(next > "processedAt" AND next <= "processedAt" + interval '${RETENTION_DAYS} days', false) AS retained,
              counted AND n = 2 AS second, CASE WHEN counted AND n = 2 THEN previous END AS "firstAt"
       FROM numbered
     )
     UPDATE "OrderSummary" SET "firstOrder" = w.first, "retained" = w.retained, "secondOrder" = w.second, "firstOrderAt" = w."firstAt" FROM wanted w
     WHERE "OrderSummary"."id" = w."id" AND ("OrderSummary"."firstOrder" IS DISTINCT FROM w.first OR "OrderSummary"."retained" IS DISTINCT FROM w.retained
       OR "OrderSummary"."secondOrder" IS DISTINCT FROM w.second OR "OrderSummary"."firstOrderAt" IS DISTINCT FROM w."firstAt")`,
  ],
  ["points", `DELETE FROM "RollupPoints" WHERE "shopId" = ?`],
  [
    "points",
    `INSERT INTO "RollupPoints" ("shopId", "day", "kind", "credit", "debit")
     SELECT "shopId", klub_day("occurredAt"), "kind", SUM(GREATEST("amount", 0)), SUM(GREATEST(-"amount", 0))
     FROM "LedgerEntry" WHERE "shopId" = ? GROUP BY 1, 2, 3`,
  ],
  ["members", `DELETE FROM "RollupMembers" WHERE "shopId" = ?`],
  [
    "members",
    `INSERT INTO "RollupMembers" ("shopId", "day", "enrolled")
     SELECT "shopId", klub_day("enrolledAt"), COUNT(*) FROM "Member" WHERE "shopId" = ? GROUP BY 1, 2`,
  ],
  ["last orders", `DELETE FROM "RollupLastOrders" WHERE "shopId" = ?`],
  [
    "last orders",
    `INSERT INTO "RollupLastOrders" ("shopId", "day", "band", "members")
     SELECT "shopId", coalesce(klub_day("lastOrderAt"), ''), klub_order_band("orderCount"), COUNT(*) FROM "Member" WHERE "shopId" = ? GROUP BY 1, 2, 3`,
  ],
  ["orders", `DELETE FROM "RollupOrders" WHERE "shopId" = ?`],
  [
    "orders",
    `INSERT INTO "RollupOrders" ("shopId", "day", "member", "orders", "revenueMinor", "rewardOrders", "rewardRevenueMinor", "returningOrders", "firstOrders", "retainedOrders")
     SELECT "shopId", klub_day("processedAt"), "memberId" IS NOT NULL, COUNT(*), SUM("totalMinor" - "refundedMinor"),
            COUNT(*) FILTER (WHERE "redemptionId" IS NOT NULL), SUM(CASE WHEN "redemptionId" IS NOT NULL THEN "totalMinor" - "refundedMinor" ELSE 0 END),
            COUNT(*) FILTER (WHERE "customerId" IS NOT NULL AND NOT "firstOrder"), COUNT(*) FILTER (WHERE "firstOrder"), COUNT(*) FILTER (WHERE "firstOrder" AND "retained")
     FROM "OrderSummary" WHERE "shopId" = ? AND ${COUNTED} GROUP BY 1, 2, 3`,
  ],
  ["order times", `DELETE FROM "RollupOrderTimes" WHERE "shopId" = ?`],
  [
    "order times",
    `INSERT INTO "RollupOrderTimes" ("shopId", "quarter", "orders", "revenueMinor")
     SELECT "shopId", klub_quarter("processedAt"), COUNT(*), SUM("totalMinor" - "refundedMinor")
     FROM "OrderSummary" WHERE "shopId" = ? AND ${COUNTED} AND "memberId" IS NOT NULL GROUP BY 1, 2`,
  ],
];

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
const anywhere = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The ids of a search's page, in the page's order (one more than `take` when there is a next page):
 * one query, the member_search table's trigram index (pg_trgm) finding the phrases, lower-cased
 * here as the migration's triggers lower-case the text; PostgreSQL's planner chooses between the
 * index and the sort's order, as SQLite's three plans are chosen by hand.
 */
export async function memberSearchPage(db: PrismaClient, search: MemberSearch, page: MemberPageSql, take: number): Promise<string[]> {
  const { column, dir, where } = page;
  const found = Prisma.join(search.phrases.map((phrase) => Prisma.sql`s."text" LIKE lower(${anywhere(phrase)})`), " AND ");
  const rows = await sql(db).query<{ id: string }>`SELECT m."id" FROM "Member" AS m
    WHERE ${where} AND m."id" IN (SELECT s."memberId" FROM member_search AS s WHERE ${found})
    ORDER BY ${column} ${dir}, m."id" ${dir} LIMIT ${take + 1}`;
  return rows.map((r) => r.id);
}

// Claims, where several app instances share the work (decision 054): a row locked FOR UPDATE SKIP
// LOCKED belongs to the transaction that locked it, which the others pass over.

/** Up to `limit` due deliveries, oldest first, that no other transaction holds: held until this one ends. */
export function claimDueDeliveries(tx: Tx, now: Date, limit: number): Promise<WebhookDelivery[]> {
  return sql(tx).query<WebhookDelivery>`
    SELECT * FROM "WebhookDelivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
    ORDER BY "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
}

/** The delivery, if it is still pending and no other transaction holds it: held until this one ends. */
export async function claimDelivery(tx: Tx, id: number, now: Date): Promise<WebhookDelivery | null> {
  const [delivery] = await sql(tx).query<WebhookDelivery>`
    SELECT * FROM "WebhookDelivery" WHERE "id" = ${id} AND "status" = 'pending' AND "nextAttemptAt" <= ${now} FOR UPDATE SKIP LOCKED`;
  return delivery ?? null;
}
