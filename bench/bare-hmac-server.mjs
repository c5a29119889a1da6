// The ceiling for bench/webhooks.ts: a bare Node HTTP server that only reads the body and checks
// Shopify's HMAC, as every webhook receiver must. Usage: node bench/bare-hmac-server.mjs <port> <secret>
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const [port, secret] = process.argv.slice(2);
createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const expected = createHmac("sha256", secret).update(Buffer.concat(chunks)).digest();
    const given = Buffer.from(String(request.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    response.writeHead(valid ? 200 : 401, { "Content-Type": "text/plain" });
    response.end(valid ? "OK" : "Unauthorized");
  });
}).listen(Number(port), "127.0.0.1", () => process.send?.("listening"));
