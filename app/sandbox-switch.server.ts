// The one switch between Klub and the local sandbox (sandbox/, docs/decisions/009). In development,
// KLUB_SANDBOX_URL points Shopify's hosts at the sandbox. A production build has no sandbox:
// import.meta.env.DEV is false there, so this is null and the seam is never bundled.
// Imported first by shopify.server.ts: the App Bridge URL must be set before the library reads it.

export const sandboxUrl: string | null = import.meta.env.DEV ? process.env.KLUB_SANDBOX_URL || null : null;

if (sandboxUrl) process.env.APP_BRIDGE_URL = new URL("/app-bridge.js", sandboxUrl).href;

/**
 * Document headers for the sandbox: its admin embeds the app from another origin, so it may frame
 * the app's pages, and App Bridge is preloaded from the sandbox, not from Shopify's CDN.
 */
export function adaptDocumentHeadersForSandbox(headers: Headers) {
  if (!sandboxUrl) return;
  const csp = headers.get("Content-Security-Policy");
  if (csp) headers.set("Content-Security-Policy", csp.replace("frame-ancestors", `frame-ancestors ${new URL(sandboxUrl).origin}`));
  const link = headers.get("Link");
  if (link && process.env.APP_BRIDGE_URL) {
    headers.set("Link", link.replace("https://cdn.shopify.com/shopifycloud/app-bridge.js", process.env.APP_BRIDGE_URL));
  }
}
