// The audience insight's reads (docs/decisions/050-audience-insight.md, 053-audience-speed.md): the
// member breakdowns from a snapshot of one pass over the shop's members grouped by every band at
// once (what the member row keeps: where, birthday, order count, spend, last order, points) with
// their redemptions, recomputed hourly and when asked for; the period's feedback answers grouped
// the same way, live; and the period's member orders by weekday and hour on the shop's clock, from
// their rollup by quarter hour. No ledger is read.
import type { PrismaClient } from "@prisma/client";
import {
  AGE_BANDS,
  ageCutoffs,
  bandsOf,
  breakdown,
  DIMENSIONS,
  EMPTY_CELL,
  FREQUENCY_BANDS,
  FREQUENCY_STARTS,
  offsetSpans,
  ORDER_VALUE_BANDS,
  orderValueBounds,
  RECENCY_BANDS,
  recencyCutoffs,
  whenMembersBuy,
  type Cell,
  type Dimension,
  type Segment,
  type SegmentDimension,
} from "./audience";
import { dialect, queryUnsafe, type Dialect, type Query } from "./sql-dialect.server";

export type { Query };

export interface AudienceContext {
  shopId: string;
  currency: string;
  timezone: string | null;
  /** The period of the feedback answers and of the orders by time: [from, to). */
  from: Date;
  to: Date;
  now: Date;
}

const stamp = (at: Date) => at.toISOString().replace("Z", "+00:00"); // as Klub's dates are stored

/**
 * A band's CASE over the member row `m`: the band's index in `all` (integers group faster than
 * text), the conditions' bands in order, the last one ELSE.
 */
function bandCase(whens: string[], bands: readonly string[], all: readonly string[], args: (string | number)[]): Query {
  const arms = whens.map((when, i) => `WHEN ${when} THEN ${all.indexOf(bands[i])}`).join(" ");
  return { sql: `CASE ${arms} ELSE ${all.indexOf(bands[whens.length])} END`, args };
}

/** The SQL of the band a member `m` is in, for one breakdown: a place's code, or a band's index in its list (audience.ts). */
export function dimensionSql(dimension: SegmentDimension, context: Pick<AudienceContext, "currency" | "now">): Query {
  switch (dimension) {
    case "country":
      return { sql: `COALESCE(m."countryCode", '')`, args: [] };
    case "region":
      return { sql: `COALESCE(m."provinceCode", '')`, args: [] };
    case "age": {
      const cutoffs = ageCutoffs(context.now);
      return bandCase(
        // "--MM-DD" sorts before every year: no year, no age.
        [`m."birthday" IS NULL OR m."birthday" < '0'`, ...cutoffs.map(() => `m."birthday" > ?`)],
        ["unknown", ...AGE_BANDS.slice(0, -1)],
        AGE_BANDS,
        cutoffs,
      );
    }
    case "frequency": {
      const starts = [...FREQUENCY_STARTS].reverse();
      return bandCase(starts.map((n) => `m."orderCount" >= ${n}`), [...FREQUENCY_BANDS].reverse(), FREQUENCY_BANDS, []);
    }
    case "orderValue": {
      const bounds = orderValueBounds(context.currency);
      return bandCase([`m."orderCount" <= 0`, ...bounds.map(() => `m."lifetimeSpentMinor" < ? * m."orderCount"`)], ["none", ...ORDER_VALUE_BANDS.slice(0, -1)], ORDER_VALUE_BANDS, bounds);
    }
    case "recency": {
      const cutoffs = recencyCutoffs(context.now).map(stamp);
      return bandCase([`m."lastOrderAt" IS NULL`, ...cutoffs.map(() => `m."lastOrderAt" > ?`)], ["never", ...RECENCY_BANDS.slice(0, -1)], RECENCY_BANDS, cutoffs);
    }
  }
}

const isPlace = (dimension: SegmentDimension): dimension is "country" | "region" => dimension === "country" || dimension === "region";

/**
 * The three reads of cells grouped by `dimensions`: members, redemptions, the period's answers.
 * A place is a text key; the banded breakdowns make one integer per member, each band's index a
 * decimal digit (every breakdown has fewer than ten bands): one grouping, fewer bytes to sort.
 */
function cellQueries(context: AudienceContext, dimensions: SegmentDimension[], where: Query, sql: Dialect): { members: Query; redemptions: Query; answers: Query } {
  const places = dimensions.filter(isPlace).map((d) => ({ name: d, ...dimensionSql(d, context) }));
  const banded = dimensions.filter((d) => !isPlace(d)).map((d) => dimensionSql(d, context));
  const code = banded.length ? banded.map((b, i) => `(${b.sql}) * ${10 ** (banded.length - 1 - i)}`).join(" + ") : "0";
  const select = [...places.map((p) => `${p.sql} AS "${p.name}"`), `${code} AS "code"`].join(", ");
  const keyArgs = [...places.flatMap((p) => p.args), ...banded.flatMap((b) => b.args)];
  const groupBy = [...places.map((_, i) => i + 1), places.length + 1].join(", ");
  const members = `m."shopId" = ? AND m."redactedAt" IS NULL ${where.sql}`;
  return {
    members: {
      sql: `SELECT ${select}, count(*) AS "members", ${sql.countWhere(`m."orderCount" >= 1`)} AS "buyers", ${sql.countWhere(`m."orderCount" >= 2`)} AS "repeaters", sum(m."orderCount") AS "orders",
              sum(m."lifetimeSpentMinor") AS "spentMinor", sum(m."balance" + m."pendingPoints") AS "outstanding", sum(m."lifetimePoints") AS "earned"
            FROM "Member" m WHERE ${members} GROUP BY ${groupBy}`,
      args: [...keyArgs, context.shopId, ...where.args],
    },
    redemptions: {
      sql: `SELECT ${select}, sum(r."pointsSpent") AS "redeemed"
            FROM "Redemption" r JOIN "Member" m ON m."id" = r."memberId"
            WHERE r."shopId" = ? AND r."status" IN ('issued', 'used') AND ${members} GROUP BY ${groupBy}`,
      args: [...keyArgs, context.shopId, context.shopId, ...where.args],
    },
    answers: {
      sql: `SELECT ${select}, count(*) AS "answers", sum(f."score") AS "scoreSum"
            FROM "FeedbackAnswer" f JOIN "Member" m ON m."id" = f."memberId"
            WHERE f."shopId" = ? AND f."createdAt" >= ? AND f."createdAt" < ? AND ${members} GROUP BY ${groupBy}`,
      args: [...keyArgs, context.shopId, stamp(context.from), stamp(context.to), context.shopId, ...where.args],
    },
  };
}

/**
 * The period's counted member orders (not cancelled, not tests) by hour of the week on the shop's
 * clock (0: Monday 00:00-00:59), from their rollup by UTC quarter hour (RollupOrderTimes): each
 * quarter's Unix time shifted by the clock's offset of the moment, in hours, and 72 hours on (1
 * January 1970 was a Thursday). Exact: the period's ends (whole days), the clock's changes and
 * every zone's offset fall on quarter hours, so no quarter straddles an hour of the shop's clock.
 */
export function whenQuery(context: AudienceContext): Query {
  const quarter = (at: Date) => Math.ceil(at.getTime() / 900_000);
  const spans = offsetSpans(context.timezone, context.from, context.to);
  // One span (no change of clock in the period): its offset alone, as "CASE ELSE ? END" is no SQL.
  const shift: Query = {
    // Typed: PostgreSQL cannot tell a bare parameter's type in a CASE's branches.
    sql: spans.length === 1 ? "CAST(? AS INTEGER)" : `CASE ${spans.slice(0, -1).map(() => `WHEN "quarter" < ? THEN CAST(? AS INTEGER)`).join(" ")} ELSE CAST(? AS INTEGER) END`,
    args: [...spans.slice(0, -1).flatMap((s) => [quarter(s.until!), s.offsetMinutes * 60]), spans.at(-1)!.offsetMinutes * 60],
  };
  return {
    sql: `SELECT (("quarter" * 900 + ${shift.sql}) / 3600 + 72) % 168 AS "hourOfWeek", sum("orders") AS "orders", sum("revenueMinor") AS "revenueMinor"
          FROM "RollupOrderTimes"
          WHERE "shopId" = ? AND "quarter" >= ? AND "quarter" < ?
          GROUP BY 1`,
    args: [...shift.args, context.shopId, quarter(context.from), quarter(context.to)],
  };
}

/** The member breakdowns a snapshot keeps: every band at once, and places by country and region. */
const SNAPSHOT_DIMENSIONS = [...DIMENSIONS];
const REGION_DIMENSIONS: SegmentDimension[] = ["country", "region"];
const NO_WHERE: Query = { sql: "", args: [] };

/** What a snapshot reads (the job, bench/admin.ts): the members and their redemptions, grouped both ways. */
export function snapshotQueries(context: Pick<AudienceContext, "shopId" | "currency" | "now">, sql: Dialect): Query[] {
  const period = { ...context, timezone: null, from: context.now, to: context.now };
  const all = cellQueries(period, SNAPSHOT_DIMENSIONS, NO_WHERE, sql);
  const regions = cellQueries(period, REGION_DIMENSIONS, NO_WHERE, sql);
  return [all.members, all.redemptions, regions.members, regions.redemptions];
}

/**
 * The SQL behind the page, in the order audienceReport reads it (bench/admin.ts runs it bare): the
 * snapshot, the period's answers grouped by the bands as of the snapshot's time (and by the chosen
 * country's regions), and the period's orders by time.
 */
export function audienceQueries(context: AudienceContext, country: string | null, sql: Dialect): Query[] {
  return [
    { sql: `SELECT "computedAt", "requestedAt", "cells", "regionCells" FROM "AudienceSnapshot" WHERE "shopId" = ?`, args: [context.shopId] },
    cellQueries(context, SNAPSHOT_DIMENSIONS, NO_WHERE, sql).answers,
    ...(country === null ? [] : [cellQueries(context, ["region"], { sql: `AND m."countryCode" = ?`, args: [country] }, sql).answers]),
    whenQuery(context),
  ];
}

type Row = Record<string, unknown>;
const num = (value: unknown) => Number(value ?? 0);

/** Cells from the three reads, each read's sums on the cell of the same keys (the integer code taken apart). */
function cellsOf(dimensions: SegmentDimension[], [members, redemptions, answers]: Row[][]): Cell[] {
  const places = dimensions.filter(isPlace);
  const banded = dimensions.filter((d): d is Exclude<Dimension, "country"> => !isPlace(d));
  const cells = new Map<string, Cell>();
  const cellOf = (row: Row) => {
    const code = num(row.code);
    const id = JSON.stringify([...places.map((d) => String(row[d] ?? "")), code]);
    const known = cells.get(id);
    if (known) return known;
    const keys: Cell["keys"] = Object.fromEntries(places.map((d) => [d, String(row[d] ?? "")]));
    banded.forEach((d, i) => (keys[d] = bandsOf(d)![Math.floor(code / 10 ** (banded.length - 1 - i)) % 10]));
    return cells.set(id, { keys, ...EMPTY_CELL }).get(id)!;
  };
  for (const row of members) {
    const cell = cellOf(row);
    for (const field of ["members", "buyers", "repeaters", "orders", "spentMinor", "outstanding", "earned"] as const) cell[field] += num(row[field]);
  }
  for (const row of redemptions) cellOf(row).redeemed += num(row.redeemed);
  for (const row of answers) {
    const cell = cellOf(row);
    cell.answers += num(row.answers);
    cell.scoreSum += num(row.scoreSum);
  }
  return [...cells.values()];
}

/** The sums a snapshot keeps of each cell, after its keys (the answers are the period's, read live). */
const KEPT = ["members", "buyers", "repeaters", "orders", "spentMinor", "outstanding", "earned", "redeemed"] as const;

function packCells(dimensions: SegmentDimension[], cells: Cell[]): string {
  return JSON.stringify(cells.map((cell) => [...dimensions.map((d) => cell.keys[d] ?? ""), ...KEPT.map((f) => cell[f])]));
}

function unpackCells(dimensions: SegmentDimension[], json: string): Cell[] {
  return (JSON.parse(json) as (string | number)[][]).map((row) => {
    const cell: Cell = { keys: {}, ...EMPTY_CELL };
    dimensions.forEach((d, i) => (cell.keys[d] = String(row[i])));
    KEPT.forEach((f, i) => (cell[f] = Number(row[dimensions.length + i])));
    return cell;
  });
}

/** An hour: the keeping job's interval. Older than this, the page asks for a fresh snapshot. */
export const SNAPSHOT_MAX_AGE_MS = 3_600_000;

/**
 * Recomputes a shop's snapshot of its member breakdowns as of `now` (seconds at a million
 * members: for the background, never a request). A request for a fresh one made while it ran
 * stays after `computedAt`, so it is served by the next run.
 */
export async function refreshAudienceSnapshot(db: PrismaClient, shopId: string, now = new Date()): Promise<void> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currencyCode: true } });
  const [members, redemptions, regionMembers, regionRedemptions] = await Promise.all(
    snapshotQueries({ shopId, currency: shop.currencyCode, now }, dialect(db)).map((q) => queryUnsafe<Row>(db, q)),
  );
  const data = {
    computedAt: now,
    cells: packCells(SNAPSHOT_DIMENSIONS, cellsOf(SNAPSHOT_DIMENSIONS, [members, redemptions, []])),
    regionCells: packCells(REGION_DIMENSIONS, cellsOf(REGION_DIMENSIONS, [regionMembers, regionRedemptions, []])),
  };
  await db.audienceSnapshot.upsert({ where: { shopId }, update: data, create: { shopId, ...data } });
}

/** Asks for a fresh snapshot (the jobs loop computes it): always when `force`, else when there is none or it is over an hour old. Whether one is now wanted. */
export async function requestAudienceSnapshot(db: PrismaClient, shopId: string, now: Date, force = false): Promise<boolean> {
  const kept = await db.audienceSnapshot.findUnique({ where: { shopId }, select: { computedAt: true, requestedAt: true } });
  const pending = kept?.requestedAt != null && (kept.computedAt === null || kept.requestedAt > kept.computedAt);
  if (pending) return true;
  if (!force && kept?.computedAt && now.getTime() - kept.computedAt.getTime() < SNAPSHOT_MAX_AGE_MS) return false;
  await db.audienceSnapshot.upsert({ where: { shopId }, update: { requestedAt: now }, create: { shopId, requestedAt: now } });
  return true;
}

/** The jobs loop's step: computes one snapshot asked for and not yet computed since. Whether it did. */
export async function stepAudienceSnapshots(db: PrismaClient, now = () => new Date()): Promise<boolean> {
  const [wanted] = await db.$queryRawUnsafe<{ shopId: string }[]>(
    `SELECT "shopId" FROM "AudienceSnapshot" WHERE "requestedAt" IS NOT NULL AND ("computedAt" IS NULL OR "requestedAt" > "computedAt") ORDER BY "requestedAt" LIMIT 1`,
  );
  if (!wanted) return false;
  await refreshAudienceSnapshot(db, wanted.shopId, now());
  return true;
}

/**
 * The hourly keeping's part: every installed shop's snapshot recomputed when it is missing or
 * older than `maxAgeMs` (a little under the job's hour, so each run refreshes what the last one
 * made, and a second run at once changes nothing). How many it recomputed.
 */
export async function refreshAudienceSnapshots(db: PrismaClient, now = new Date(), maxAgeMs = SNAPSHOT_MAX_AGE_MS - 600_000): Promise<number> {
  const shops = await db.shop.findMany({
    where: { uninstalledAt: null, OR: [{ audienceSnapshot: { is: null } }, { audienceSnapshot: { is: { OR: [{ computedAt: null }, { computedAt: { lte: new Date(now.getTime() - maxAgeMs) } }] } } }] },
    select: { id: true },
  });
  for (const { id } of shops) await refreshAudienceSnapshot(db, id, now);
  return shops.length;
}

export interface AudienceReport {
  breakdowns: { dimension: SegmentDimension; segments: Segment[] }[];
  /** The regions of the chosen country, or null when none was chosen. */
  regions: { country: string; segments: Segment[] } | null;
  when: ReturnType<typeof whenMembersBuy>;
  orderValueBounds: number[];
  /** When the member breakdowns were computed (null: not yet, every segment empty), and whether a fresh one is on its way. */
  asOf: Date | null;
  refreshing: boolean;
}

/**
 * The page's figures: the members' sums from the snapshot, the period's answers grouped by the
 * bands as of the snapshot's time (so a member's answers meet the members of their band), and the
 * period's orders by time. The snapshot is not recomputed here: see requestAudienceSnapshot.
 */
export async function audienceReport(db: PrismaClient, context: AudienceContext, country: string | null): Promise<AudienceReport> {
  const [snapshot] = await queryUnsafe<Row>(db, { sql: `SELECT "computedAt", "requestedAt", "cells", "regionCells" FROM "AudienceSnapshot" WHERE "shopId" = ?`, args: [context.shopId] });
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | Date));
  const asOf = date(snapshot?.computedAt);
  const requestedAt = date(snapshot?.requestedAt);
  const queries = audienceQueries({ ...context, now: asOf ?? context.now }, country, dialect(db)).slice(1);
  const results = await Promise.all(queries.map((q) => queryUnsafe<Row>(db, q)));
  const kept = (column: "cells" | "regionCells", dimensions: SegmentDimension[]) => (asOf ? unpackCells(dimensions, String(snapshot![column])) : []);
  const cells = [...kept("cells", SNAPSHOT_DIMENSIONS), ...cellsOf(SNAPSHOT_DIMENSIONS, [[], [], results[0]])];
  const regionCells =
    country === null
      ? null
      : [
          ...kept("regionCells", REGION_DIMENSIONS)
            .filter((cell) => cell.keys.country === country)
            .map((cell) => ({ ...cell, keys: { region: cell.keys.region } })),
          ...cellsOf(["region"], [[], [], results[1]]),
        ];
  const when = results.at(-1)!.map((r) => ({ hourOfWeek: num(r.hourOfWeek), orders: num(r.orders), revenueMinor: num(r.revenueMinor) }));
  return {
    breakdowns: DIMENSIONS.map((dimension) => ({ dimension, segments: breakdown(cells, dimension) })),
    regions: regionCells && country !== null ? { country, segments: breakdown(regionCells, "region") } : null,
    when: whenMembersBuy(when),
    orderValueBounds: orderValueBounds(context.currency),
    asOf,
    refreshing: requestedAt !== null && (asOf === null || requestedAt > asOf),
  };
}

/** The members of one segment (for its export): the condition on the member row `m`. */
export function segmentWhere(context: Pick<AudienceContext, "currency" | "now">, dimension: SegmentDimension, key: string, country: string | null): Query {
  const band = dimensionSql(dimension, context);
  const inCountry: Query = dimension === "region" ? { sql: `m."countryCode" = ? AND `, args: [country ?? ""] } : { sql: "", args: [] };
  const value = isPlace(dimension) ? key : bandsOf(dimension)!.indexOf(key);
  return { sql: `${inCountry.sql}(${band.sql}) = ?`, args: [...inCountry.args, ...band.args, value] };
}
