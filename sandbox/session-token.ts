// Session tokens as Shopify's admin and App Bridge issue them: HS256 JWTs signed with the app's
// client secret, with Shopify's claims (shopify.dev: session tokens).
import { createHmac, randomUUID } from "node:crypto";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

export function signSessionToken(options: { shop: string; apiKey: string; secret: string; userId?: string; lifetimeSeconds?: number }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const claims = base64url(
    JSON.stringify({
      iss: `https://${options.shop}/admin`,
      dest: `https://${options.shop}`,
      aud: options.apiKey,
      sub: options.userId ?? "1",
      exp: now + (options.lifetimeSeconds ?? 60),
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = base64url(createHmac("sha256", options.secret).update(`${header}.${claims}`).digest());
  return `${header}.${claims}.${signature}`;
}

/** The host parameter Shopify adds to embedded app URLs: base64 of the admin's store path. */
export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
}
