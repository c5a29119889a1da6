// The sandbox delivers webhooks as Shopify does: signed, only for subscribed topics, retried with
// backoff until answered 2xx, twice under one webhook id or out of order when switched on.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { Store } from "../sandbox/state";
import { WebhookSender } from "../sandbox/webhooks";
import { tempDir } from "./support/temp";

interface Received {
  at: number;
  path: string;
  topic: string;
  webhookId: string;
  valid: boolean;
  order: number;
}
const received: Received[] = [];
let failuresLeft = 0;
let url = "";
const server = createServer(async (request, response) => {
  let body = "";
  for await (const chunk of request) body += chunk;
  const valid = createHmac("sha256", "sandbox-secret").update(body).digest("base64") === request.headers["x-shopify-hmac-sha256"];
  received.push({ at: Date.now(), path: request.url ?? "", topic: String(request.headers["x-shopify-topic"]), webhookId: String(request.headers["x-shopify-webhook-id"]), valid, order: JSON.parse(body).n });
  response.writeHead(failuresLeft-- > 0 ? 503 : 200).end();
});

let store: Store;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  failuresLeft = 0;
  store = new Store(join(tempDir("klub-sandbox-"), "shopify.json"));
});

it("signs deliveries and sends only the topics shopify.app.toml subscribes to, at their URIs", async () => {
  const sender = new WebhookSender(store, url, "sandbox-secret");
  sender.send("orders/create", { n: 1 }); // not subscribed: Shopify would not send it
  sender.send("orders/paid", { n: 2 });
  sender.send("customers/redact", { n: 3 });
  await sender.idle();
  expect(received.map((r) => [r.path, r.topic, r.valid])).toEqual([
    ["/webhooks/orders/paid", "orders/paid", true],
    ["/webhooks/customers/redact", "customers/redact", true],
  ]);
});

it("retries a failed delivery with growing waits until it is answered", async () => {
  failuresLeft = 3;
  const sender = new WebhookSender(store, url, "sandbox-secret");
  sender.send("orders/paid", { n: 1 });
  await sender.idle();
  expect(received).toHaveLength(4);
  expect(new Set(received.map((r) => r.webhookId)).size).toBe(1);
  const waits = received.slice(1).map((r, i) => r.at - received[i].at);
  expect(waits[1]).toBeGreaterThan(waits[0]);
  expect(waits[2]).toBeGreaterThan(waits[1]);
  expect(store.state.deliveries[0]).toMatchObject({ status: "delivered", attempts: 4, lastStatus: 200 });
});

it("delivers twice under the same webhook id, and out of order, when switched on", async () => {
  store.state.options = { duplicates: true, reorder: true };
  const sender = new WebhookSender(store, url, "sandbox-secret");
  for (let n = 0; n < 20; n++) sender.send("orders/paid", { n });
  await sender.idle();
  expect(received).toHaveLength(40);
  expect(new Set(received.map((r) => r.webhookId)).size).toBe(20);
  const arrival = received.map((r) => r.order);
  expect(arrival).not.toEqual([...arrival].sort((a, b) => a - b));
});
