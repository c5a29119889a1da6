// Loaded into a built server under test (node --import, before the app): Shopify's Admin API of any
// shop is answered by the stand-in at KLUB_TEST_ADMIN_API (tests/support/fake-admin-api.ts), as if
// DNS sent it there, and each request says which app instance sent it (KLUB_TEST_INSTANCE).
// The Shopify library takes globalThis.fetch when it loads, so this is in place first.
const target = process.env.KLUB_TEST_ADMIN_API;
const instance = process.env.KLUB_TEST_INSTANCE ?? "";
const realFetch = globalThis.fetch;

globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!target || !url.hostname.endsWith(".myshopify.com") || !url.pathname.startsWith("/admin/api/")) return realFetch(input, init);
  const request = new Request(input, init);
  const headers = new Headers(request.headers);
  headers.set("x-klub-instance", instance);
  return realFetch(new URL(url.pathname + url.search, target), { method: request.method, headers, body: request.body, duplex: "half" });
};
