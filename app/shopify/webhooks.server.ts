// Receiving a Shopify webhook: size limit, HMAC (authenticate.webhook), topic, dedupe by
// X-Shopify-Webhook-Id, payload validation, then the domain. Bad input gets a 4xx and changes
// nothing; a repeat delivery gets 200 and changes nothing.
import type { Shop } from "@prisma/client";
import { z } from "zod";
import db from "../db.server";
import { logger } from "../logger.server";
import { authenticate } from "../shopify.server";
import { kickOutbox } from "./outbox-worker.server";
import { PayloadError } from "./payloads";

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface Delivery<T> {
  shop: Shop;
  domain: string;
  payload: T;
  webhookId: string;
}

const answer = (status: number, text: string) => new Response(text, { status, headers: { "Content-Type": "text/plain" } });

/** The body, or null when it is larger than the limit (checked before and while reading). */
async function limitedBody(request: Request): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function receiveWebhook<S extends z.ZodType>(
  request: Request,
  topic: string,
  schema: S,
  handle: (delivery: Delivery<z.infer<S>>) => Promise<unknown>,
  options: { forUninstalledShops?: boolean } = {},
): Promise<Response> {
  if (request.method !== "POST") return answer(405, "Method not allowed");
  const body = await limitedBody(request);
  if (body === null) return answer(413, "Payload too large");

  let webhook: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    webhook = await authenticate.webhook(new Request(request.url, { method: "POST", headers: request.headers, body }));
  } catch (error) {
    if (error instanceof Response) {
      // The library answers with an empty body; say what was wrong.
      if (error.status === 401) return answer(401, "Invalid webhook signature");
      if (error.status === 400) return answer(400, "Missing or invalid Shopify webhook headers");
      return error;
    }
    if (error instanceof SyntaxError) return answer(400, "Body is not JSON");
    throw error;
  }
  // The library names topics as GraphQL does: orders/paid arrives as ORDERS_PAID.
  if (webhook.topic !== topic.toUpperCase().replaceAll("/", "_")) {
    return answer(400, `This address takes ${topic}, not ${webhook.topic}`);
  }

  const key = { shopDomain_webhookId: { shopDomain: webhook.shop, webhookId: webhook.webhookId } };
  const seen = await db.webhookDelivery.findUnique({ where: key });
  if (seen?.processedAt) return answer(200, "Already processed");

  const parsed = schema.safeParse(webhook.payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    return answer(400, `Invalid ${topic} payload: ${problems.join("; ")}`);
  }

  const shop = await db.shop.findUnique({ where: { domain: webhook.shop } });
  if (!shop || (shop.uninstalledAt && !options.forUninstalledShops)) return answer(200, "Shop not installed: ignored");

  try {
    await handle({ shop, domain: webhook.shop, payload: parsed.data, webhookId: webhook.webhookId });
  } catch (error) {
    if (error instanceof PayloadError) return answer(400, `Invalid ${topic} payload: ${error.message}`);
    logger.error({ err: error, topic, shop: webhook.shop, webhookId: webhook.webhookId }, "webhook failed");
    throw error;
  }
  const now = new Date();
  await db.webhookDelivery.upsert({
    where: key,
    update: { processedAt: now },
    create: {
      shopDomain: webhook.shop,
      webhookId: webhook.webhookId,
      topic,
      eventId: webhook.eventId ?? null,
      triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : null,
      processedAt: now,
    },
  });
  kickOutbox();
  return answer(200, "OK");
}
