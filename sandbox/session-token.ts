// Session tokens as Shopify issues them (the admin and App Bridge; checkout and customer account
// UI extensions): HS256 JWTs signed with the app's client secret, with Shopify's claims
// (shopify.dev: session tokens, Session Token API).
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** An HS256 JWT of these claims, signed with the app's client secret. */
function signJwt(claims: object, secret: string): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(claims));
  return `${header}.${body}.${base64url(createHmac("sha256", secret).update(`${header}.${body}`).digest())}`;
}

export function signSessionToken(options: { shop: string; apiKey: string; secret: string; userId?: string; lifetimeSeconds?: number }): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      iss: `https://${options.shop}/admin`,
      dest: `https://${options.shop}`,
      aud: options.apiKey,
      sub: options.userId ?? "1",
      exp: now + (options.lifetimeSeconds ?? 60),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    },
    options.secret,
  );
}

/**
 * A session token as Shopify gives a checkout or customer account UI extension
 * (shopify.sessionToken.get()): HS256 with the app's client secret; `dest` the shop's domain,
 * `aud` the app's client id, `sub` the signed-in customer's gid (absent for a guest), five minutes
 * long. These carry no `iss` or `sid`, unlike the admin's (shopify.dev: Session Token API).
 */
export function signExtensionSessionToken(options: { shop: string; apiKey: string; secret: string; customerId: number | null; lifetimeSeconds?: number }): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      dest: options.shop,
      aud: options.apiKey,
      ...(options.customerId ? { sub: `gid://shopify/Customer/${options.customerId}` } : {}),
      exp: now + (options.lifetimeSeconds ?? 300),
      nbf: now,
      iat: now,
      jti: randomUUID(),
    },
    options.secret,
  );
}

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

/**
 * Checks a session token as Shopify's token endpoint does: HS256 signed with the app's secret, for
 * this app (aud), from this shop (dest), within its lifetime. Returns the claims, or why not.
 */
export function verifySessionToken(token: string, expected: { shop: string; apiKey: string; secret: string }, now = Date.now()): SessionTokenClaims | { error: string } {
  const [header, claims, signature, ...rest] = String(token).split(".");
  if (!header || !claims || !signature || rest.length) return { error: "not a JWT" };
  let parsed: { header: { alg?: string }; claims: SessionTokenClaims };
  try {
    parsed = { header: JSON.parse(Buffer.from(header, "base64url").toString()), claims: JSON.parse(Buffer.from(claims, "base64url").toString()) };
  } catch {
    return { error: "not a JWT" };
  }
  if (parsed.header.alg !== "HS256") return { error: "not signed with HS256" };
  const wanted = createHmac("sha256", expected.secret).update(`${header}.${claims}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { error: "signature does not match" };
  const seconds = Math.floor(now / 1000);
  const { aud, dest, exp, nbf } = parsed.claims;
  if (aud !== expected.apiKey) return { error: "issued for another app" };
  if (dest !== `https://${expected.shop}`) return { error: "issued for another shop" };
  if (typeof exp !== "number" || exp <= seconds) return { error: "expired" };
  if (typeof nbf === "number" && nbf > seconds + 5) return { error: "not valid yet" };
  return parsed.claims;
}

/** The host parameter Shopify adds to embedded app URLs: base64 of the admin's store path. */
export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
}
