// Every analytics figure against a small shop worked out by hand (the working is in the comments).
// Range: 1 January to 1 April 2026 (90 days: weekly buckets); "now" is 1 July 2026.
import { beforeAll, expect, it } from "vitest";
import { bucketFor, bucketOf, programAnalytics, type Analytics } from "../app/loyalty/analytics.server";
import { clawback, credit, debit, expireLot } from "../app/loyalty/ledger.server";
import { refreshCustomerOrders, refreshMemberOrders } from "../app/loyalty/orders.server";
import { ensureMember } from "../app/loyalty/members.server";
import { pointValueMinor } from "../app/loyalty/point-value";
import { installTestShop } from "./support/shop";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";

const { db } = useFreshAppDatabase();
const SHOP = "analytics.myshopify.com";
const range = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z"), now: new Date("2026-07-01T00:00:00Z") };
const at = (day: string) => new Date(`${day}T12:00:00Z`);
let shopId = "";
// Computed in each test, not once in beforeAll: mutation testing measures which tests run which
// code per test, and code run in beforeAll belongs to none, so these tests were never run against
// the mutants of the figures they check.
const analytics = (): Promise<Analytics> => programAnalytics(db, shopId, "USD", range);

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "USD" })).id;
  await storeOfflineSession(db, SHOP);
  const member = (customerId: string, day: string) => ensureMember(db, shopId, { customerId }, at(day));
  const a = await member("1", "2025-12-20"); // before the range
  const b = await member("2", "2026-01-10");
  const c = await member("3", "2026-02-20");
  const e = await member("5", "2026-03-01"); // never orders
  const d = await member("4", "2026-04-15"); // after the range
  const post = { shopId, reason: { code: "manual" as const, params: { note: "fixture" } } };

  // A: 100 before the range; in it 200 earned, 150 redeemed, 50 of those returned.
  await credit(db, { ...post, memberId: a.id, kind: "earn", key: "a0", orderId: "o0", points: 100, now: at("2025-12-21") });
  await credit(db, { ...post, memberId: a.id, kind: "earn", key: "a1", orderId: "o1", points: 200, now: at("2026-01-15") });
  await debit(db, { ...post, memberId: a.id, kind: "redeem", key: "a2", points: 150, now: at("2026-02-01") });
  await credit(db, { ...post, memberId: a.id, kind: "reversal", key: "a3", points: 50, now: at("2026-02-10") });
  // B: 300 earned, +40 and -10 adjusted, 60 clawed back.
  await credit(db, { ...post, memberId: b.id, kind: "earn", key: "b1", orderId: "o3", points: 300, now: at("2026-01-20") });
  await credit(db, { ...post, memberId: b.id, kind: "adjust", key: "b2", points: 40, now: at("2026-03-01") });
  await debit(db, { ...post, memberId: b.id, kind: "adjust", key: "b3", points: 10, now: at("2026-03-02") });
  await clawback(db, { ...post, memberId: b.id, kind: "clawback", key: "b4", orderId: "o3", points: 60, allowNegativeBalance: true, now: at("2026-03-05") });
  // C: 80 earned, all expired.
  const earned = await credit(db, { ...post, memberId: c.id, kind: "earn", key: "c1", orderId: "o6", points: 80, now: at("2026-02-25") });
  const lot = await db.pointLot.findUniqueOrThrow({ where: { entryId: earned.entry.id } });
  await expireLot(db, { shopId, lotId: lot.id, now: at("2026-03-20") });
  // D: 500 after the range.
  await credit(db, { ...post, memberId: d.id, kind: "earn", key: "d1", orderId: "o8", points: 500, now: at("2026-04-20") });

  const order = (orderId: string, day: string, totalMinor: number, who: { memberId?: string; customerId?: string } = {}, extra: Record<string, unknown> = {}) =>
    db.orderSummary.create({ data: { shopId, orderId, currencyCode: "USD", totalMinor, subtotalMinor: totalMinor, earningFacts: "{}", processedAt: at(day), paidAt: at(day), memberId: who.memberId ?? null, customerId: who.customerId ?? null, ...extra } });
  const A = { memberId: a.id, customerId: "1" };
  const B = { memberId: b.id, customerId: "2" };
  const C = { memberId: c.id, customerId: "3" };
  await order("o0", "2025-12-21", 4000, A);
  await order("o1", "2026-01-15", 10000, A);
  await order("o2", "2026-03-10", 5000, A, { refundedMinor: 1000, redemptionId: "r1" });
  await order("o3", "2026-01-20", 30000, B);
  await order("o4", "2026-02-05", 9999, B, { cancelledAt: at("2026-02-06") });
  await order("o5", "2026-02-07", 7777, B, { isTest: true });
  await order("o6", "2026-02-25", 8000, C);
  await order("o7", "2026-06-10", 2500, C); // 105 days after C's first: not within 90
  await order("o8", "2026-04-20", 20000, { memberId: d.id, customerId: "4" });
  await order("n1", "2026-01-05", 4000, { customerId: "900" });
  await order("n2", "2026-02-05", 6000, { customerId: "900" });
  await order("n3", "2026-03-28", 2000, { customerId: "900" });
  await order("n4", "2026-02-14", 3000, { customerId: "901" });
  await order("g1", "2026-03-01", 1000); // a guest
  for (const m of [a, b, c, d, e]) await refreshMemberOrders(db, m.id); // as order webhooks do
  for (const customerId of ["1", "2", "3", "4", "900", "901"]) await refreshCustomerOrders(db, shopId, customerId);

  // Point value: the best active money reward. fixed 500 pts = $5.00 (1.0/pt), slider 200 pts = $1 (0.5/pt),
  // store credit 1,000 pts = $15.00 (1.5/pt); a paused one at 10/pt does not count.
  await db.reward.createMany({
    data: [
      { shopId, name: "$5", type: "fixed_amount", pointsCost: 500, valueMinor: 500 },
      { shopId, name: "Slider", type: "points_slider", pointsCost: 200, sliderMinPoints: 200, sliderMaxPoints: 2000 },
      { shopId, name: "Credit", type: "store_credit", pointsCost: 1000, valueMinor: 1500 },
      { shopId, name: "Paused", type: "fixed_amount", pointsCost: 100, valueMinor: 1000, active: false },
      { shopId, name: "Ship", type: "free_shipping", pointsCost: 300 },
    ],
  });
});

it("counts members and participation", async () => {
  const figures = await analytics();
  // Enrolled before 1 April: A, B, C, E (not D); new in the range: B, C, E.
  // Orders in the range (below): 4 by members of 9.
  expect(figures.members).toEqual({ total: 4, new: 3 });
  expect(figures.participation).toEqual({ memberOrders: 4, orders: 9, rate: 4 / 9 });
});

it("sums points issued, redeemed, expired, taken back and outstanding, and the liability", async () => {
  const figures = await analytics();
  // Issued: earned 200 + 300 + 80, adjusted +40 = 620. Redeemed: 150 - 50 returned = 100. Expired 80.
  // Taken back: clawback 60 + adjustment -10 = 70. Outstanding on 1 April: A 200, B 270, C 0 = 470.
  expect(figures.points).toEqual({ issued: 620, redeemed: 100, expired: 80, takenBack: 70, outstanding: 470, redemptionRate: 100 / 620 });
  // 470 points at 1.5 cents = $7.05.
  expect(figures.liability).toEqual({ pointValueMinor: 1.5, minor: 705 });
});

it("compares members' and non-members' orders", async () => {
  const figures = await analytics();
  // Members: o1 100.00, o2 50.00 - 10.00 refunded, o3 300.00, o6 80.00 (o4 cancelled, o5 a test) = 4 orders, 520.00.
  // Returning: o1 and o2 (A ordered o0 before); o3 and o6 are B's and C's first. Non-members: n1-n4
  // and the guest = 5 orders, 160.00; returning: n2 and n3 (900's first is n1; 901's n4; a guest never).
  expect(figures.orders.members).toEqual({ orders: 4, revenueMinor: 52000, averageOrderMinor: 13000, returningOrders: 2, returningRate: 0.5 });
  expect(figures.orders.nonMembers).toEqual({ orders: 5, revenueMinor: 16000, averageOrderMinor: 3200, returningOrders: 2, returningRate: 0.4 });
});

it("measures 90-day retention and revenue from reward orders", async () => {
  const figures = await analytics();
  // Members' first orders in the range: B 20 Jan (the rest cancelled or a test: not kept), C 25 Feb
  // (next 10 Jun, 105 days on: too late). A's first was o0, before the range.
  expect(figures.retention).toEqual({ cohort: 2, retained: 0, rate: 0 });
  expect(figures.rewardOrders).toEqual({ orders: 1, revenueMinor: 4000 });
});

it("breaks today's members down by purchase frequency and recency", async () => {
  const figures = await analytics();
  // On 1 July: A o0, o1, o2 = 3 orders, last 10 Mar (113 days). B 1 (o4 cancelled, o5 a test), 20 Jan (162 days).
  // C o6, o7 = 2, last 10 Jun (21 days). D 1, 20 Apr (72 days). E none.
  expect(figures.frequency).toEqual([{ orders: "0", members: 1 }, { orders: "1", members: 2 }, { orders: "2", members: 1 }, { orders: "3-4", members: 1 }, { orders: "5+", members: 0 }]);
  expect(figures.recency).toEqual([{ lastOrder: "0-30", members: 1 }, { lastOrder: "31-90", members: 1 }, { lastOrder: "91-180", members: 2 }, { lastOrder: "181+", members: 0 }, { lastOrder: "never", members: 1 }]);
});

it("puts a last order on the 30th, 90th and 180th day back in the nearer band, and one a day further back in the farther", async () => {
  // 1 July less 30 days is 1 June, less 90 is 2 April, less 180 is 2 January.
  const edges = await installTestShop(db, "analytics-edges.myshopify.com", { currencyCode: "USD" });
  const days = ["2026-06-01", "2026-05-31", "2026-04-02", "2026-04-01", "2026-01-02", "2026-01-01"];
  for (const [i, day] of days.entries()) {
    const member = await ensureMember(db, edges.id, { customerId: String(i + 1) }, at("2025-12-01"));
    await db.orderSummary.create({ data: { shopId: edges.id, orderId: `e${i}`, currencyCode: "USD", totalMinor: 1000, subtotalMinor: 1000, earningFacts: "{}", processedAt: at(day), paidAt: at(day), memberId: member.id, customerId: String(i + 1) } });
    await refreshMemberOrders(db, member.id);
  }
  const { recency } = await programAnalytics(db, edges.id, "USD", range);
  expect(recency).toEqual([{ lastOrder: "0-30", members: 1 }, { lastOrder: "31-90", members: 2 }, { lastOrder: "91-180", members: 2 }, { lastOrder: "181+", members: 1 }, { lastOrder: "never", members: 0 }]);
});

it("charts points and new members by week, starting Mondays", async () => {
  const figures = await analytics();
  expect(figures.bucket).toBe("week");
  const total = (key: "issued" | "redeemed" | "expired" | "newMembers") => figures.series.reduce((sum, b) => sum + b[key], 0);
  expect([total("issued"), total("redeemed"), total("expired"), total("newMembers")]).toEqual([620, 100, 80, 3]);
  // Thursday 15 Jan is in the week of Monday 12 Jan; Tuesday 20 Jan in that of Monday 19 Jan.
  expect(figures.series.find((b) => b.bucket === "2026-01-12")).toEqual({ bucket: "2026-01-12", issued: 200, redeemed: 0, expired: 0, newMembers: 0 });
  expect(figures.series.find((b) => b.bucket === "2026-01-19")).toMatchObject({ issued: 300 });
  // Sunday 1 Feb (A redeems 150) is in the week of Monday 26 Jan; Tuesday 10 Feb (50 returned) in
  // that of 9 Feb; Friday 20 Mar (C's 80 expire) in that of 16 Mar.
  expect(figures.series.find((b) => b.bucket === "2026-01-26")).toMatchObject({ issued: 0, redeemed: 150, expired: 0 });
  expect(figures.series.find((b) => b.bucket === "2026-02-09")).toMatchObject({ redeemed: -50 });
  expect(figures.series.find((b) => b.bucket === "2026-03-16")).toMatchObject({ redeemed: 0, expired: 80 });
  expect(figures.series.map((b) => b.bucket)).toEqual([...figures.series.map((b) => b.bucket)].sort());
});

it("charts by day up to 62 days, by week up to 400, then by month; a week is named by its Monday", () => {
  const from = new Date("2026-01-01T00:00:00Z");
  const after = (days: number) => new Date(from.getTime() + days * 86_400_000);
  expect([62, 63, 400, 401].map((days) => bucketFor(from, after(days)))).toEqual(["day", "week", "week", "month"]);
  // 1 March 2026 is a Sunday, 2 March a Monday.
  expect(["2026-03-01", "2026-03-02", "2026-03-08"].map((day) => bucketOf(day, "week"))).toEqual(["2026-02-23", "2026-03-02", "2026-03-02"]);
  expect([bucketOf("2026-03-01", "day"), bucketOf("2026-03-31", "month")]).toEqual(["2026-03-01", "2026-03"]);
});

it("values points by the best money reward, in the shop's currency", () => {
  expect(pointValueMinor([{ type: "points_slider", pointsCost: 4, valueMinor: null }], "JPY")).toBe(0.25);
  expect(pointValueMinor([{ type: "points_slider", pointsCost: 4, valueMinor: null }], "KWD")).toBe(250);
  expect(pointValueMinor([{ type: "free_shipping", pointsCost: 4, valueMinor: null }], "USD")).toBeNull();
  // A reward given for 0 points says nothing of what a point is worth.
  expect(pointValueMinor([{ type: "fixed_amount", pointsCost: 0, valueMinor: 500 }, { type: "fixed_amount", pointsCost: 100, valueMinor: 500 }], "USD")).toBe(5);
});

it("the page reads its range from the address, the last day included, and says what is wrong with a bad one", async () => {
  const route = await import("../app/routes/app.analytics");
  const load = (query: string) => route.loader({ request: adminRequest(`/app/analytics?${query}`, SHOP), params: {}, context: {} });
  const page = await load("from=2026-01-01&to=2026-03-31");
  expect(page.errors).toEqual({});
  expect(page.figures.points).toMatchObject({ issued: 620, redeemed: 100, expired: 80, outstanding: 470 });
  expect(page.figures.to).toBe("2026-04-01T00:00:00.000Z");
  const backwards = await load("from=2026-03-01&to=2026-01-01");
  expect(backwards.errors).toEqual({ to: "analytics.errors.beforeFrom" });
  expect(backwards.chosen).toEqual({ from: "2026-03-01", to: "2026-01-01" });
  expect((await load("from=yesterday&to=2026-01-01")).errors).toEqual({ from: "analytics.errors.date" });
  expect((await load("from=2020-01-01&to=2026-01-01")).errors).toEqual({ to: "analytics.errors.tooLong" });
});

it("counts what happens on the range's first instant and not what happens on the instant it ends", async () => {
  // A shop of its own whose every fact lies a second either side of the range's edges.
  const edges = (await installTestShop(db, "edges.myshopify.com", { currencyCode: "USD" })).id;
  const instants = { before: "2025-12-31T23:59:59Z", first: "2026-01-01T00:00:00Z", last: "2026-03-31T23:59:59Z", end: "2026-04-01T00:00:00Z" };
  let n = 0;
  for (const [label, instant] of Object.entries(instants)) {
    const when = new Date(instant);
    const member = await ensureMember(db, edges, { customerId: `edge-${label}` }, when);
    await credit(db, { shopId: edges, memberId: member.id, kind: "earn", key: `edge-${label}`, orderId: `edge-o-${label}`, points: 10 ** n, reason: { code: "manual", params: { note: label } }, now: when });
    await db.orderSummary.create({ data: { shopId: edges, orderId: `edge-o-${label}`, currencyCode: "USD", totalMinor: 100 * 10 ** n, subtotalMinor: 100 * 10 ** n, earningFacts: "{}", processedAt: when, paidAt: when, memberId: member.id, customerId: `edge-${label}` } });
    n++;
  }
  const inRange = await programAnalytics(db, edges, "USD", range);
  // first = 10 points, last = 100 points; before (1) and end (1000) are outside.
  expect(inRange.points.issued).toBe(110);
  expect(inRange.members.new).toBe(2);
  expect(inRange.orders.members).toMatchObject({ orders: 2, revenueMinor: 1000 + 10000 });
  expect(inRange.series.reduce((sum, b) => sum + b.issued, 0)).toBe(110);
  // The page asked for 1 January to 31 March, the last day included: the same range.
  const route = await import("../app/routes/app.analytics");
  await storeOfflineSession(db, "edges.myshopify.com");
  const page = await route.loader({ request: adminRequest("/app/analytics?from=2026-01-01&to=2026-03-31", "edges.myshopify.com"), params: {}, context: {} });
  expect(page.figures.points.issued).toBe(110);
  expect(page.figures.orders.members.orders).toBe(2);
});
