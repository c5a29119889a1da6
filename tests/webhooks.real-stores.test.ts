// What a real store sends, through the real route modules on a real SQLite file: Shopify's own
// sample payload, orders before the install, a reinstall, the program switch, refunds of every
// shape, and shops whose currency has 0, 2 or 3 decimals.
import { describe, expect, it } from "vitest";
import { processInbox } from "../app/loyalty/inbox.server";
import { installShop } from "../app/loyalty/program.server";
import { setProgramEnabled } from "../app/loyalty/program-settings.server";
import { useFreshAppDatabase } from "./support/app";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { installTestShop } from "./support/shop";
import { deliver, fixture, type Payload } from "./support/webhooks";
import { readFileSync } from "node:fs";

const { db } = useFreshAppDatabase();
let seq = 90_000;

/** The orders/paid fixture in another currency: every amount (plain and shop money) rewritten. */
function orderIn(currency: string, prices: string[], extra: Payload = {}): Payload {
  const order = fixture("orders-paid");
  const bag = (amount: string) => ({ shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } });
  const id = ++seq;
  const lines = prices.map((price, i) => ({
    ...order.line_items[0], id: id * 10 + i, price, price_set: bag(price), quantity: 1, discount_allocations: [], tax_lines: [],
  }));
  return {
    ...order, id, name: `#${id}`, currency, presentment_currency: currency, line_items: lines, shipping_lines: [], total_tax: "0", tax_lines: [],
    total_discounts: "0", total_discounts_set: bag("0"), discount_codes: [], discount_applications: [],
    subtotal_price: extra.subtotal_price ?? "0", subtotal_price_set: bag(extra.subtotal_price ?? "0"),
    total_price: extra.total_price ?? "0", total_price_set: bag(extra.total_price ?? "0"), ...extra,
  };
}
function refundIn(currency: string, order: Payload, lines: { line: number; subtotal: string }[], discrepancy?: string): Payload {
  const bag = (amount: string) => ({ shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } });
  return {
    ...fixture("refunds-create-partial"), id: ++seq, order_id: order.id, transactions: [],
    refund_line_items: lines.map(({ line, subtotal }) => ({
      id: ++seq, line_item_id: order.line_items[line].id, quantity: 1, subtotal, subtotal_set: bag(subtotal), total_tax: "0", total_tax_set: bag("0"),
    })),
    order_adjustments: discrepancy ? [{ id: ++seq, kind: "refund_discrepancy", amount: discrepancy, amount_set: bag(discrepancy), tax_amount: "0", tax_amount_set: bag("0") }] : [],
  };
}
const memberOf = async (shopId: string) => db.member.findFirstOrThrow({ where: { shopId, customerId: "7412345678901" } });
async function sound(shopId: string) {
  const member = await memberOf(shopId);
  expect(brokenInvariants(await memberState(db, member.id))).toEqual([]);
  return member;
}

describe("Shopify's own sample payload", () => {
  it("is answered 200 with its ids kept exactly, and being a test order changes nothing", async () => {
    const shop = await installTestShop(db, "sample.myshopify.com", { currencyCode: "EUR" });
    const raw = readFileSync(new URL("./fixtures/orders-paid-shopify-sample.json", import.meta.url), "utf8");
    const response = await deliver("orders/paid", raw, { shop: shop.domain });
    expect(response.status).toBe(200);
    const summary = await db.orderSummary.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(summary).toMatchObject({ orderId: "820982911946154508", isTest: true, customerId: "115310627314723954" });
    expect(JSON.parse(summary.earningFacts).lines.map((l: { lineItemId: string }) => l.lineItemId)).toEqual(["487817672276298554", "976318377106520349"]);
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("installing", () => {
  it("keeps orders paid before the shop finished installing, and they earn once it has", async () => {
    const domain = "early.myshopify.com";
    const order = orderIn("USD", ["50.00"], { subtotal_price: "50.00", total_price: "50.00" });
    const response = await deliver("orders/paid", order, { shop: domain });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("waiting");
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { shopDomain: domain } })).toMatchObject({ status: "waiting" });
    const shop = await installShop(db, domain, { name: "Early", currencyCode: "USD", locale: "en" });
    await setProgramEnabled(db, shop.id, true, "staff:1");
    await processInbox(db);
    expect((await sound(shop.id)).balance).toBe(50);
  });

  it("earns again after an uninstall and a reinstall, with the shop's details refreshed", async () => {
    const shop = await installTestShop(db, "again.myshopify.com");
    await deliver("app/uninstalled", fixture("app-uninstalled"), { shop: shop.domain });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();
    const reinstalled = await installShop(db, shop.domain, { name: "Again & Co", currencyCode: "USD", locale: "pl", shopifyPlus: true });
    expect(reinstalled).toMatchObject({ id: shop.id, uninstalledAt: null, name: "Again & Co", locale: "pl", shopifyPlus: true });
    await deliver("orders/paid", orderIn("USD", ["20.00"], { subtotal_price: "20.00", total_price: "20.00" }), { shop: shop.domain });
    expect((await sound(shop.id)).balance).toBe(20);
  });

  it("discards what waited for a shop that was uninstalled before it finished installing", async () => {
    const domain = "never.myshopify.com";
    await deliver("orders/paid", orderIn("USD", ["5.00"], { subtotal_price: "5.00", total_price: "5.00" }), { shop: domain });
    expect(await db.webhookDelivery.count({ where: { shopDomain: domain } })).toBe(1);
    expect((await deliver("app/uninstalled", fixture("app-uninstalled"), { shop: domain })).status).toBe(200);
    expect(await db.webhookDelivery.count({ where: { shopDomain: domain } })).toBe(0);
  });
});

describe("the program switch", () => {
  it("records orders paid while the program is off, makes no members and never pays them, even once it is on", async () => {
    const shop = await installTestShop(db, "off.myshopify.com", { programEnabled: false });
    const order = orderIn("USD", ["40.00"], { subtotal_price: "40.00", total_price: "40.00" });
    await deliver("orders/paid", order, { shop: shop.domain });
    expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
    await deliver("customers/create", fixture("customers-create"), { shop: shop.domain });
    expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);
    await setProgramEnabled(db, shop.id, true, "staff:1");
    await deliver("orders/fulfilled", order, { shop: shop.domain });
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
    await deliver("orders/paid", orderIn("USD", ["10.00"], { subtotal_price: "10.00", total_price: "10.00" }), { shop: shop.domain });
    expect((await sound(shop.id)).balance).toBe(10);
  });
});

describe("frozen rules and sanity limits", () => {
  it("keeps an order's points and what its refunds take back under the rules it first earned under", async () => {
    const shop = await installTestShop(db, "frozen.myshopify.com");
    const order = orderIn("USD", ["30.00", "70.00"], { subtotal_price: "100.00", total_price: "100.00" });
    await deliver("orders/paid", order, { shop: shop.domain });
    await db.programSettings.update({ where: { shopId: shop.id }, data: { earnPoints: 10 } });
    await deliver("refunds/create", refundIn("USD", order, [{ line: 0, subtotal: "30.00" }]), { shop: shop.domain });
    expect((await sound(shop.id)).balance).toBe(70);
  });

  it("earns a suspect order on its subtotal at most, and no order beyond the shop's cap", async () => {
    const shop = await installTestShop(db, "sane.myshopify.com");
    const inflated = orderIn("USD", ["9000000.00", "9000000.00"], { subtotal_price: "12.00", total_price: "12.00" });
    await deliver("orders/paid", inflated, { shop: shop.domain });
    expect(await db.orderSummary.findFirstOrThrow({ where: { shopId: shop.id } })).toMatchObject({ suspect: true });
    expect((await sound(shop.id)).balance).toBe(12);
    await db.programSettings.update({ where: { shopId: shop.id }, data: { maxPointsPerOrder: 500 } });
    await deliver("orders/paid", orderIn("USD", ["900.00"], { subtotal_price: "900.00", total_price: "900.00" }), { shop: shop.domain });
    expect((await sound(shop.id)).balance).toBe(512);
  });
});

// Each currency: earn, a partial refund, an amount-only refund, a restock with no money back, a full refund.
const CURRENCIES = [
  { code: "JPY", prices: ["3000", "7000"], subtotal: "10000", perUnit: 1, partial: "3000", byAmount: "-1000", restock: "7000" },
  { code: "KWD", prices: ["3.000", "7.000"], subtotal: "10.000", perUnit: 1000, partial: "3.000", byAmount: "-1.000", restock: "7.000" },
  { code: "COP", prices: ["30000.50", "70000.00"], subtotal: "100000.50", perUnit: 100, partial: "30000.50", byAmount: "-10000.00", restock: "70000.00" },
];

describe.each(CURRENCIES)("a $code shop", ({ code, prices, subtotal, partial, byAmount, restock }) => {
  it("earns one point per unit of its currency, and takes back by every refund shape exactly", async () => {
    const shop = await installTestShop(db, `${code.toLowerCase()}.myshopify.com`, { currencyCode: code });
    const order = orderIn(code, prices, { subtotal_price: subtotal, total_price: subtotal });
    expect((await deliver("orders/paid", order, { shop: shop.domain })).status).toBe(200);
    const units = Number(subtotal);
    expect((await sound(shop.id)).balance).toBe(Math.floor(units));
    // A restock with no money back (the refund discrepancy equals the line): nothing.
    await deliver("refunds/create", refundIn(code, order, [{ line: 1, subtotal: restock }], restock), { shop: shop.domain });
    expect((await sound(shop.id)).balance).toBe(Math.floor(units));
    // The first line refunded.
    await deliver("refunds/create", refundIn(code, order, [{ line: 0, subtotal: partial }]), { shop: shop.domain });
    const afterPartial = Math.floor(units - Number(partial));
    expect((await sound(shop.id)).balance).toBe(afterPartial);
    // An amount given back with no line items: its share of what the customer still pays.
    await deliver("refunds/create", refundIn(code, order, [], byAmount), { shop: shop.domain });
    const kept = units - Number(partial);
    const afterAmount = Math.floor(kept - Number(byAmount.slice(1)));
    expect((await sound(shop.id)).balance).toBe(afterAmount);
    // The rest back: nothing left.
    await deliver("refunds/create", refundIn(code, order, [{ line: 1, subtotal: prices[1] }]), { shop: shop.domain });
    expect((await sound(shop.id)).balance).toBe(0);
  });
});
