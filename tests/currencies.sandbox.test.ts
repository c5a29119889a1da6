// Klub in shops of three currencies, end to end over HTTP: yen (no minor unit), Kuwaiti dinar (three
// decimals) and Colombian peso (two, which ICU shows with none). For each, the sandbox plays a shop
// in that currency and Klub's dev server runs against it: the owner installs Klub by opening it and
// turns the program on in its admin; a shopper orders with a discount code; the order is refunded in
// every shape Shopify has (line items, an amount, a restock with no money back, shipping, the rest);
// then a tier's entry reward gives store credit in the shop's currency. Every expectation is computed
// here from the sandbox's own amounts and docs/decisions/018; the test only reads Klub's database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../app/db.server";
import { currencyDigits, fromMinor, toMinor } from "../sandbox/money";
import { createCustomer, placeOrder, refund } from "../sandbox/orders";
import { refundMoney } from "../sandbox/payloads";
import type { RunningSandbox } from "../sandbox/run";
import type { Customer, Order, Refund } from "../sandbox/state";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { openKlub, settled, startSandboxShop, until } from "./support/sandbox";

interface Case {
  currency: string;
  /** Three products' prices, as the merchant typed them. */
  prices: [string, string, string];
  /** An amount-only refund, less than a unit of the first product is worth after the discount. */
  refundAmount: string;
  /** The store credit a tier's entry reward gives. */
  credit: string;
}

const CASES: Case[] = [
  { currency: "JPY", prices: ["1980", "3500", "770"], refundAmount: "500", credit: "500" },
  { currency: "KWD", prices: ["12.345", "4.750", "0.875"], refundAmount: "1.500", credit: "2.375" },
  { currency: "COP", prices: ["12345.50", "45900.75", "8990.25"], refundAmount: "4321.25", credit: "12345.50" },
];

/**
 * What an order earns after its refunds under the default rules (everything eligible: 1 point per
 * whole unit, after discounts, without shipping or tax), as decision 018 says, from the amounts of
 * the order and of each refund as the sandbox recorded them.
 */
function expectedPoints(order: Order, refunds: Refund[], currency: string): number {
  const unit = 10 ** currencyDigits(currency);
  // Merchandise money still paid for what the customer keeps (every line is eligible here).
  let paid = order.lines.reduce((sum, l) => sum + toMinor(l.price, currency) * l.quantity - toMinor(l.discount, currency), 0);
  let eligible = paid;
  let surplus = 0; // merchandise money back beyond the refunds' line items (amount-only refunds)
  for (const r of refunds) {
    const back = refundMoney(r, currency);
    if (back.discrepancy <= 0) {
      // The lines went back with their money, and more: the surplus is taken from what is still paid.
      paid -= back.lines;
      eligible -= back.lines;
      surplus += -back.discrepancy;
    } else {
      // Less went back than the lines: they give back only the money's share (nothing, for a restock).
      const money = Math.max(0, back.lines - back.discrepancy);
      paid -= money;
      eligible -= money;
    }
    // Shipping (back.shipping) is not merchandise: it takes nothing.
  }
  // Money back without line items takes back, rounded down, the eligible share of what is still paid.
  const kept = surplus === 0 ? eligible : surplus >= paid ? 0 : eligible - Math.floor((eligible * surplus) / paid);
  return Math.floor(Math.max(0, kept) / unit);
}

describe.each(CASES)("a $currency shop", ({ currency, prices, refundAmount, credit }) => {
  let sandbox: RunningSandbox;
  let db: Db;
  let shopper: Customer;
  let order: Order;
  const unit = () => 10 ** currencyDigits(currency);

  beforeAll(async () => {
    sandbox = await startSandboxShop({ name: `Klub ${currency} Store`, currency }, `klub-${currency.toLowerCase()}-`);
    db = createDb(sandbox.databaseUrl);
  }, 180_000);

  afterAll(async () => {
    await sandbox?.stop();
    await db?.$disconnect();
  });

  const member = () => db.member.findFirstOrThrow({ where: { customerId: String(shopper.id) } });
  /** The member's balance once the sandbox's webhooks are applied; the ledger stays sound. */
  async function balance(): Promise<number> {
    await settled(sandbox, db);
    const m = await member();
    expect(brokenInvariants(await memberState(db, m.id))).toEqual([]);
    return m.balance;
  }
  /** An order action on the sandbox admin's orders page, as the owner clicks it. */
  async function orderAction(action: string, form: Record<string, string> = {}) {
    const response = await fetch(`${sandbox.sandboxUrl}/admin/orders/${order.id}/${action}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
    expect(response.status, (await response.text()).slice(0, 300)).toBe(303);
  }

  it("installs Klub in the shop's currency when the owner opens it, and the program goes on from its admin", async () => {
    await openKlub(sandbox);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: sandbox.store.state.shop.domain }, include: { settings: true } });
    expect(shop.currencyCode).toBe(currency);
    expect(shop.settings).toMatchObject({ earnPoints: 1, earnPerAmountMinor: unit(), subtractDiscounts: true, earnOnShipping: false, earnOnTax: false });

    expect(await sandbox.admin.submit("/app", new URLSearchParams({ enabled: "true" }), { index: true })).toMatchObject({ ok: true });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).programEnabled).toBe(true);
  }, 120_000);

  it("gives a shopper's order a point per whole unit of its subtotal after the discount", async () => {
    // The merchant's catalogue and a 10% code, in Shopify's admin.
    const { state } = sandbox.store;
    for (const [i, price] of prices.entries()) {
      const id = sandbox.store.nextId();
      state.products.push({ id, variantId: id * 10, title: `Product ${i + 1}`, handle: `product-${i + 1}`, price });
    }
    state.discounts.push({
      id: sandbox.store.nextId(), code: "TENOFF", title: "10% off", kind: "basic", amount: null, percentage: 0.1, customerIds: null, minimumSubtotal: null,
      usageLimit: null, appliesOncePerCustomer: false, usedBy: [], startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: null,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true }, active: true,
    });
    sandbox.store.save();

    shopper = createCustomer(sandbox.store, sandbox.sender, { email: `${currency.toLowerCase()}@example.com`, firstName: "Nadia", lastName: currency });
    const [a, b, c] = state.products;
    order = placeOrder(sandbox.store, sandbox.sender, { customerId: shopper.id, cart: [{ variantId: a.variantId, quantity: 2 }, { variantId: b.variantId, quantity: 1 }, { variantId: c.variantId, quantity: 1 }], codes: ["TENOFF"] });
    expect(order.lines.some((l) => toMinor(l.discount, currency) > 0)).toBe(true);

    const expected = expectedPoints(order, [], currency);
    expect(expected).toBeGreaterThan(0);
    expect(await balance()).toBe(expected);
    const subtotal = order.lines.reduce((sum, l) => sum + toMinor(l.price, currency) * l.quantity - toMinor(l.discount, currency), 0);
    const summary = await db.orderSummary.findFirstOrThrow({ where: { orderId: String(order.id) } });
    expect(summary).toMatchObject({ currencyCode: currency, subtotalMinor: subtotal, totalMinor: subtotal + toMinor(order.shipping, currency) });
  }, 60_000);

  it("takes back what each refund shape says, and nothing for shipping", async () => {
    const steps: [string, () => Promise<unknown>][] = [
      ["a unit of the first line, with its money", async () => refund(sandbox.store, sandbox.sender, order, { [order.lines[0].id]: 1 })],
      [`an amount with no line items (${refundAmount} ${currency})`, () => orderAction("refund-amount", { amount: refundAmount })],
      ["a restock of the first line's other unit with no money back", () => orderAction("restock")],
      ["the shipping", () => orderAction("refund-shipping")],
      ["the rest of the order", async () => refund(sandbox.store, sandbox.sender, order)],
    ];
    let before = await balance();
    const seen: string[] = [];
    for (const [what, act] of steps) {
      const refunds = order.refunds.length;
      await act();
      expect(order.refunds, what).toHaveLength(refunds + 1);
      const after = await balance();
      const expected = expectedPoints(order, order.refunds, currency);
      seen.push(`${what}: ${before} -> ${after} (expected ${expected})`);
      expect(after, seen.join("\n")).toBe(expected);
      before = after;
    }

    // The shapes were as Shopify writes them, all in the shop's currency.
    const [lines, amount, restock, shipping, rest] = order.refunds.map((r) => refundMoney(r, currency));
    expect(lines).toMatchObject({ discrepancy: 0, shipping: 0 });
    expect(amount).toMatchObject({ lines: 0, discrepancy: -toMinor(refundAmount, currency), total: toMinor(refundAmount, currency) });
    expect(restock.lines).toBeGreaterThan(0);
    expect(restock).toMatchObject({ discrepancy: restock.lines, total: 0 });
    expect(shipping).toMatchObject({ lines: 0, discrepancy: 0, total: toMinor(order.shipping, currency) });
    expect(rest).toMatchObject({ discrepancy: 0 });
    // The shipping refund took nothing; the restocked unit was kept paid for, less the amount refunded.
    const restocked = order.refunds[2].lines[0];
    expect(before).toBe(Math.floor((toMinor(restocked.subtotal, currency) - toMinor(refundAmount, currency)) / unit()));
    // Klub counts as refunded the merchandise money that went back: lines, the amount, the rest.
    const merchandiseBack = [lines, amount, restock, shipping, rest].reduce((sum, r) => sum + Math.max(0, r.merchandise), 0);
    expect((await db.orderSummary.findFirstOrThrow({ where: { orderId: String(order.id) } })).refundedMinor).toBe(merchandiseBack);
  }, 90_000);

  it("gives a tier's store credit entry reward in the shop's currency, to the minor unit", async () => {
    const rewardAnswer = await sandbox.admin.submit(
      "/app/rewards/new",
      new URLSearchParams({ name: `Store credit ${credit} ${currency}`, type: "store_credit", pointsCost: "100", value: credit, minimumSubtotal: "", codeExpiryDays: "", combinesWithOrder: "false", combinesWithProduct: "false", combinesWithShipping: "true", productVariantId: "", tierId: "" }),
    );
    expect(rewardAnswer).toMatchObject({ redirect: "/app/rewards?saved=1" });
    const { rewards } = (await sandbox.admin.load("/app/tiers", "routes/app.tiers")) as { rewards: { id: string; name: string }[] };
    const reward = rewards.find((r) => r.name === `Store credit ${credit} ${currency}`);
    expect(reward, JSON.stringify(rewards)).toBeDefined();

    // A tier just above what the member has earned, whose entry reward the store credit is.
    const earned = (await member()).lifetimePoints;
    const ladder = { basis: "points", window: "lifetime", tiers: [{ name: "Gold", threshold: String(earned + 1), multiplierPercent: "100", entryRewardId: reward!.id }] };
    expect(await sandbox.admin.submit("/app/tiers", ladder)).toMatchObject({ ok: true });

    // The shopper orders again and reaches it.
    const before = await balance();
    const product = sandbox.store.state.products[0];
    const second = placeOrder(sandbox.store, sandbox.sender, { customerId: shopper.id, cart: [{ variantId: product.variantId, quantity: 1 }], codes: [] });
    expect(await balance()).toBe(before + expectedPoints(second, [], currency));
    expect((await db.member.findFirstOrThrow({ where: { customerId: String(shopper.id) }, include: { tier: true } })).tier?.name).toBe("Gold");

    // The outbox worker (every 5 s) gives the credit on the sandbox.
    const customer = await until(() => sandbox.store.customer(shopper.id)!, (c) => c.storeCreditMinor > 0, "the store credit", 30_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\nredemptions: ${JSON.stringify(await db.redemption.findMany())}\noutbox: ${JSON.stringify(await db.outboxMessage.findMany())}`);
    });
    expect(customer.storeCreditMinor).toBe(toMinor(credit, currency));
    expect(sandbox.store.state.storeCreditTransactions).toEqual([expect.objectContaining({ customerId: shopper.id, amount: fromMinor(toMinor(credit, currency), currency), currencyCode: currency })]);
    // Klub records the credit as issued once the sandbox has answered: a moment after the credit shows.
    const memberId = (await member()).id;
    const redemption = await until(() => db.redemption.findFirstOrThrow({ where: { memberId } }), (r) => r.status !== "reserved", "the redemption recorded", 10_000);
    expect(redemption).toMatchObject({ status: "issued", pointsSpent: 0, valueMinor: toMinor(credit, currency) });
  }, 90_000);
});
