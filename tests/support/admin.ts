// Requests from the embedded admin, as App Bridge makes them: a session token (HS256 JWT signed
// with the app's secret, with Shopify's claims) as a Bearer header, for a shop whose offline
// session is stored as after a real install.
import type { PrismaClient } from "@prisma/client";
import { signSessionToken } from "../../sandbox/session-token";

const API_KEY = "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c";
const SECRET = "test-secret";

export function sessionToken(shop: string, secret = SECRET): string {
  return signSessionToken({ shop, apiKey: API_KEY, secret, userId: "42" });
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
