// The analytics' daily rollups: kept by triggers as the real order, ledger and privacy paths write,
// equal to a rebuild from the rows they sum after any sequence of events (out of order, cancelled,
// refunded, tests, guests, a redacted customer), and the figures read from them equal the same
// figures worked out here from the rows themselves.
import { createClient } from "@libsql/client";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDb } from "../app/db.server";
import { FREQUENCY_BANDS, programAnalytics, RECENCY_BANDS, type Analytics } from "../app/loyalty/analytics.server";
import type { OrderEvent } from "../app/loyalty/events";
import { credit, debit } from "../app/loyalty/ledger.server";
import type { OrderFacts } from "../app/loyalty/order-points";
import { applyOrderEvent } from "../app/loyalty/orders.server";
import { redactCustomer } from "../app/loyalty/privacy.server";
import { rebuildRollups } from "../app/loyalty/rollups.server";
import { freshDatabase } from "./support/database";
import { propertyRuns } from "./support/property-runs";
import { tempDir } from "./support/temp";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
const NOW = new Date(BASE + 240 * DAY);
const CUSTOMERS = ["c1", "c2", "c3", "c4", null] as const; // null: a guest

it("has a trigger on each table the rollups sum (a migration that redefines a table drops them)", async () => {
  const triggers = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%rollup%' ORDER BY name`);
  expect(triggers.map((t) => t.name)).toEqual([
    "LedgerEntry_rollup",
    "Member_rollup_enrolled",
    "Member_rollup_insert",
    "Member_rollup_orders",
    "OrderSummary_rollup_insert",
    "OrderSummary_rollup_update",
  ]);
});

type Rows = Record<string, unknown[]>;

/** Every rollup row of the shop that holds something (a trigger may leave a row at zero; a rebuild does not). */
async function rollups(shopId: string): Promise<Rows> {
  const read = (table: string, values: string) =>
    db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}" WHERE "shopId" = ? AND (${values}) <> 0 ORDER BY 2, 3`, shopId);
  return {
    points: await read("RollupPoints", `abs(credit) + abs(debit)`),
    members: await read("RollupMembers", `abs(enrolled)`),
    orders: await read("RollupOrders", `abs(orders) + abs(revenueMinor) + abs(rewardOrders) + abs(returningOrders) + abs(firstOrders) + abs(retainedOrders)`),
    lastOrders: await read("RollupLastOrders", `abs(members)`),
    orderTimes: await read("RollupOrderTimes", `abs(orders) + abs(revenueMinor)`),
  };
}

/** The figures worked out from the rows themselves, by the definitions in app/loyalty/analytics.server.ts. */
async function expectedFigures(shopId: string, from: Date, to: Date): Promise<Partial<Analytics>> {
  const inRange = (d: Date) => d >= from && d < to;
  const entries = await db.ledgerEntry.findMany({ where: { shopId } });
  const members = await db.member.findMany({ where: { shopId } });
  const orders = (await db.orderSummary.findMany({ where: { shopId } })).filter((o) => o.cancelledAt === null && !o.isTest);
  const sum = (kind: string, sign: 1 | -1) => entries.filter((e) => inRange(e.occurredAt) && e.kind === kind).reduce((s, e) => s + Math.max(sign * e.amount, 0), 0);
  const issued = sum("earn", 1) + sum("adjust", 1);
  const redeemed = sum("redeem", -1) - sum("reversal", 1);
  // A customer's orders in the order they were placed; the first is theirs, the rest are returning.
  const byCustomer = new Map<string, typeof orders>();
  for (const o of orders) if (o.customerId) byCustomer.set(o.customerId, [...(byCustomer.get(o.customerId) ?? []), o]);
  const firstOf = new Map<string, { retained: boolean }>();
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || (a.id < b.id ? -1 : 1));
    const [first, next] = list;
    firstOf.set(first.id, { retained: !!next && next.processedAt > first.processedAt && next.processedAt.getTime() <= first.processedAt.getTime() + 90 * DAY });
  }
  const group = (member: boolean) => {
    const list = orders.filter((o) => inRange(o.processedAt) && (o.memberId !== null) === member);
    const revenueMinor = list.reduce((s, o) => s + o.totalMinor - o.refundedMinor, 0);
    const returningOrders = list.filter((o) => o.customerId !== null && !firstOf.has(o.id)).length;
    return { orders: list.length, revenueMinor, averageOrderMinor: list.length ? Math.round(revenueMinor / list.length) : null, returningOrders, returningRate: list.length ? returningOrders / list.length : null };
  };
  const cohortEnd = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()) - 90 * DAY); // whole days only
  const cohort = orders.filter((o) => o.memberId && firstOf.has(o.id) && inRange(o.processedAt) && o.processedAt < cohortEnd);
  const retained = cohort.filter((o) => firstOf.get(o.id)!.retained).length;
  const memberOrders = group(true);
  const all = memberOrders.orders + group(false).orders;
  const rewardOrders = orders.filter((o) => inRange(o.processedAt) && o.redemptionId);
  const band = (n: number) => (n <= 2 ? String(n) : n <= 4 ? "3-4" : "5+");
  const daysAgo = (d: Date) => Math.floor(NOW.getTime() / DAY) - Math.floor(d.getTime() / DAY);
  const recency = (d: Date | null) => (d === null ? "never" : daysAgo(d) <= 30 ? "0-30" : daysAgo(d) <= 90 ? "31-90" : daysAgo(d) <= 180 ? "91-180" : "181+");
  return {
    members: { total: members.filter((m) => m.enrolledAt < to).length, new: members.filter((m) => inRange(m.enrolledAt)).length },
    participation: { memberOrders: memberOrders.orders, orders: all, rate: all ? memberOrders.orders / all : null },
    points: {
      issued,
      redeemed,
      expired: sum("expire", -1),
      takenBack: sum("clawback", -1) + sum("cancel", -1) + sum("adjust", -1),
      outstanding: entries.filter((e) => e.occurredAt < to).reduce((s, e) => s + e.amount, 0),
      redemptionRate: issued ? redeemed / issued : null,
    },
    orders: { members: memberOrders, nonMembers: group(false) },
    retention: { cohort: cohort.length, retained, rate: cohort.length ? retained / cohort.length : null },
    rewardOrders: { orders: rewardOrders.length, revenueMinor: rewardOrders.reduce((s, o) => s + o.totalMinor - o.refundedMinor, 0) },
    frequency: FREQUENCY_BANDS.map((b) => ({ orders: b, members: members.filter((m) => band(m.orderCount) === b).length })),
    recency: RECENCY_BANDS.map((b) => ({ lastOrder: b, members: members.filter((m) => recency(m.lastOrderAt) === b).length })),
  };
}

const step = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("order" as const), customer: fc.nat(CUSTOMERS.length - 1), day: fc.nat(230), price: fc.integer({ min: 100, max: 90_000 }), test: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("cancel" as const), order: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("refund" as const), order: fc.nat(), amount: fc.integer({ min: 1, max: 30_000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("points" as const), customer: fc.nat(3), day: fc.nat(230), amount: fc.integer({ min: -300, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("redact" as const), customer: fc.nat(3) }) },
);

let run = 0;

it("keeps the rollups equal to a rebuild from the rows, and the figures equal to the rows' own", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 30 }), fc.nat(200), fc.integer({ min: 1, max: 120 }), async (steps, fromDay, days) => {
      const shop = await installTestShop(db, `rollups-${++run}.myshopify.com`);
      const orders: (OrderEvent & { type: "paid" })[] = [];
      for (const [i, s] of steps.entries()) {
        if (s.op === "order") {
          const customerId = CUSTOMERS[s.customer];
          const placedAt = new Date(BASE + s.day * DAY + i * 60_000);
          const lines = [{ lineItemId: `${i}-1`, productId: null, quantity: 1, unitPriceMinor: s.price, discountMinor: 0, taxMinor: 0, isGiftCard: false }];
          const facts: OrderFacts = { currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: s.test && s.price % 3 === 0, placedAt, subtotalMinor: s.price };
          const order = { orderId: `o${i}`, name: `#${i}`, customer: customerId ? { customerId } : null, currency: "USD", totalMinor: s.price, subtotalMinor: s.price, discountMinor: 0, discountCodes: [], facts, processedAt: placedAt, cancelledAt: null };
          const paid = { type: "paid" as const, order };
          await applyOrderEvent(db, shop.id, paid, placedAt);
          orders.push(paid);
        } else if (s.op === "cancel" && orders.length) {
          const { order } = orders[s.order % orders.length];
          await applyOrderEvent(db, shop.id, { type: "cancelled", order: { ...order, cancelledAt: new Date(order.processedAt.getTime() + DAY) } });
        } else if (s.op === "refund" && orders.length) {
          const { order } = orders[s.order % orders.length];
          const refundedAt = new Date(order.processedAt.getTime() + 2 * DAY);
          await applyOrderEvent(db, shop.id, { type: "refund", orderId: order.orderId, refundId: `r${i}`, currency: "USD", lines: [], unallocatedMinor: s.amount, amountMinor: s.amount, refundedAt });
        } else if (s.op === "points") {
          const member = await db.member.findFirst({ where: { shopId: shop.id, customerId: CUSTOMERS[s.customer]! } });
          if (!member || s.amount === 0) continue;
          const post = { shopId: shop.id, memberId: member.id, key: `p${i}`, reason: { code: "manual" as const, params: { note: "test" } }, now: new Date(BASE + s.day * DAY) };
          if (s.amount > 0) await credit(db, { ...post, kind: "adjust", points: s.amount });
          else if (member.balance >= -s.amount) await debit(db, { ...post, kind: "redeem", points: -s.amount });
        } else if (s.op === "redact") {
          await redactCustomer(db, shop.id, CUSTOMERS[s.customer]!);
        }
      }

      const kept = await rollups(shop.id);
      await rebuildRollups(db, { shopId: shop.id });
      expect(await rollups(shop.id)).toEqual(kept);

      const from = new Date(BASE + fromDay * DAY);
      const to = new Date(from.getTime() + days * DAY);
      const figures = await programAnalytics(db, shop.id, "USD", { from, to, now: NOW });
      expect(figures).toMatchObject(await expectedFigures(shop.id, from, to));
    }),
    { numRuns: propertyRuns(40) },
  );
});

it("rebuilds every shop when none is named, and tells each step", async () => {
  const steps: string[] = [];
  const shops = await rebuildRollups(db, { progress: (shop, step) => steps.push(`${shop} ${step}`) });
  expect(shops).toBe(await db.shop.count());
  expect(steps).toContain("rollups-1.myshopify.com first orders");
  expect(steps.filter((s) => s.startsWith("rollups-1.myshopify.com"))).toEqual(
    ["first orders", "points", "points", "members", "members", "last orders", "last orders", "orders", "orders", "order times", "order times"].map((s) => `rollups-1.myshopify.com ${s}`),
  );  const domains = (await db.shop.findMany({ select: { domain: true } })).map((shop) => shop.domain).sort();
  expect([...new Set(steps.map((s) => s.split(" ")[0]))]).toEqual(domains); // one shop after another, by domain

  const named = await db.shop.findFirstOrThrow({ where: { domain: "rollups-1.myshopify.com" } });
  const namedSteps: string[] = [];
  expect(await rebuildRollups(db, { shopId: named.id, progress: (shop) => namedSteps.push(shop) })).toBe(1);
  expect(new Set(namedSteps)).toEqual(new Set([named.domain]));
});

it("fills the rollups of what a shop already had when the migration that adds them runs", async () => {
  // A database as it was before the rollups, with a shop's history, then the rollups' migration.
  const url = `file:${join(tempDir("klub-rollups-migration-"), "before.sqlite")}`;
  const sqlite = createClient({ url });
  const migrations = readdirSync("prisma/migrations").filter((d) => /^\d{14}_/.test(d)).sort();
  const rollups = migrations.findIndex((d) => d.endsWith("_analytics_rollups"));
  const apply = (dir: string) => sqlite.executeMultiple(readFileSync(join("prisma/migrations", dir, "migration.sql"), "utf8"));
  for (const dir of migrations.slice(0, rollups)) await apply(dir);
  const at = (day: number) => new Date(BASE + day * DAY).toISOString().replace("Z", "+00:00");
  await sqlite.executeMultiple(`
    INSERT INTO Shop (id, domain, currencyCode, createdAt, updatedAt) VALUES ('s', 'before.myshopify.com', 'USD', '${at(0)}', '${at(0)}');
    INSERT INTO Member (id, shopId, customerId, balance, orderCount, lastOrderAt, enrolledAt, lastActivityAt, createdAt, updatedAt)
      VALUES ('m1', 's', '1', 70, 2, '${at(30)}', '${at(0)}', '${at(0)}', '${at(0)}', '${at(0)}'), ('m2', 's', '2', 0, 0, NULL, '${at(3)}', '${at(3)}', '${at(3)}', '${at(3)}');
    INSERT INTO LedgerEntry (id, shopId, memberId, kind, amount, requested, balanceAfter, reason, idempotencyKey, createdAt)
      VALUES (1, 's', 'm1', 'earn', 100, 100, 100, 'x', 'k1', '${at(1)}'), (2, 's', 'm1', 'redeem', -30, -30, 70, 'x', 'k2', '${at(2)}');
    INSERT INTO OrderSummary (id, shopId, orderId, customerId, memberId, currencyCode, totalMinor, subtotalMinor, refundedMinor, earningFacts, processedAt, createdAt, updatedAt)
      VALUES ('o1', 's', '1', '1', 'm1', 'USD', 5000, 5000, 0, '{}', '${at(1)}', '${at(1)}', '${at(1)}'),
             ('o2', 's', '2', '1', 'm1', 'USD', 3000, 3000, 1000, '{}', '${at(30)}', '${at(30)}', '${at(30)}'),
             ('o3', 's', '3', '9', NULL, 'USD', 2000, 2000, 0, '{}', '${at(5)}', '${at(5)}', '${at(5)}'),
             ('o4', 's', '4', NULL, NULL, 'USD', 1000, 1000, 0, '{}', '${at(6)}', '${at(6)}', '${at(6)}');
  `);
  for (const dir of migrations.slice(rollups)) await apply(dir); // the rollups', and those that came after
  sqlite.close();

  const migrated = createDb(url);
  try {
    const read = async () => ({
      points: await migrated.rollupPoints.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }] }),
      members: await migrated.rollupMembers.findMany({ orderBy: { day: "asc" } }),
      orders: await migrated.rollupOrders.findMany({ orderBy: [{ day: "asc" }, { member: "asc" }] }),
      lastOrders: await migrated.rollupLastOrders.findMany({ orderBy: [{ day: "asc" }, { band: "asc" }] }),
      orderTimes: await migrated.rollupOrderTimes.findMany({ orderBy: { quarter: "asc" } }),
      flags: await migrated.orderSummary.findMany({ select: { id: true, firstOrder: true, retained: true }, orderBy: { id: "asc" } }),
    });
    const filled = await read();
    expect(filled.flags).toEqual([
      { id: "o1", firstOrder: true, retained: true }, // o2 came 29 days later
      { id: "o2", firstOrder: false, retained: false },
      { id: "o3", firstOrder: true, retained: false },
      { id: "o4", firstOrder: false, retained: false }, // a guest's
    ]);
    expect(filled.orders.map((r) => [r.day, r.member, r.orders, r.revenueMinor, r.returningOrders, r.firstOrders, r.retainedOrders])).toEqual([
      [at(1).slice(0, 10), true, 1, 5000, 0, 1, 1],
      [at(5).slice(0, 10), false, 1, 2000, 0, 1, 0],
      [at(6).slice(0, 10), false, 1, 1000, 0, 0, 0],
      [at(30).slice(0, 10), true, 1, 2000, 1, 0, 0],
    ]);
    // The audience's member orders by quarter hour (filled by its own, later migration): o1 and o2, less o2's refund.
    expect(filled.orderTimes.map((r) => [r.quarter, r.orders, r.revenueMinor])).toEqual([
      [Math.floor((BASE + DAY) / 900_000), 1, 5000],
      [Math.floor((BASE + 30 * DAY) / 900_000), 1, 2000],
    ]);
    await rebuildRollups(migrated);
    expect(await read()).toEqual(filled);
  } finally {
    await migrated.$disconnect();
  }
});
