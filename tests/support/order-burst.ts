// A burst of 2,000 order webhooks for 900 orders of 200 customers: paid orders, partial refunds
// of one unit, cancellations, and Shopify's retries under the same webhook id, with the balances
// they must end in (tests/webhooks.crash.test.ts, tests/postgres/instances.test.ts).
import { fixture, webhookRequest, type Topic } from "./webhooks";

export const CUSTOMERS = 200;
export const ORDERS = 900;

export interface Planned {
  customer: number;
  price: number; // whole dollars: 1 point per dollar, no tax, no discount
  quantity: number;
  refundedUnits: number;
  cancelled: boolean;
}

/** Amounts as Shopify writes them: plain and as shop money. */
const usd = (amounts: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(amounts).flatMap(([field, amount]) => [
      [field, amount],
      [`${field}_set`, { shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } }],
    ]),
  );

/** A deterministic mix: paid orders, partial refunds of one unit, cancellations, and duplicates. */
export function plan() {
  const orders: Planned[] = [];
  const deliveries: { topic: Topic; payload: unknown; webhookId: string }[] = [];
  let random = 42;
  const next = (n: number) => ((random = (random * 1103515245 + 12345) % 2 ** 31), random % n);
  for (let i = 0; i < ORDERS; i++) {
    const order: Planned = { customer: 1000 + next(CUSTOMERS), price: 5 + next(95), quantity: 1 + next(3), refundedUnits: 0, cancelled: false };
    orders.push(order);
    const id = 100_000 + i;
    const total = `${order.price * order.quantity}.00`;
    const payload = {
      ...fixture("orders-paid"),
      ...usd({ subtotal_price: total, total_price: total, total_discounts: "0.00" }),
      id,
      name: `#${id}`,
      customer: { id: order.customer, email: `c${order.customer}@example.com` },
      discount_codes: [],
      shipping_lines: [],
      line_items: [{ id: id * 10, product_id: 1, quantity: order.quantity, price: `${order.price}.00`, gift_card: false, discount_allocations: [], tax_lines: [] }],
    };
    deliveries.push({ topic: "orders/paid", payload, webhookId: `paid-${id}` });
    if (i % 3 === 0 && order.quantity > 1) {
      order.refundedUnits = 1;
      const refund = { ...fixture("refunds-create-partial"), id: id * 10 + 1, order_id: id, refund_line_items: [{ line_item_id: id * 10, quantity: 1, subtotal: `${order.price}.00`, total_tax: "0.00" }] };
      deliveries.push({ topic: "refunds/create", payload: refund, webhookId: `refund-${id}` });
    }
    if (i % 7 === 0) {
      order.cancelled = true;
      deliveries.push({ topic: "orders/cancelled", payload: { ...payload, cancelled_at: "2026-11-21T09:00:00-05:00" }, webhookId: `cancel-${id}` });
    }
  }
  // Retries that Shopify made before the crash, under the same webhook id.
  while (deliveries.length < 2000) deliveries.push({ ...deliveries[next(deliveries.length)] });
  return { orders, deliveries };
}

/** Sends the deliveries to the shop's app at `baseUrl`, 16 at a time; a delivery cut off (the server died) is status 0. */
export async function send(shop: string, baseUrl: string, deliveries: ReturnType<typeof plan>["deliveries"], onSent?: (n: number) => void) {
  let sent = 0;
  let cursor = 0;
  const statuses: number[] = [];
  const worker = async () => {
    while (cursor < deliveries.length) {
      const d = deliveries[cursor++];
      try {
        const response = await fetch(webhookRequest(d.topic, d.payload, { shop, webhookId: d.webhookId, baseUrl }));
        statuses.push(response.status);
      } catch {
        statuses.push(0); // the server died under this request
      }
      onSent?.(++sent);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return statuses;
}

/** Each customer's balance once every planned order, refund and cancellation is applied. */
export function expectedBalances(orders: Planned[]): Map<string, number> {
  const expected = new Map<string, number>();
  for (const o of orders) {
    const held = o.cancelled ? 0 : o.price * (o.quantity - o.refundedUnits);
    expected.set(String(o.customer), (expected.get(String(o.customer)) ?? 0) + held);
  }
  return expected;
}
