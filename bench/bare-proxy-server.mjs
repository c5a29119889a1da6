// The ceiling for bench/storefront.ts: a bare Node HTTP server that only checks Shopify's app proxy
// signature, as every app proxy endpoint must, and answers a small JSON. The signature: the query's
// key=value pairs but `signature`, repeated values joined by ",", sorted, concatenated,
// HMAC-SHA256 hex. Usage: node bench/bare-proxy-server.mjs <port> <secret>
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const [port, secret] = process.argv.slice(2);
createServer((request, response) => {
  const params = new URL(request.url ?? "/", "http://localhost").searchParams;
  const grouped = new Map();
  for (const [key, value] of params) if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const message = [...grouped.entries()].map(([key, values]) => `${key}=${values.join(",")}`).sort().join("");
  const expected = createHmac("sha256", secret).update(message).digest();
  const given = Buffer.from(params.get("signature") ?? "", "hex");
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  response.writeHead(valid ? 200 : 401, { "Content-Type": "application/json", "Cache-Control": "private, no-store" });
  response.end(JSON.stringify(valid ? { ok: true, customer: params.get("logged_in_customer_id") } : { ok: false }));
}).listen(Number(port), "127.0.0.1", () => process.send?.("listening"));
