// Requests as Shopify's app proxy forwards them (/apps/klub/* -> /proxy/*): the shopper's query
// with shop, logged_in_customer_id, path_prefix and timestamp added, signed with the app's secret
// by the sandbox's signer (the stand-in for Shopify).
import { randomUUID } from "node:crypto";
import { signProxyQuery } from "../../sandbox/storefront";

const SECRET = "test-secret";

export interface ProxyRequestOptions {
  shop: string;
  customerId?: string | null;
  query?: Record<string, string>;
  method?: string;
  body?: unknown;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  secret?: string;
}

export function proxyUrl(path: string, o: ProxyRequestOptions): string {
  // As the storefront's script does: a nonce per call, so that two calls in the same second are
  // not the same signed URL (which Klub refuses as a replay).
  const params = new URLSearchParams({ nonce: randomUUID(), ...o.query });
  params.set("shop", o.shop);
  params.set("logged_in_customer_id", o.customerId ?? "");
  params.set("path_prefix", "/apps/klub");
  params.set("timestamp", String(o.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set("signature", signProxyQuery(params, o.secret ?? SECRET));
  return `http://localhost:3000/proxy${path}?${params}`;
}

export function proxyRequest(path: string, o: ProxyRequestOptions): Request {
  const init: RequestInit = { method: o.method ?? "GET" };
  if (o.body !== undefined) {
    init.body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
    init.headers = { "Content-Type": "application/json" };
  }
  return new Request(proxyUrl(path, o), init);
}
