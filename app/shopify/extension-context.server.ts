// The one context of a checkout or customer account extension's request (app/routes/api.*): the
// session token Shopify gave the extension, checked by the library (signature with the app's
// secret, expiry) and here for its audience (this app: the library does not check it for
// extension tokens). Only the token's `dest` (the shop) and `sub` (the customer) are trusted;
// nothing in the query or body names a shop or a customer. Every answer carries CORS headers, as
// extensions call from Shopify's origin.
import type { PrismaClient } from "@prisma/client";
import { supportedLocale, translator, type Locale } from "../i18n/i18n";
import { installedShop } from "../loyalty/program.server";
import { appEnv } from "../env.server";
import { authenticate, unauthenticated } from "../shopify.server";
import type { Shopper } from "../storefront/spend.server";

export type ExtensionSurface = "checkout" | "customerAccount";

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Cache-Control": "no-store",
};

/** The answer to the browser's CORS preflight, which it sends before each call with a token; kept 2 hours. */
function preflight(): Response {
  return new Response(null, { status: 204, headers: { ...CORS, "Access-Control-Max-Age": "7200" } });
}

/**
 * The loader of a call that only POSTs (redeem, cancel). Remix hands a preflight (OPTIONS) to a
 * route's loader, never to its action: without this one Remix answered it 400 without CORS
 * headers, and the browser never sent the POST.
 */
export function postOnly({ request }: { request: Request }): Response {
  if (request.method === "OPTIONS") return preflight();
  return withCors(new Response(null, { status: 405, headers: { Allow: "POST, OPTIONS" } }));
}

/** An answer with the CORS headers extensions need to read it (errors too). */
export function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(CORS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function refused(status: number, locale: Locale): Response {
  const t = translator(locale);
  return withCors(Response.json({ ok: false, errors: { form: t(status === 401 ? "storefront.errors.signature" : "storefront.errors.bad_request") } }, { status }));
}

export interface ExtensionContext extends Shopper {
  /** The token asked for something personal without a signed-in customer. */
  guest: boolean;
}

/**
 * Authenticates an extension's request, or throws the answer: 204 to a preflight, 401 to a token
 * that is missing, forged, expired, for another app, or for a shop without Klub.
 */
export async function requireExtension(request: Request, db: PrismaClient): Promise<ExtensionContext> {
  const query = new URL(request.url).searchParams;
  const locale = supportedLocale(query.get("locale")) ?? "en";
  // Both surfaces' tokens are checked alike; the extensions say which they are (?surface=account).
  const surface: ExtensionSurface = query.get("surface") === "account" ? "customerAccount" : "checkout";
  // Answered here rather than by the library, whose preflight answer has CORS headers only for
  // another origin than the app's.
  if (request.method === "OPTIONS") throw preflight();
  let token;
  try {
    ({ sessionToken: token } = await authenticate.public[surface](request));
  } catch (error) {
    if (error instanceof Response) throw refused(error.status === 401 ? 401 : error.status, locale);
    throw error;
  }
  if (token.aud !== appEnv().SHOPIFY_API_KEY) throw refused(401, locale);
  const shop = String(token.dest ?? "").replace(/^https:\/\//, "");
  // A shop that has not installed Klub (or removed it) has no program to show.
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop) || !(await installedShop(db, shop))) throw refused(401, locale);
  const customerId = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(String(token.sub ?? ""))?.[1] ?? null;
  return {
    shop,
    customerId,
    locale,
    guest: customerId === null,
    graphql: async (query, variables) => {
      const { admin } = await unauthenticated.admin(shop);
      return (await admin.graphql(query, { variables, signal: AbortSignal.timeout(8_000) })).json();
    },
  };
}
