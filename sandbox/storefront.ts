// The storefront: the sandbox theme's pages rendered with liquidjs, as Shopify renders Liquid,
// with shop, customer (and its metafields), product and cart; and the app proxy, which forwards
// /apps/klub/* to the app with Shopify's signature and the logged-in customer.
import { createHmac } from "node:crypto";
import { Liquid } from "liquidjs";
import { currencyDigits, toMinor } from "./money";
import { orderTotals } from "./payloads";
import type { CartLine } from "./orders";
import type { Customer, Order, Store } from "./state";
import { storeCreditBalance } from "./store-credit";

/** Discount codes as a buyer types them ("A, b ,C"): trimmed, empty ones dropped. */
export const splitCodes = (codes: string) => codes.split(",").map((c) => c.trim()).filter(Boolean);

export const PROXY_PREFIX = "/apps/klub";

export function storefrontEngine(store: Store): Liquid {
  const engine = new Liquid({ root: new URL("./theme/", import.meta.url).pathname, extname: ".liquid", cache: true });
  const currency = () => store.state.shop.currency;
  // Liquid's money filter takes minor units (cents), as Shopify's does; money_in formats for a
  // language (checkout and customer accounts speak the buyer's).
  const format = (minor: number, locale: string) => {
    const digits = currencyDigits(currency());
    return new Intl.NumberFormat(locale, { style: "currency", currency: currency(), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(minor) / 10 ** digits);
  };
  engine.registerFilter("money", (minor: number) => format(minor, "en"));
  engine.registerFilter("money_in", (minor: number, locale: string) => format(minor, locale || "en"));
  return engine;
}

/** Metafields as Liquid sees them: integers as numbers, JSON as objects, the rest as text. */
export function metafieldsView(metafields: Record<string, { type: string; value: string }>) {
  const byNamespace: Record<string, Record<string, { value: unknown; type: string }>> = {};
  for (const [path, m] of Object.entries(metafields)) {
    const [namespace, key] = path.split(".");
    const value = m.type === "number_integer" ? Number(m.value) : m.type === "json" ? JSON.parse(m.value) : m.value;
    (byNamespace[namespace] ??= {})[key] = { type: m.type, value };
  }
  return byNamespace;
}

/**
 * The customer metafields Liquid may read: an app-owned one ($app:...) only when its definition
 * grants the storefront PUBLIC_READ, as Shopify's access controls do; other namespaces as they are.
 */
export function storefrontMetafields(store: Store, metafields: Customer["metafields"]): Customer["metafields"] {
  const readable = (path: string) => {
    const [namespace, key] = path.split(".");
    if (!namespace.startsWith("$app")) return true;
    return store.state.metafieldDefinitions.some((d) => d.ownerType === "CUSTOMER" && d.namespace === namespace && d.key === key && d.access.storefront === "PUBLIC_READ");
  };
  return Object.fromEntries(Object.entries(metafields).filter(([path]) => readable(path)));
}

export function orderView(order: Order, store: Store) {
  const currency = store.state.shop.currency;
  const t = orderTotals(order, currency);
  return {
    id: order.id,
    name: order.name,
    created_at: order.createdAt,
    discount_code: order.discountCode,
    discount: t.discount,
    shipping: t.shipping,
    total: t.total,
    /** Paid with store credit; the rest by card. */
    store_credit: order.storeCredit ? toMinor(order.storeCredit, currency) : 0,
    /** Money that went back (merchandise and shipping). */
    refunded: t.refunded,
    status: order.cancelledAt
      ? "cancelled"
      : t.refunded > 0
        ? t.refunded >= t.total ? "refunded" : "partly refunded"
        : t.unitsBack > 0 ? "restocked" : order.fulfilledAt ? "fulfilled" : "paid",
    lines: order.lines.map((l) => ({ title: l.title, quantity: l.quantity, total: toMinor(l.price, currency) * l.quantity })),
  };
}

export function customerView(customer: Customer | undefined, store: Store) {
  if (!customer) return null;
  return {
    id: customer.id,
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    name: `${customer.firstName} ${customer.lastName}`,
    metafields: metafieldsView(storefrontMetafields(store, customer.metafields)),
    store_credit: storeCreditBalance(store, customer.id),
    orders: store.state.orders.filter((o) => o.customerId === customer.id).reverse().map((o) => orderView(o, store)),
  };
}

/** The cart as Liquid sees it; discount_codes as Shopify's cart.js lists them ("A, B": the codes on the cart). */
export function cartView(cart: CartLine[], store: Store, discountCodes = "") {
  const currency = store.state.shop.currency;
  const items = cart.flatMap((line) => {
    const product = store.state.products.find((p) => p.variantId === line.variantId);
    return product ? [{ title: product.title, quantity: line.quantity, variant_id: product.variantId, line_price: toMinor(product.price, currency) * line.quantity }] : [];
  });
  return {
    items,
    item_count: items.reduce((s, i) => s + i.quantity, 0),
    total_price: items.reduce((s, i) => s + i.line_price, 0),
    discount_codes: splitCodes(discountCodes).map((code) => ({ code })),
  };
}

export function productView(p: Store["state"]["products"][number], currency: string) {
  return { id: p.id, title: p.title, handle: p.handle, variant_id: p.variantId, price: toMinor(p.price, currency) };
}

/** Shopify's app proxy signature: sorted key=value pairs (repeated values joined by ","), concatenated, HMAC-SHA256 hex. */
export function signProxyQuery(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const message = [...grouped.entries()].map(([key, values]) => `${key}=${values.join(",")}`).sort().join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The URL the app proxy calls: the app's /proxy path with Shopify's added parameters, signed. */
export function proxiedUrl(appUrl: string, storefrontUrl: URL, shop: string, customerId: number | null, secret: string): URL {
  const target = new URL(`/proxy${storefrontUrl.pathname.slice(PROXY_PREFIX.length)}`, appUrl);
  const params = new URLSearchParams(storefrontUrl.search);
  params.set("shop", shop);
  params.set("logged_in_customer_id", customerId ? String(customerId) : "");
  params.set("path_prefix", PROXY_PREFIX);
  params.set("timestamp", String(Math.floor(Date.now() / 1000)));
  params.set("signature", signProxyQuery(params, secret));
  target.search = params.toString();
  return target;
}
