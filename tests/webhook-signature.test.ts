// Klub's webhook check against Shopify's rules, and against @shopify/shopify-api's own
// webhooks.validate on the same deliveries: the two must agree on every one.
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import "@shopify/shopify-api/adapters/web-api";
import { describe, expect, it } from "vitest";
import { checkWebhook } from "../app/shopify/webhook-signature.server";
import { webhookRequest, WEBHOOK_SECRET } from "./support/webhooks";

const library = shopifyApi({ apiKey: "key", apiSecretKey: WEBHOOK_SECRET, apiVersion: ApiVersion.October26, hostName: "klub.example.com", isEmbeddedApp: true, logger: { log: () => undefined } });

const BODY = JSON.stringify({ id: 1, name: "#1" });
const signed = (headers: Record<string, string | null> = {}, secret?: string) =>
  webhookRequest("orders/paid", BODY, { shop: "shop-a.myshopify.com", webhookId: "w-1", secret, headers });

async function both(request: Request, body = BODY) {
  const ours = checkWebhook(request.headers, body, WEBHOOK_SECRET);
  const theirs = await library.webhooks.validate({ rawBody: body, rawRequest: request });
  return { ours, theirs };
}

describe("checkWebhook", () => {
  it("takes a delivery signed with the app's secret and reads its headers as the library does", async () => {
    const request = signed({ "X-Shopify-Topic": "orders/paid" });
    const { ours, theirs } = await both(request);
    expect(ours).toEqual({
      valid: true,
      topic: "ORDERS_PAID",
      domain: "shop-a.myshopify.com",
      apiVersion: "2026-10",
      webhookId: "w-1",
      triggeredAt: request.headers.get("x-shopify-triggered-at"),
      eventId: request.headers.get("x-shopify-event-id"),
    });
    expect(theirs).toMatchObject({ valid: true, topic: "ORDERS_PAID", domain: "shop-a.myshopify.com", webhookId: "w-1", apiVersion: "2026-10" });
  });

  it("names topics with dots and slashes as the library does", () => {
    const request = signed({ "X-Shopify-Topic": "app.scopes_update/x" });
    expect(checkWebhook(request.headers, BODY, WEBHOOK_SECRET)).toMatchObject({ topic: "APP_SCOPES_UPDATE_X" });
  });

  it("refuses another secret's signature, a changed body and a changed signature, as the library does", async () => {
    const forged = await both(signed({}, "another-secret"));
    expect([forged.ours, forged.theirs.valid]).toEqual([{ valid: false, reason: "invalid_hmac" }, false]);
    const changed = await both(signed(), JSON.stringify({ id: 2, name: "#1" }));
    expect([changed.ours, changed.theirs.valid]).toEqual([{ valid: false, reason: "invalid_hmac" }, false]);
    const good = signed().headers.get("x-shopify-hmac-sha256")!;
    const tampered = await both(signed({ "X-Shopify-Hmac-Sha256": good.slice(0, -2) + (good.endsWith("A=") ? "B=" : "A=") }));
    expect([tampered.ours, tampered.theirs.valid]).toEqual([{ valid: false, reason: "invalid_hmac" }, false]);
    const shorter = await both(signed({ "X-Shopify-Hmac-Sha256": good.slice(0, -4) }));
    expect([shorter.ours, shorter.theirs.valid]).toEqual([{ valid: false, reason: "invalid_hmac" }, false]);
  });

  it("answers a missing or empty signature and each missing header as missing headers", async () => {
    for (const header of ["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"]) {
      const { ours, theirs } = await both(signed({ [header]: null }));
      expect([header, ours, theirs.valid]).toEqual([header, { valid: false, reason: "missing_headers" }, false]);
    }
    expect(checkWebhook(signed({ "X-Shopify-Hmac-Sha256": "" }).headers, BODY, WEBHOOK_SECRET)).toEqual({ valid: false, reason: "missing_headers" });
  });

  it("leaves out the optional headers when they are absent", () => {
    const check = checkWebhook(signed({ "X-Shopify-Triggered-At": null, "X-Shopify-Event-Id": null }).headers, BODY, WEBHOOK_SECRET);
    expect(check).toMatchObject({ valid: true, triggeredAt: undefined, eventId: undefined });
  });
});
