// Hostile and broken deliveries, shared by the test of the built server over HTTP
// (webhooks.hostile.test.ts) and the test of the route modules in-process (webhooks.refusals.test.ts,
// which mutation testing runs).
import { fixture, hmac, webhookRequest, type DeliveryOptions, type Payload, type Topic } from "./webhooks";

const paid = () => fixture("orders-paid");
/** A change to a resource, amounts included in their MoneyBag (`price` and `price_set`), as Shopify would write them. */
const changed = (resource: Payload, change: Record<string, unknown>, currency?: string) => {
  const next: Payload = { ...resource, ...change };
  for (const [field, value] of Object.entries(change)) {
    const set = resource[`${field}_set`];
    if (typeof value !== "string" || !set) continue;
    const code = currency ?? set.shop_money.currency_code;
    next[`${field}_set`] = { shop_money: { amount: value, currency_code: code }, presentment_money: { amount: value, currency_code: code } };
  }
  return next;
};
const withLine = (change: Record<string, unknown>, currency?: string) => {
  const order = paid();
  order.line_items[0] = changed(order.line_items[0], change, currency);
  return order;
};
const refund = (change: Record<string, unknown>) => {
  const r = fixture("refunds-create-partial");
  r.refund_line_items[0] = changed(r.refund_line_items[0], change);
  return r;
};

export interface HostileCase {
  name: string;
  topic?: Topic;
  body: unknown;
  options?: DeliveryOptions;
  status: number | number[];
  /** A request built by hand, for what webhookRequest cannot say. */
  request?: (baseUrl: string) => Request;
}

const bigBody = JSON.stringify({ ...paid(), note: "x".repeat(5 * 1024 * 1024) });
const deep = "[".repeat(100_000) + "]".repeat(100_000);

/** Each delivery, and the answers it may get, for `shop` with Klub installed. */
export const hostileDeliveries = (shop: string): HostileCase[] => [
  // Not JSON, or not an object.
  { name: "broken JSON", body: '{"id": 1, "total_price": ', status: 400 },
  { name: "plain text", body: "hello shopify", status: 400 },
  { name: "empty body", body: "", status: 400 },
  { name: "JSON null", body: "null", status: 400 },
  { name: "JSON array", body: "[]", status: 400 },
  { name: "JSON string", body: '"order"', status: 400 },
  { name: "100,000 levels of nesting", body: deep, status: 400 },
  // Wrong types.
  { name: "id as an object", body: { ...paid(), id: { $gt: 0 } }, status: 400 },
  { name: "id as a fraction", body: { ...paid(), id: 1.5 }, status: 400 },
  { name: "id as text", body: { ...paid(), id: "1; DROP TABLE Member" }, status: 400 },
  { name: "total_price as a number", body: { ...paid(), total_price: 136.22 }, status: 400 },
  { name: "line_items as an object", body: { ...paid(), line_items: {} }, status: 400 },
  { name: "quantity as text", body: withLine({ quantity: "2" }), status: 400 },
  { name: "quantity as a fraction", body: withLine({ quantity: 1.5 }), status: 400 },
  { name: "gift_card as text", body: withLine({ gift_card: "no" }), status: 400 },
  { name: "taxes_included as text", body: { ...paid(), taxes_included: "false" }, status: 400 },
  { name: "test as a number", body: { ...paid(), test: 0 }, status: 400 },
  { name: "customer as text", body: { ...paid(), customer: "ania" }, status: 400 },
  { name: "customer id as text", body: { ...paid(), customer: { id: "ania" } }, status: 400 },
  { name: "discount_codes as text", body: { ...paid(), discount_codes: "WELCOME10" }, status: 400 },
  { name: "created_at not a date", body: { ...paid(), created_at: "yesterday" }, status: 400 },
  { name: "created_at missing", body: { ...paid(), created_at: undefined }, status: 400 },
  { name: "line item id missing", body: withLine({ id: undefined }), status: 400 },
  // Money that is not money.
  { name: "price with letters", body: withLine({ price: "12,00 zł" }), status: 400 },
  { name: "price in exponent form", body: withLine({ price: "1e9" }), status: 400 },
  { name: "price more precise than the currency", body: withLine({ price: "60.001" }), status: 400 },
  { name: "yen with cents", body: { ...withLine({ price: "600.5" }, "JPY"), currency: "JPY" }, status: 400 },
  { name: "negative price", body: withLine({ price: "-60.00" }), status: 400 },
  { name: "negative discount", body: withLine({ discount_allocations: [{ amount: "-12.00" }] }), status: 400 },
  { name: "negative quantity", body: withLine({ quantity: -2 }), status: 400 },
  { name: "negative total", body: changed(paid(), { total_price: "-136.22" }), status: 400 },
  { name: "huge price", body: withLine({ price: "99999999999999.99" }), status: 400 },
  { name: "huge quantity", body: withLine({ quantity: 1_000_000_000 }), status: 400 },
  { name: "line total past the limit", body: withLine({ price: "30000000.00", quantity: 100 }), status: 400 },
  { name: "unknown currency", body: { ...paid(), currency: "XYZ" }, status: 400 },
  { name: "currency in lower case", body: { ...paid(), currency: "usd" }, status: 400 },
  { name: "currency missing", body: { ...paid(), currency: undefined }, status: 400 },
  { name: "6,000 line items", body: { ...paid(), line_items: Array.from({ length: 6000 }, (_, i) => ({ ...paid().line_items[1], id: i + 1 })) }, status: [400, 413] },
  { name: "name of a megabyte", body: { ...paid(), name: "#".repeat(1024 * 1024) }, status: 400 },
  // Refunds.
  { name: "refund with a negative subtotal", topic: "refunds/create", body: refund({ subtotal: "-54.00" }), status: 400 },
  { name: "refund without an order id", topic: "refunds/create", body: { ...fixture("refunds-create-partial"), order_id: null }, status: 400 },
  { name: "refund with quantity as text", topic: "refunds/create", body: refund({ quantity: "1" }), status: 400 },
  { name: "refund of a huge amount", topic: "refunds/create", body: refund({ subtotal: "999999999999.00" }), status: 400 },
  { name: "refund for an order never seen (kept, no points)", topic: "refunds/create", body: { ...fixture("refunds-create-partial"), id: 1, order_id: 424242 }, status: 200 },
  // Customers and compliance.
  { name: "customer without an id", topic: "customers/create", body: { email: "a@example.com" }, status: 400 },
  { name: "customer id zero", topic: "customers/create", body: { ...fixture("customers-create"), id: 0 }, status: 400 },
  { name: "data request without a customer", topic: "customers/data_request", body: { shop_domain: shop }, status: 400 },
  { name: "redact with customer id as text", topic: "customers/redact", body: { shop_domain: shop, customer: { id: "x" } }, status: 400 },
  // Orders that are well-formed but earn nothing.
  { name: "order without a customer", body: { ...paid(), id: 777001, customer: null }, status: 200 },
  { name: "order with no line items", body: { ...paid(), id: 777002, line_items: [], customer: null }, status: 200 },
  { name: "unknown shop", body: paid(), options: { shop: "stranger.myshopify.com" }, status: 200 },
  // Signatures and headers.
  { name: "wrong secret", body: paid(), options: { secret: "guess" }, status: 401 },
  { name: "no signature", body: paid(), options: { headers: { "X-Shopify-Hmac-Sha256": null } }, status: 400 },
  { name: "signature of another body", body: paid(), options: { headers: { "X-Shopify-Hmac-Sha256": hmac(JSON.stringify(fixture("orders-cancelled"))) } }, status: 401 },
  { name: "no topic", body: paid(), options: { headers: { "X-Shopify-Topic": null } }, status: 400 },
  { name: "no shop domain", body: paid(), options: { headers: { "X-Shopify-Shop-Domain": null } }, status: 400 },
  { name: "no API version", body: paid(), options: { headers: { "X-Shopify-API-Version": null } }, status: 400 },
  { name: "no webhook id", body: paid(), options: { headers: { "X-Shopify-Webhook-Id": null } }, status: 400 },
  { name: "topic of another address", topic: "refunds/create", body: paid(), options: { path: "/webhooks/orders/paid" }, status: 400 },
  { name: "5 MB body", body: bigBody, status: 413 },
  {
    name: "a signed orders/paid body replayed with a different body",
    body: null,
    status: 401,
    request: (baseUrl) => {
      const original = webhookRequest("orders/paid", paid(), { baseUrl });
      const tampered = { ...paid(), line_items: [{ ...paid().line_items[0], price: "6000.00" }] };
      return new Request(original.url, { method: "POST", headers: original.headers, body: JSON.stringify(tampered) });
    },
  },
  { name: "GET instead of POST", body: null, status: [400, 405], request: (baseUrl) => new Request(`${baseUrl}/webhooks/orders/paid`) },
];

/** The request a case sends. */
export function hostileRequest(c: HostileCase, baseUrl: string): Request {
  return c.request ? c.request(baseUrl) : webhookRequest(c.topic ?? "orders/paid", c.body, { ...c.options, baseUrl });
}
