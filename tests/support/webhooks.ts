// Shopify webhook deliveries as real Requests, signed as Shopify signs them, sent to the real
// route modules (or, with deliverTo, over HTTP to a running server).
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

export const WEBHOOK_SECRET = "test-secret";
export const TOPICS = [
  "orders/paid",
  "orders/fulfilled",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
export type Topic = (typeof TOPICS)[number];

/** Free-form JSON as Shopify sends it, for tests to reshape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

export function fixture(name: string): Payload {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), "utf8")) as Payload;
}

export function hmac(body: string, secret = WEBHOOK_SECRET): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export interface DeliveryOptions {
  shop?: string;
  webhookId?: string;
  secret?: string;
  /** Header overrides; null removes a header. */
  headers?: Record<string, string | null>;
  baseUrl?: string;
  /** Deliver to this topic's address (default: the topic's own). */
  path?: string;
}

export function webhookRequest(topic: Topic, payload: unknown, options: DeliveryOptions = {}): Request {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": hmac(body, options.secret),
    "X-Shopify-Shop-Domain": options.shop ?? "klub-demo.myshopify.com",
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Event-Id": randomUUID(),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const url = `${options.baseUrl ?? "http://localhost:3000"}${options.path ?? `/webhooks/${topic}`}`;
  return new Request(url, { method: "POST", headers, body });
}

type Action = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>;

const routeFiles: Record<Topic, () => Promise<{ action: Action }>> = {
  "orders/paid": () => import("../../app/routes/webhooks.orders.paid"),
  "orders/fulfilled": () => import("../../app/routes/webhooks.orders.fulfilled"),
  "orders/cancelled": () => import("../../app/routes/webhooks.orders.cancelled"),
  "refunds/create": () => import("../../app/routes/webhooks.refunds.create"),
  "customers/create": () => import("../../app/routes/webhooks.customers.create"),
  "customers/update": () => import("../../app/routes/webhooks.customers.update"),
  "app/uninstalled": () => import("../../app/routes/webhooks.app.uninstalled"),
  "app/scopes_update": () => import("../../app/routes/webhooks.app.scopes_update"),
  "customers/data_request": () => import("../../app/routes/webhooks.customers.data_request"),
  "customers/redact": () => import("../../app/routes/webhooks.customers.redact"),
  "shop/redact": () => import("../../app/routes/webhooks.shop.redact"),
};

/** The route module that serves a path (as the router would pick it). */
export async function routeFor(path: string): Promise<Action | null> {
  const topic = TOPICS.find((t) => `/webhooks/${t}` === path);
  return topic ? (await routeFiles[topic]()).action : null;
}

/**
 * Sends a delivery to the route module, then lets the inbox worker apply what was accepted, as
 * the app process does right after answering. The database is the one DATABASE_URL names.
 */
export async function deliver(topic: Topic, payload: unknown, options: DeliveryOptions = {}): Promise<Response> {
  const request = webhookRequest(topic, payload, options);
  const action = await routeFor(new URL(request.url).pathname);
  if (!action) return new Response("Not found", { status: 404 });
  let response: Response;
  try {
    response = await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  const [{ default: db }, { processInbox }] = await Promise.all([import("../../app/db.server"), import("../../app/loyalty/inbox.server")]);
  const run = await processInbox(db);
  if (run.failed) throw new Error(`the inbox failed to apply ${run.failed} deliveries`);
  return response;
}

/** Waits until a running server's inbox worker has applied every accepted delivery. */
export async function inboxDrained(db: { webhookDelivery: { count: (args: { where: { status: string } }) => Promise<number> } }, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await db.webhookDelivery.count({ where: { status: "pending" } })) > 0) {
    if (Date.now() > deadline) throw new Error("the inbox was not drained in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends a delivery over HTTP to a running server. */
export async function deliverHttp(baseUrl: string, topic: Topic, payload: unknown, options: DeliveryOptions = {}): Promise<Response> {
  return fetch(webhookRequest(topic, payload, { ...options, baseUrl }));
}
