// Receiving a Shopify webhook: size limit, HMAC (authenticate.webhook), topic, payload
// validation, then the event goes into the inbox (WebhookDelivery) and Shopify gets its 200 at
// once; the inbox worker applies it (docs/decisions/008). Bad input gets a clear 4xx and is not
// kept; a repeat delivery gets 200 and is not kept twice. A delivery for a shop that has not
// finished installing (Shopify subscribes the app before its first admin visit) waits in the inbox
// until it has.
import { Prisma, type Shop } from "@prisma/client";
import { z } from "zod";
import db from "../db.server";
import type { InboxEvent } from "../loyalty/events";
import { authenticate } from "../shopify.server";
import { receiving } from "../workers.server";
import { parseLosslessJson } from "./lossless-json";
import { PayloadError } from "./payloads";

const MAX_BODY_BYTES = 2 * 1024 * 1024;

const answer = (status: number, text: string) => new Response(text, { status, headers: { "Content-Type": "text/plain" } });

/** Beyond this a too-large body is cut off rather than read to its end. */
const MAX_DISCARDED_BYTES = 16 * 1024 * 1024;

/**
 * The body, or null when it is larger than the limit. A too-large body is still read to its end
 * (and thrown away), up to MAX_DISCARDED_BYTES, so that the connection is clean for the next
 * request on it: answering with the body half read resets that request.
 */
async function limitedBody(request: Request): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    tooLarge ||= size > MAX_BODY_BYTES;
    if (size > MAX_DISCARDED_BYTES) {
      await reader.cancel();
      break;
    }
    if (!tooLarge) chunks.push(value);
  }
  return tooLarge ? null : Buffer.concat(chunks).toString("utf8");
}

async function authenticated(request: Request, body: string) {
  try {
    return await authenticate.webhook(new Request(request.url, { method: "POST", headers: request.headers, body }));
  } catch (error) {
    // The library answers with an empty body; say what was wrong.
    if (error instanceof Response && error.status === 401) return answer(401, "Invalid webhook signature");
    if (error instanceof Response && error.status === 400) return answer(400, "Missing or invalid Shopify webhook headers");
    if (error instanceof Response) return error;
    if (error instanceof SyntaxError) return answer(400, "Body is not JSON");
    throw error;
  }
}

interface ReceiveOptions {
  /** Also taken for a shop marked uninstalled (uninstall itself, compliance). */
  forUninstalledShops?: boolean;
  /** For a shop that never finished installing: nothing waits, and what waited for it goes (uninstall, shop/redact). */
  endsWaiting?: boolean;
}

/** Who a delivery is for: the shop's row, or null while it has not finished installing. */
export interface DeliveryContext {
  shopDomain: string;
  shop: Shop | null;
}

export function receiveWebhook<S extends z.ZodType>(
  request: Request,
  topic: string,
  schema: S,
  toEvent: (payload: z.infer<S>, delivery: DeliveryContext) => InboxEvent,
  options: ReceiveOptions = {},
): Promise<Response> {
  return receiving(() => accept(request, topic, schema, toEvent, options));
}

async function accept<S extends z.ZodType>(
  request: Request,
  topic: string,
  schema: S,
  toEvent: (payload: z.infer<S>, delivery: DeliveryContext) => InboxEvent,
  options: ReceiveOptions,
): Promise<Response> {
  if (request.method !== "POST") return answer(405, "Method not allowed");
  const body = await limitedBody(request);
  if (body === null) return answer(413, "Payload too large");
  const webhook = await authenticated(request, body);
  if (webhook instanceof Response) return webhook;
  // The library names topics as GraphQL does: orders/paid arrives as ORDERS_PAID.
  if (webhook.topic !== topic.toUpperCase().replaceAll("/", "_")) {
    return answer(400, `This address takes ${topic}, not ${webhook.topic}`);
  }

  // The library's payload is JSON.parse'd: ids beyond 2^53 come out wrong. Read the body again.
  let json: unknown;
  try {
    json = parseLosslessJson(body);
  } catch {
    return answer(400, "Body is not JSON Klub can read (nested too deeply)");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    return answer(400, `Invalid ${topic} payload: ${problems.join("; ")}`);
  }
  const shop = await db.shop.findUnique({ where: { domain: webhook.shop } });
  if (!shop && options.endsWaiting) {
    const { count } = await db.webhookDelivery.deleteMany({ where: { shopDomain: webhook.shop, status: "waiting" } });
    return answer(200, `Shop never finished installing: ${count} waiting deliveries discarded`);
  }
  if (shop?.uninstalledAt && !options.forUninstalledShops) return answer(200, "App uninstalled from this shop: ignored");
  let event: InboxEvent;
  try {
    event = toEvent(parsed.data, { shopDomain: webhook.shop, shop });
  } catch (error) {
    if (error instanceof PayloadError) return answer(400, `Invalid ${topic} payload: ${error.message}`);
    throw error;
  }

  try {
    await db.webhookDelivery.create({
      data: {
        shopDomain: webhook.shop,
        webhookId: webhook.webhookId,
        topic,
        eventId: webhook.eventId ?? null,
        triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : null,
        event: JSON.stringify(event),
        // Kept until the shop has installed (hooks.afterAuth releases it).
        status: shop ? "pending" : "waiting",
      },
    });
  } catch (error) {
    // Unique (shop, webhook id): Shopify sent this delivery again.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return answer(200, "Already received");
    throw error;
  }
  return answer(200, shop ? "Accepted" : "Accepted: waiting for the shop to finish installing");
}
