// The checkout and customer account extensions' backends (app/routes/api.*) with session tokens
// signed as Shopify signs them: valid, expired, for another app, for a shop without Klub, without
// a customer; CORS on every answer, preflight included; redeem and cancel through the storefront's
// one redeem; an order's points and their state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { signSessionToken } from "../sandbox/session-token";
import { storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api";
import { installTestShop } from "./support/shop";
import { deliver, fixture } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "checkout-shop.myshopify.com";
const API_KEY = "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c";
const SECRET = "test-secret";
let api: FakeAdminApi;
let shopId = "";
let rewardId = "";

const token = (o: { customerId?: string | null; shop?: string; apiKey?: string; secret?: string; lifetimeSeconds?: number } = {}) =>
  signSessionToken({
    shop: o.shop ?? SHOP,
    apiKey: o.apiKey ?? API_KEY,
    secret: o.secret ?? SECRET,
    lifetimeSeconds: o.lifetimeSeconds,
    ...(o.customerId ? { userId: `gid://shopify/Customer/${o.customerId}` } : {}),
  });
const request = (path: string, bearer: string | null, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("Origin", "https://extensions.shopifycdn.com");
  if (bearer) headers.set("Authorization", `Bearer ${bearer}`);
  if (init.body) headers.set("Content-Type", "application/json");
  return new Request(`http://localhost:3000${path}`, { ...init, headers });
};
const settle = (p: Promise<Response>) => p.catch((thrown: unknown) => thrown as Response);
const state = async (bearer: string | null, query = "") => settle((await import("../app/routes/api.state")).loader({ request: request(`/api/state${query}`, bearer), params: {}, context: {} }));
const redeem = async (bearer: string, body: unknown, method = "POST") =>
  settle((await import("../app/routes/api.redeem")).action({ request: request("/api/redeem", bearer, { method, body: method === "POST" ? JSON.stringify(body) : undefined }), params: {}, context: {} }));
const cancel = async (bearer: string, id: string) => settle((await import("../app/routes/api.codes.$id.cancel")).action({ request: request(`/api/codes/${id}/cancel?surface=account`, bearer, { method: "POST" }), params: { id }, context: {} }));
const orderPoints = async (bearer: string, id: string, query = "") => settle((await import("../app/routes/api.orders.$id")).loader({ request: request(`/api/orders/${id}${query}`, bearer), params: { id }, context: {} }));

let seq = 5000;
async function member(points: number) {
  const customerId = String(seq++);
  const m = await ensureMember(db, shopId, { customerId, email: `m${customerId}@example.com` });
  if (points) await credit(db, { shopId, memberId: m.id, kind: "adjust", key: `seed:${customerId}`, points, reason: "seed" });
  return customerId;
}

beforeAll(async () => {
  api = await startFakeAdminApi();
  process.env.KLUB_SANDBOX_URL = api.url;
  shopId = (await installTestShop(db, SHOP)).id;
  await storeOfflineSession(db, SHOP);
  await db.programSettings.update({ where: { shopId }, data: { earnPoints: 2, earnPerAmountMinor: 100 } });
  rewardId = (await db.reward.create({ data: { shopId, name: "$5 off", type: "fixed_amount", pointsCost: 500, valueMinor: 500, codeExpiryDays: 30 } })).id;
});

afterAll(async () => {
  delete process.env.KLUB_SANDBOX_URL;
  await api?.close();
});

describe("session tokens", () => {
  it("answers a valid customer token with that customer's state, with CORS headers", async () => {
    const customerId = await member(700);
    const response = await state(token({ customerId }), "?locale=ru");
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = await response.json();
    expect(body.member).toMatchObject({ points: 700, pointsText: "700" });
    expect(body.rewards.map((r: { id: string; affordable: boolean }) => [r.id, r.affordable])).toEqual([[rewardId, true]]);
    expect(body.earning).toEqual({ points: 2, per_minor: 100, excluded_product_ids: [], multiplier_percent: 100 });
    expect(body.history).toMatchObject([{ kind: "adjust", amount: 700, text: "Корректировка", amountText: "+700" }]);
  });

  it("refuses an expired token, a token for another app, a forged one and one for a shop without Klub, with 401 and CORS", async () => {
    const customerId = await member(100);
    const cases = {
      expired: token({ customerId, lifetimeSeconds: -60 }),
      "another app": token({ customerId, apiKey: "ffffffffffffffffffffffffffffffff" }),
      forged: token({ customerId, secret: "not-the-secret" }),
      "another shop": token({ customerId, shop: "no-klub-here.myshopify.com" }),
    };
    const statuses: Record<string, [number, string | null]> = {};
    for (const [name, bearer] of Object.entries(cases)) {
      const response = await state(bearer);
      statuses[name] = [response.status, response.headers.get("Access-Control-Allow-Origin")];
    }
    expect(statuses).toEqual({ expired: [401, "*"], "another app": [401, "*"], forged: [401, "*"], "another shop": [401, "*"] });
    expect((await state(null)).status).toBe(401);
  });

  it("answers a preflight with 204 and the headers an extension needs", async () => {
    const response = await settle((await import("../app/routes/api.redeem")).action({ request: request("/api/redeem", null, { method: "OPTIONS", headers: { "Access-Control-Request-Method": "POST" } }), params: {}, context: {} }));
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });

  it("treats a token without a customer as a guest: no member, no redeem", async () => {
    const body = await (await state(token())).json();
    expect(body.member).toBeNull();
    const refused = await redeem(token(), { rewardId, requestId: "guest-checkout-1" });
    expect(refused.status).toBe(401);
    expect((await refused.json()).errors.form).toBe("Sign in to use your points.");
  });
});

describe("redeem and cancel from checkout and the account", () => {
  it("redeems through the one redeem (one debit, one code for that customer) and cancels, the points returning", async () => {
    const customerId = await member(600);
    const bearer = token({ customerId });
    const first = await redeem(bearer, { rewardId, requestId: "checkout-0001" });
    expect(first.status).toBe(200);
    expect(first.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const { data } = await first.json();
    expect(data.member.points).toBe(100);
    const again = await (await redeem(bearer, { rewardId, requestId: "checkout-0001" })).json();
    expect(again.data.code.code).toBe(data.code.code);
    expect(api.discounts.get(data.code.code)!.input).toMatchObject({ context: { customers: { add: [`gid://shopify/Customer/${customerId}`] } } });
    const cancelled = await cancel(bearer, data.code.id);
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()).data).toMatchObject({ code: { status: "cancelled" }, member: { points: 600 } });
    expect(api.discounts.get(data.code.code)!.active).toBe(false);
  });

  it("does not let one customer cancel another's code", async () => {
    const owner = await member(600);
    const { data } = await (await redeem(token({ customerId: owner }), { rewardId, requestId: "checkout-0002" })).json();
    const other = await member(0);
    expect((await cancel(token({ customerId: other }), data.code.id)).status).toBe(404);
    expect(api.discounts.get(data.code.code)!.active).toBe(true);
  });
});

describe("an order's points", () => {
  it("says what the customer's order earned, and nothing of another customer's order", async () => {
    const customerId = await member(0);
    const base = fixture("orders-paid");
    await deliver("orders/paid", { ...base, id: 880001, name: "#880001", customer: { ...base.customer, id: Number(customerId), email: `m${customerId}@example.com` } }, { shop: SHOP });
    const summary = await db.orderSummary.findFirstOrThrow({ where: { shopId, orderId: "880001" } });
    const held = (await db.ledgerEntry.aggregate({ where: { orderId: "880001", kind: "earn" }, _sum: { amount: true } }))._sum.amount ?? 0;
    expect(held).toBeGreaterThan(0);
    const own = await (await orderPoints(token({ customerId }), "880001", "?locale=pl")).json();
    expect(own.data).toMatchObject({ points: held, state: "earned", member: { points: held } });
    expect(own.data.stateText).toBe(`${own.data.pointsText} za to zamówienie`);
    expect(summary.memberId).not.toBeNull();
    const stranger = await member(0);
    const theirs = await (await orderPoints(token({ customerId: stranger }), "880001")).json();
    expect(theirs.data).toMatchObject({ points: 0, state: "awaiting_payment" });
    expect((await orderPoints(token({ customerId }), "not-a-number")).status).toBe(400);
  });
});
