// The one switch between Klub and the local sandbox (sandbox/, docs/decisions/009). In development,
// KLUB_SANDBOX_URL points Shopify's hosts at the sandbox. A production build has no sandbox:
// import.meta.env.DEV is false there, so this is null and the seam is never bundled.
// Imported first by shopify.server.ts: the App Bridge URL must be set before the library reads it.

import { appBridgeUrl, sandboxUrlSetting, setAppBridgeUrl } from "./env.server";

export const sandboxUrl: string | null = import.meta.env.DEV ? sandboxUrlSetting() : null;

if (sandboxUrl) setAppBridgeUrl(new URL("/app-bridge.js", sandboxUrl).href);

/**
 * Document headers for the sandbox: its admin embeds the app from another origin, so it may frame
 * the app's pages, and App Bridge is preloaded from the sandbox, not from Shopify's CDN.
 */
export function adaptDocumentHeadersForSandbox(headers: Headers) {
  if (!sandboxUrl) return;
  const csp = headers.get("Content-Security-Policy");
  if (csp) headers.set("Content-Security-Policy", csp.replace("frame-ancestors", `frame-ancestors ${new URL(sandboxUrl).origin}`));
  const link = headers.get("Link");
  const bridge = appBridgeUrl();
  if (link && bridge) {
    headers.set("Link", link.replace("https://cdn.shopify.com/shopifycloud/app-bridge.js", bridge));
  }
}

/**
 * The login form sends the owner to Shopify's admin to install and open the app
 * (admin.shopify.com/store/<shop>/oauth/install): against the sandbox, to the sandbox's admin.
 */
export function adaptLoginRedirectForSandbox(response: Response) {
  const location = response.headers.get("Location");
  if (!sandboxUrl || !location?.startsWith("https://admin.shopify.com/")) return;
  const target = new URL(location);
  response.headers.set("Location", new URL(`/admin/oauth/install${target.search}`, sandboxUrl).href);
}
