// Who a staff member is, for the activity log (decision 027). Shopify names the user only with an
// online access token, and Klub works with the offline one: so when a staff member opens Klub (the
// document load carries their session token as id_token) and their name is unknown or a day old,
// that session token is exchanged once for an online token, its associated_user is kept as a name
// and the token itself is dropped.
import type { PrismaClient } from "@prisma/client";
import * as shopifyRuntime from "@shopify/shopify-api/runtime";
import { appEnv } from "../env.server";
import { logger } from "../logger.server";
import { rememberStaffName, staffNameIsFresh } from "../loyalty/staff-members.server";

const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";
/** A process asks the database (and at worst Shopify) about one staff member at most hourly. */
const RECHECK_MS = 3_600_000;
const checks = new Map<string, { at: number; done: Promise<void> }>();

interface AssociatedUser {
  id?: number | string;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
}

/** "First Last", else the email; null when Shopify gave neither. */
export function displayName(user: AssociatedUser): string | null {
  const name = [user.first_name, user.last_name].map((part) => part?.trim()).filter(Boolean).join(" ");
  return name || user.email?.trim() || null;
}

/** Learns the staff member's name if need be; never fails the request it is part of. */
export function learnStaffName(db: PrismaClient, request: Request, shop: { id: string; domain: string }, userId: string | undefined): Promise<void> {
  const sessionToken = new URL(request.url).searchParams.get("id_token");
  if (!sessionToken || !userId) return Promise.resolve();
  const key = `${shop.id} ${userId}`;
  const last = checks.get(key);
  if (last && Date.now() - last.at < RECHECK_MS) return last.done; // the parallel loaders of one load wait for the same check
  const done = (async () => {
    if (await staffNameIsFresh(db, shop.id, userId)) return;
    const user = await associatedUser(shop.domain, sessionToken);
    const name = user && String(user.id) === userId ? displayName(user) : null;
    if (name) await rememberStaffName(db, shop.id, userId, name);
  })().catch((error: unknown) => logger.warn({ err: error, shop: shop.domain }, "the staff member's name could not be learned"));
  checks.set(key, { at: Date.now(), done });
  return done;
}

/** Token exchange for an online token (through the library's fetch, which the sandbox seam redirects). */
async function associatedUser(shopDomain: string, sessionToken: string): Promise<AssociatedUser | null> {
  const env = appEnv();
  const response = await shopifyRuntime.abstractFetch(`https://${shopDomain}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: env.SHOPIFY_API_KEY,
      client_secret: env.SHOPIFY_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: sessionToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: ONLINE_TOKEN,
    }),
  });
  if (!response.ok) throw new Error(`token exchange for an online token answered ${response.status}`);
  const body = (await response.json()) as { associated_user?: AssociatedUser };
  return body.associated_user ?? null;
}
