// Development only (see app/sandbox-switch.server.ts): Admin API calls to https://<shop>.myshopify.com
// go to the sandbox instead, with the shop's domain in a header and the stored access token as is.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

export function routeShopifyTo(sandboxUrl: string) {
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!url.hostname.endsWith(".myshopify.com")) return fetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Sandbox-Shop-Domain", url.hostname);
    return fetch(new URL(url.pathname + url.search, sandboxUrl), { ...init, headers });
  });
}
