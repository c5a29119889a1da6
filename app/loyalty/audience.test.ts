// The audience insight's bands and figures against hand-worked fixtures (decision 050).
import { describe, expect, it } from "vitest";
import {
  ageBand,
  breakdown,
  EMPTY_CELL,
  figuresOf,
  frequencyBand,
  offsetSpans,
  orderValueBand,
  orderValueBounds,
  parseSegment,
  recencyBand,
  whenMembersBuy,
  type Cell,
} from "./audience";

const TODAY = new Date("2026-12-02T00:00:00Z");
const NOW = new Date("2026-12-02T12:00:00Z");
const DAY = 86_400_000;

describe("bands", () => {
  it("ages a member by their birthday with its year, on the day they turn each age", () => {
    expect(ageBand("2001-12-03", TODAY)).toBe("under25"); // 25 tomorrow
    expect(ageBand("2001-12-02", TODAY)).toBe("25-34"); // 25 today
    expect(ageBand("1991-12-03", TODAY)).toBe("25-34");
    expect(ageBand("1991-12-02", TODAY)).toBe("35-44");
    expect(ageBand("1981-06-30", TODAY)).toBe("45-54");
    expect(ageBand("1971-12-02", TODAY)).toBe("55-64");
    expect(ageBand("1961-12-03", TODAY)).toBe("55-64");
    expect(ageBand("1961-12-02", TODAY)).toBe("65+");
    // No year, no birthday, or not a date: the age is not known.
    expect(ageBand("--05-17", TODAY)).toBe("unknown");
    expect(ageBand(null, TODAY)).toBe("unknown");
    expect(ageBand("1990-5-1", TODAY)).toBe("unknown");
  });

  it("bands paid orders as 0, 1, 2-3, 4-9 and 10+", () => {
    expect([0, 1, 2, 3, 4, 9, 10, 250].map(frequencyBand)).toEqual(["0", "1", "2-3", "2-3", "4-9", "4-9", "10+", "10+"]);
  });

  it("sets the order value bounds at 25, 50, 100 and 200 units, a hundred times as many for a currency without minor units", () => {
    expect(orderValueBounds("USD")).toEqual([2500, 5000, 10000, 20000]);
    expect(orderValueBounds("PLN")).toEqual([2500, 5000, 10000, 20000]);
    expect(orderValueBounds("KWD")).toEqual([25000, 50000, 100000, 200000]); // three digits: 25.000 KWD
    expect(orderValueBounds("JPY")).toEqual([2500, 5000, 10000, 20000]); // 2,500 yen
  });

  it("bands the member's average order, its lower bound included", () => {
    const usd = orderValueBounds("USD");
    expect(orderValueBand(0, 0, usd)).toBe("none");
    expect(orderValueBand(4999, 2, usd)).toBe("v1"); // 24.995
    expect(orderValueBand(5000, 2, usd)).toBe("v2"); // 25.00
    expect(orderValueBand(29_997, 3, usd)).toBe("v3"); // 99.99
    expect(orderValueBand(10_000, 1, usd)).toBe("v4");
    expect(orderValueBand(20_000, 1, usd)).toBe("v5");
    expect(orderValueBand(-500, 1, usd)).toBe("v1"); // refunded beyond its total: still a buyer
  });

  it("bands the last order by whole days since, 30 days ago and a year ago starting their bands", () => {
    const ago = (days: number, ms = 0) => new Date(NOW.getTime() - days * DAY + ms);
    expect(recencyBand(null, NOW)).toBe("never");
    expect(recencyBand(ago(0), NOW)).toBe("0-29");
    expect(recencyBand(ago(30, 1), NOW)).toBe("0-29");
    expect(recencyBand(ago(30), NOW)).toBe("30-89");
    expect(recencyBand(ago(90), NOW)).toBe("90-179");
    expect(recencyBand(ago(364), NOW)).toBe("180-364");
    expect(recencyBand(ago(365), NOW)).toBe("365+");
  });
});

describe("figures", () => {
  const cell = (keys: Cell["keys"], sums: Partial<Omit<Cell, "keys">>): Cell => ({ keys, ...EMPTY_CELL, ...sums });
  // Two Polish members who each ordered twice or more (5 orders, $200 together), one who never
  // ordered; four German members, one of whom ordered once; one member nobody knows where.
  const cells = [
    cell({ country: "PL", frequency: "2-3" }, { members: 2, buyers: 2, repeaters: 2, orders: 5, spentMinor: 20_000, outstanding: 300, earned: 400, redeemed: 100, answers: 2, scoreSum: 9 }),
    cell({ country: "PL", frequency: "0" }, { members: 1, outstanding: 50 }),
    cell({ country: "DE", frequency: "1" }, { members: 1, buyers: 1, orders: 1, spentMinor: 2_999, outstanding: 30, earned: 30 }),
    cell({ country: "DE", frequency: "0" }, { members: 3 }),
    cell({ country: "", frequency: "1" }, { members: 1, buyers: 1, orders: 1, spentMinor: 25_000, earned: 250, redeemed: 250, answers: 1, scoreSum: 2 }),
  ];

  it("adds up each country's members and works out its figures; most members first, the unknown last", () => {
    expect(breakdown(cells, "country")).toEqual([
      // 1 of 1 buyer came back: 0%; $29.99 / 1 order; no points redeemed of 30; nobody answered.
      { key: "DE", members: 4, repeatRate: 0, averageOrderMinor: 2_999, pointsOutstanding: 30, redemptionRate: 0, satisfaction: null, answers: 0 },
      // 2 of 2 buyers ordered again; $200.00 / 5 = $40.00; 100 of 400 points redeemed; (4 + 5) / 2 answers.
      { key: "PL", members: 3, repeatRate: 1, averageOrderMinor: 4_000, pointsOutstanding: 350, redemptionRate: 0.25, satisfaction: 4.5, answers: 2 },
      { key: "", members: 1, repeatRate: 0, averageOrderMinor: 25_000, pointsOutstanding: 0, redemptionRate: 1, satisfaction: 2, answers: 1 },
    ]);
  });

  it("shows every band of a fixed breakdown in order, empty ones with no rates", () => {
    const segments = breakdown(cells, "frequency");
    expect(segments.map((s) => [s.key, s.members])).toEqual([["0", 4], ["1", 2], ["2-3", 2], ["4-9", 0], ["10+", 0]]);
    expect(segments[3]).toEqual({ key: "4-9", members: 0, repeatRate: null, averageOrderMinor: null, pointsOutstanding: 0, redemptionRate: null, satisfaction: null, answers: 0 });
    // Members with no orders: no repeat rate, no average order, and nothing earned to redeem.
    expect(segments[0]).toMatchObject({ repeatRate: null, averageOrderMinor: null, pointsOutstanding: 50, redemptionRate: null });
    // Two buyers of one order each: $29.99 and $250.00, an average of $139.995, rounded to $140.00.
    expect(segments[1]).toMatchObject({ repeatRate: 0, averageOrderMinor: 14_000, redemptionRate: 250 / 280, satisfaction: 2 });
  });

  it("rounds the average order to the minor unit", () => {
    expect(figuresOf({ ...EMPTY_CELL, members: 3, buyers: 3, orders: 3, spentMinor: 1000 }).averageOrderMinor).toBe(333);
  });
});

describe("when members buy", () => {
  it("gives the shop's clock's offsets over a range, a span per change of the clocks", () => {
    expect(offsetSpans("Europe/Warsaw", new Date("2026-03-01T00:00:00Z"), new Date("2026-11-01T00:00:00Z"))).toEqual([
      { until: new Date("2026-03-29T01:00:00Z"), offsetMinutes: 60 },
      { until: new Date("2026-10-25T01:00:00Z"), offsetMinutes: 120 },
      { until: null, offsetMinutes: 60 },
    ]);
    expect(offsetSpans("America/St_Johns", new Date("2026-01-01T00:00:00Z"), new Date("2026-02-01T00:00:00Z"))).toEqual([{ until: null, offsetMinutes: -210 }]);
    expect(offsetSpans("Asia/Kolkata", new Date("2026-01-01T00:00:00Z"), new Date("2027-01-01T00:00:00Z"))).toEqual([{ until: null, offsetMinutes: 330 }]);
    expect(offsetSpans(null, TODAY, NOW)).toEqual([{ until: null, offsetMinutes: 0 }]);
    expect(offsetSpans("Not/AZone", TODAY, NOW)).toEqual([{ until: null, offsetMinutes: 0 }]);
  });

  it("adds orders up by weekday, Monday first, and by hour, with each one's share and average", () => {
    // By hour of the week: Sunday 10:00 (6 * 24 + 10), Monday 10:00, Monday 23:00.
    const when = whenMembersBuy([
      { hourOfWeek: 154, orders: 2, revenueMinor: 3_000 },
      { hourOfWeek: 10, orders: 1, revenueMinor: 1_000 },
      { hourOfWeek: 23, orders: 1, revenueMinor: 5_000 },
    ]);
    expect(when.orders).toBe(4);
    expect(when.byWeekday.map((d) => d.key)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(when.byWeekday[0]).toEqual({ key: 1, orders: 2, revenueMinor: 6_000, averageOrderMinor: 3_000, share: 0.5 });
    expect(when.byWeekday[6]).toEqual({ key: 7, orders: 2, revenueMinor: 3_000, averageOrderMinor: 1_500, share: 0.5 });
    expect(when.byWeekday[2]).toEqual({ key: 3, orders: 0, revenueMinor: 0, averageOrderMinor: null, share: 0 });
    expect(when.byHour).toHaveLength(24);
    expect(when.byHour[10]).toEqual({ key: 10, orders: 3, revenueMinor: 4_000, averageOrderMinor: 1_333, share: 0.75 });
    expect(when.byHour[23]).toEqual({ key: 23, orders: 1, revenueMinor: 5_000, averageOrderMinor: 5_000, share: 0.25 });
    expect(whenMembersBuy([]).byHour[0].share).toBeNull();
  });
});

describe("a segment named by a request", () => {
  const parse = (query: string) => parseSegment(new URLSearchParams(query));
  it("takes a band of a fixed breakdown, a country, a country's region, or the unknown place", () => {
    expect(parse("dimension=age&segment=25-34")).toEqual({ dimension: "age", key: "25-34", country: null });
    expect(parse("dimension=country&segment=PL")).toEqual({ dimension: "country", key: "PL", country: null });
    expect(parse("dimension=country&segment=")).toEqual({ dimension: "country", key: "", country: null });
    expect(parse("dimension=region&segment=ON&country=CA")).toEqual({ dimension: "region", key: "ON", country: "CA" });
  });
  it("refuses anything else", () => {
    for (const query of ["", "dimension=age&segment=20-24", "dimension=country&segment=Poland", "dimension=region&segment=ON", "dimension=tier&segment=Gold", "dimension=recency&segment='; DROP"]) {
      expect(parse(query), query).toBeNull();
    }
  });
});
