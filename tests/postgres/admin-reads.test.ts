// The same writes on a fresh SQLite database and a fresh PostgreSQL one, through the domain's own
// functions (orders, refunds, cancellations, members, points, erasure, tiers and program settings),
// then everything the triggers keep and the admin reads must be equal on both: the rollups, the
// orders by quarter hour, when the shop's setup version changed, analytics, the audience snapshot
// and page, program health, goals, member search and the members export
// (docs/decisions/055-postgresql-sql-dialects.md). Ids differ (each database's own cuids): rows are
// compared without them, and a page's order by its sort's values.
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { programAnalytics } from "../../app/loyalty/analytics.server";
import { audienceReport, refreshAudienceSnapshot, segmentWhere } from "../../app/loyalty/audience.server";
import { updateCustomerDetails } from "../../app/loyalty/customers.server";
import type { OrderEvent } from "../../app/loyalty/events";
import { credit, debit } from "../../app/loyalty/ledger.server";
import { exportMembersCsv } from "../../app/loyalty/member-export.server";
import { listMembers, MEMBER_SORTS, type MemberQuery } from "../../app/loyalty/members-query.server";
import { ensureMember } from "../../app/loyalty/members.server";
import type { OrderFacts } from "../../app/loyalty/order-points";
import { applyOrderEvent } from "../../app/loyalty/orders.server";
import { redactCustomer } from "../../app/loyalty/privacy.server";
import { addGoal, goalsWithProgress } from "../../app/loyalty/program-goals.server";
import { programHealthReport } from "../../app/loyalty/program-health.server";
import { rebuildRollups } from "../../app/loyalty/rollups.server";
import { databaseOf } from "../../app/loyalty/sql-dialect.server";
import { freshDatabase } from "../support/database";
import { propertyRuns } from "../support/property-runs";
import { installTestShop } from "../support/shop";

const sqlite = freshDatabase("sqlite").db;
const postgres = freshDatabase("postgres").db;
afterAll(() => Promise.all([sqlite.$disconnect(), postgres.$disconnect()]));

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
const NOW = new Date(BASE + 240 * DAY);
const PEOPLE = [
  { customerId: "c1", firstName: "Zofia", lastName: "Wiśniewska", email: "zofia.w@example.com" },
  { customerId: "c2", firstName: "Łukasz", lastName: "Żak", email: "LUKASZ.ZAK@Poczta.PL" },
  { customerId: "c3", firstName: "Ольга", lastName: "Иванова", email: "olga@yandex.ru" },
  { customerId: "c4", firstName: "Émile", lastName: "Müller-Lüdenscheidt", email: "emile@gruß.de" },
  { customerId: "c5", firstName: "Anna", lastName: null, email: "anna_100%@example.com" },
  { customerId: "c6", firstName: null, lastName: null, email: null },
];
const CUSTOMERS = [...PEOPLE.map((p) => p.customerId), null]; // null: a guest
const SEARCHES = ["", "wi", "an", "example.com", "wiśn", "ВАНОВ", "emile mull", "gruss", "100%", "_", "zak lukasz", "no-one-here"];

const step = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant("order" as const), customer: fc.nat(CUSTOMERS.length - 1), day: fc.nat(230), minute: fc.nat(1439), price: fc.integer({ min: 100, max: 90_000 }), test: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("cancel" as const), order: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("refund" as const), order: fc.nat(), amount: fc.integer({ min: 1, max: 30_000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("points" as const), customer: fc.nat(PEOPLE.length - 1), day: fc.nat(230), amount: fc.integer({ min: -300, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("join" as const), customer: fc.nat(PEOPLE.length - 1), day: fc.nat(230) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("rename" as const), customer: fc.nat(PEOPLE.length - 1), name: fc.constantFrom("Åsa", "Øystein", "Jan Ko", null) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("redact" as const), customer: fc.nat(PEOPLE.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("tier" as const), threshold: fc.integer({ min: 1, max: 2_000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("settings" as const), earnPoints: fc.integer({ min: 1, max: 5 }) }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Applies the steps to one database's shop; whether each changed the shop's setup version. */
async function apply(db: PrismaClient, shopId: string, steps: Step[]) {
  const orders: (OrderEvent & { type: "paid" })[] = [];
  const versionChanged: boolean[] = [];
  const version = async () => (await db.shop.findUniqueOrThrow({ where: { id: shopId } })).setupVersion;
  // Most people are members with names before the first order; the last two join by a step or an order.
  for (const [i, person] of PEOPLE.slice(0, 4).entries()) await ensureMember(db, shopId, person, new Date(BASE + i * DAY), new Date(BASE + i * DAY), { welcome: false });
  for (const [i, s] of steps.entries()) {
    const before = await version();
    if (s.op === "order") {
      const customerId = CUSTOMERS[s.customer];
      const placedAt = new Date(BASE + s.day * DAY + s.minute * 60_000 + i * 1_000 + 123);
      const lines = [{ lineItemId: `${i}-1`, productId: null, quantity: 1, unitPriceMinor: s.price, discountMinor: 0, taxMinor: 0, isGiftCard: false }];
      const facts: OrderFacts = { currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: s.test && s.price % 3 === 0, placedAt, subtotalMinor: s.price };
      const order = { orderId: `o${i}`, name: `#${i}`, customer: customerId ? { customerId } : null, currency: "USD", totalMinor: s.price, subtotalMinor: s.price, discountMinor: 0, discountCodes: [], facts, processedAt: placedAt, cancelledAt: null };
      const paid = { type: "paid" as const, order };
      await applyOrderEvent(db, shopId, paid, placedAt);
      orders.push(paid);
    } else if (s.op === "cancel" && orders.length) {
      const { order } = orders[s.order % orders.length];
      await applyOrderEvent(db, shopId, { type: "cancelled", order: { ...order, cancelledAt: new Date(order.processedAt.getTime() + DAY) } });
    } else if (s.op === "refund" && orders.length) {
      const { order } = orders[s.order % orders.length];
      const refundedAt = new Date(order.processedAt.getTime() + 2 * DAY);
      await applyOrderEvent(db, shopId, { type: "refund", orderId: order.orderId, refundId: `r${i}`, currency: "USD", lines: [], unallocatedMinor: s.amount, amountMinor: s.amount, refundedAt });
    } else if (s.op === "points") {
      const member = await db.member.findFirst({ where: { shopId, customerId: PEOPLE[s.customer].customerId } });
      if (member && s.amount !== 0) {
        const post = { shopId, memberId: member.id, key: `p${i}`, reason: { code: "manual" as const, params: { note: "test" } }, now: new Date(BASE + s.day * DAY) };
        if (s.amount > 0) await credit(db, { ...post, kind: "adjust", points: s.amount });
        else if (member.balance >= -s.amount) await debit(db, { ...post, kind: "redeem", points: -s.amount });
      }
    } else if (s.op === "join") {
      const at = new Date(BASE + s.day * DAY + 3_600_000);
      await ensureMember(db, shopId, PEOPLE[s.customer], at, at, { welcome: false });
    } else if (s.op === "rename") {
      await updateCustomerDetails(db, shopId, { ...PEOPLE[s.customer], lastName: s.name });
    } else if (s.op === "redact") {
      await redactCustomer(db, shopId, PEOPLE[s.customer].customerId, NOW);
    } else if (s.op === "tier") {
      await db.tier.create({ data: { shopId, name: `Tier ${i}`, threshold: s.threshold } });
    } else if (s.op === "settings") {
      await db.programSettings.upsert({ where: { shopId }, update: { earnPoints: s.earnPoints }, create: { shopId, earnPoints: s.earnPoints } });
    }
    versionChanged.push((await version()) !== before);
  }
  return versionChanged;
}

const numbers = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" || typeof v === "boolean" ? Number(v) : v]));

/** The shop's rollup rows without its id, in key order. */
async function rollups(db: PrismaClient, shopId: string) {
  const where = { where: { shopId }, omit: { shopId: true } } as const;
  return {
    points: (await db.rollupPoints.findMany({ ...where, orderBy: [{ day: "asc" }, { kind: "asc" }] })).map(numbers),
    members: (await db.rollupMembers.findMany({ ...where, orderBy: { day: "asc" } })).map(numbers),
    orders: (await db.rollupOrders.findMany({ ...where, orderBy: [{ day: "asc" }, { member: "asc" }] })).map(numbers),
    lastOrders: (await db.rollupLastOrders.findMany({ ...where, orderBy: [{ day: "asc" }, { band: "asc" }] })).map(numbers),
    orderTimes: (await db.rollupOrderTimes.findMany({ ...where, orderBy: { quarter: "asc" } })).map(numbers),
  };
}

/** Every page of a search, as the sort's values in order and the set of names (ties may come in either database's id order). */
async function searched(db: PrismaClient, shopId: string, query: Omit<MemberQuery, "take" | "cursor">) {
  const all: Awaited<ReturnType<typeof listMembers>>["members"] = [];
  let cursor: string | undefined;
  do {
    const page = await listMembers(db, shopId, { ...query, take: 2, cursor });
    all.push(...page.members);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const key = (m: (typeof all)[number]) => (query.sort === "recent" ? m.enrolledAt : query.sort === "name" ? (m.name.split(" ").slice(1).join(" ") || null) : m.balance);
  return { order: all.map(key), names: all.map((m) => `${m.name} <${m.email}> ${m.balance}`).sort() };
}

async function exported(db: PrismaClient, shopId: string, only?: ReturnType<typeof segmentWhere>) {
  let text = "";
  for await (const chunk of exportMembersCsv(db, shopId, only)) text += chunk;
  const [header, ...lines] = text.trim().split(/\r?\n/);
  return [header, ...lines.sort()]; // in member id order, which differs
}

/** Everything the admin reads of the shop, as both databases must give it. */
async function reads(db: PrismaClient, shopId: string, from: Date, to: Date) {
  const range = { from, to, now: NOW };
  await refreshAudienceSnapshot(db, shopId, NOW);
  const audience = await audienceReport(db, { shopId, currency: "USD", timezone: "Europe/Warsaw", from, to, now: NOW }, null);
  await addGoal(db, shopId, "USD", { metric: "repeatRate", audience: "one_order", target: 0.5, due: new Date(NOW.getTime() + 30 * DAY) }, "test", new Date(from.getTime() + DAY));
  await addGoal(db, shopId, "USD", { metric: "participation", audience: null, target: 0.5, due: new Date(NOW.getTime() + 30 * DAY) }, "test", new Date(from.getTime() + DAY));
  const goals = (await goalsWithProgress(db, shopId, "USD", NOW)).map(({ id: _id, ...goal }) => goal);
  await db.programGoal.deleteMany({ where: { shopId } });
  const search: Record<string, unknown> = {};
  for (const q of SEARCHES) for (const sort of MEMBER_SORTS) search[`${q} ${sort}`] = await searched(db, shopId, { q, sort });
  search.filtered = await searched(db, shopId, { q: "example", sort: "balance_desc", minBalance: 1 });
  search.untiered = await searched(db, shopId, { q: "", sort: "name", tierId: "none" });
  return {
    analytics: await programAnalytics(db, shopId, "USD", range),
    health: await programHealthReport(db, shopId, "USD", range),
    goals,
    audience: { ...audience, breakdowns: audience.breakdowns.map((b) => ({ ...b, segments: [...b.segments].sort((x, y) => x.key.localeCompare(y.key)) })) },
    search,
    export: await exported(db, shopId),
    segment: await exported(db, shopId, segmentWhere({ currency: "USD", now: NOW }, "frequency", "1", null)),
  };
}

it("runs each client on its own database", () => {
  expect([databaseOf(sqlite), databaseOf(postgres)]).toEqual(["sqlite", "postgresql"]);
});

let run = 0;

it("keeps the same rollups and setup versions, and reads the same figures, on SQLite and PostgreSQL", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 25 }), fc.nat(200), fc.integer({ min: 1, max: 120 }), async (steps, fromDay, days) => {
      const domain = `differential-${++run}.myshopify.com`;
      const [shopSqlite, shopPostgres] = [await installTestShop(sqlite, domain), await installTestShop(postgres, domain)];
      const changed = [await apply(sqlite, shopSqlite.id, steps), await apply(postgres, shopPostgres.id, steps)];
      expect(changed[1]).toEqual(changed[0]);

      const kept = [await rollups(sqlite, shopSqlite.id), await rollups(postgres, shopPostgres.id)];
      expect(kept[1]).toEqual(kept[0]);
      // A rebuild on each gives what its triggers kept (rows a trigger left at zero aside).
      await rebuildRollups(sqlite, { shopId: shopSqlite.id });
      await rebuildRollups(postgres, { shopId: shopPostgres.id });
      const rebuilt = await rollups(postgres, shopPostgres.id);
      expect(rebuilt).toEqual(await rollups(sqlite, shopSqlite.id));

      const from = new Date(BASE + fromDay * DAY);
      const to = new Date(from.getTime() + days * DAY);
      expect(await reads(postgres, shopPostgres.id, from, to)).toEqual(await reads(sqlite, shopSqlite.id, from, to));
    }),
    { numRuns: propertyRuns(12) },
  );
});
