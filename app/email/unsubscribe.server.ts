// The one-click unsubscribe link each email carries: the member, signed with a key derived from the
// app's secret, so that only Klub can make one and a link unsubscribes only its own member.
import { createHmac, timingSafeEqual } from "node:crypto";
import { appEnv } from "../env.server";

function signatureOf(shopId: string, memberId: string): string {
  return createHmac("sha256", `klub-unsubscribe:${appEnv().SHOPIFY_API_SECRET}`).update(`${shopId}:${memberId}`).digest("base64url");
}

/** The token of a member's link: their id and its signature. */
export function unsubscribeToken(shopId: string, memberId: string): string {
  return `${memberId}.${signatureOf(shopId, memberId)}`;
}

/** The member a token was made for in this shop, or null when it was not made by Klub for it. */
export function memberOfToken(shopId: string, token: string): string | null {
  const [memberId, signature] = token.split(".");
  if (!memberId || !signature) return null;
  const given = Buffer.from(signature);
  const expected = Buffer.from(signatureOf(shopId, memberId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? memberId : null;
}

/** Where the link leads: the app proxy on the shop's storefront (Shopify signs what it forwards). */
export function unsubscribeUrl(storefrontUrl: string, shopId: string, memberId: string, locale: string): string {
  const url = new URL("/apps/klub/unsubscribe", storefrontUrl);
  url.searchParams.set("t", unsubscribeToken(shopId, memberId));
  url.searchParams.set("locale", locale);
  return url.toString();
}
