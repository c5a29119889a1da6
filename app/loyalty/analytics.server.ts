// Whether the program pays, over a range of whole UTC days [from, to): read from the daily rollups
// (prisma/schema.prisma, docs/decisions/025-analytics-rollups.md), a few hundred rows whatever the
// shop's size. Orders count when not cancelled and not tests, less what was refunded; a customer's
// first order and the ones after are told apart when recorded, so repeat figures add up by day.
import type { PrismaClient } from "@prisma/client";
import { differenceInCalendarDays } from "date-fns";
import { pointValueMinor, type ValuedReward } from "./point-value";
import { RETENTION_DAYS } from "./retention";
import { utcDay } from "./lot-dates";
import { queryUnsafe, type Query } from "./sql-dialect.server";

export type Bucket = "day" | "week" | "month";

interface OrderGroup {
  orders: number;
  revenueMinor: number;
  averageOrderMinor: number | null;
  /** Orders by customers who had ordered before (guests never count). */
  returningOrders: number;
  returningRate: number | null;
}

export interface Analytics {
  from: string;
  to: string;
  bucket: Bucket;
  members: { total: number; new: number };
  /** The share of the range's orders placed by members. */
  participation: { memberOrders: number; orders: number; rate: number | null };
  points: { issued: number; redeemed: number; expired: number; takenBack: number; outstanding: number; redemptionRate: number | null };
  liability: { pointValueMinor: number | null; minor: number | null };
  orders: Record<"members" | "nonMembers", OrderGroup>;
  /** Members whose first order fell in the range (and at least RETENTION_DAYS ago), and those who ordered again within that time. */
  retention: { cohort: number; retained: number; rate: number | null };
  rewardOrders: { orders: number; revenueMinor: number };
  series: { bucket: string; issued: number; redeemed: number; expired: number; newMembers: number }[];
  frequency: { orders: string; members: number }[];
  recency: { lastOrder: string; members: number }[];
}

export const FREQUENCY_BANDS = ["0", "1", "2", "3-4", "5+"] as const;
export const RECENCY_BANDS = ["0-30", "31-90", "91-180", "181+", "never"] as const;

/** The UTC day of an instant, as the rollups key it. */
const daysBefore = (date: Date, days: number) => utcDay(new Date(date.getTime() - days * 86_400_000));
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const num = (value: unknown) => Number(value ?? 0);

export function bucketFor(from: Date, to: Date): Bucket {
  const days = differenceInCalendarDays(to, from);
  return days <= 62 ? "day" : days <= 400 ? "week" : "month";
}

/** The bucket a day (YYYY-MM-DD, UTC) falls in: the day, its week's Monday, or its month (the rollups are by day). */
export function bucketOf(day: string, bucket: Bucket): string {
  if (bucket === "day") return day;
  if (bucket === "month") return day.slice(0, 7);
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The SQL behind the figures, in the order programAnalytics reads them (bench/admin.ts runs them bare). */
export function programAnalyticsQueries(shopId: string, range: { from: Date; to: Date; now?: Date }): Query[] {
  const now = range.now ?? new Date();
  const [from, to] = [utcDay(range.from), utcDay(range.to)];
  return [
    { sql: `SELECT "day", "kind", "credit", "debit" FROM "RollupPoints" WHERE "shopId" = ? AND "day" >= ? AND "day" < ?`, args: [shopId, from, to] },
    // Every entry before the range's end: the points members held then (balances and pending points).
    { sql: `SELECT SUM("credit" - "debit") AS "points" FROM "RollupPoints" WHERE "shopId" = ? AND "day" < ?`, args: [shopId, to] },
    { sql: `SELECT "day", "enrolled" FROM "RollupMembers" WHERE "shopId" = ? AND "day" < ?`, args: [shopId, to] },
    {
      sql: `SELECT "member", SUM("orders") AS "orders", SUM("revenueMinor") AS "revenue", SUM("rewardOrders") AS "rewardOrders", SUM("rewardRevenueMinor") AS "rewardRevenue",
                   SUM("returningOrders") AS "returningOrders", SUM(CASE WHEN "day" < ? THEN "firstOrders" ELSE 0 END) AS "cohort", SUM(CASE WHEN "day" < ? THEN "retainedOrders" ELSE 0 END) AS "retained"
            FROM "RollupOrders" WHERE "shopId" = ? AND "day" >= ? AND "day" < ? GROUP BY "member"`,
      // A first order is in the cohort once its whole retention window has passed.
      args: [daysBefore(now, RETENTION_DAYS), daysBefore(now, RETENTION_DAYS), shopId, from, to],
    },
    { sql: `SELECT "day", "band", "members" FROM "RollupLastOrders" WHERE "shopId" = ? AND "members" <> 0`, args: [shopId] },
  ];
}

type Row = Record<string, unknown>;

export async function programAnalytics(db: PrismaClient, shopId: string, currency: string, range: { from: Date; to: Date; now?: Date }): Promise<Analytics> {
  const now = range.now ?? new Date();
  const bucket = bucketFor(range.from, range.to);
  const [results, rewards] = await Promise.all([
    Promise.all(programAnalyticsQueries(shopId, { ...range, now }).map((q) => queryUnsafe<Row>(db, q))),
    db.reward.findMany({ where: { shopId, active: true, deletedAt: null }, select: { type: true, pointsCost: true, valueMinor: true } }),
  ]);
  const [series, heldAtTo, enrolments, orders, lastOrders] = results as [
    { day: string; kind: string; credit: bigint; debit: bigint }[],
    { points: bigint | null }[],
    { day: string; enrolled: bigint }[],
    { member: bigint | boolean; orders: bigint; revenue: bigint; rewardOrders: bigint; rewardRevenue: bigint; returningOrders: bigint; cohort: bigint; retained: bigint }[],
    { day: string; band: string; members: bigint }[],
  ];
  const from = utcDay(range.from);

  const credit = (kind: string) => series.reduce((sum, e) => sum + (e.kind === kind ? num(e.credit) : 0), 0);
  const debit = (kind: string) => series.reduce((sum, e) => sum + (e.kind === kind ? num(e.debit) : 0), 0);
  const issued = credit("earn") + credit("adjust");
  const redeemed = debit("redeem") - credit("reversal");
  const outstanding = num(heldAtTo[0]?.points);
  const value = pointValueMinor(rewards as ValuedReward[], currency);

  const rowOf = (member: boolean) => orders.find((r) => Boolean(num(r.member)) === member);
  const group = (member: boolean): OrderGroup => {
    const o = rowOf(member);
    const count = num(o?.orders);
    const revenueMinor = num(o?.revenue);
    const returningOrders = num(o?.returningOrders);
    return { orders: count, revenueMinor, averageOrderMinor: count ? Math.round(revenueMinor / count) : null, returningOrders, returningRate: ratio(returningOrders, count) };
  };
  const memberOrders = group(true);
  const nonMemberOrders = group(false);
  const allOrders = memberOrders.orders + nonMemberOrders.orders;

  const buckets = new Map<string, Analytics["series"][number]>();
  const at = (key: string) => buckets.get(key) ?? buckets.set(key, { bucket: key, issued: 0, redeemed: 0, expired: 0, newMembers: 0 }).get(key)!;
  for (const row of series) {
    const b = at(bucketOf(row.day, bucket));
    if (row.kind === "earn" || row.kind === "adjust") b.issued += num(row.credit);
    if (row.kind === "redeem") b.redeemed += num(row.debit);
    if (row.kind === "reversal") b.redeemed -= num(row.credit);
    if (row.kind === "expire") b.expired += num(row.debit);
  }
  let total = 0;
  let enrolledInRange = 0;
  for (const row of enrolments) {
    total += num(row.enrolled);
    if (row.day < from || !num(row.enrolled)) continue;
    enrolledInRange += num(row.enrolled);
    at(bucketOf(row.day, bucket)).newMembers += num(row.enrolled);
  }

  // Recency in whole days: "0-30" is a last order on one of the 31 days up to today.
  const recencyBand = (day: string) =>
    day === "" ? "never" : day >= daysBefore(now, 30) ? "0-30" : day >= daysBefore(now, 90) ? "31-90" : day >= daysBefore(now, 180) ? "91-180" : "181+";
  const count = (match: (row: (typeof lastOrders)[number]) => boolean) => lastOrders.reduce((sum, r) => sum + (match(r) ? num(r.members) : 0), 0);

  const cohort = num(rowOf(true)?.cohort);
  const retained = num(rowOf(true)?.retained);
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    bucket,
    members: { total, new: enrolledInRange },
    participation: { memberOrders: memberOrders.orders, orders: allOrders, rate: ratio(memberOrders.orders, allOrders) },
    points: { issued, redeemed, expired: debit("expire"), takenBack: debit("clawback") + debit("cancel") + debit("adjust"), outstanding, redemptionRate: ratio(redeemed, issued) },
    liability: { pointValueMinor: value, minor: value === null ? null : Math.round(outstanding * value) },
    orders: { members: memberOrders, nonMembers: nonMemberOrders },
    retention: { cohort, retained, rate: ratio(retained, cohort) },
    rewardOrders: { orders: orders.reduce((sum, o) => sum + num(o.rewardOrders), 0), revenueMinor: orders.reduce((sum, o) => sum + num(o.rewardRevenue), 0) },
    series: [...buckets.values()].sort((a, b) => a.bucket.localeCompare(b.bucket)),
    frequency: FREQUENCY_BANDS.map((band) => ({ orders: band, members: count((r) => r.band === band) })),
    recency: RECENCY_BANDS.map((band) => ({ lastOrder: band, members: count((r) => recencyBand(r.day) === band) })),
  };
}
