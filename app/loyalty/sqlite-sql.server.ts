// SQLite's SQL where PostgreSQL's differs (docs/decisions/055-postgresql-sql-dialects.md): each
// export has its namesake in ./postgres-sql.server.ts, and ./sql-dialect.server.ts picks one by the
// client's database. The statements are tuned (decisions 025, 028, 043, 053): change them with care.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { MemberPageSql, MemberSearch } from "./members-query.server";
import { SEARCH_PLAN } from "./search-plan";
import { RETENTION_DAYS } from "./retention";
import { sql } from "./transactions.server";

/** Statements with `?` placeholders as the database takes them (SQLite takes `?`). */
export function placeholders(statement: string): string {
  return statement;
}

/** SQL counting the rows of a group for which `condition` holds (SQLite sums its 0 and 1). */
export function countWhere(condition: string): string {
  return `sum(${condition})`;
}

/** ORDER BY's word on where nulls go: SQLite puts them first going up, as the members' keyset expects. */
export function nullsOrder(_direction: "asc" | "desc"): Prisma.Sql {
  return Prisma.empty;
}

const COUNTED = `"cancelledAt" IS NULL AND NOT "isTest"`;
const BAND = `CASE WHEN "orderCount" = 0 THEN '0' WHEN "orderCount" = 1 THEN '1' WHEN "orderCount" = 2 THEN '2' WHEN "orderCount" <= 4 THEN '3-4' ELSE '5+' END`;

/** Rebuilding a shop's rollups: each step's name and SQL, with the shop's id as its only parameter (every `?`). */
export const rebuildSteps: [string, string][] = [
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


// Search reads `member_search`, an FTS5 table with the trigram tokenizer (any run of 3+ characters,
// any case) over each member's "first last email", keyed by Member's rowid and kept by triggers on
// Member (migration 20261201055323_member_search, decision 028).
const { few: FEW, many: MANY, probed: PROBED } = SEARCH_PLAN;

/** The ids of a search's page, in the page's order (one more than `take` when there is a next page). */
export async function memberSearchPage(db: PrismaClient, search: MemberSearch, page: MemberPageSql, take: number): Promise<string[]> {
  const { match } = search;
  const [counted] = await sql(db).query<{ n: number | bigint }>`SELECT count(*) AS n FROM (SELECT 1 FROM member_search WHERE member_search MATCH ${match} LIMIT ${MANY + 1})`;
  const n = Number(counted.n);
  if (n === 0) return [];
  const { field, direction, column, dir, where } = page;
  const ids = async (statement: Prisma.Sql) => (await sql(db).query<{ id: string }>`${statement}`).map((r) => r.id);
  if (n <= FEW) {
    return ids(Prisma.sql`SELECT m."id" FROM (SELECT rowid AS r FROM member_search WHERE member_search MATCH ${match}) AS hit CROSS JOIN "Member" AS m ON m.rowid = hit.r
      WHERE ${where} ORDER BY ${column} ${dir}, m."id" ${dir} LIMIT ${take + 1}`);
  }
  if (n > MANY) {
    // The PROBED-th member in the page's order bounds the look-ups (a row value, as the keyset).
    const [last] = await sql(db).query<{ v: string | number | Date | null; id: string }>`SELECT ${column} AS v, m."id" AS id FROM "Member" AS m WHERE ${where}
      ORDER BY ${column} ${dir}, m."id" ${dir} LIMIT 1 OFFSET ${PROBED - 1}`;
    const upTo = !last
      ? Prisma.empty
      : direction === "desc"
        ? Prisma.sql`AND (${column}, m."id") >= (${last.v}, ${last.id})`
        : last.v === null
          ? Prisma.sql`AND ${column} IS NULL AND m."id" <= ${last.id}`
          : field === "lastName"
            ? Prisma.sql`AND (${column} IS NULL OR (${column}, m."id") <= (${last.v}, ${last.id}))`
            : Prisma.sql`AND (${column}, m."id") <= (${last.v}, ${last.id})`;
    const probed = await ids(Prisma.sql`SELECT m."id" FROM "Member" AS m WHERE ${where} ${upTo}
      AND EXISTS (SELECT 1 FROM member_search WHERE member_search.rowid = m.rowid AND member_search MATCH ${match}) ORDER BY ${column} ${dir}, m."id" ${dir} LIMIT ${take + 1}`);
    if (probed.length > take || !last) return probed; // a full page, or every member the filters leave was looked up
  }
  // The unary + keeps SQLite from reading the matches first: the page comes in index order.
  return ids(Prisma.sql`SELECT m."id" FROM "Member" AS m WHERE ${where} AND +m.rowid IN (SELECT rowid FROM member_search WHERE member_search MATCH ${match})
    ORDER BY ${column} ${dir}, m."id" ${dir} LIMIT ${take + 1}`);
}

