// The program health page on a real database: the period before, the members just below each
// tier, and the page's loader putting them together (the figures' meaning: app/loyalty/program-health.test.ts).
import { createClient } from "@libsql/client";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureMember } from "../app/loyalty/members.server";
import { refreshCustomerOrders } from "../app/loyalty/orders.server";
import { addGoal, goalsWithProgress, parseGoal } from "../app/loyalty/program-goals.server";
import { inTransaction } from "../app/loyalty/transactions.server";
import { nearTiers, previousPeriod } from "../app/loyalty/program-health.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";

const { db, url } = useFreshAppDatabase();
const SHOP = "health.myshopify.com";
let shopId = "";
let otherShopId = "";
let seq = 0;

async function membersAt(shop: string, ...progress: number[]) {
  for (const tierProgress of progress) {
    const member = await ensureMember(db, shop, { customerId: `h${++seq}` });
    await db.member.update({ where: { id: member.id }, data: { tierProgress } });
  }
}

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "USD" })).id;
  await storeOfflineSession(db, SHOP);
  await db.tier.createMany({ data: [{ shopId, name: "Bronze", threshold: 0 }, { shopId, name: "Silver", threshold: 500 }, { shopId, name: "Gold", threshold: 1000 }] });
  // Silver: 450 is 10% short, so 450-499 count; Gold: 900-999. Reached, further off, and forgotten members do not.
  await membersAt(shopId, 449, 450, 499, 500, 899, 1000, 5000);
  await membersAt(shopId, ...Array.from({ length: 12 }, (_, i) => 900 + i * 9)); // 900 ... 999
  const forgotten = await ensureMember(db, shopId, { customerId: "forgotten" });
  await db.member.update({ where: { id: forgotten.id }, data: { tierProgress: 950, redactedAt: new Date() } });
  otherShopId = (await installTestShop(db, "health-other.myshopify.com")).id;
  await membersAt(otherShopId, 460, 950);
});

describe("program health", () => {
  it("sets a period against the days just before it, as many", () => {
    expect(previousPeriod({ from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") })).toEqual({
      from: new Date("2026-01-29T00:00:00Z"),
      to: new Date("2026-03-01T00:00:00Z"),
    });
  });

  it("counts the members less than 10% short of each tier above the lowest, in this shop only", async () => {
    expect(await nearTiers(db, shopId)).toEqual([
      { tier: "Silver", threshold: 500, members: 2 },
      { tier: "Gold", threshold: 1000, members: 12 },
    ]);
  });

  it("counts them from the partial index on tier progress, which no members page can be planned onto", async () => {
    // On a connection of its own: an EXPLAIN through the app's kept connection left it unable to write.
    const bare = createClient({ url });
    const plan = async (sql: string) => (await bare.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: [shopId] })).rows.map((r) => String(r.detail)).join(" | ");
    expect(await plan(`SELECT count(*) FROM "Member" WHERE "shopId" = ? AND "tierProgress" > 0 AND "redactedAt" IS NULL AND "tierProgress" >= 900 AND "tierProgress" < 1000`)).toContain("Member_shopId_tierProgress_idx");
    expect(await plan(`SELECT * FROM "Member" WHERE "shopId" = ? ORDER BY "balance" DESC, "id" DESC LIMIT 51`)).not.toContain("tierProgress");
    expect(await plan(`SELECT * FROM "Member" WHERE "shopId" = ? AND "tierProgress" >= 900 ORDER BY "enrolledAt" DESC LIMIT 51`)).not.toContain("tierProgress_idx");
    bare.close();
  });

  it("answers the page with each figure against the period before and the advice the shop's members call for", async () => {
    const { loader } = await import("../app/routes/app.health");
    // The last 90 days, up to today: the members all joined today.
    const page = await loader({ request: adminRequest("/app/health", SHOP), params: {}, context: {} });
    expect(page.chosen.to).toBe(new Date().toISOString().slice(0, 10));
    expect(page.comparisons.map((c) => c.metric)).toEqual(["participation", "repeatRate", "memberOrderValue", "nonMemberOrderValue", "retention", "redemptionRate", "liability"]);
    // 12 of 20 members just below Gold (60%); Silver's 2 are too few to mention. No orders, no points: nothing else to say.
    expect(page.advice).toEqual([{ code: "near_tier", tier: "Gold", members: 12, share: 0.6 }]);
  });
});

describe("program goals", () => {
  const act = async (fields: Record<string, string>) => {
    const { action } = await import("../app/routes/app.health");
    return action({ request: adminRequest("/app/health", SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: {}, context: {} });
  };
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it("are set on the health page, refused with an error per field, and tracked from the day they were set", async () => {
    expect(await act({ intent: "addGoal", metric: "repeatRate", target: "150", due: inDays(30) })).toEqual({ ok: false, errors: { target: "goals.errors.percent" } });
    expect(await act({ intent: "addGoal", metric: "repeatRate", target: "30", due: inDays(0) })).toEqual({ ok: false, errors: { due: "goals.errors.future" } });
    expect(await act({ intent: "addGoal", metric: "memberOrderValue", target: "abc", due: "2026-02-30" })).toEqual({ ok: false, errors: { target: "goals.errors.amount", due: "goals.errors.date" } });
    expect(await act({ intent: "addGoal", metric: "liability", target: "30", due: inDays(30) })).toEqual({ ok: false, errors: { metric: "goals.errors.choose" } });

    expect(await act({ intent: "addGoal", metric: "repeatRate", target: "30", due: inDays(120) })).toEqual({ ok: true, errors: {}, data: { done: "added" } });
    expect(await act({ intent: "addGoal", metric: "memberOrderValue", target: "45.50", due: inDays(60) })).toMatchObject({ ok: true });
    const stored = await db.programGoal.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
    // No orders in the 90 days before: nothing to start from.
    expect(stored.map((g) => [g.metric, g.target, g.baseline])).toEqual([["repeatRate", 0.3, null], ["memberOrderValue", 4550, null]]);

    // What the home page shows (its loader also asks Shopify about the theme: not here).
    const goals = await goalsWithProgress(db, shopId, "USD");
    expect(goals.map((g) => [g.metric, g.target, g.current, g.status])).toEqual([["repeatRate", 0.3, null, "measuring"], ["memberOrderValue", 4550, null, "measuring"]]);

    const log = await db.activityLog.findMany({ where: { shopId, action: "goal.created" }, orderBy: { id: "asc" } });
    expect(log.map((l) => JSON.parse(l.after!))).toEqual([
      { metric: "repeatRate", targetPercent: 30, due: `${inDays(120)}T00:00:00.000Z` },
      { metric: "memberOrderValue", targetMinor: 4550, due: `${inDays(60)}T00:00:00.000Z` },
    ]);
  });

  it("are five at most, and removed one at a time, only in their own shop", async () => {
    for (const target of ["10", "20", "40"]) expect(await act({ intent: "addGoal", metric: "participation", target, due: inDays(90) })).toMatchObject({ ok: true });
    expect(await act({ intent: "addGoal", metric: "retention", target: "50", due: inDays(90) })).toEqual({ ok: false, errors: { form: "goals.errors.tooMany" } });
    const theirs = await db.programGoal.create({ data: { shopId: otherShopId, metric: "retention", target: 0.5, since: new Date(), due: new Date(Date.now() + 86_400_000) } });
    expect(await act({ intent: "deleteGoal", id: theirs.id })).toEqual({ ok: false, errors: { form: "goals.errors.gone" } });
    const first = await db.programGoal.findFirstOrThrow({ where: { shopId }, orderBy: { createdAt: "asc" } });
    expect(await act({ intent: "deleteGoal", id: first.id })).toEqual({ ok: true, errors: {}, data: { done: "deleted" } });
    expect(await db.programGoal.count({ where: { shopId } })).toBe(4);
    expect(await db.programGoal.count({ where: { id: theirs.id } })).toBe(1);
    expect(await db.activityLog.count({ where: { shopId, action: "goal.deleted" } })).toBe(1);
  });
});

describe("a goal among a target group", () => {
  // A shop of its own. The goal is set on 1 June 2026 ("now"): its starting point is 3 March to
  // 1 June, its progress from 1 June on. Customers (a = an order; x = cancelled):
  //   c1: a 10 Jan                      -> one order on 3 Mar and on 1 Jun; not again: cohort both times
  //   c2: a 10 Jan, a 20 Apr            -> one order on 3 Mar, ordered again before 1 Jun (baseline repeater); two on 1 Jun
  //   c3: a 10 Jan, a 15 Feb            -> two orders on 3 Mar: in no cohort
  //   c4: a 10 Jan, x 10 Jun, a 20 Jun  -> one order on 3 Mar and 1 Jun; ordered again after it (a repeater since)
  //   c5: a 1 May, a 5 Jun              -> none on 3 Mar; one on 1 Jun, again after it (a repeater since)
  //   c6: a 1 Jun                       -> placed on the goal's first day: in no cohort
  // Baseline: cohort on 3 Mar {c1, c2, c4} = 3, again by 1 Jun {c2} = 1: 1/3.
  // Since: cohort on 1 Jun {c1, c4, c5} = 3, again after {c4, c5} = 2: 2/3.
  const DOMAIN = "goals-groups.myshopify.com";
  let groupShop = "";
  beforeAll(async () => {
    groupShop = (await installTestShop(db, DOMAIN, { currencyCode: "USD" })).id;
    const orders: [string, string, boolean][] = [
      ["c1", "2026-01-10", false], ["c2", "2026-01-10", false], ["c2", "2026-04-20", false], ["c3", "2026-01-10", false], ["c3", "2026-02-15", false],
      ["c4", "2026-01-10", false], ["c4", "2026-06-10", true], ["c4", "2026-06-20", false], ["c5", "2026-05-01", false], ["c5", "2026-06-05", false], ["c6", "2026-06-01", false],
    ];
    let n = 0;
    for (const [customerId, day, cancelled] of orders) {
      const at = new Date(`${day}T12:00:00Z`);
      await db.orderSummary.create({ data: { shopId: groupShop, orderId: `g${++n}`, customerId, currencyCode: "USD", totalMinor: 1000, subtotalMinor: 1000, earningFacts: "{}", processedAt: at, paidAt: at, cancelledAt: cancelled ? at : null } });
    }
    for (const customerId of ["c1", "c2", "c3", "c4", "c5", "c6"]) await inTransaction(db, (tx) => refreshCustomerOrders(tx, groupShop, customerId));
  });

  it("measures the repeat rate among customers with one order: its start before the goal, its progress since", async () => {
    const setOn = new Date("2026-06-01T09:00:00Z");
    expect(await addGoal(db, groupShop, "USD", { metric: "repeatRate", audience: "one_order", target: 0.5, due: new Date("2026-12-01T00:00:00Z") }, "test", setOn)).toBeNull();
    const goal = await db.programGoal.findFirstOrThrow({ where: { shopId: groupShop } });
    expect([goal.audience, goal.baseline]).toEqual(["one_order", 1 / 3]);
    const [tracked] = await goalsWithProgress(db, groupShop, "USD", new Date("2026-07-01T09:00:00Z"));
    expect(tracked).toMatchObject({ audience: "one_order", baseline: 1 / 3, current: 2 / 3, status: "reached" });
  });

  it("keeps the second order right when an order is cancelled, and a group only for the repeat rate", async () => {
    // c4's order of 20 June cancelled too: c4 has one order again, and no second.
    await db.orderSummary.updateMany({ where: { shopId: groupShop, orderId: "g8" }, data: { cancelledAt: new Date("2026-06-21T00:00:00Z") } });
    await inTransaction(db, (tx) => refreshCustomerOrders(tx, groupShop, "c4"));
    const [tracked] = await goalsWithProgress(db, groupShop, "USD", new Date("2026-07-01T09:00:00Z"));
    expect(tracked.current).toBe(1 / 3);
    expect(parseGoal({ metric: "participation", target: "30", due: "2027-01-01", audience: "one_order" }, "USD", new Date("2026-06-01T00:00:00Z"))).toEqual({ errors: { audience: "goals.errors.noAudience" } });
    expect(parseGoal({ metric: "repeatRate", target: "30", due: "2027-01-01", audience: "everyone" }, "USD", new Date("2026-06-01T00:00:00Z"))).toEqual({ errors: { audience: "goals.errors.choose" } });
  });
});
