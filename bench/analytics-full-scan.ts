// The analytics' SQL before the rollups (docs/decisions/025-analytics-rollups.md): a full scan of
// the range's ledger entries, members and orders. bench/admin.ts runs it beside the rollups' answer,
// so the speed-up is measured in one run on one machine.

const RETENTION_DAYS = 90;
/** Dates as Prisma keeps them in SQLite (ISO text, UTC), so text comparisons order them. */
const stored = (date: Date) => date.toISOString().replace("Z", "+00:00");

interface Query {
  sql: string;
  args: (string | number)[];
}

export function fullScanAnalyticsQueries(shopId: string, range: { from: Date; to: Date; now?: Date }): Query[] {
  const now = range.now ?? new Date();
  const from = stored(range.from);
  const to = stored(range.to);
  const cohortBefore = stored(new Date(now.getTime() - RETENTION_DAYS * 86_400_000));
  const paid = `shopId = ? AND processedAt >= ? AND processedAt < ? AND cancelledAt IS NULL AND isTest = 0`;
  const recency = [30, 90, 180].map((d) => stored(new Date(now.getTime() - d * 86_400_000)));
  return [
    // One pass over the range's entries: per bucket and kind (the totals are their sums).
    {
      sql: `SELECT substr(occurredAt, 1, 10) AS day, kind, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS credit, SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS debit
            FROM LedgerEntry WHERE shopId = ? AND occurredAt >= ? AND occurredAt < ? GROUP BY 1, 2`,
      args: [shopId, from, to],
    },
    { sql: `SELECT COUNT(*) AS total, SUM(enrolledAt >= ?) AS new FROM Member WHERE shopId = ? AND enrolledAt < ?`, args: [from, shopId, to] },
    { sql: `SELECT substr(enrolledAt, 1, 10) AS day, COUNT(*) AS members FROM Member WHERE shopId = ? AND enrolledAt >= ? AND enrolledAt < ? GROUP BY 1`, args: [shopId, from, to] },
    { sql: `SELECT SUM(balance + pendingPoints) AS points FROM Member WHERE shopId = ?`, args: [shopId] },
    { sql: `SELECT SUM(amount) AS points FROM LedgerEntry WHERE shopId = ? AND occurredAt >= ?`, args: [shopId, to] },
    // One pass over the range's orders, by customer (guests are one group, never a repeat customer):
    // orders, revenue, repeat customers and reward orders, for members and non-members.
    {
      sql: `SELECT member, SUM(orders) AS orders, SUM(revenue) AS revenue, SUM(customerId IS NOT NULL) AS customers,
                   SUM(customerId IS NOT NULL AND orders >= 2) AS repeat, SUM(rewardOrders) AS rewardOrders, SUM(rewardRevenue) AS rewardRevenue
            FROM (
              SELECT customerId, MAX(memberId IS NOT NULL) AS member, COUNT(*) AS orders, SUM(totalMinor - refundedMinor) AS revenue,
                     SUM(redemptionId IS NOT NULL) AS rewardOrders, SUM(CASE WHEN redemptionId IS NOT NULL THEN totalMinor - refundedMinor ELSE 0 END) AS rewardRevenue
              FROM OrderSummary WHERE ${paid} GROUP BY customerId
            ) GROUP BY member`,
      args: [shopId, from, to],
    },
    {
      sql: `WITH firsts AS (
              SELECT memberId, MIN(processedAt) AS first FROM OrderSummary WHERE ${paid} AND memberId IS NOT NULL GROUP BY memberId
            )
            SELECT COUNT(*) AS cohort, SUM(EXISTS (
              SELECT 1 FROM OrderSummary o WHERE o.memberId = f.memberId AND o.cancelledAt IS NULL AND o.isTest = 0
                AND o.processedAt > f.first AND o.processedAt <= strftime('%Y-%m-%dT%H:%M:%f+00:00', f.first, '+${RETENTION_DAYS} days')
            )) AS retained
            FROM firsts f WHERE f.first <= ?`,
      args: [shopId, from, to, cohortBefore],
    },
    // Members today, by the order count and last order kept on each member (one index scan).
    {
      sql: `SELECT CASE WHEN orderCount = 0 THEN '0' WHEN orderCount = 1 THEN '1' WHEN orderCount = 2 THEN '2' WHEN orderCount <= 4 THEN '3-4' ELSE '5+' END AS frequency,
                   CASE WHEN lastOrderAt IS NULL THEN 'never' WHEN lastOrderAt >= ? THEN '0-30' WHEN lastOrderAt >= ? THEN '31-90' WHEN lastOrderAt >= ? THEN '91-180' ELSE '181+' END AS recency,
                   COUNT(*) AS members
            FROM Member WHERE shopId = ? GROUP BY 1, 2`,
      args: [...recency, shopId],
    },
  ];
}

