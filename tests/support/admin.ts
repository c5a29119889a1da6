// Requests from the embedded admin, as App Bridge makes them: a session token (HS256 JWT signed
// with the app's secret, with Shopify's claims) as a Bearer header, for a shop whose offline
// session is stored as after a real install.
import { createHmac, randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";

const API_KEY = "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c";
const SECRET = "test-secret";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

export function sessionToken(shop: string, secret = SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const claims = base64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: API_KEY,
      sub: "42",
      exp: now + 60,
      nbf: now - 5,
      iat: now - 5,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = base64url(createHmac("sha256", secret).update(`${header}.${claims}`).digest());
  return `${header}.${claims}.${signature}`;
}

export async function storeOfflineSession(db: PrismaClient, shop: string) {
  await db.session.upsert({
    where: { id: `offline_${shop}` },
    update: {},
    create: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope: process.env.SCOPES,
      accessToken: "shpat_test_token",
    },
  });
}

export function adminRequest(path: string, shop: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${sessionToken(shop)}`);
  return new Request(`http://localhost:3000${path}`, { ...init, headers });
}
