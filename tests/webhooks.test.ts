// Order, customer, uninstall and compliance webhooks through the real route modules, signed
// with the app's secret, on a real SQLite file.
import { beforeAll, describe, expect, it } from "vitest";
import { debit } from "../app/loyalty/ledger.server";
import { listMembers } from "../app/loyalty/members-query.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { useFreshAppDatabase } from "./support/app";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { deliver, fixture, type Payload } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "klub-demo.myshopify.com";
const CUSTOMER = "7412345678901";
let shopId = "";
let orderSeq = 5000;

type Order = Payload;
/** The fixture order under a new id (each test tells its own story). */
function paidOrder(overrides: Payload = {}): Payload {
  const order = fixture("orders-paid");
  return { ...order, id: ++orderSeq, name: `#${orderSeq}`, ...overrides };
}
function refundOf(order: Order, name: "refunds-create-partial" | "refunds-create-rest", id: number) {
  return { ...fixture(name), id, order_id: order.id };
}
const balance = async (customerId = CUSTOMER, shop = shopId) =>
  (await db.member.findUnique({ where: { shopId_customerId: { shopId: shop, customerId } } }))?.balance;

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
});

describe("orders/paid", () => {
  it("enrols the customer, credits the eligible amount's points and records the order", async () => {
    const order = paidOrder();
    const response = await deliver("orders/paid", order);
    expect(response.status).toBe(200);
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: CUSTOMER } } });
    expect(member).toMatchObject({ email: "ania.kowalska@example.com", firstName: "Ania", balance: 121, lifetimePoints: 121 });
    const summary = await db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: String(order.id) } } });
    expect(summary).toMatchObject({ totalMinor: 13622, subtotalMinor: 12150, discountMinor: 1350, currencyCode: "USD", memberId: member.id, isTest: false });
    expect(JSON.parse(summary.discountCodes)).toEqual(["WELCOME10"]);
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { orderId: String(order.id) } });
    expect(entry).toMatchObject({ kind: "earn", amount: 121, idempotencyKey: `order:${order.id}:paid:earn` });
    expect(await db.outboxMessage.count({ where: { dedupeKey: `member:${member.id}` } })).toBe(1);
  });

  it("counts a repeated delivery and a second subscription's delivery of the same order once", async () => {
    const before = await balance();
    const order = paidOrder();
    const first = await deliver("orders/paid", order, { webhookId: "dup-1" });
    const again = await deliver("orders/paid", order, { webhookId: "dup-1" });
    const otherSubscription = await deliver("orders/paid", order, { webhookId: "dup-2" });
    expect([first.status, again.status, otherSubscription.status]).toEqual([200, 200, 200]);
    expect(await again.text()).toBe("Already received");
    expect((await balance())! - before!).toBe(121);
    expect(await db.webhookDelivery.count({ where: { webhookId: { in: ["dup-1", "dup-2"] } } })).toBe(2);
  });

  it("records orders without a customer for analytics, with no points", async () => {
    const order = paidOrder({ customer: null, email: null });
    expect((await deliver("orders/paid", order)).status).toBe(200);
    const summary = await db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: String(order.id) } } });
    expect(summary).toMatchObject({ customerId: null, memberId: null, totalMinor: 13622 });
    expect(await db.ledgerEntry.count({ where: { orderId: String(order.id) } })).toBe(0);
  });

  it("gives test orders nothing unless the shop allows it", async () => {
    const before = await balance();
    await deliver("orders/paid", paidOrder({ test: true }));
    expect(await balance()).toBe(before);
    await db.programSettings.update({ where: { shopId }, data: { rewardTestOrders: true } });
    await deliver("orders/paid", paidOrder({ test: true }));
    expect((await balance())! - before!).toBe(121);
    await db.programSettings.update({ where: { shopId }, data: { rewardTestOrders: false } });
  });
});

describe("refunds and cancellations", () => {
  it("takes back in proportion to refunded merchandise, with no drift, and all of it on full refund", async () => {
    const before = (await balance())!;
    const order = paidOrder();
    await deliver("orders/paid", order);
    expect((await balance())! - before).toBe(121);
    await deliver("refunds/create", refundOf(order, "refunds-create-partial", order.id * 10 + 1));
    expect((await balance())! - before).toBe(67); // 121.50 - 54.00 = 67.50 -> 67
    await deliver("refunds/create", refundOf(order, "refunds-create-rest", order.id * 10 + 2)); // store credit
    expect((await balance())! - before).toBe(0);
    await deliver("orders/cancelled", { ...fixture("orders-cancelled"), id: order.id });
    expect((await balance())! - before).toBe(0);
    const summary = await db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: String(order.id) } } });
    expect(summary.refundedMinor).toBe(5832 + 7290);
    expect(summary.cancelledAt).not.toBeNull();
  });

  it("reverses what the order still holds on cancellation", async () => {
    const before = (await balance())!;
    const member = async () => db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: CUSTOMER } } });
    const ordersBefore = (await member()).orderCount;
    const order = paidOrder();
    await deliver("orders/paid", order);
    expect(await member()).toMatchObject({ orderCount: ordersBefore + 1, lastOrderAt: new Date(order.processed_at ?? order.created_at) });
    await deliver("refunds/create", refundOf(order, "refunds-create-partial", order.id * 10 + 1));
    await deliver("orders/cancelled", { ...fixture("orders-cancelled"), id: order.id });
    expect((await balance())! - before).toBe(0);
    const entries = await db.ledgerEntry.findMany({ where: { orderId: String(order.id) }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.kind, e.amount])).toEqual([["earn", 121], ["clawback", -54], ["cancel", -67]]);
    expect((await member()).orderCount).toBe(ordersBefore); // a cancelled order is no order
  });

  it("gives back the points spent on a reward used in a cancelled order, once", async () => {
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: CUSTOMER } } });
    const reward = await db.reward.create({ data: { shopId, name: "$5 off", type: "fixed_amount", pointsCost: 500, valueMinor: 500 } });
    await db.redemption.create({ data: { shopId, memberId: member.id, rewardId: reward.id, requestId: "r-1", pointsSpent: 500, status: "issued", code: "KLUB-AAAA-1111" } });
    const before = (await balance())!;
    const order = paidOrder({ discount_codes: [{ code: "klub-aaaa-1111", amount: "5.00", type: "fixed_amount" }] });
    await deliver("orders/paid", order);
    expect((await db.redemption.findFirstOrThrow({ where: { requestId: "r-1" } })).status).toBe("used");
    await deliver("orders/cancelled", { ...fixture("orders-cancelled"), id: order.id, discount_codes: order.discount_codes });
    await deliver("orders/cancelled", { ...fixture("orders-cancelled"), id: order.id, discount_codes: order.discount_codes });
    expect((await balance())! - before).toBe(500);
    expect((await db.redemption.findFirstOrThrow({ where: { requestId: "r-1" } })).status).toBe("returned");
    expect(brokenInvariants(await memberState(db, member.id))).toEqual([]);
  });

  it("keeps the points spent on a reward when the shop does not give them back", async () => {
    const shop = await installTestShop(db, "no-return.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { returnPointsOnRefund: false } });
    await deliver("orders/paid", paidOrder(), { shop: shop.domain }); // makes the member, 121 points
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: CUSTOMER } } });
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "$1 off", type: "fixed_amount", pointsCost: 100, valueMinor: 100 } });
    await debit(db, { shopId: shop.id, memberId: member.id, kind: "redeem", key: "redeem:nr-1", points: 100, reason: { code: "manual", params: { note: "reward" } } });
    await db.redemption.create({ data: { shopId: shop.id, memberId: member.id, rewardId: reward.id, requestId: "nr-1", pointsSpent: 100, status: "issued", code: "KLUB-NORE-TURN" } });
    const order = paidOrder({ discount_codes: [{ code: "KLUB-NORE-TURN", amount: "1.00", type: "fixed_amount" }] });
    await deliver("orders/paid", order, { shop: shop.domain });
    expect(await balance(CUSTOMER, shop.id)).toBe(121 - 100 + 121);
    await deliver("orders/cancelled", { ...fixture("orders-cancelled"), id: order.id, discount_codes: order.discount_codes }, { shop: shop.domain });
    expect(await balance(CUSTOMER, shop.id)).toBe(21); // the cancelled order's 121 go, the reward's 100 stay spent
    expect((await db.redemption.findFirstOrThrow({ where: { requestId: "nr-1" } })).status).toBe("used");
    expect(brokenInvariants(await memberState(db, member.id))).toEqual([]);
  });
});

describe("negative balances in the order path", () => {
  // The member spends an order's points, then the order is refunded or cancelled.
  async function spendThenTakeBack(domain: string, allowNegativeBalance: boolean, how: "refund" | "cancel") {
    const shop = await installTestShop(db, domain);
    await db.programSettings.update({ where: { shopId: shop.id }, data: { allowNegativeBalance } });
    const order = paidOrder();
    await deliver("orders/paid", order, { shop: shop.domain });
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: CUSTOMER } } });
    await debit(db, { shopId: shop.id, memberId: member.id, kind: "redeem", key: `redeem:${domain}`, points: 100, reason: { code: "manual", params: { note: "reward" } } });
    if (how === "refund") {
      await deliver("refunds/create", refundOf(order, "refunds-create-partial", 7000), { shop: shop.domain });
      await deliver("refunds/create", refundOf(order, "refunds-create-rest", 7001), { shop: shop.domain });
    }
    else await deliver("orders/cancelled", { ...fixture("orders-cancelled"), id: order.id, discount_codes: [] }, { shop: shop.domain });
    const state = await memberState(db, member.id);
    expect(brokenInvariants(state)).toEqual([]);
    return state.balance;
  }

  it("takes the balance below zero when the shop allows it (a debt repaid by future earning)", async () => {
    expect(await spendThenTakeBack("debt-refund.myshopify.com", true, "refund")).toBe(21 - 121);
    expect(await spendThenTakeBack("debt-cancel.myshopify.com", true, "cancel")).toBe(21 - 121);
  });

  it("stops at zero when the shop does not", async () => {
    expect(await spendThenTakeBack("floor-refund.myshopify.com", false, "refund")).toBe(0);
    expect(await spendThenTakeBack("floor-cancel.myshopify.com", false, "cancel")).toBe(0);
  });
});

describe("shop settings", () => {
  it("awards on fulfilment when the shop says so, and holds points pending for the return window", async () => {
    const shop = await installTestShop(db, "settings.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { awardOn: "fulfilled", pendingDays: 14 } });
    const order = paidOrder();
    await deliver("orders/paid", order, { shop: shop.domain });
    expect(await balance(CUSTOMER, shop.id)).toBe(0);
    await deliver("orders/fulfilled", { ...fixture("orders-fulfilled"), id: order.id }, { shop: shop.domain });
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: CUSTOMER } } });
    expect(member).toMatchObject({ balance: 0, pendingPoints: 121 });
  });

  it("does not enrol customers of an opt-in program who have not joined", async () => {
    const shop = await installTestShop(db, "optin.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { enrollment: "opt_in" } });
    await deliver("orders/paid", paidOrder(), { shop: shop.domain });
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("enrols no new customer of an opt-in program, and gives one who joined first the signup bonus once", async () => {
    const shop = await installTestShop(db, "optin-signup.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { enrollment: "opt_in", signupBonus: 150 } });
    await deliver("customers/create", fixture("customers-create"), { shop: shop.domain });
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);

    await ensureMember(db, shop.id, { customerId: CUSTOMER }); // joined from the storefront
    await deliver("customers/create", fixture("customers-create"), { shop: shop.domain });
    await deliver("customers/create", fixture("customers-create"), { shop: shop.domain });
    expect(await balance(CUSTOMER, shop.id)).toBe(150);
  });
});

describe("customers", () => {
  it("enrols new customers with the signup bonus once, and keeps their details in step", async () => {
    const shop = await installTestShop(db, "signup.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { signupBonus: 200 } });
    await deliver("customers/create", fixture("customers-create"), { shop: shop.domain });
    await deliver("customers/create", fixture("customers-create"), { shop: shop.domain });
    expect(await balance(CUSTOMER, shop.id)).toBe(200);
    await deliver("customers/update", fixture("customers-update"), { shop: shop.domain });
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: CUSTOMER } } });
    expect(member).toMatchObject({ email: "ania.nowak@example.com", lastName: "Nowak", balance: 200 });
    // Search finds the member by the new details, in any case.
    expect((await listMembers(db, shop.id, { sort: "name", q: "ANIA.NOWAK@" })).members.map((m) => m.id)).toEqual([member.id]);
    expect((await listMembers(db, shop.id, { sort: "name", q: "nowak" })).members.map((m) => m.id)).toEqual([member.id]);
  });
});

describe("app/uninstalled and compliance", () => {
  it("removes sessions and marks the shop once, however often it comes", async () => {
    const shop = await installTestShop(db, "leaving.myshopify.com");
    await db.session.create({ data: { id: "offline_leaving", shop: shop.domain, state: "x", accessToken: "shpat_x" } });
    for (let i = 0; i < 3; i++) {
      expect((await deliver("app/uninstalled", fixture("app-uninstalled"), { shop: shop.domain })).status).toBe(200);
    }
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    const marked = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(marked.uninstalledAt).not.toBeNull();
    // An uninstalled shop's orders earn nothing.
    await deliver("orders/paid", paidOrder(), { shop: shop.domain });
    expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("writes what Klub holds on a customer for the shop owner, then erases it on redact", async () => {
    const shop = await installTestShop(db, "privacy.myshopify.com");
    const order = paidOrder();
    await deliver("orders/paid", order, { shop: shop.domain });
    await deliver("customers/data_request", { ...fixture("customers-data_request"), shop_domain: shop.domain }, { shop: shop.domain });
    const request = await db.privacyRequest.findFirstOrThrow({ where: { shopId: shop.id, kind: "data_request" } });
    const report = JSON.parse(request.report!);
    expect(report.member).toMatchObject({ email: "ania.kowalska@example.com", balance: 121 });
    expect(report.member.ledger).toHaveLength(1);
    expect(report.orders).toHaveLength(1);

    // A body naming another shop is refused and changes nothing.
    expect((await deliver("customers/redact", fixture("customers-redact"), { shop: shop.domain })).status).toBe(400);
    expect(await db.member.count({ where: { shopId: shop.id, customerId: CUSTOMER } })).toBe(1);
    // Applied deliveries keep no personal data.
    for (const delivery of await db.webhookDelivery.findMany({ where: { shopDomain: shop.domain, status: "done" } })) {
      expect(delivery.event).not.toMatch(/ania|kowalska/i);
    }

    await deliver("customers/redact", { ...fixture("customers-redact"), shop_domain: shop.domain }, { shop: shop.domain });
    const member = await db.member.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(member).toMatchObject({ email: null, firstName: null, lastName: null, balance: 121 });
    expect(member.customerId).toBe(`redacted:${member.id}`);
    expect(await db.ledgerEntry.count({ where: { memberId: member.id } })).toBe(1);
    expect(await db.orderSummary.count({ where: { shopId: shop.id, customerId: CUSTOMER } })).toBe(0);
    expect((await db.privacyRequest.findFirstOrThrow({ where: { id: request.id } })).report).toBeNull();
    expect(await db.privacyRequest.count({ where: { shopId: shop.id, kind: "redact" } })).toBe(1);

    // A late delivery about the erased customer (Shopify retrying an old one) never brings them back.
    await deliver("orders/paid", paidOrder({ id: 5999 }), { shop: shop.domain });
    await deliver("customers/update", { ...fixture("customers-update"), id: Number(CUSTOMER) }, { shop: shop.domain });
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db.member.count({ where: { shopId: shop.id, OR: [{ email: { not: null } }, { firstName: { not: null } }, { customerId: CUSTOMER }] } })).toBe(0);
    expect(await db.orderSummary.findFirstOrThrow({ where: { shopId: shop.id, orderId: "5999" } })).toMatchObject({ customerId: null, memberId: null });
    expect(await db.redactedCustomer.count({ where: { shopId: shop.id } })).toBe(1);
    const kept = await db.webhookDelivery.findMany({ where: { shopDomain: shop.domain } });
    expect(kept.filter((d) => /ania|kowalska|example\.com/i.test(d.event))).toEqual([]);
  });

  it("erases all of a shop's data on shop/redact", async () => {
    const shop = await installTestShop(db, "gone.myshopify.com");
    await deliver("orders/paid", paidOrder(), { shop: shop.domain });
    await deliver("app/uninstalled", fixture("app-uninstalled"), { shop: shop.domain });
    // Only when the body names the delivery's own shop.
    expect((await deliver("shop/redact", fixture("shop-redact"), { shop: shop.domain })).status).toBe(400);
    expect(await db.shop.count({ where: { domain: shop.domain } })).toBe(1);
    expect((await deliver("shop/redact", { ...fixture("shop-redact"), shop_domain: shop.domain }, { shop: shop.domain })).status).toBe(200);
    expect(await db.webhookDelivery.count({ where: { shopDomain: shop.domain, topic: { not: "shop/redact" } } })).toBe(0);
    expect(await db.shop.count({ where: { domain: shop.domain } })).toBe(0);
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("authentication", () => {
  it("answers 401 to a bad signature and 400 to missing headers, changing nothing", async () => {
    const entries = await db.ledgerEntry.count();
    const order = paidOrder();
    expect((await deliver("orders/paid", order, { secret: "not-the-secret" })).status).toBe(401);
    expect((await deliver("orders/paid", order, { headers: { "X-Shopify-Hmac-Sha256": null } })).status).toBe(400);
    expect((await deliver("orders/paid", order, { headers: { "X-Shopify-Webhook-Id": null } })).status).toBe(400);
    expect(await db.ledgerEntry.count()).toBe(entries);
  });
});
