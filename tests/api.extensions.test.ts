// The checkout and customer account extensions' backends (app/routes/api.*) with session tokens
// signed as Shopify signs them: valid, expired, for another app, for a shop without Klub, without
// a customer; CORS on every answer, and the browser's preflight answered through Remix's own request
// handler (which sends OPTIONS to a route's loader, never its action); redeem and cancel through the
// storefront's one redeem; an order's points and their state.
import { join } from "node:path";
import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
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
  if (points) await credit(db, { shopId, memberId: m.id, kind: "adjust", key: `seed:${customerId}`, points, reason: { code: "manual", params: { note: "seed" } } });
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
    expect(body.earning).toEqual({ points: 2, per_minor: 100, excluded_product_ids: [], multiplier_percent: 100, subtract_discounts: true });
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

  it("treats a token without a customer as a guest: no member, no redeem", async () => {
    const body = await (await state(token())).json();
    expect(body.member).toBeNull();
    const refused = await redeem(token(), { rewardId, requestId: "guest-checkout-1" });
    expect(refused.status).toBe(401);
    expect((await refused.json()).errors.form).toBe("Sign in to use your points.");
  });
});

/**
 * The app's server build for its api.* routes, as `remix vite:build` puts it together: the routes
 * the file names make (Remix's own flat routes), under the root, with their real modules. Remix's
 * request handler routes a request through it as in production.
 */
async function apiServerBuild(): Promise<ServerBuild> {
  const files = Object.values(flatRoutes(join(process.cwd(), "app"), ["**/.*", "**/*.test.*"], "routes")).filter((r) => r.id.startsWith("routes/api."));
  const routes: ServerBuild["routes"] = { root: { id: "root", path: "", module: await import("../app/root") } };
  for (const { file, ...route } of files) routes[route.id] = { ...route, module: await import(join(process.cwd(), "app", file)) };
  return {
    mode: "production",
    entry: { module: { default: () => new Response("no documents here", { status: 500 }) } },
    routes,
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
    isSpaMode: false,
  };
}

describe("through Remix's request handler, as in production", () => {
  const API = { "/api/redeem": "POST", "/api/codes/1/cancel": "POST", "/api/state": "GET", "/api/orders/1": "GET" };
  let handle: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    handle = createRequestHandler(await apiServerBuild(), "production");
  });

  it("has a route for each extension call", async () => {
    const build = await apiServerBuild();
    expect(Object.values(build.routes).filter((r) => r.id !== "root").map((r) => `/${r.path}`).sort()).toEqual(["/api/codes/:id/cancel", "/api/orders/:id", "/api/redeem", "/api/state"]);
  });

  it.each(Object.entries(API))("answers the browser's preflight of %s (%s) with 204 and the CORS headers the extension needs", async (path, method) => {
    const preflight = new Request(`http://localhost:3000${path}?locale=en&surface=account`, {
      method: "OPTIONS",
      headers: { Origin: "https://extensions.shopifycdn.com", "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "authorization, content-type" },
    });
    const response = await handle(preflight);
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")?.toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(["authorization", "content-type"]));
    expect(response.headers.get("Access-Control-Allow-Methods")).toContain(method);
    expect(response.headers.get("Access-Control-Max-Age")).toBe("7200");
  });

  it("takes a redeem that follows the preflight, and refuses a GET of a POST-only call, with CORS", async () => {
    const customerId = await member(600);
    const redeemed = await handle(request("/api/redeem", token({ customerId }), { method: "POST", body: JSON.stringify({ rewardId, requestId: "checkout-handler-1" }) }));
    expect(redeemed.status).toBe(200);
    expect(redeemed.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await redeemed.json()).data.member.points).toBe(100);
    const get = await handle(request("/api/redeem", token({ customerId })));
    expect([get.status, get.headers.get("Allow"), get.headers.get("Access-Control-Allow-Origin")]).toEqual([405, "POST, OPTIONS", "*"]);
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

  it("says what each redemption is: a discount code with its code, store credit with its amount and no code", async () => {
    const storeCredit = await db.reward.create({ data: { shopId, name: "$5 credit", type: "store_credit", pointsCost: 300, valueMinor: 500, codeExpiryDays: 30 } });
    const customerId = await member(900);
    const bearer = token({ customerId });
    const credited = await (await redeem(bearer, { rewardId: storeCredit.id, requestId: "checkout-credit-1" })).json();
    expect(credited.data.code).toMatchObject({ kind: "store_credit", code: null, amountText: "$5.00", rewardName: "$5 credit", status: "issued", cancellable: false });
    expect(api.credits.at(-1)).toEqual({ accountId: `gid://shopify/Customer/${customerId}`, amount: "5.00", currencyCode: "USD", expiresAt: expect.any(String) });
    await redeem(bearer, { rewardId, requestId: "checkout-credit-2" });
    const polish = await (await state(bearer, "?locale=pl&surface=account")).json();
    expect(polish.codes.map((c: { kind: string; code: string | null; amountText: string | null }) => [c.kind, c.code === null, c.amountText])).toEqual([
      ["discount_code", false, null],
      ["store_credit", true, "5,00\u00a0USD"],
    ]);
    await db.reward.update({ where: { id: storeCredit.id }, data: { active: false } });
  });

  it("gives a partner's voucher from its pool at checkout too: a code to copy, not cancellable; an empty pool refused in the buyer's language", async () => {
    const voucher = await db.reward.create({ data: { shopId, name: "Cinema ticket", type: "partner_code", pointsCost: 200 } });
    await db.partnerCode.create({ data: { shopId, rewardId: voucher.id, code: "CINEMA-1" } });
    const [first, second] = [await member(500), await member(500)];
    const discounts = api.discounts.size;
    const given = await (await redeem(token({ customerId: first }), { rewardId: voucher.id, requestId: "checkout-partner-1" })).json();
    expect(given.data.code).toMatchObject({ kind: "partner_code", code: "CINEMA-1", rewardName: "Cinema ticket", status: "issued", cancellable: false });
    expect(api.discounts.size).toBe(discounts);
    expect((await cancel(token({ customerId: first }), given.data.code.id)).status).toBe(409);
    const soldOut = await settle((await import("../app/routes/api.redeem")).action({ request: request("/api/redeem?locale=pl", token({ customerId: second }), { method: "POST", body: JSON.stringify({ rewardId: voucher.id, requestId: "checkout-partner-2" }) }), params: {}, context: {} }));
    expect(soldOut.status).toBe(409);
    expect((await soldOut.json()).errors.form).toBe("Niestety, ta nagroda właśnie się wyczerpała. Twoje punkty nie zostały wydane.");
    expect((await db.member.findFirstOrThrow({ where: { shopId, customerId: second } })).balance).toBe(500);
    await db.reward.update({ where: { id: voucher.id }, data: { active: false } });
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
