// What the webhook route answers, through the route modules in-process (so that mutation testing
// reaches app/shopify/webhooks.server.ts, which webhooks.hostile.test.ts tests in the built server):
// every hostile delivery, then each answer's words, the body limit at its edges, and the shops that
// are not (or no longer) installed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processInbox } from "../app/loyalty/inbox.server";
import { hostileDeliveries, hostileRequest } from "./support/hostile-deliveries";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";
import { fixture, routeFor, webhookRequest, type DeliveryOptions, type Topic } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "refusals.myshopify.com";
const BASE = "http://localhost:3000";
const MAX_BODY_BYTES = 2 * 1024 * 1024;

beforeAll(() => installTestShop(db, SHOP));
afterAll(() => db.$disconnect());

async function send(request: Request): Promise<{ status: number; text: string }> {
  const action = (await routeFor(new URL(request.url).pathname))!;
  const response = await action({ request, params: {}, context: {} });
  return { status: response.status, text: await response.text() };
}
const deliver = (topic: Topic, body: unknown, options: DeliveryOptions = {}) => send(webhookRequest(topic, body, { shop: SHOP, ...options, baseUrl: BASE }));

async function pointsState() {
  const [entries, balances, members] = await Promise.all([db.ledgerEntry.count(), db.member.aggregate({ _sum: { balance: true, pendingPoints: true } }), db.member.count()]);
  return { entries, balance: balances._sum.balance ?? 0, pending: balances._sum.pendingPoints ?? 0, members };
}

/** An orders/paid body of exactly `bytes` bytes (the order's note pads it). */
function paidOfSize(bytes: number, id: number): string {
  const bare = JSON.stringify({ ...fixture("orders-paid"), id, note: "" });
  return JSON.stringify({ ...fixture("orders-paid"), id, note: "x".repeat(bytes - Buffer.byteLength(bare)) });
}

describe("every hostile delivery, in-process", () => {
  it.each(hostileDeliveries(SHOP))("$name: answers $status, says why, and changes no points", async (c) => {
    const before = await pointsState();
    const { status, text } = await send(hostileRequest({ ...c, options: { shop: SHOP, ...c.options } }, BASE));
    expect([c.status].flat()).toContain(status);
    if (status >= 400) expect(text.length, "a 4xx says what was wrong").toBeGreaterThan(0);
    await processInbox(db);
    expect(await pointsState()).toEqual(before);
  });
});

describe("the answers' words", () => {
  it("names a bad signature, missing headers, a wrong method and an address of another topic", async () => {
    expect(await deliver("orders/paid", fixture("orders-paid"), { secret: "guess" })).toEqual({ status: 401, text: "Invalid webhook signature" });
    expect(await deliver("orders/paid", fixture("orders-paid"), { headers: { "X-Shopify-Webhook-Id": null } })).toEqual({ status: 400, text: "Missing or invalid Shopify webhook headers" });
    expect(await send(new Request(`${BASE}/webhooks/orders/paid`))).toEqual({ status: 405, text: "Method not allowed" });
    expect(await deliver("refunds/create", fixture("orders-paid"), { path: "/webhooks/orders/paid" })).toEqual({ status: 400, text: "This address takes orders/paid, not REFUNDS_CREATE" });
  });

  it("tells a body that is not JSON from one nested too deeply, and names a payload's wrong fields", async () => {
    expect(await deliver("orders/paid", '{"id": 1,')).toEqual({ status: 400, text: "Body is not JSON" });
    // No body at all, signed as the empty body it is: not JSON, not a bad signature.
    const signed = webhookRequest("orders/paid", "", { shop: SHOP, baseUrl: BASE });
    expect(await send(new Request(signed.url, { method: "POST", headers: signed.headers }))).toEqual({ status: 400, text: "Body is not JSON" });
    // Deep nesting alone parses (and fails the schema); with a long id in it, the reviver that keeps
    // long ids walks the whole depth and runs out of stack.
    expect((await deliver("orders/paid", "[".repeat(100_000) + "]".repeat(100_000))).text).toBe("Invalid orders/paid payload: body: Invalid input: expected object, received array");
    expect(await deliver("orders/paid", "[".repeat(100_000) + "1234567890123456" + "]".repeat(100_000))).toEqual({ status: 400, text: "Body is not JSON Klub can read (nested too deeply)" });
    expect(await deliver("orders/paid", { ...fixture("orders-paid"), id: "1; DROP TABLE Member" })).toEqual({ status: 400, text: "Invalid orders/paid payload: id: Invalid string: must match pattern /^[1-9]\\d{0,19}$/" });
    expect(await deliver("orders/paid", "null")).toEqual({ status: 400, text: "Invalid orders/paid payload: body: Invalid input: expected object, received null" });
    const many = await deliver("orders/paid", { id: "x", name: 1, created_at: 2, currency: 3, total_price: 4, subtotal_price: 5, line_items: 6 });
    expect(many.status).toBe(400);
    expect(many.text.split("; ")).toHaveLength(5); // the first five problems, not all of them
  });

  it("refuses money in another currency than the shop's with the reason", async () => {
    const order = { ...fixture("orders-paid"), currency: "EUR" };
    const answer = await deliver("orders/paid", order);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/^Invalid orders\/paid payload: .*EUR/);
  });

  it("accepts a delivery once, and says so when Shopify sends it again", async () => {
    const order = { ...fixture("orders-paid"), id: 880001 };
    expect(await deliver("orders/paid", order, { webhookId: "once" })).toEqual({ status: 200, text: "Accepted" });
    expect(await deliver("orders/paid", order, { webhookId: "once" })).toEqual({ status: 200, text: "Already received" });
    expect(await db.webhookDelivery.count({ where: { webhookId: "once" } })).toBe(1);
  });
});

describe("the body limit", () => {
  it("takes a body of exactly the limit, and refuses one byte more", async () => {
    expect((await deliver("orders/paid", paidOfSize(MAX_BODY_BYTES, 880101))).status).toBe(200);
    expect(await deliver("orders/paid", paidOfSize(MAX_BODY_BYTES + 1, 880102))).toEqual({ status: 413, text: "Payload too large" });
    expect(await db.webhookDelivery.count({ where: { event: { contains: "880102" } } })).toBe(0);
  });

  it("refuses a body whose declared length is over the limit, whatever arrives", async () => {
    const request = webhookRequest("orders/paid", fixture("orders-paid"), { shop: SHOP, baseUrl: BASE, headers: { "Content-Length": String(MAX_BODY_BYTES + 1) } });
    expect(request.headers.get("content-length")).toBe(String(MAX_BODY_BYTES + 1));
    expect(await send(request)).toEqual({ status: 413, text: "Payload too large" });
  });

  it("stops reading a body that never ends", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const signed = webhookRequest("orders/paid", "", { shop: SHOP, baseUrl: BASE });
    const request = new Request(signed.url, { method: "POST", headers: signed.headers, body: endless, duplex: "half" } as RequestInit);
    expect(await send(request)).toEqual({ status: 413, text: "Payload too large" });
    // Read to 16 MB (to leave the connection clean), then cut off.
    expect(pulled * 64 * 1024).toBeGreaterThan(16 * 1024 * 1024);
    expect(pulled * 64 * 1024).toBeLessThan(17 * 1024 * 1024);
  });
});

describe("shops that are not installed", () => {
  it("keeps an order for a shop still installing, and tells an uninstalled shop's from the rest", async () => {
    expect(await deliver("orders/paid", { ...fixture("orders-paid"), id: 880201 }, { shop: "installing.myshopify.com" })).toEqual({
      status: 200,
      text: "Accepted: waiting for the shop to finish installing",
    });
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { shopDomain: "installing.myshopify.com" } })).toMatchObject({ status: "waiting" });
    // Uninstalling a shop that never finished installing drops what waited for it.
    expect(await deliver("app/uninstalled", { id: 1, name: "Installing" }, { shop: "installing.myshopify.com" })).toEqual({
      status: 200,
      text: "Shop never finished installing: 1 waiting deliveries discarded",
    });
    expect(await db.webhookDelivery.count({ where: { shopDomain: "installing.myshopify.com" } })).toBe(0);

    const gone = await installTestShop(db, "gone.myshopify.com");
    await db.shop.update({ where: { id: gone.id }, data: { uninstalledAt: new Date() } });
    expect(await deliver("orders/paid", { ...fixture("orders-paid"), id: 880301 }, { shop: gone.domain })).toEqual({ status: 200, text: "App uninstalled from this shop: ignored" });
    expect(await db.webhookDelivery.count({ where: { shopDomain: gone.domain } })).toBe(0);
    // Compliance still reaches an uninstalled shop.
    const redact = await deliver("customers/redact", { shop_domain: gone.domain, customer: { id: 5 }, orders_to_redact: [] }, { shop: gone.domain });
    expect(redact).toEqual({ status: 200, text: "Accepted" });
  });
});
