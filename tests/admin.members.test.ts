// Members index and member page: keyset pages that never skip or repeat a member, search and
// filters, the member's ledger and lots, and manual adjustments that need a reason.
import { beforeAll, describe, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { listMembers, MEMBER_SORTS } from "../app/loyalty/members-query.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";

const { db } = useFreshAppDatabase();
const SHOP = "members-owner.myshopify.com";
let shopId = "";
let goldId = "";

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
  await storeOfflineSession(db, SHOP);
  goldId = (await db.tier.create({ data: { shopId, name: "Gold", threshold: 1000 } })).id;
  const names = ["Nowak", "Kowalska", "Ivanova", "Walker", "Nowicki"];
  for (let i = 0; i < 137; i++) {
    const member = await ensureMember(db, shopId, { customerId: String(1000 + i), email: `customer${i}@example.com`, firstName: `Name${i}`, lastName: names[i % names.length] }, new Date(Date.UTC(2026, 0, 1 + (i % 60))));
    await db.member.update({ where: { id: member.id }, data: { balance: (i * 37) % 500 /* many ties */, tierId: i % 10 === 0 ? goldId : null } });
  }
});

async function allPages(sort: (typeof MEMBER_SORTS)[number], filters = {}) {
  const seen: { id: string; balance: number }[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listMembers(db, shopId, { sort, cursor, take: 20, ...filters });
    seen.push(...page.members);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return seen;
}

describe("members index", () => {
  it.each(MEMBER_SORTS)("pages through every member exactly once, sorted by %s", async (sort) => {
    const seen = await allPages(sort);
    expect(seen).toHaveLength(137);
    expect(new Set(seen.map((m) => m.id)).size).toBe(137);
    if (sort === "balance_desc") expect(seen.map((m) => m.balance)).toEqual([...seen.map((m) => m.balance)].sort((a, b) => b - a));
    if (sort === "balance_asc") expect(seen.map((m) => m.balance)).toEqual([...seen.map((m) => m.balance)].sort((a, b) => a - b));
  });

  it("searches by email and name prefix, and filters by tier and balance", async () => {
    expect((await listMembers(db, shopId, { sort: "name", q: "customer12@" })).members.map((m) => m.email)).toEqual(["customer12@example.com"]);
    const nowak = await allPages("name", { q: "Now" });
    expect(nowak.length).toBe(55); // Nowak and Nowicki
    expect((await allPages("name", { q: "nOW" })).length).toBe(55); // any case
    expect((await allPages("name", { q: "CUSTOMER1" })).length).toBe(1 + 10 + 37); // customer1, 10-19, 100-136
    expect((await allPages("name", { q: "Nowakx" })).length).toBe(0);
    expect((await allPages("balance_desc", { tierId: goldId })).length).toBe(14);
    expect((await allPages("balance_desc", { tierId: "none" })).length).toBe(123);
    const rich = await allPages("balance_desc", { minBalance: 400 });
    expect(rich.every((m) => m.balance >= 400)).toBe(true);
    expect(rich.length).toBe((await db.member.count({ where: { shopId, balance: { gte: 400 } } })));
  });

  it("serves the index through its route, and ignores a forged cursor", async () => {
    const route = await import("../app/routes/app.members._index");
    const data = await route.loader({ request: adminRequest("/app/members?sort=balance_desc&q=Kowal", SHOP), params: {}, context: {} });
    expect(data.members.length).toBe(28); // Kowalska: every fifth of 137, from the second
    const forged = await route.loader({ request: adminRequest("/app/members?cursor=bm9wZQ&sort=nonsense", SHOP), params: {}, context: {} });
    expect(forged.members).toHaveLength(50);
    expect(forged.query.sort).toBe("balance_desc");
    // A cursor that is JSON but not one of Klub's (its id a number) reads the first page too.
    const wrongShape = Buffer.from(JSON.stringify({ value: 1, id: 7 })).toString("base64url");
    const again = await route.loader({ request: adminRequest(`/app/members?cursor=${wrongShape}`, SHOP), params: {}, context: {} });
    expect(again.members.map((m) => m.id)).toEqual(forged.members.map((m) => m.id));
  });
});

describe("member page", () => {
  it("shows balance, tier progress, lots and the ledger with reasons", async () => {
    const member = await db.member.findFirstOrThrow({ where: { shopId, customerId: "1001" } });
    await credit(db, { shopId, memberId: member.id, kind: "earn", key: "order:9:earn", orderId: "9", points: 300, reason: { code: "order", params: { order: "#1009" } } });
    const route = await import("../app/routes/app.members.$id");
    const { member: shown } = await route.loader({ request: adminRequest(`/app/members/${member.id}`, SHOP), params: { id: member.id }, context: {} });
    expect(shown).toMatchObject({ lifetimePoints: 300, hasTiers: true, progress: { next: "Gold", toNext: 700, percent: 30 } });
    expect(shown.entries[0]).toMatchObject({ kind: "earn", amount: 300, reason: { code: "order", params: { order: "#1009" }, text: "order" } });
    expect(shown.lots).toEqual([expect.objectContaining({ amount: 300, remaining: 300, pending: false, expiresAt: null })]);
  });

  it("shows the member's redemptions, newest first, and Shopify's privacy requests about them", async () => {
    const member = await db.member.findFirstOrThrow({ where: { shopId, customerId: "1001" } });
    const reward = await db.reward.create({ data: { shopId, name: "10 zł off", type: "fixed_amount", pointsCost: 100, valueMinor: 1000 } });
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
    const older = await db.redemption.create({ data: { shopId, memberId: member.id, rewardId: reward.id, requestId: "detail-1", pointsSpent: 100, status: "used", code: "KLUB-AAAA-BBBB", createdAt: at(1) } });
    const newer = await db.redemption.create({ data: { shopId, memberId: member.id, rewardId: reward.id, requestId: "detail-2", pointsSpent: 100, status: "issued", code: "KLUB-CCCC-DDDD", createdAt: at(2) } });
    const request = await db.privacyRequest.create({ data: { shopId, kind: "data_request", customerId: "1001", memberId: member.id, receivedAt: at(3) } });
    // Another member's, which the page leaves out.
    const other = await db.member.findFirstOrThrow({ where: { shopId, customerId: "1002" } });
    await db.redemption.create({ data: { shopId, memberId: other.id, rewardId: reward.id, requestId: "detail-other", pointsSpent: 100, status: "issued", code: "KLUB-EEEE-FFFF", createdAt: at(2) } });
    await db.privacyRequest.create({ data: { shopId, kind: "redact", customerId: "1002", memberId: other.id, receivedAt: at(3) } });
    const route = await import("../app/routes/app.members.$id");
    const { member: shown } = await route.loader({ request: adminRequest(`/app/members/${member.id}`, SHOP), params: { id: member.id }, context: {} });
    expect(shown.redemptions).toEqual([
      { id: newer.id, at: at(2).toISOString(), reward: "10 zł off", points: 100, code: "KLUB-CCCC-DDDD", status: "issued" },
      { id: older.id, at: at(1).toISOString(), reward: "10 zł off", points: 100, code: "KLUB-AAAA-BBBB", status: "used" },
    ]);
    expect(shown.privacy).toEqual([{ id: request.id, kind: "data_request", at: at(3).toISOString() }]);
  });

  it("adjusts with a reason, once per submitted form, and refuses what cannot be done", async () => {
    const member = await db.member.findFirstOrThrow({ where: { shopId, customerId: "1002" } });
    const route = await import("../app/routes/app.members.$id");
    const post = (fields: Record<string, string>) =>
      route.action({ request: adminRequest(`/app/members/${member.id}`, SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: { id: member.id }, context: {} });
    const requestId = crypto.randomUUID();
    expect(await post({ points: "50", reason: "Goodwill after a late delivery", requestId })).toMatchObject({ ok: true });
    expect(await post({ points: "50", reason: "Goodwill after a late delivery", requestId })).toMatchObject({ ok: true }); // double submit
    const after = await db.member.findUniqueOrThrow({ where: { id: member.id } });
    expect(after.balance).toBe(member.balance + 50);
    expect(await post({ points: "25", reason: " ", requestId: crypto.randomUUID() })).toMatchObject({ ok: false, errors: { reason: "member.reasonRequired" } });
    expect(await post({ points: "0", reason: "x", requestId: crypto.randomUUID() })).toMatchObject({ ok: false, errors: { points: "member.pointsNonZero" } });
    const tooMuch = { points: String(-(after.balance + 1)), reason: "Too much", requestId: crypto.randomUUID() };
    expect(await post(tooMuch)).toEqual({ ok: false, errors: { points: "member.notEnough" }, data: { balance: after.balance }, sent: Object.entries(tooMuch) });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(after.balance);
    const entries = await db.ledgerEntry.findMany({ where: { memberId: member.id, kind: "adjust" } });
    expect(entries.map((e) => [e.amount, e.reason, e.reasonParams, e.actor])).toEqual([[50, "manual", JSON.stringify({ note: "Goodwill after a late delivery" }), "staff:42"]]);
    expect(await db.activityLog.count({ where: { shopId, action: "member.adjusted" } })).toBe(1);
  });

  it("answers 404 for a member of another shop", async () => {
    const other = await installTestShop(db, "someone-else.myshopify.com");
    const stranger = await db.member.create({ data: { shopId: other.id, customerId: "1" } });
    const route = await import("../app/routes/app.members.$id");
    const outcome = await route.loader({ request: adminRequest(`/app/members/${stranger.id}`, SHOP), params: { id: stranger.id }, context: {} }).catch((e: unknown) => e);
    expect((outcome as Response).status).toBe(404);
  });
});

describe("search beyond ASCII", () => {
  it("finds Polish and Russian names in any case", async () => {
    await ensureMember(db, shopId, { customerId: "9001", email: "lukasz@example.com", firstName: "Łukasz", lastName: "Żak" });
    await ensureMember(db, shopId, { customerId: "9002", email: "olga@example.com", firstName: "Ольга", lastName: "Иванова" });
    const names = async (q: string) => (await listMembers(db, shopId, { sort: "name", q })).members.map((m) => m.name);
    expect(await names("łuk")).toEqual(["Łukasz Żak"]);
    expect(await names("ŻAK")).toEqual(["Łukasz Żak"]);
    expect(await names("ольга")).toEqual(["Ольга Иванова"]);
    expect(await names("ИВАН")).toEqual(["Ольга Иванова"]);
  });
});
