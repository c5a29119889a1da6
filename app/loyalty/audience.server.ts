// The audience insight's reads (docs/decisions/050-audience-insight.md): one pass over the shop's
// members grouped by every band at once (what the member row keeps: where, birthday, order count,
// spend, last order, points), the redemptions and the period's feedback answers grouped the same
// way, and the period's member orders by weekday and hour on the shop's clock. No ledger is read.
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

export interface Query {
  sql: string;
  args: (string | number)[];
}

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
function cellQueries(context: AudienceContext, dimensions: SegmentDimension[], where: Query): Query[] {
  const places = dimensions.filter(isPlace).map((d) => ({ name: d, ...dimensionSql(d, context) }));
  const banded = dimensions.filter((d) => !isPlace(d)).map((d) => dimensionSql(d, context));
  const code = banded.length ? banded.map((b, i) => `(${b.sql}) * ${10 ** (banded.length - 1 - i)}`).join(" + ") : "0";
  const select = [...places.map((p) => `${p.sql} AS "${p.name}"`), `${code} AS "code"`].join(", ");
  const keyArgs = [...places.flatMap((p) => p.args), ...banded.flatMap((b) => b.args)];
  const groupBy = [...places.map((_, i) => i + 1), places.length + 1].join(", ");
  const members = `m."shopId" = ? AND m."redactedAt" IS NULL ${where.sql}`;
  return [
    {
      sql: `SELECT ${select}, count(*) AS "members", sum(m."orderCount" >= 1) AS "buyers", sum(m."orderCount" >= 2) AS "repeaters", sum(m."orderCount") AS "orders",
              sum(m."lifetimeSpentMinor") AS "spentMinor", sum(m."balance" + m."pendingPoints") AS "outstanding", sum(m."lifetimePoints") AS "earned"
            FROM "Member" m WHERE ${members} GROUP BY ${groupBy}`,
      args: [...keyArgs, context.shopId, ...where.args],
    },
    {
      sql: `SELECT ${select}, sum(r."pointsSpent") AS "redeemed"
            FROM "Redemption" r JOIN "Member" m ON m."id" = r."memberId"
            WHERE r."shopId" = ? AND r."status" IN ('issued', 'used') AND ${members} GROUP BY ${groupBy}`,
      args: [...keyArgs, context.shopId, context.shopId, ...where.args],
    },
    {
      sql: `SELECT ${select}, count(*) AS "answers", sum(f."score") AS "scoreSum"
            FROM "FeedbackAnswer" f JOIN "Member" m ON m."id" = f."memberId"
            WHERE f."shopId" = ? AND f."createdAt" >= ? AND f."createdAt" < ? AND ${members} GROUP BY ${groupBy}`,
      args: [...keyArgs, context.shopId, stamp(context.from), stamp(context.to), context.shopId, ...where.args],
    },
  ];
}

/**
 * The period's counted member orders (not cancelled, not tests) by hour of the week on the shop's
 * clock (0: Monday 00:00-00:59), from the orders' covering index: Unix time shifted by the clock's
 * offset of the moment, in hours, and 72 hours on (1 January 1970 was a Thursday).
 */
export function whenQuery(context: AudienceContext): Query {
  const spans = offsetSpans(context.timezone, context.from, context.to);
  const shift: Query = {
    sql: `CASE ${spans.slice(0, -1).map(() => `WHEN "processedAt" < ? THEN ?`).join(" ")} ELSE ? END`,
    args: [...spans.slice(0, -1).flatMap((s) => [stamp(s.until!), s.offsetMinutes * 60]), spans.at(-1)!.offsetMinutes * 60],
  };
  return {
    sql: `SELECT ((unixepoch("processedAt") + ${shift.sql}) / 3600 + 72) % 168 AS "hourOfWeek", count(*) AS "orders", sum("totalMinor" - "refundedMinor") AS "revenueMinor"
          FROM "OrderSummary"
          WHERE "shopId" = ? AND "processedAt" >= ? AND "processedAt" < ? AND "cancelledAt" IS NULL AND "isTest" = 0 AND "memberId" IS NOT NULL
          GROUP BY 1`,
    args: [...shift.args, context.shopId, stamp(context.from), stamp(context.to)],
  };
}

/** The SQL behind the page, in the order audienceReport reads it (bench/admin.ts runs it bare). */
export function audienceQueries(context: AudienceContext, country: string | null): Query[] {
  return [
    ...cellQueries(context, [...DIMENSIONS], { sql: "", args: [] }),
    ...(country === null ? [] : cellQueries(context, ["region"], { sql: `AND m."countryCode" = ?`, args: [country] })),
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

export interface AudienceReport {
  breakdowns: { dimension: SegmentDimension; segments: Segment[] }[];
  /** The regions of the chosen country, or null when none was chosen. */
  regions: { country: string; segments: Segment[] } | null;
  when: ReturnType<typeof whenMembersBuy>;
  orderValueBounds: number[];
}

export async function audienceReport(db: PrismaClient, context: AudienceContext, country: string | null): Promise<AudienceReport> {
  const queries = audienceQueries(context, country);
  const results = await Promise.all(queries.map((q) => db.$queryRawUnsafe<Row[]>(q.sql, ...q.args)));
  const cells = cellsOf([...DIMENSIONS], results.slice(0, 3));
  const regionCells = country === null ? null : cellsOf(["region"], results.slice(3, 6));
  const when = results.at(-1)!.map((r) => ({ hourOfWeek: num(r.hourOfWeek), orders: num(r.orders), revenueMinor: num(r.revenueMinor) }));
  return {
    breakdowns: DIMENSIONS.map((dimension) => ({ dimension, segments: breakdown(cells, dimension) })),
    regions: regionCells && country !== null ? { country, segments: breakdown(regionCells, "region") } : null,
    when: whenMembersBuy(when),
    orderValueBounds: orderValueBounds(context.currency),
  };
}

/** The members of one segment (for its export): the condition on the member row `m`. */
export function segmentWhere(context: Pick<AudienceContext, "currency" | "now">, dimension: SegmentDimension, key: string, country: string | null): Query {
  const band = dimensionSql(dimension, context);
  const inCountry: Query = dimension === "region" ? { sql: `m."countryCode" = ? AND `, args: [country ?? ""] } : { sql: "", args: [] };
  const value = isPlace(dimension) ? key : bandsOf(dimension)!.indexOf(key);
  return { sql: `${inCountry.sql}(${band.sql}) = ?`, args: [...inCountry.args, ...band.args, value] };
}
