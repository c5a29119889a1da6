// Shopify's token endpoint, POST /admin/oauth/access_token, as far as an embedded app uses it:
// token exchange (a session token for an offline or online access token, expiring or not) and
// the refresh of an expiring offline token. The tokens issued are the only ones the sandbox's
// Admin API accepts; an uninstall revokes them all.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { verifySessionToken } from "./session-token";
import type { IssuedToken, Store } from "./state";
import type { WebhookSender } from "./webhooks";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";

/** Shopify's lifetimes: an expiring offline token lasts an hour, its refresh token 90 days; an online token a day. */
export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 90 * 86_400;
export const ONLINE_TOKEN_SECONDS = 86_400;

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
}

/** The scopes the app asks for in shopify.app.toml: what Shopify grants it on a managed install. */
export function grantedScopes(tomlPath = new URL("../shopify.app.toml", import.meta.url)): string {
  const toml = readFileSync(tomlPath, "utf8");
  return /\[access_scopes\][^[]*?\bscopes\s*=\s*"([^"]*)"/.exec(toml)?.[1] ?? "";
}

interface Answer {
  status: number;
  body: unknown;
}

const refuse = (error: string, description: string): Answer => ({ status: 400, body: { error, error_description: description } });

const same = (a: unknown, b: string) => {
  const given = Buffer.from(String(a ?? ""));
  const wanted = Buffer.from(b);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
};

const secondsFrom = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

function parseBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(raw));
  } catch {
    return null;
  }
}

/** Issues a token to the app (and installs it: Shopify installs an app the owner opens). */
export function issueToken(store: Store, options: { online?: boolean; expiring?: boolean; scope?: string } = {}, now = new Date()): IssuedToken {
  const online = options.online ?? false;
  const expiring = online || (options.expiring ?? true);
  const token: IssuedToken = {
    accessToken: `${online ? "shpua" : "shpat"}_${randomBytes(16).toString("hex")}`,
    online,
    scope: options.scope ?? grantedScopes(),
    expiresAt: expiring ? secondsFrom(now, online ? ONLINE_TOKEN_SECONDS : ACCESS_TOKEN_SECONDS) : null,
    refreshToken: expiring && !online ? `shprt_${randomBytes(16).toString("hex")}` : null,
    refreshTokenExpiresAt: expiring && !online ? secondsFrom(now, REFRESH_TOKEN_SECONDS) : null,
  };
  const alive = (t: IssuedToken) => t.expiresAt === null || new Date(t.expiresAt) > now || (t.refreshTokenExpiresAt !== null && new Date(t.refreshTokenExpiresAt) > now);
  store.state.app = { installed: true, tokens: [...store.state.app.tokens.filter(alive), token] };
  store.save();
  return token;
}

/** Whether the Admin API takes this token: one the sandbox issued, not expired, not revoked. */
export function acceptsAccessToken(store: Store, accessToken: string | null, now = new Date()): boolean {
  if (!accessToken || !store.state.app.installed) return false;
  const token = store.state.app.tokens.find((t) => t.accessToken === accessToken);
  return !!token && (token.expiresAt === null || new Date(token.expiresAt) > now);
}

const scopeList = (scope: string) => scope.split(",").map((s) => s.trim()).filter(Boolean).sort();

/**
 * Managed installation, after the app asks for other scopes (shopify.app.toml changed): Shopify
 * asks the owner on their next visit to the app, and the sandbox's owner agrees. The app's tokens
 * now reach what the new scopes allow, and Shopify tells the app by app/scopes_update.
 */
export function grantRequestedScopes(store: Store, sender: WebhookSender, now = new Date()) {
  const wanted = scopeList(grantedScopes());
  const { app } = store.state;
  const stale = app.installed ? app.tokens.filter((t) => scopeList(t.scope).join() !== wanted.join()) : [];
  if (!stale.length) return;
  const previous = scopeList((stale.find((t) => !t.online) ?? stale[0]).scope);
  for (const token of stale) token.scope = wanted.join(",");
  store.save();
  // The app's installation on the shop (its id as the Admin API names it: AppInstallation/1).
  sender.send("app/scopes_update", { id: 1, admin_graphql_api_id: "gid://shopify/AppInstallation/1", previous, current: wanted, updated_at: now.toISOString() });
}

/** The shop owner removes the app: every token is revoked, and Shopify tells the app. */
export function uninstallApp(store: Store, sender: WebhookSender) {
  store.state.app = { installed: false, tokens: [] };
  store.save();
  const { shop } = store.state;
  sender.send("app/uninstalled", { id: shop.id, name: shop.name, email: shop.email, domain: shop.domain, myshopify_domain: shop.domain, currency: shop.currency, iana_timezone: shop.timezone, primary_locale: shop.locale, plan_display_name: shop.plan.publicDisplayName });
}

function tokenAnswer(token: IssuedToken, now: Date, user?: { id: number }): Answer {
  const seconds = (at: string | null) => (at ? Math.round((new Date(at).getTime() - now.getTime()) / 1000) : undefined);
  if (token.online) {
    return {
      status: 200,
      body: {
        access_token: token.accessToken,
        scope: token.scope,
        expires_in: seconds(token.expiresAt),
        associated_user_scope: token.scope,
        associated_user: { id: user?.id ?? 1, first_name: "Sandbox", last_name: "Owner", email: "owner@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
      },
    };
  }
  return {
    status: 200,
    body: {
      access_token: token.accessToken,
      scope: token.scope,
      ...(token.expiresAt && { expires_in: seconds(token.expiresAt), refresh_token: token.refreshToken, refresh_token_expires_in: seconds(token.refreshTokenExpiresAt) }),
    },
  };
}

/** POST /admin/oauth/access_token. */
export function answerAccessTokenRequest(store: Store, app: AppCredentials, rawBody: string, contentType: string, now = new Date()): Answer {
  const body = parseBody(rawBody, contentType);
  if (!body) return refuse("invalid_request", "The request body could not be read");
  if (!same(body.client_id, app.apiKey) || !same(body.client_secret, app.apiSecret)) {
    return refuse("invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
  }

  if (body.grant_type === "refresh_token") {
    const old = store.state.app.tokens.find((t) => t.refreshToken !== null && same(body.refresh_token, t.refreshToken));
    if (!old || !store.state.app.installed || new Date(old.refreshTokenExpiresAt ?? 0) <= now) {
      return refuse("invalid_grant", "The refresh token is invalid, expired or revoked");
    }
    // Refresh tokens rotate: the old pair is spent.
    store.state.app.tokens = store.state.app.tokens.filter((t) => t !== old);
    return tokenAnswer(issueToken(store, { expiring: true, scope: old.scope }, now), now);
  }

  if (body.grant_type !== TOKEN_EXCHANGE) return refuse("unsupported_grant_type", `Unsupported grant_type: ${String(body.grant_type)}`);
  if (body.subject_token_type !== ID_TOKEN) return refuse("invalid_request", `subject_token_type must be ${ID_TOKEN}`);
  const requested = body.requested_token_type ?? OFFLINE_TOKEN;
  if (requested !== OFFLINE_TOKEN && requested !== ONLINE_TOKEN) return refuse("invalid_request", `Unsupported requested_token_type: ${String(requested)}`);
  const claims = verifySessionToken(String(body.subject_token ?? ""), { shop: store.state.shop.domain, apiKey: app.apiKey, secret: app.apiSecret }, now.getTime());
  if ("error" in claims) return refuse("invalid_subject_token", `The session token is invalid: ${claims.error}`);
  const online = requested === ONLINE_TOKEN;
  const token = issueToken(store, { online, expiring: String(body.expiring ?? "0") === "1" }, now);
  return tokenAnswer(token, now, { id: Number(claims.sub) || 1 });
}
