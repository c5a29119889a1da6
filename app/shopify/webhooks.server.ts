// Receiving a Shopify webhook: size limit, HMAC and headers, topic, payload
// validation, then the event goes into the inbox (WebhookDelivery) and Shopify gets its 200 at
// once; the inbox worker applies it (docs/decisions/008). Bad input gets a clear 4xx and is not
// kept; a repeat delivery gets 200 and is not kept twice. A delivery for a shop that has not
// finished installing (Shopify subscribes the app before its first admin visit) waits in the inbox
// until it has.
import { z } from "zod";
import db from "../db.server";
import type { InboxEvent } from "../loyalty/events";
import { discardWaiting, installState, storeDelivery } from "../loyalty/inbox.server";
import { appEnv } from "../env.server";
import { deliveryStored } from "../workers.server";
import { receiveInTurn } from "../write-turns.server";
import { parseLosslessJson } from "./lossless-json";
import { PayloadError } from "./payloads";
import { checkWebhook } from "./webhook-signature.server";

const MAX_BODY_BYTES = 2 * 1024 * 1024;

// With its length given, the server's compression leaves a short answer alone rather than gzip
// every one of a burst.
const answer = (status: number, text: string) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) } });

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

let appSecret: string | undefined;

/** The signature and Shopify's headers; an answer saying what was wrong when they fail. */
function validated(request: Request, body: string) {
  appSecret ??= appEnv().SHOPIFY_API_SECRET; // as shopify.server's configuration, read once
  const check = checkWebhook(request.headers, body, appSecret);
  if (check.valid) return check;
  return check.reason === "invalid_hmac" ? answer(401, "Invalid webhook signature") : answer(400, "Missing or invalid Shopify webhook headers");
}

interface ReceiveOptions {
  /** Also taken for a shop marked uninstalled (uninstall itself, compliance). */
  forUninstalledShops?: boolean;
  /** For a shop that never finished installing: nothing waits, and what waited for it goes (uninstall, shop/redact). */
  endsWaiting?: boolean;
}

/** Who a delivery is for. */
export interface DeliveryContext {
  shopDomain: string;
  /** The shop's currency, null while it has not finished installing. */
  currencyCode: string | null;
}

export function receiveWebhook<S extends z.ZodType>(
  request: Request,
  topic: string,
  schema: S,
  toEvent: (payload: z.infer<S>, delivery: DeliveryContext) => InboxEvent,
  options: ReceiveOptions = {},
): Promise<Response> {
  return receiveInTurn(() => accept(request, topic, schema, toEvent, options));
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
  const webhook = validated(request, body);
  if (webhook instanceof Response) return webhook;
  // Topics are named as GraphQL names them: orders/paid arrives as ORDERS_PAID.
  if (webhook.topic !== topic.toUpperCase().replaceAll("/", "_")) {
    return answer(400, `This address takes ${topic}, not ${webhook.topic}`);
  }

  // Ids beyond 2^53 must not come out as other ids: parsed losslessly.
  let json: unknown;
  try {
    json = parseLosslessJson(body);
  } catch (error) {
    return answer(400, error instanceof SyntaxError ? "Body is not JSON" : "Body is not JSON Klub can read (nested too deeply)");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    return answer(400, `Invalid ${topic} payload: ${problems.join("; ")}`);
  }
  const shop = await installState(db, webhook.domain);
  if (!shop && options.endsWaiting) {
    const count = await discardWaiting(db, webhook.domain);
    return answer(200, `Shop never finished installing: ${count} waiting deliveries discarded`);
  }
  if (shop?.uninstalled && !options.forUninstalledShops) return answer(200, "App uninstalled from this shop: ignored");
  let event: InboxEvent;
  try {
    event = toEvent(parsed.data, { shopDomain: webhook.domain, currencyCode: shop?.currencyCode ?? null });
  } catch (error) {
    if (error instanceof PayloadError) return answer(400, `Invalid ${topic} payload: ${error.message}`);
    throw error;
  }

  const stored = await storeDelivery(db, {
    shopDomain: webhook.domain,
    webhookId: webhook.webhookId,
    topic,
    eventId: webhook.eventId ?? null,
    triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : null,
    event: JSON.stringify(event),
    // Kept until the shop has installed (hooks.afterAuth releases it).
    status: shop ? "pending" : "waiting",
  });
  // Shopify sent this delivery again (the same shop and webhook id).
  if (!stored) return answer(200, "Already received");
  deliveryStored();
  return answer(200, shop ? "Accepted" : "Accepted: waiting for the shop to finish installing");
}
