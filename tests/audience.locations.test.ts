// Where members are (decision 050): an order webhook keeps its shipping (else billing) address's
// country and region on the order summary, the member follows their latest order that names one,
// and customers/redact erases both.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { orderLocation, orderPayload as parseOrder } from "../app/shopify/payloads";
import { placeOrder } from "../sandbox/orders";
import { orderPayload as sandboxOrder } from "../sandbox/payloads";
import { seedDemoShop } from "../sandbox/seed";
import { Store } from "../sandbox/state";
import type { WebhookSender } from "../sandbox/webhooks";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";
import { tempDir } from "./support/temp";
import { deliver, fixture, type Payload } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "locations.myshopify.com";
const CUSTOMER = "7412345678901"; // the fixtures' customer
let shopId = "";
let orderSeq = 8000;

const paidOrder = (overrides: Payload = {}, at = "2026-11-20T10:00:00Z"): Payload => ({ ...fixture("orders-paid"), id: ++orderSeq, name: `#${orderSeq}`, processed_at: at, created_at: at, ...overrides });
const address = (country_code: string | null, province_code: string | null = null) => ({ address1: "1 Main St", zip: "00-001", country_code, province_code });
const summary = (id: number) => db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: String(id) } } });
const where = async (id: number) => {
  const s = await summary(id);
  return [s.countryCode, s.provinceCode];
};
const memberPlace = async () => {
  const m = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: CUSTOMER } } });
  return [m.countryCode, m.provinceCode];
};

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
});

describe("an order's location", () => {
  it("is the shipping address's, else the billing address's, in upper case; none when neither names a country", () => {
    expect(orderLocation({ shipping_address: address("ca", "on"), billing_address: address("US", "NY") })).toEqual({ countryCode: "CA", provinceCode: "ON" });
    expect(orderLocation({ shipping_address: null, billing_address: address("JP", "JP-13") })).toEqual({ countryCode: "JP", provinceCode: "JP-13" });
    expect(orderLocation({ shipping_address: address(null), billing_address: address("PL") })).toEqual({ countryCode: "PL", provinceCode: null });
    expect(orderLocation({ shipping_address: address("Poland", "??"), billing_address: null })).toBeNull();
    expect(orderLocation({ shipping_address: address("PL", "not a code"), billing_address: undefined })).toEqual({ countryCode: "PL", provinceCode: null });
  });

  it("is kept on the order summary and on its member, who follows their latest order that names a place", async () => {
    const first = paidOrder({ shipping_address: address("CA", "ON") }, "2026-11-01T10:00:00Z");
    expect((await deliver("orders/paid", first, { shop: SHOP })).status).toBe(200);
    expect(await where(first.id)).toEqual(["CA", "ON"]);
    expect(await memberPlace()).toEqual(["CA", "ON"]);

    // Nothing to ship: the billing address says where.
    const billed = paidOrder({ shipping_address: null, billing_address: address("US", "NY") }, "2026-11-05T10:00:00Z");
    await deliver("orders/paid", billed, { shop: SHOP });
    expect(await where(billed.id)).toEqual(["US", "NY"]);
    expect(await memberPlace()).toEqual(["US", "NY"]);

    // An order that names no place leaves the member where they were.
    const nowhere = paidOrder({ shipping_address: null, billing_address: null }, "2026-11-10T10:00:00Z");
    await deliver("orders/paid", nowhere, { shop: SHOP });
    expect(await where(nowhere.id)).toEqual([null, null]);
    expect(await memberPlace()).toEqual(["US", "NY"]);

    // An order placed earlier but delivered late does not move them back.
    const late = paidOrder({ shipping_address: address("DE", "BY") }, "2026-10-01T10:00:00Z");
    await deliver("orders/paid", late, { shop: SHOP });
    expect(await where(late.id)).toEqual(["DE", "BY"]);
    expect(await memberPlace()).toEqual(["US", "NY"]);

    // The fixture's own address: Warsaw, no region.
    const fixtureOrder = paidOrder({}, "2026-11-15T10:00:00Z");
    await deliver("orders/paid", fixtureOrder, { shop: SHOP });
    expect(await memberPlace()).toEqual(["PL", null]);
  });

  it("is erased with the customer", async () => {
    const events = async () => (await db.webhookDelivery.findMany({ where: { shopDomain: SHOP, topic: "orders/paid" } })).map((d) => d.event);
    // Applied deliveries keep no place: the order summary holds it.
    expect(await events()).toHaveLength(5);
    expect((await events()).filter((event) => /"countryCode":"[A-Z]/.test(event))).toEqual([]);
    await deliver("customers/redact", { ...fixture("customers-redact"), shop_domain: SHOP }, { shop: SHOP });
    const member = await db.member.findFirstOrThrow({ where: { shopId } });
    expect(member.redactedAt).not.toBeNull();
    expect([member.countryCode, member.provinceCode]).toEqual([null, null]);
    expect(await db.orderSummary.count({ where: { shopId, OR: [{ countryCode: { not: null } }, { provinceCode: { not: null } }] } })).toBe(0);
  });
});

describe("the sandbox's orders", () => {
  it("ship to the demo customers' addresses in several countries, which Klub reads; a guest's name none", () => {
    const store = new Store(join(tempDir("klub-sandbox-places-"), "shopify.json"));
    const sent: { topic: string; payload: unknown }[] = [];
    const sender = { send: (topic: string, payload: unknown) => sent.push({ topic, payload }) } as unknown as WebhookSender;
    seedDemoShop(store, sender, new Date("2026-12-01T00:00:00Z"));
    const places = new Set(
      store.state.orders.filter((o) => o.customerId).map((o) => JSON.stringify(orderLocation(parseOrder.parse(sandboxOrder(o, store.state))))),
    );
    expect([...places].map((p) => JSON.parse(p).countryCode).sort()).toEqual(expect.arrayContaining(["DE", "PL", "RU", "US"]));
    expect(places.has(JSON.stringify({ countryCode: "RU", provinceCode: "MOW" }))).toBe(true);
    const guest = placeOrder(store, sender, { customerId: null, cart: [{ variantId: store.state.products[0].variantId, quantity: 1 }], codes: [] });
    expect(orderLocation(parseOrder.parse(sandboxOrder(guest, store.state)))).toBeNull();
  });
});

describe("an address Klub cannot read", () => {
  it("never costs an order its points: the order is kept without a place", async () => {
    const order = paidOrder({ shipping_address: { ...address("CA"), province_code: "x".repeat(500) }, billing_address: "somewhere" }, "2026-11-25T10:00:00Z");
    const shop = await installTestShop(db, "locations-odd.myshopify.com");
    expect((await deliver("orders/paid", order, { shop: shop.domain })).status).toBe(200);
    const kept = await db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId: shop.id, orderId: String(order.id) } } });
    expect([kept.countryCode, kept.provinceCode]).toEqual(["CA", null]);
    expect(await db.ledgerEntry.count({ where: { orderId: String(order.id), kind: "earn" } })).toBe(1);
  });
});
