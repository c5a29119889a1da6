// The audience page on a real database: every breakdown's figures against a hand-worked shop, the
// regions of a country, orders by weekday and hour on the shop's clock across a change of clocks,
// the SQL's bands agreeing with app/loyalty/audience.ts at their edges, and a segment's CSV. The
// members' figures come from a snapshot (053): none until the background computes it, as of its
// time, recomputed by the hourly keeping and when asked for.
import { createClient } from "@libsql/client";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { ageBand, bandsOf, DIMENSIONS, frequencyBand, orderValueBand, orderValueBounds, recencyBand } from "../app/loyalty/audience";
import { dimensionSql, refreshAudienceSnapshot, requestAudienceSnapshot, stepAudienceSnapshots, whenQuery } from "../app/loyalty/audience.server";
import { runScheduledWork } from "../app/loyalty/scheduled.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";

const { db, url } = useFreshAppDatabase();
const SHOP = "audience.myshopify.com";
const DAY = 86_400_000;
const RANGE = "from=2026-10-20&to=2026-11-30";
let shopId = "";
let rewardId = "";
let seq = 0;

const ago = (days: number) => new Date(Date.now() - days * DAY);
const yearsAgo = (years: number) => `${new Date().getUTCFullYear() - years}-06-15`;

async function member(shop: string, data: Record<string, unknown>) {
  const id = `c${++seq}`;
  return db.member.create({ data: { shopId: shop, customerId: id, email: `${id}@example.com`, ...data } });
}

async function redemption(memberId: string, pointsSpent: number, status: string) {
  await db.redemption.create({ data: { shopId, memberId, rewardId, requestId: `r${++seq}`, pointsSpent, status } });
}

async function order(at: string, data: Record<string, unknown> = {}) {
  await db.orderSummary.create({
    data: { shopId, orderId: `o${++seq}`, currencyCode: "USD", totalMinor: 4000, subtotalMinor: 4000, earningFacts: "{}", processedAt: new Date(at), paidAt: new Date(at), ...data },
  });
}

let members: Record<"m1" | "m2" | "m3" | "m4", string>;

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "USD", timezone: "Europe/Warsaw" })).id;
  await storeOfflineSession(db, SHOP);
  rewardId = (await db.reward.create({ data: { shopId, name: "$5 off", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } })).id;
  // M1: Mazovia, about 30, 3 orders averaging $50.00, the last 10 days ago.
  const m1 = await member(shopId, { countryCode: "PL", provinceCode: "MZ", birthday: yearsAgo(30), orderCount: 3, lifetimeSpentMinor: 15_000, lastOrderAt: ago(10), balance: 200, lifetimePoints: 500 });
  // M2: Poland, no region; a birthday without its year; 1 order of $20.00, 100 days ago.
  const m2 = await member(shopId, { countryCode: "PL", birthday: "--05-17", orderCount: 1, lifetimeSpentMinor: 2_000, lastOrderAt: ago(100), balance: 50, pendingPoints: 10, lifetimePoints: 60 });
  // M3: Bavaria, about 70, 12 orders averaging $250.00, the last 400 days ago.
  const m3 = await member(shopId, { countryCode: "DE", provinceCode: "BY", birthday: yearsAgo(70), orderCount: 12, lifetimeSpentMinor: 300_000, lastOrderAt: ago(400), balance: 1_000, lifetimePoints: 3_000 });
  // M4: nowhere known, no birthday, never ordered.
  const m4 = await member(shopId, {});
  members = { m1: m1.id, m2: m2.id, m3: m3.id, m4: m4.id };
  // Not counted: an erased member, and another shop's.
  await member(shopId, { countryCode: "PL", orderCount: 5, lifetimeSpentMinor: 99_999, balance: 999, lifetimePoints: 999, redactedAt: new Date() });
  const other = (await installTestShop(db, "audience-other.myshopify.com")).id;
  await member(other, { countryCode: "PL", orderCount: 2, balance: 999 });

  // Redeemed: M1 300 points (issued); M3 500 (used). Given back or failed redemptions spent nothing.
  await redemption(m1.id, 300, "issued");
  await redemption(m3.id, 500, "used");
  await redemption(m3.id, 200, "returned");
  await redemption(m3.id, 100, "failed");

  // Feedback in the range: M1 5, M2 3. M2's answer of the quarter before is outside it.
  await db.feedbackAnswer.create({ data: { shopId, memberId: m1.id, quarter: "2026-Q4", score: 5, createdAt: new Date("2026-11-10T12:00:00Z") } });
  await db.feedbackAnswer.create({ data: { shopId, memberId: m2.id, quarter: "2026-Q4", score: 3, createdAt: new Date("2026-11-15T12:00:00Z") } });
  await db.feedbackAnswer.create({ data: { shopId, memberId: m2.id, quarter: "2026-Q3", score: 1, createdAt: new Date("2026-07-01T12:00:00Z") } });

  // Member orders in Warsaw: summer time (+2) until 2026-10-25 01:00 UTC, then +1.
  await order("2026-10-24T22:30:00Z", { memberId: m1.id }); // Sunday 25 October, 00:30 (+2)
  await order("2026-10-25T22:30:00Z", { memberId: m1.id }); // Sunday 25 October, 23:30 (+1)
  await order("2026-11-02T23:30:00Z", { memberId: m2.id, totalMinor: 5_000 }); // Tuesday 3 November, 00:30
  await order("2026-11-08T10:15:00Z", { memberId: m3.id, totalMinor: 3_000, refundedMinor: 1_000 }); // Sunday, 11:15
  await order("2026-11-09T10:45:00Z", { memberId: m3.id }); // Monday, 11:45
  // Not counted: cancelled, a test, a guest's, and one after the range.
  await order("2026-11-10T10:00:00Z", { memberId: m1.id, cancelledAt: new Date("2026-11-11T10:00:00Z") });
  await order("2026-11-10T10:00:00Z", { memberId: m1.id, isTest: true });
  await order("2026-11-10T10:00:00Z", { customerId: "guest" });
  await order("2026-12-01T10:00:00Z", { memberId: m1.id });
});

const load = async (query: string, shop = SHOP) => {
  const { loader } = await import("../app/routes/app.audience");
  return loader({ request: adminRequest(`/app/audience?${query}`, shop), params: {}, context: {} });
};

describe("the members' snapshot", () => {
  it("is asked of the background on the first visit (the page shows none meanwhile), then computed by the jobs loop", async () => {
    const before = await load(RANGE);
    expect(before).toMatchObject({ asOf: null, refreshing: true });
    expect(before.breakdowns.find((b) => b.dimension === "frequency")!.segments.every((s) => s.members === 0)).toBe(true);
    expect((await db.audienceSnapshot.findUniqueOrThrow({ where: { shopId } })).computedAt).toBeNull();

    expect(await stepAudienceSnapshots(db)).toBe(true);
    expect(await stepAudienceSnapshots(db)).toBe(false); // nothing else asked for
    const after = await load(RANGE);
    const { computedAt } = await db.audienceSnapshot.findUniqueOrThrow({ where: { shopId } });
    expect(after).toMatchObject({ asOf: computedAt!.toISOString(), refreshing: false });
    expect(after.breakdowns.find((b) => b.dimension === "frequency")!.segments.map((s) => s.members)).toEqual([1, 1, 1, 0, 1]);
  });
});
const segments = async (query: string, dimension: string) => (await load(query)).breakdowns.find((b) => b.dimension === dimension)!.segments;

describe("the audience page", () => {
  it("breaks the members down by country, most first, the unknown last, with each segment's figures", async () => {
    expect(await segments(RANGE, "country")).toEqual([
      // 1 of 2 buyers ordered again; $170.00 over 4 orders; 200 + 50 + 10 points held; 300 of 560 points redeemed; (5 + 3) / 2.
      { key: "PL", members: 2, repeatRate: 0.5, averageOrderMinor: 4_250, pointsOutstanding: 260, redemptionRate: 300 / 560, satisfaction: 4, answers: 2 },
      // 500 of 3,000 points redeemed (given back and failed redemptions spent nothing); no answer.
      { key: "DE", members: 1, repeatRate: 1, averageOrderMinor: 25_000, pointsOutstanding: 1_000, redemptionRate: 500 / 3_000, satisfaction: null, answers: 0 },
      { key: "", members: 1, repeatRate: null, averageOrderMinor: null, pointsOutstanding: 0, redemptionRate: null, satisfaction: null, answers: 0 },
    ]);
  });

  it("bands the members by age, orders, average order and last order", async () => {
    const page = await load(RANGE);
    const counts = (dimension: string) => Object.fromEntries(page.breakdowns.find((b) => b.dimension === dimension)!.segments.map((s) => [s.key, s.members]));
    expect(page.breakdowns.map((b) => b.dimension)).toEqual([...DIMENSIONS]);
    expect(counts("age")).toEqual({ under25: 0, "25-34": 1, "35-44": 0, "45-54": 0, "55-64": 0, "65+": 1, unknown: 2 });
    expect(counts("frequency")).toEqual({ "0": 1, "1": 1, "2-3": 1, "4-9": 0, "10+": 1 });
    expect(counts("orderValue")).toEqual({ v1: 1, v2: 0, v3: 1, v4: 0, v5: 1, none: 1 });
    expect(counts("recency")).toEqual({ "0-29": 1, "30-89": 0, "90-179": 1, "180-364": 0, "365+": 1, never: 1 });
    expect(page.orderValueBounds).toEqual([2_500, 5_000, 10_000, 20_000]);
    // The unknown age: M2 (no year) and M4; 1 of their 1 buyer ordered once: no repeat; M2's answer of 3.
    expect(page.breakdowns.find((b) => b.dimension === "age")!.segments.at(-1)).toEqual({
      key: "unknown", members: 2, repeatRate: 0, averageOrderMinor: 2_000, pointsOutstanding: 60, redemptionRate: 0, satisfaction: 3, answers: 1,
    });
    expect(page.regions).toBeNull();
  });

  it("shows a chosen country's regions", async () => {
    const page = await load(`${RANGE}&country=PL`);
    expect(page.regions).toEqual({
      country: "PL",
      segments: [
        { key: "MZ", members: 1, repeatRate: 1, averageOrderMinor: 5_000, pointsOutstanding: 200, redemptionRate: 300 / 500, satisfaction: 5, answers: 1 },
        { key: "", members: 1, repeatRate: 0, averageOrderMinor: 2_000, pointsOutstanding: 60, redemptionRate: 0, satisfaction: 3, answers: 1 },
      ],
    });
  });

  it("counts the period's member orders by weekday and hour on the shop's clock, across the change of clocks", async () => {
    const { when } = await load(RANGE);
    expect(when.orders).toBe(5);
    const busy = (slots: { key: number; orders: number }[]) => Object.fromEntries(slots.filter((s) => s.orders).map((s) => [s.key, s.orders]));
    expect(busy(when.byWeekday)).toEqual({ 1: 1, 2: 1, 7: 3 });
    expect(busy(when.byHour)).toEqual({ 0: 2, 11: 2, 23: 1 });
    // Sunday: $40.00 + $40.00 + ($30.00 - $10.00 refunded) over 3 orders.
    expect(when.byWeekday[6]).toMatchObject({ revenueMinor: 10_000, averageOrderMinor: 3_333, share: 0.6 });
  });

  it("counts a period with no change of clocks at the one offset", async () => {
    const { when } = await load("from=2026-11-01&to=2026-11-30");
    expect(when.orders).toBe(3); // Tuesday 00:30, Sunday 11:15, Monday 11:45 (+1)
    expect(Object.fromEntries(when.byHour.filter((s) => s.orders).map((s) => [s.key, s.orders]))).toEqual({ 0: 1, 11: 2 });
  });

  it("reads the orders by time from their rollup by quarter hour, on its key", async () => {
    // On a connection of its own: an EXPLAIN through the app's kept connection left it unable to write.
    const bare = createClient({ url });
    const q = whenQuery({ shopId, currency: "USD", timezone: "Europe/Warsaw", from: new Date("2026-10-20T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z"), now: new Date() });
    const plan = (await bare.execute({ sql: `EXPLAIN QUERY PLAN ${q.sql}`, args: q.args })).rows.map((r) => String(r.detail)).join(" | ");
    bare.close();
    expect(plan).toMatch(/SEARCH RollupOrderTimes USING INDEX sqlite_autoindex_RollupOrderTimes_1 \(shopId=\? AND quarter>\? AND quarter<\?\)/);
  });
});

describe("the bands in SQL", () => {
  it("put every member in the band app/loyalty/audience.ts does, at the bands' edges", async () => {
    const shop = (await installTestShop(db, "audience-edges.myshopify.com")).id;
    const now = new Date("2026-12-02T12:00:00Z");
    const bounds = orderValueBounds("USD");
    const birthdays = [null, "--02-29", "2001-12-02", "2001-12-03", "1991-12-02", "1991-12-03", "1981-12-02", "1971-12-03", "1961-12-02", "1961-12-03", "1940-01-01", "2010-02-28"];
    const counts = [0, 1, 2, 3, 4, 9, 10, 11];
    const averages = [0, 2_499, 2_500, 4_999, 5_000, 9_999, 10_000, 19_999, 20_000, 50_000];
    const lastOrders = [null, 0, 29.999, 30, 89.999, 90, 179.999, 180, 364.999, 365, 800].map((d) => (d === null ? null : new Date(now.getTime() - d * DAY)));
    const rows = Array.from({ length: 60 }, (_, i) => {
      const orderCount = counts[i % counts.length];
      return { birthday: birthdays[i % birthdays.length], orderCount, lifetimeSpentMinor: averages[i % averages.length] * orderCount + (i % 3 === 0 ? orderCount - 1 : 0), lastOrderAt: lastOrders[i % lastOrders.length] };
    });
    for (const row of rows) await member(shop, row);
    for (const dimension of ["age", "frequency", "orderValue", "recency"] as const) {
      const band = dimensionSql(dimension, { currency: "USD", now });
      const indexes = await db.$queryRawUnsafe<{ customerId: string; band: bigint | number }[]>(`SELECT m."customerId", ${band.sql} AS band FROM "Member" m WHERE m."shopId" = ? ORDER BY m."createdAt", m."id"`, ...band.args, shop);
      const found = indexes.map((row) => ({ customerId: row.customerId, band: bandsOf(dimension)![Number(row.band)] }));
      const stored = await db.member.findMany({ where: { shopId: shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      const expected = new Map(
        stored.map((m) => [
          m.customerId,
          dimension === "age" ? ageBand(m.birthday, new Date("2026-12-02T00:00:00Z")) : dimension === "frequency" ? frequencyBand(m.orderCount) : dimension === "orderValue" ? orderValueBand(m.lifetimeSpentMinor, m.orderCount, bounds) : recencyBand(m.lastOrderAt, now),
        ]),
      );
      expect(found.map((f) => [f.customerId, f.band]), dimension).toEqual(found.map((f) => [f.customerId, expected.get(f.customerId)]));
    }
  });
});

describe("a segment's export", () => {
  const exported = async (query: string) => {
    const { loader } = await import("../app/routes/app.audience.export");
    return loader({ request: adminRequest(`/app/audience/export?${query}`, SHOP), params: {}, context: {} });
  };
  const customers = async (query: string) => {
    const response = await exported(query);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const { data } = Papa.parse<Record<string, string>>(await response.text(), { header: true, skipEmptyLines: true });
    return data.map((row) => row.email).sort();
  };
  const email = async (key: keyof typeof members) => (await db.member.findUniqueOrThrow({ where: { id: members[key] } })).email;

  it("downloads the members of a country, a region, a band, and of nowhere known: this shop's, none erased", async () => {
    expect(await customers("dimension=country&segment=PL")).toEqual([await email("m1"), await email("m2")].sort());
    expect(await customers("dimension=region&country=PL&segment=MZ")).toEqual([await email("m1")]);
    expect(await customers("dimension=region&country=PL&segment=")).toEqual([await email("m2")]);
    expect(await customers("dimension=country&segment=")).toEqual([await email("m4")]);
    expect(await customers("dimension=frequency&segment=10%2B")).toEqual([await email("m3")]);
    expect(await customers("dimension=age&segment=unknown")).toEqual([await email("m2"), await email("m4")].sort());
    expect(await customers("dimension=recency&segment=90-179")).toEqual([await email("m2")]);
    expect(await customers("dimension=orderValue&segment=v2")).toEqual([]);
  });

  it("refuses a segment it does not know", async () => {
    for (const query of ["dimension=country&segment=Poland", "dimension=age&segment=18-24", "dimension=region&segment=MZ", "dimension=tier&segment=gold"]) {
      expect((await exported(query)).status, query).toBe(400);
    }
  });
});

describe("keeping the members' snapshot", () => {
  const KEPT = "audience-kept.myshopify.com";
  const MINUTE = 60_000;

  it("counts the members as of its time; the hourly keeping recomputes it once over the hour, the jobs loop when the owner asks", async () => {
    const shop = (await installTestShop(db, KEPT, { currencyCode: "USD" })).id;
    await storeOfflineSession(db, KEPT);
    await member(shop, { countryCode: "PL", orderCount: 1, lifetimeSpentMinor: 1_000 });
    const computed = new Date(Date.now() - 90 * MINUTE);
    await refreshAudienceSnapshot(db, shop, computed);
    await member(shop, { countryCode: "DE" }); // after the snapshot: not counted until the next one
    const countries = async () => (await load(RANGE, KEPT)).breakdowns.find((b) => b.dimension === "country")!.segments.map((s) => [s.key, s.members]);

    // Under the hour it is left as it is; the hourly keeping leaves it too.
    expect(await requestAudienceSnapshot(db, shop, new Date(computed.getTime() + 59 * MINUTE))).toBe(false);
    await runScheduledWork(db, new Date(computed.getTime() + 40 * MINUTE));
    expect((await db.audienceSnapshot.findUniqueOrThrow({ where: { shopId: shop } })).computedAt).toEqual(computed);
    // Past the hour, the keeping recomputes it (every shop's, once: a second run changes nothing).
    const hourly = new Date(computed.getTime() + 61 * MINUTE);
    expect((await runScheduledWork(db, hourly)).audiences).toBeGreaterThanOrEqual(1);
    expect((await runScheduledWork(db, new Date(hourly.getTime() + MINUTE))).audiences).toBe(0);
    expect(await countries()).toEqual([["DE", 1], ["PL", 1]]);
    expect(await load(RANGE, KEPT)).toMatchObject({ asOf: hourly.toISOString(), refreshing: false });

    // The owner asks: the page says it is on its way until the jobs loop has computed it.
    await member(shop, { countryCode: "DE" });
    const { action } = await import("../app/routes/app.audience");
    expect(await action({ request: adminRequest("/app/audience", KEPT, { method: "POST", body: new URLSearchParams({ intent: "refresh" }) }), params: {}, context: {} })).toMatchObject({ ok: true });
    expect(await load(RANGE, KEPT)).toMatchObject({ asOf: hourly.toISOString(), refreshing: true });
    expect(await countries()).toEqual([["DE", 1], ["PL", 1]]);
    while (await stepAudienceSnapshots(db));
    const fresh = await load(RANGE, KEPT);
    expect(fresh.refreshing).toBe(false);
    expect(new Date(fresh.asOf!).getTime()).toBeGreaterThan(hourly.getTime());
    expect(await countries()).toEqual([["DE", 2], ["PL", 1]]);

    // Over an hour old when the page is opened: it shows it, and asks the background for a fresh one.
    await refreshAudienceSnapshot(db, shop, new Date(Date.now() - 61 * MINUTE));
    expect(await load(RANGE, KEPT)).toMatchObject({ refreshing: true });
    expect(await stepAudienceSnapshots(db)).toBe(true);
  });
});
