// The built server's health routes, and its graceful stop: SIGTERM in the middle of a backlog ends
// the background work at the delivery in hand (the process exits at once, not after the backlog,
// and says the work stopped rather than being cut off), and the next process applies the rest,
// each delivery once.
import { afterAll, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { startBuiltServer, type RunningServer } from "./support/server";
import { fixture, inboxDrained, webhookRequest } from "./support/webhooks";

const { db, url: databaseUrl } = freshDatabase();
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
  await db.$disconnect();
});

const SHOP = "shutdown.myshopify.com";
const ORDERS = 300;
const CUSTOMERS = 50;

/** An order of `dollars` whole dollars (one point each) for customer `customer`. */
function paid(id: number, customer: number, dollars: number) {
  const total = `${dollars}.00`;
  const money = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
  return {
    ...fixture("orders-paid"),
    id,
    name: `#${id}`,
    subtotal_price: total,
    subtotal_price_set: money(total),
    total_price: total,
    total_price_set: money(total),
    total_discounts: "0.00",
    total_discounts_set: money("0.00"),
    customer: { id: customer, email: `c${customer}@example.com` },
    discount_codes: [],
    shipping_lines: [],
    line_items: [{ id: id * 10, product_id: 1, quantity: 1, price: total, gift_card: false, discount_allocations: [], tax_lines: [] }],
  };
}

async function sendAll(baseUrl: string, orders: ReturnType<typeof paid>[]) {
  let cursor = 0;
  const statuses: number[] = [];
  const worker = async () => {
    while (cursor < orders.length) {
      const order = orders[cursor++];
      statuses.push((await fetch(webhookRequest("orders/paid", order, { shop: SHOP, webhookId: `paid-${order.id}`, baseUrl }))).status);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return statuses;
}

it("answers its health routes, stops at the delivery in hand on SIGTERM, and the next process applies the rest once", { timeout: 300_000 }, async () => {
  await installTestShop(db, SHOP);
  const orders = Array.from({ length: ORDERS }, (_, i) => paid(200_000 + i, 3000 + (i % CUSTOMERS), 1 + (i % 40)));

  server = await startBuiltServer(databaseUrl, { LOG_LEVEL: "info" });
  const health = async (path: string) => {
    const response = await fetch(`${server!.url}${path}`);
    return { status: response.status, body: await response.json(), cache: response.headers.get("Cache-Control") };
  };
  expect(await health("/healthz")).toEqual({ status: 200, body: { status: "alive" }, cache: "no-store" });
  expect(await health("/readyz")).toEqual({ status: 200, body: { status: "ready" }, cache: "no-store" });

  expect((await sendAll(server.url, orders)).every((s) => s === 200)).toBe(true);
  const first = server;
  const exited = new Promise<number | null>((resolve) => first.process.once("exit", (code) => resolve(code)));
  let output = "";
  first.process.stdout!.on("data", (d) => (output += d));
  const signalledAt = Date.now();
  first.process.kill("SIGTERM");
  const code = await exited;
  const stoppedWithin = Date.now() - signalledAt;
  expect(code, output).toBe(0);
  expect(output).toContain("background work stopped");
  // A backlog was left for the next process: the stop did not wait for it.
  const pending = await db.webhookDelivery.count({ where: { status: "pending" } });
  expect(pending, `stopped after ${stoppedWithin} ms`).toBeGreaterThan(0);
  expect(await db.webhookDelivery.count({ where: { status: "failed" } })).toBe(0);
  // What was applied was applied whole: one order summary per delivery done, none for the rest.
  expect(await db.orderSummary.count()).toBe(await db.webhookDelivery.count({ where: { status: "done" } }));

  server = await startBuiltServer(databaseUrl);
  await inboxDrained(db);
  const expected = new Map<string, number>();
  for (const order of orders) expected.set(String(order.customer.id), (expected.get(String(order.customer.id)) ?? 0) + Number(order.total_price));
  const members = await db.member.findMany();
  expect(new Map(members.map((m) => [m.customerId, m.balance]))).toEqual(expected);
  for (const member of members) expect(brokenInvariants(await memberState(db, member.id))).toEqual([]);
  expect(await db.orderSummary.count()).toBe(ORDERS);
});
