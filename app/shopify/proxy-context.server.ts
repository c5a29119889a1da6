// The one context of an app proxy request (/apps/klub/* on the storefront -> /proxy/*): Shopify's
// signature checked by the library (which also refuses timestamps over 90 s off), a signature
// answered once only, the shop it was signed for, and the shopper: `logged_in_customer_id` is the
// only identity, whatever the query or body says.
import type { PrismaClient } from "@prisma/client";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { supportedLocale, translator, type Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import type { AdminGraphql } from "./outbox-worker.server";

const REPLAY_WINDOW_MS = 120_000; // Shopify's 90 s tolerance, either way, with room
const SHOPIFY_TIMEOUT_MS = 8_000;

export interface ProxyContext {
  shop: string;
  customerId: string | null;
  locale: Locale;
  /** The Admin API of the shop, from its offline session; null when the app has none (not installed). */
  graphql: AdminGraphql | null;
  liquid: (body: string, init?: { layout?: boolean; status?: number; headers?: HeadersInit }) => Response;
}

export function proxyError(status: number, locale: Locale, key: string, values: Record<string, unknown> = {}, headers: HeadersInit = {}): Response {
  const t = translator(locale);
  return Response.json({ ok: false, errors: { form: t(`storefront.errors.${key}`, values) } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * Authenticates an app proxy request or throws the answer to send. `once` refuses a signature
 * seen before (a captured URL sent again); the loyalty page, a plain page view that a reload may
 * repeat within the same second, does without.
 */
export async function requireProxy(request: Request, db: PrismaClient, options: { once: boolean }): Promise<ProxyContext> {
  const url = new URL(request.url);
  const locale = supportedLocale(url.searchParams.get("locale")) ?? "en";
  let context;
  try {
    context = await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response && error.status === 400) throw proxyError(401, locale, "signature");
    throw error;
  }
  if (options.once) {
    const signature = url.searchParams.get("signature")!;
    const now = new Date();
    try {
      await db.seenProxySignature.create({ data: { signature, seenAt: now } });
    } catch {
      throw proxyError(401, locale, "signature");
    }
  }
  const customer = url.searchParams.get("logged_in_customer_id") ?? "";
  const { admin } = context;
  return {
    shop: url.searchParams.get("shop")!,
    customerId: /^\d+$/.test(customer) ? customer : null,
    locale,
    graphql: admin ? async (query, variables) => (await admin.graphql(query, { variables, signal: AbortSignal.timeout(SHOPIFY_TIMEOUT_MS) })).json() : null,
    liquid: context.liquid,
  };
}

/** Forgets signatures older than the replay window (hourly). */
export function pruneProxySignatures(db: PrismaClient, now = new Date()) {
  return db.seenProxySignature.deleteMany({ where: { seenAt: { lt: new Date(now.getTime() - REPLAY_WINDOW_MS) } } });
}

// Redeems and cancels per shopper: enough for a person, not for a script. Per process; behind
// several instances each allows this much (docs/decisions/022).
const spends = new RateLimiterMemory({ points: 10, duration: 60 });

/** Throws a 429 when this shopper has redeemed or cancelled too often in the last minute. */
export async function limitSpends(context: Pick<ProxyContext, "shop" | "customerId" | "locale">): Promise<void> {
  try {
    await spends.consume(`${context.shop}:${context.customerId}`);
  } catch (refusal) {
    const retryAfter = Math.ceil(((refusal as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000);
    throw proxyError(429, context.locale, "rate", {}, { "Retry-After": String(retryAfter) });
  }
}
