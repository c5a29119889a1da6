// Who the members are (issue 15, item 3; docs/decisions/050-audience-insight.md): the bands a
// member falls in by where they are, their age, how often and how much they buy and how lately,
// and each segment's figures from sums over its members. Pure: audience.server.ts reads the sums.
import { subYears } from "date-fns";
import { minorPerUnit, minorUnitDigits } from "./money";

export const DIMENSIONS = ["country", "age", "frequency", "orderValue", "recency"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** A breakdown a segment can be exported from: the five above, and the regions of one country. */
export type SegmentDimension = Dimension | "region";

export const AGE_BANDS = ["under25", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"] as const;
export const FREQUENCY_BANDS = ["0", "1", "2-3", "4-9", "10+"] as const;
export const ORDER_VALUE_BANDS = ["v1", "v2", "v3", "v4", "v5", "none"] as const;
export const RECENCY_BANDS = ["0-29", "30-89", "90-179", "180-364", "365+", "never"] as const;
/** "" in the location breakdowns: no order has said where the member is. */
export const UNKNOWN_PLACE = "";

/** The ages the bands start at (after "under 25"). */
export const AGE_STARTS = [25, 35, 45, 55, 65] as const;
/** The days the recency bands start at (after "less than 30 days ago"). */
export const RECENCY_STARTS = [30, 90, 180, 365] as const;
/** The orders the frequency bands start at, from "1". */
export const FREQUENCY_STARTS = [1, 2, 4, 10] as const;
/** Order value bands' bounds, in units of a currency worth about a dollar or a euro. */
const VALUE_BOUNDS_UNITS = [25, 50, 100, 200] as const;
const DAY_MS = 86_400_000;

/**
 * The bounds between the order value bands, in minor units: 25, 50, 100 and 200 units of the
 * currency; for a currency with no minor unit (yen, won, forint-like small units) a unit is worth
 * about a cent, so the bounds are 100 times as many units (2,500 yen ...).
 */
export function orderValueBounds(currency: string): number[] {
  const scale = minorUnitDigits(currency) === 0 ? 100 : minorPerUnit(currency);
  return VALUE_BOUNDS_UNITS.map((units) => units * scale);
}

/** The UTC day (YYYY-MM-DD) a member born on it turns `age` on or before `today`: born on or before it, they are that old. */
export function ageCutoffs(today: Date): string[] {
  return AGE_STARTS.map((age) => subYears(today, age).toISOString().slice(0, 10));
}

/** The instants a last order must be after to be less than each of RECENCY_STARTS days ago. */
export function recencyCutoffs(now: Date): Date[] {
  return RECENCY_STARTS.map((days) => new Date(now.getTime() - days * DAY_MS));
}

export function ageBand(birthday: string | null, today: Date): (typeof AGE_BANDS)[number] {
  // "--MM-DD": a birthday without its year says nothing of the age.
  if (!birthday || !/^\d{4}-\d{2}-\d{2}$/.test(birthday)) return "unknown";
  const index = ageCutoffs(today).findIndex((cutoff) => birthday > cutoff);
  return AGE_BANDS[index === -1 ? AGE_STARTS.length : index];
}

export function frequencyBand(orderCount: number): (typeof FREQUENCY_BANDS)[number] {
  const index = FREQUENCY_STARTS.findLastIndex((start) => orderCount >= start);
  return FREQUENCY_BANDS[index + 1];
}

/** By the member's average order (lifetime spend less refunds over paid orders). */
export function orderValueBand(spentMinor: number, orderCount: number, bounds: number[]): (typeof ORDER_VALUE_BANDS)[number] {
  if (orderCount <= 0) return "none";
  const index = bounds.findIndex((bound) => spentMinor < bound * orderCount);
  return ORDER_VALUE_BANDS[index === -1 ? bounds.length : index];
}

export function recencyBand(lastOrderAt: Date | null, now: Date): (typeof RECENCY_BANDS)[number] {
  if (!lastOrderAt) return "never";
  const index = recencyCutoffs(now).findIndex((cutoff) => lastOrderAt > cutoff);
  return RECENCY_BANDS[index === -1 ? RECENCY_STARTS.length : index];
}

export function bandsOf(dimension: Dimension): readonly string[] | null {
  switch (dimension) {
    case "age":
      return AGE_BANDS;
    case "frequency":
      return FREQUENCY_BANDS;
    case "orderValue":
      return ORDER_VALUE_BANDS;
    case "recency":
      return RECENCY_BANDS;
    case "country":
      return null; // the countries the members are in
  }
}

/** Sums over the members of one cell (members alike in every dimension read), as the database adds them up. */
export interface Cell {
  keys: Partial<Record<SegmentDimension, string>>;
  members: number;
  /** Members with at least one paid order, and with two or more. */
  buyers: number;
  repeaters: number;
  orders: number;
  spentMinor: number;
  /** Balances and pending points. */
  outstanding: number;
  /** Points earned less clawbacks (the member's lifetime points). */
  earned: number;
  /** Points spent on rewards (redemptions issued or used). */
  redeemed: number;
  /** Feedback answers given in the period, and their scores added up. */
  answers: number;
  scoreSum: number;
}

export interface SegmentFigures {
  members: number;
  /** Of the members who ordered, the share who ordered twice or more. */
  repeatRate: number | null;
  /** Their orders' average: spend less refunds over paid orders. */
  averageOrderMinor: number | null;
  pointsOutstanding: number;
  /** Points spent on rewards over points earned. */
  redemptionRate: number | null;
  /** The average of the period's feedback scores (1 to 5), and how many there were. */
  satisfaction: number | null;
  answers: number;
}

export interface Segment extends SegmentFigures {
  key: string;
}

export const EMPTY_CELL: Omit<Cell, "keys"> = { members: 0, buyers: 0, repeaters: 0, orders: 0, spentMinor: 0, outstanding: 0, earned: 0, redeemed: 0, answers: 0, scoreSum: 0 };

export function figuresOf(sums: Omit<Cell, "keys">): SegmentFigures {
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    members: sums.members,
    repeatRate: ratio(sums.repeaters, sums.buyers),
    averageOrderMinor: sums.orders > 0 ? Math.round(sums.spentMinor / sums.orders) : null,
    pointsOutstanding: sums.outstanding,
    redemptionRate: ratio(sums.redeemed, sums.earned),
    satisfaction: ratio(sums.scoreSum, sums.answers),
    answers: sums.answers,
  };
}

/**
 * The segments of one breakdown: the cells added up by their key in it. Fixed bands come in their
 * order, every one shown (empty or not); places by members, most first, the unknown last.
 */
export function breakdown(cells: Cell[], dimension: SegmentDimension): Segment[] {
  const sums = new Map<string, Omit<Cell, "keys">>();
  for (const cell of cells) {
    const key = cell.keys[dimension] ?? UNKNOWN_PLACE;
    const sum = sums.get(key) ?? { ...EMPTY_CELL };
    for (const field of Object.keys(EMPTY_CELL) as (keyof typeof EMPTY_CELL)[]) sum[field] += cell[field];
    sums.set(key, sum);
  }
  const bands = dimension === "region" ? null : bandsOf(dimension);
  if (bands) return bands.map((key) => ({ key, ...figuresOf(sums.get(key) ?? EMPTY_CELL) }));
  return [...sums.entries()]
    .map(([key, sum]) => ({ key, ...figuresOf(sum) }))
    .sort((a, b) => Number(a.key === UNKNOWN_PLACE) - Number(b.key === UNKNOWN_PLACE) || b.members - a.members || a.key.localeCompare(b.key));
}

/** A span of time over which the shop's clock is `offsetMinutes` ahead of UTC, up to `until` (null: the end). */
export interface OffsetSpan {
  until: Date | null;
  offsetMinutes: number;
}

/** How far the zone's clock is ahead of UTC at an instant, in minutes (Warsaw in summer: 120). */
const clocks = new Map<string, Intl.DateTimeFormat>();
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const clock =
    clocks.get(timeZone) ??
    clocks.set(timeZone, new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" })).get(timeZone)!;
  const parts = clock.formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The zone's offsets over [from, to): one span per change of clock (summer time), each change
 * found to the quarter hour (every zone's changes fall on one). An unknown zone is UTC.
 */
export function offsetSpans(timeZone: string | null, from: Date, to: Date): OffsetSpan[] {
  const offset = (at: Date) => {
    try {
      return timeZone ? zoneOffsetMinutes(timeZone, at) : 0;
    } catch {
      return 0;
    }
  };
  const spans: OffsetSpan[] = [];
  let current = offset(from);
  const QUARTER = 15 * 60_000;
  for (let day = from.getTime(); day < to.getTime(); day += DAY_MS) {
    const next = Math.min(day + DAY_MS, to.getTime());
    if (offset(new Date(next)) === current) continue;
    // The clock changed within this day: find the quarter hour it did.
    let at = day;
    while (at < next && offset(new Date(at + QUARTER)) === current) at += QUARTER;
    spans.push({ until: new Date(at + QUARTER), offsetMinutes: current });
    current = offset(new Date(at + QUARTER));
  }
  spans.push({ until: null, offsetMinutes: current });
  return spans;
}

export interface TimeSlot {
  /** The day of the week (1 Monday ... 7 Sunday) or the hour (0 ... 23), on the shop's clock. */
  key: number;
  orders: number;
  revenueMinor: number;
  averageOrderMinor: number | null;
  share: number | null;
}

/** Orders by day of the week (Monday first) and by hour, from their counts by hour of the week (0: Monday 00:00-00:59). */
export function whenMembersBuy(rows: { hourOfWeek: number; orders: number; revenueMinor: number }[]) {
  const total = rows.reduce((sum, r) => sum + r.orders, 0);
  const slots = (keys: number[], of: (r: (typeof rows)[number]) => number): TimeSlot[] =>
    keys.map((key) => {
      const mine = rows.filter((r) => of(r) === key);
      const orders = mine.reduce((sum, r) => sum + r.orders, 0);
      const revenueMinor = mine.reduce((sum, r) => sum + r.revenueMinor, 0);
      return { key, orders, revenueMinor, averageOrderMinor: orders ? Math.round(revenueMinor / orders) : null, share: total ? orders / total : null };
    });
  return {
    orders: total,
    byWeekday: slots([1, 2, 3, 4, 5, 6, 7], (r) => Math.floor(r.hourOfWeek / 24) + 1),
    byHour: slots(Array.from({ length: 24 }, (_, h) => h), (r) => r.hourOfWeek % 24),
  };
}

const PLACE = /^[A-Z]{2}$/;
const REGION = /^[A-Z0-9-]{1,8}$/;

/**
 * A segment named by a request (?dimension=&segment=, and ?country= for a region), or null when
 * it names none: a band of a fixed breakdown, a country or region code, or "" for "not known".
 */
export function parseSegment(params: URLSearchParams): { dimension: SegmentDimension; key: string; country: string | null } | null {
  const dimension = params.get("dimension") ?? "";
  const key = params.get("segment") ?? "";
  if (dimension === "country") return key === UNKNOWN_PLACE || PLACE.test(key) ? { dimension, key, country: null } : null;
  if (dimension === "region") {
    const country = params.get("country") ?? "";
    return PLACE.test(country) && (key === UNKNOWN_PLACE || REGION.test(key)) ? { dimension, key, country } : null;
  }
  const bands = (DIMENSIONS as readonly string[]).includes(dimension) ? bandsOf(dimension as Dimension) : null;
  return bands?.includes(key) ? { dimension: dimension as Dimension, key, country: null } : null;
}
