// What the `shopify` global of an extension's frame holds, by target, as Shopify fills it: the
// checkout's lines, cost, discount codes and discounts (purchase.checkout.*), the order just placed
// (purchase.thank-you.*), the order shown (customer-account.order-status.*); for every target the
// buyer's language and translations, the shop, and a session token signed as Shopify signs it.
// Plain values here; the frame wraps the ones Shopify gives as signals (public/ui-extension-host.js).
import { readFileSync } from "node:fs";
import { checkoutSummary, type Buyer, type CheckoutSummary } from "./checkout";
import { currencyDigits, toMinor } from "./money";
import { orderTotals } from "./payloads";
import { signExtensionSessionToken } from "./session-token";
import type { Order, Store } from "./state";
import { extensionLocales, type UiExtension } from "./ui-extensions";

export interface HostConfig {
  apiKey: string;
  apiSecret: string;
  /** Where the app answers (the local dev server). */
  appUrl: string;
  /** The sandbox's own origin: the shop's storefront. */
  storefrontUrl: string;
}

/**
 * The app's URL as the bundles know it: shopify.app.toml's application_url (each extension's
 * src/config.ts). The frame sends their calls to the local app instead, as a tunnel would.
 */
const builtAppUrl = /^\s*application_url\s*=\s*"([^"]+)"/m.exec(readFileSync(new URL("../shopify.app.toml", import.meta.url), "utf8"))?.[1] ?? "";

const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;

/** Money as UI extensions get it: a number in the currency's units. */
const money = (minor: number, currency: string) => ({ amount: minor / 10 ** currencyDigits(currency), currencyCode: currency });

/** A discount code's allocation (CartCodeDiscountAllocation): what it took off. */
const codeDiscount = (code: string, minor: number, currency: string) => ({ type: "code", code, discountedAmount: money(minor, currency) });

/**
 * The checkout's part of the API: lines, cost, discount codes and discounts, what may change. The
 * sandbox's codes are all order discounts (discountAllocations): it has no product discounts, so
 * no line has discounts of its own.
 */
export function checkoutApi(store: Store, summary: CheckoutSummary) {
  const currency = store.state.shop.currency;
  const price = summary.price;
  const product = (variantId: number) => store.state.products.find((p) => p.variantId === variantId)!;
  return {
    cost: {
      subtotalAmount: money(price?.subtotal ?? 0, currency),
      totalAmount: money(price?.total ?? 0, currency),
      totalShippingAmount: money(price?.shipping ?? 0, currency),
      totalTaxAmount: money(0, currency),
    },
    lines: (price?.cart ?? []).map((line, i) => ({
      id: gid("CartLine", `${line.variantId}`),
      quantity: line.quantity,
      merchandise: { type: "variant", id: gid("ProductVariant", line.variantId), title: product(line.variantId).title, product: { id: gid("Product", product(line.variantId).id) } },
      cost: { totalAmount: money(price!.lineTotals[i], currency) },
      discountAllocations: [],
    })),
    discountCodes: summary.codes.map((code) => ({ code })),
    discountAllocations: (price?.orderDiscounts ?? []).map((d) => codeDiscount(d.code, d.amount, currency)),
  };
}

/** An order's lines, cost and discounts, as the thank-you and order status pages give them. */
function orderApi(store: Store, order: Order) {
  const currency = store.state.shop.currency;
  const t = orderTotals(order, currency);
  return {
    cost: { subtotalAmount: money(t.lineTotal, currency), totalAmount: money(t.total, currency), totalShippingAmount: money(t.shipping, currency), totalTaxAmount: money(0, currency) },
    lines: order.lines.map((l) => ({
      id: gid("LineItem", l.id),
      quantity: l.quantity,
      merchandise: { type: "variant", id: gid("ProductVariant", l.variantId), title: l.title, product: { id: gid("Product", l.productId) } },
      cost: { totalAmount: money(toMinor(l.price, currency) * l.quantity, currency) },
      discountAllocations: [],
    })),
    discountCodes: order.discountCode ? [{ code: order.discountCode }] : [],
    // The order keeps its discount spread over its lines, under its (first) code.
    discountAllocations: order.discountCode && t.discount > 0 ? [codeDiscount(order.discountCode, t.discount, currency)] : [],
  };
}

/** What the target's API holds beyond what every target has; an order target without its order is refused. */
function targetApi(store: Store, target: string, buyer: Buyer, order: Order | undefined) {
  const customer = buyer.customer ? { id: gid("Customer", buyer.customer.id), email: buyer.customer.email } : undefined;
  if (target.startsWith("purchase.thank-you.")) {
    if (!order) throw new Error(`${target} shows an order: none given`);
    const isFirstOrder = store.state.orders.filter((o) => o.customerId !== null && o.customerId === order.customerId)[0]?.id === order.id;
    return { ...orderApi(store, order), orderConfirmation: { order: { id: gid("OrderIdentity", order.id) }, number: order.name, isFirstOrder }, buyerIdentity: { customer } };
  }
  if (target.startsWith("purchase.checkout.")) {
    return {
      ...checkoutApi(store, checkoutSummary(store, buyer)),
      // The sandbox checkout takes codes, and is never an accelerated (express) one.
      instructions: { discounts: { canUpdateDiscountCodes: true }, delivery: { canSelectCustomAddress: true }, attributes: { canUpdateAttributes: true } },
      buyerIdentity: { customer },
    };
  }
  if (target.startsWith("customer-account.order-status.") || target.startsWith("customer-account.order.")) {
    if (!order) throw new Error(`${target} shows an order: none given`);
    return { ...orderApi(store, order), order: { id: gid("Order", order.id), name: order.name, processedAt: order.createdAt } };
  }
  return {};
}

/** Everything the frame of `target` needs to stand in for Shopify's host. */
export function frameContext(store: Store, config: HostConfig, extension: UiExtension, target: string, buyer: Buyer, order?: Order) {
  const { shop } = store.state;
  return {
    target,
    apiVersion: extension.apiVersion,
    appUrl: config.appUrl,
    builtAppUrl,
    token: extensionToken(store, config, buyer),
    tokenUrl: "/extensions/session-token",
    language: buyer.locale,
    ...extensionLocales(extension, buyer.locale),
    currency: shop.currency,
    country: "PL",
    shop: { id: gid("Shop", shop.id), name: shop.name, myshopifyDomain: shop.domain, storefrontUrl: config.storefrontUrl },
    api: targetApi(store, target, buyer, order),
  };
}

/** A session token for the frame's buyer: the signed-in customer's, or a guest's (no `sub`). */
export function extensionToken(store: Store, config: Pick<HostConfig, "apiKey" | "apiSecret">, buyer: Pick<Buyer, "customer">): string {
  return signExtensionSessionToken({ shop: store.state.shop.domain, apiKey: config.apiKey, secret: config.apiSecret, customerId: buyer.customer?.id ?? null });
}
