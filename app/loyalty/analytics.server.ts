// Whether the program pays, over a date range [from, to): computed from the ledger, the members
// and the order summaries (paid orders, member or not; cancelled and test orders left out; a
// refunded amount is taken off its order). Plain SQL aggregates: each figure is one scan of an
// index range, so the page stays quick at a million members (bench/admin.ts).
import type { PrismaClient } from "@prisma/client";
import { differenceInCalendarDays } from "date-fns";
import { pointValueMinor, type ValuedReward } from "./point-value";

export type Bucket = "day" | "week" | "month";

export interface Analytics {
  from: string;
  to: string;
  bucket: Bucket;
  members: { total: number; new: number; orderingCustomers: number; orderingMembers: number; participationRate: number | null };
  points: { issued: number; redeemed: number; expired: number; takenBack: number; outstanding: number; redemptionRate: number | null };
  liability: { pointValueMinor: number | null; minor: number | null };
  orders: Record<"members" | "nonMembers", { orders: number; revenueMinor: number; averageOrderMinor: number | null; customers: number; repeatCustomers: number; repeatRate: number | null }>;
  retention: { cohort: number; retained: number; rate: number | null };
  rewardOrders: { orders: number; revenueMinor: number };
  series: { bucket: string; issued: number; redeemed: number; expired: number; newMembers: number }[];
  frequency: { orders: string; members: number }[];
  recency: { lastOrder: string; members: number }[];
}

export const FREQUENCY_BANDS = ["0", "1", "2", "3-4", "5+"] as const;
export const RECENCY_BANDS = ["0-30", "31-90", "91-180", "181+", "never"] as const;
export const RETENTION_DAYS = 90;

/** Dates as Prisma keeps them in SQLite (ISO text, UTC), so text comparisons order them. */
const stored = (date: Date) => date.toISOString().replace("Z", "+00:00");
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const num = (value: unknown) => Number(value ?? 0);

export function bucketFor(from: Date, to: Date): Bucket {
  const days = differenceInCalendarDays(to, from);
  return days <= 62 ? "day" : days <= 400 ? "week" : "month";
}

/** The bucket a day (YYYY-MM-DD, UTC) falls in: the day, its week's Monday, or its month. SQL groups by day (a cheap substr). */
export function bucketOf(day: string, bucket: Bucket): string {
  if (bucket === "day") return day;
  if (bucket === "month") return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

interface Query {
  sql: string;
  args: (string | number)[];
}

/** The SQL behind the figures, in the order programAnalytics reads them (bench/admin.ts runs them bare). */
export function programAnalyticsQueries(shopId: string, range: { from: Date; to: Date; now?: Date }): Query[] {
  const now = range.now ?? new Date();
  const from = stored(range.from);
  const to = stored(range.to);
  const cohortBefore = stored(new Date(now.getTime() - RETENTION_DAYS * 86_400_000));
  const paid = `shopId = ? AND processedAt >= ? AND processedAt < ? AND cancelledAt IS NULL AND isTest = 0`;
  const recency = [30, 90, 180].map((d) => stored(new Date(now.getTime() - d * 86_400_000)));
  return [
    // One pass over the range's entries: per bucket and kind (the totals are their sums).
    {
      sql: `SELECT substr(createdAt, 1, 10) AS day, kind, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS credit, SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS debit
            FROM LedgerEntry WHERE shopId = ? AND createdAt >= ? AND createdAt < ? GROUP BY 1, 2`,
      args: [shopId, from, to],
    },
    { sql: `SELECT COUNT(*) AS total, SUM(enrolledAt >= ?) AS new FROM Member WHERE shopId = ? AND enrolledAt < ?`, args: [from, shopId, to] },
    { sql: `SELECT substr(enrolledAt, 1, 10) AS day, COUNT(*) AS members FROM Member WHERE shopId = ? AND enrolledAt >= ? AND enrolledAt < ? GROUP BY 1`, args: [shopId, from, to] },
    { sql: `SELECT SUM(balance + pendingPoints) AS points FROM Member WHERE shopId = ?`, args: [shopId] },
    { sql: `SELECT SUM(amount) AS points FROM LedgerEntry WHERE shopId = ? AND createdAt >= ?`, args: [shopId, to] },
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

type Row = Record<string, unknown>;

export async function programAnalytics(db: PrismaClient, shopId: string, currency: string, range: { from: Date; to: Date; now?: Date }): Promise<Analytics> {
  const bucket = bucketFor(range.from, range.to);
  const [results, rewards] = await Promise.all([
    Promise.all(programAnalyticsQueries(shopId, range).map((q) => db.$queryRawUnsafe<Row[]>(q.sql, ...q.args))),
    db.reward.findMany({ where: { shopId, active: true, deletedAt: null }, select: { type: true, pointsCost: true, valueMinor: true } }),
  ]);
  const [series, members, newBySeries, outstanding, laterEntries, orders, retention, breakdown] = results as [
    { day: string; kind: string; credit: bigint; debit: bigint }[],
    { total: bigint; new: bigint }[],
    { day: string; members: bigint }[],
    { points: bigint }[],
    { points: bigint }[],
    { member: bigint; orders: bigint; revenue: bigint; customers: bigint; repeat: bigint; rewardOrders: bigint; rewardRevenue: bigint }[],
    { cohort: bigint; retained: bigint }[],
    { frequency: string; recency: string; members: bigint }[],
  ];

  const credit = (kind: string) => series.reduce((sum, e) => sum + (e.kind === kind ? num(e.credit) : 0), 0);
  const debit = (kind: string) => series.reduce((sum, e) => sum + (e.kind === kind ? num(e.debit) : 0), 0);
  const issued = credit("earn") + credit("adjust");
  const redeemed = debit("redeem") - credit("reversal");
  const outstandingAtTo = num(outstanding[0]?.points) - num(laterEntries[0]?.points);
  const value = pointValueMinor(rewards as ValuedReward[], currency);

  const group = (member: boolean) => {
    const o = orders.find((r) => Boolean(num(r.member)) === member);
    const count = num(o?.orders);
    const revenueMinor = num(o?.revenue);
    const customers = num(o?.customers);
    const repeatCustomers = num(o?.repeat);
    return { orders: count, revenueMinor, averageOrderMinor: count ? Math.round(revenueMinor / count) : null, customers, repeatCustomers, repeatRate: ratio(repeatCustomers, customers) };
  };
  const memberOrders = group(true);
  const nonMemberOrders = group(false);
  const orderingCustomers = memberOrders.customers + nonMemberOrders.customers;

  const buckets = new Map<string, Analytics["series"][number]>();
  const at = (key: string) => buckets.get(key) ?? buckets.set(key, { bucket: key, issued: 0, redeemed: 0, expired: 0, newMembers: 0 }).get(key)!;
  for (const row of series) {
    const b = at(bucketOf(row.day, bucket));
    if (row.kind === "earn" || row.kind === "adjust") b.issued += num(row.credit);
    if (row.kind === "redeem") b.redeemed += num(row.debit);
    if (row.kind === "reversal") b.redeemed -= num(row.credit);
    if (row.kind === "expire") b.expired += num(row.debit);
  }
  for (const row of newBySeries) at(bucketOf(row.day, bucket)).newMembers += num(row.members);

  const cohort = num(retention[0]?.cohort);
  const retained = num(retention[0]?.retained);
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    bucket,
    members: { total: num(members[0]?.total), new: num(members[0]?.new), orderingCustomers, orderingMembers: memberOrders.customers, participationRate: ratio(memberOrders.customers, orderingCustomers) },
    points: { issued, redeemed, expired: debit("expire"), takenBack: debit("clawback") + debit("cancel") + debit("adjust"), outstanding: outstandingAtTo, redemptionRate: ratio(redeemed, issued) },
    liability: { pointValueMinor: value, minor: value === null ? null : Math.round(outstandingAtTo * value) },
    orders: { members: memberOrders, nonMembers: nonMemberOrders },
    retention: { cohort, retained, rate: ratio(retained, cohort) },
    rewardOrders: { orders: orders.reduce((sum, o) => sum + num(o.rewardOrders), 0), revenueMinor: orders.reduce((sum, o) => sum + num(o.rewardRevenue), 0) },
    series: [...buckets.values()].sort((a, b) => a.bucket.localeCompare(b.bucket)),
    frequency: FREQUENCY_BANDS.map((band) => ({ orders: band, members: breakdown.filter((r) => r.frequency === band).reduce((sum, r) => sum + num(r.members), 0) })),
    recency: RECENCY_BANDS.map((band) => ({ lastOrder: band, members: breakdown.filter((r) => r.recency === band).reduce((sum, r) => sum + num(r.members), 0) })),
  };
}
