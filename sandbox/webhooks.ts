// Delivers webhooks to the app as Shopify does: signed with the app's secret, with Shopify's
// headers, retried with exponential backoff when not answered 2xx (Shopify: 8 retries over 4
// hours; here the same curve in seconds). Duplicates and reordering can be switched on.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Store } from "./state";

/** The topics the app subscribes to, and where, from shopify.app.toml: Shopify sends only those. */
export function subscriptions(tomlPath = new URL("../shopify.app.toml", import.meta.url)): Map<string, string> {
  const toml = readFileSync(tomlPath, "utf8");
  return new Map(
    [...toml.matchAll(/(?:compliance_)?topics = \["([^"]+)"\]\s*\n\s*uri = "([^"]+)"/g)].map(([, topic, uri]) => [topic, uri]),
  );
}

const MAX_ATTEMPTS = 9; // the first delivery and 8 retries
const RETRY_BASE_MS = 500;

export class WebhookSender {
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private readonly uris = subscriptions();

  constructor(
    private readonly store: Store,
    private readonly appUrl: string,
    private readonly secret: string,
  ) {}

  /** Queues a delivery of the topic, if the app subscribes to it; resolves at once. */
  send(topic: string, payload: unknown): void {
    if (!this.uris.has(topic)) return;
    const body = JSON.stringify(payload);
    const webhookId = randomUUID();
    const eventId = randomUUID();
    const { duplicates, reorder } = this.store.state.options;
    this.schedule(topic, body, webhookId, eventId, reorder ? Math.random() * 1500 : 0);
    if (duplicates) this.schedule(topic, body, webhookId, eventId, 50 + Math.random() * 500);
  }

  /** Resolves when every queued delivery has been answered or given up. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private schedule(topic: string, body: string, webhookId: string, eventId: string, delayMs: number) {
    const record = { id: webhookId, topic, status: "pending" as const, attempts: 0, lastStatus: null, at: new Date().toISOString() };
    this.store.state.deliveries = [record, ...this.store.state.deliveries].slice(0, 200);
    this.inFlight++;
    const attempt = async (n: number) => {
      const status = await this.post(topic, body, webhookId, eventId);
      const current = this.store.state.deliveries.find((d) => d === record) ?? record;
      Object.assign(current, { attempts: n, lastStatus: status, at: new Date().toISOString() });
      if (status >= 200 && status < 300) return this.done(current, "delivered");
      if (n >= MAX_ATTEMPTS) return this.done(current, "failed");
      setTimeout(() => void attempt(n + 1), RETRY_BASE_MS * 2 ** (n - 1));
    };
    setTimeout(() => void attempt(1), delayMs);
  }

  private done(record: { status: string }, status: "delivered" | "failed") {
    record.status = status;
    this.store.save();
    if (--this.inFlight === 0) for (const resolve of this.waiters.splice(0)) resolve();
  }

  private async post(topic: string, body: string, webhookId: string, eventId: string): Promise<number> {
    try {
      const response = await fetch(new URL(this.uris.get(topic)!, this.appUrl), {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": topic,
          "X-Shopify-Hmac-Sha256": createHmac("sha256", this.secret).update(body).digest("base64"),
          "X-Shopify-Shop-Domain": this.store.state.shop.domain,
          "X-Shopify-API-Version": "2026-10",
          "X-Shopify-Webhook-Id": webhookId,
          "X-Shopify-Event-Id": eventId,
          "X-Shopify-Triggered-At": new Date().toISOString(),
        },
        body,
        signal: AbortSignal.timeout(5000), // Shopify's limit
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }
}
