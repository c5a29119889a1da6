// The sandbox as the host of the checkout and customer account extensions, without a browser:
// session tokens signed as Shopify signs an extension's, the checkout's discount codes as
// applyDiscountCodeChange changes them, store credit (expiry, spending, checkout), and which frames
// it serves to whom. The browser side is tests/e2e/checkout-extensions.e2e.test.ts.
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changeDiscountCodes, type Buyer } from "../sandbox/checkout";
import { orderPayload } from "../sandbox/payloads";
import { answerAdminGraphql } from "../sandbox/admin-graphql";
import { issueToken } from "../sandbox/oauth";
import { placeOrder } from "../sandbox/orders";
import { createSandboxServer } from "../sandbox/server";
import { signExtensionSessionToken } from "../sandbox/session-token";
import { Store } from "../sandbox/state";
import { storeCreditBalance } from "../sandbox/store-credit";
import { loadUiExtensions } from "../sandbox/ui-extensions";
import type { WebhookSender } from "../sandbox/webhooks";
import { tempDir } from "./support/temp";

let store: Store;
const sender = { send: () => {} } as unknown as WebhookSender;
const DAY = 86_400_000;

beforeEach(() => {
  store = new Store(join(tempDir("klub-sandbox-extensions-"), "shopify.json"));
  store.state.products.push({ id: 1, variantId: 10, title: "Klub Hoodie", handle: "klub-hoodie", price: "60.00" });
  store.state.customers.push(
    { id: 501, email: "ania@example.com", firstName: "Ania", lastName: "Kowalska", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
    { id: 502, email: "olga@example.com", firstName: "Olga", lastName: "Ivanova", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
  );
});

const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());

/** The app credits store credit as Klub does (storeCreditAccountCredit), with an expiry or none. */
function credit(customerId: number, amount: string, expiresAt?: Date) {
  const query = `mutation C($id: ID!, $input: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $input) { userErrors { message } } }`;
  const input = { creditAmount: { amount, currencyCode: "USD" }, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
  const answer = answerAdminGraphql(store, issueToken(store).accessToken, JSON.stringify({ query, variables: { id: `gid://shopify/Customer/${customerId}`, input } }));
  expect(answer.body).toMatchObject({ data: { storeCreditAccountCredit: { userErrors: [] } } });
}

describe("session tokens for UI extensions", () => {
  it("are HS256 with the app's secret, for the shop and the app, with the customer's gid as sub, five minutes long", () => {
    const token = signExtensionSessionToken({ shop: "klub-demo.myshopify.com", apiKey: "key", secret: "secret", customerId: 501 });
    const [header, body, signature] = token.split(".");
    expect(signature).toBe(createHmac("sha256", "secret").update(`${header}.${body}`).digest("base64url"));
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    const c = claims(token);
    expect(c).toMatchObject({ dest: "klub-demo.myshopify.com", aud: "key", sub: "gid://shopify/Customer/501" });
    expect(c.exp - c.iat).toBe(300);
    expect(c.nbf).toBe(c.iat);
    expect(c.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("have no sub for a guest", () => {
    expect(claims(signExtensionSessionToken({ shop: "s.myshopify.com", apiKey: "key", secret: "secret", customerId: null }))).not.toHaveProperty("sub");
  });
});

describe("applyDiscountCodeChange on the sandbox checkout", () => {
  const buyer = (codes: string[] = []): Buyer => ({ customer: store.customer(501), cart: [{ variantId: 10, quantity: 1 }], locale: "en", codes });
  beforeEach(() => {
    const query = `mutation Create($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { message } } }`;
    const discount = { title: "Klub", code: "KLUB-FIVE", startsAt: "2026-01-01T00:00:00Z", context: { customers: { add: ["gid://shopify/Customer/501"] } }, customerGets: { value: { discountAmount: { amount: "5.00" } }, items: { all: true } }, usageLimit: 1 };
    answerAdminGraphql(store, issueToken(store).accessToken, JSON.stringify({ query, variables: { d: discount } }));
  });

  it("adds a code that applies and removes it again", () => {
    expect(changeDiscountCodes(store, buyer(), { type: "addDiscountCode", code: "klub-five" })).toEqual({ result: { type: "success" }, codes: ["klub-five"] });
    expect(changeDiscountCodes(store, buyer(["klub-five"]), { type: "removeDiscountCode", code: "KLUB-FIVE" })).toEqual({ result: { type: "success" }, codes: [] });
  });

  it("refuses a code that does not apply, in Shopify's words, and keeps the codes as they were", () => {
    expect(changeDiscountCodes(store, buyer(), { type: "addDiscountCode", code: "NOPE" })).toEqual({ result: { type: "error", message: 'Enter a valid discount code ("NOPE" isn\'t one)' }, codes: [] });
    const olga = { ...buyer(), customer: store.customer(502) };
    expect(changeDiscountCodes(store, olga, { type: "addDiscountCode", code: "KLUB-FIVE" }).result).toEqual({ type: "error", message: "The discount code KLUB-FIVE isn't available to you" });
  });
});

describe("store credit", () => {
  it("is what was credited, less what was spent (soonest to expire first), less what expired", () => {
    const now = Date.now();
    credit(501, "10.00", new Date(now + DAY));
    credit(501, "5.00");
    expect(storeCreditBalance(store, 501)).toBe(1500);
    placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 10, quantity: 1 }], codes: [], useStoreCredit: true });
    expect(storeCreditBalance(store, 501)).toBe(0); // 65.00 due: all 15.00 of it spent
    credit(501, "10.00", new Date(now + DAY));
    credit(501, "5.00");
    store.state.products[0].price = "8.00"; // 13.00 with shipping: the expiring 10.00 first, then 3.00
    placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 10, quantity: 1 }], codes: [], useStoreCredit: true });
    expect(storeCreditBalance(store, 501)).toBe(200);
    expect(storeCreditBalance(store, 501, new Date(now + 2 * DAY))).toBe(200); // nothing of the expiring credit was left
    credit(501, "4.00", new Date(now + DAY));
    expect(storeCreditBalance(store, 501, new Date(now + 2 * DAY))).toBe(200); // expired, unspent
  });

  it("pays part of an order: a payment recorded on the order, its gateway in the payload; checkout offers it only to a signed-in customer of new customer accounts", () => {
    credit(501, "10.00");
    const order = placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 10, quantity: 1 }], codes: [], useStoreCredit: true });
    expect(order.storeCredit).toBe("10.00");
    expect(orderPayload(order, store.state)).toMatchObject({ total_price: "65.00", payment_gateway_names: ["shopify_store_credit", "bogus"] });
    expect(store.state.storeCreditTransactions.at(-1)).toMatchObject({ customerId: 501, amount: "-10.00", orderId: order.id });
    expect(placeOrder(store, sender, { customerId: null, cart: [{ variantId: 10, quantity: 1 }], codes: [], useStoreCredit: true }).storeCredit).toBeUndefined();
    credit(502, "10.00");
    store.state.shop.customerAccountsVersion = "CLASSIC";
    expect(placeOrder(store, sender, { customerId: 502, cart: [{ variantId: 10, quantity: 1 }], codes: [], useStoreCredit: true }).storeCredit).toBeUndefined();
  });
});

describe("the frames of the UI extensions", () => {
  let base = "";
  let close = () => {};
  beforeEach(async () => {
    const server = createSandboxServer({ store, sender, appUrl: "http://localhost:1", apiKey: "key", apiSecret: "secret" });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterEach(() => close());
  const get = (path: string, cookie = "") => fetch(`${base}${path}`, { headers: { cookie } });
  // Frames are served only for built bundles (`npm run build:extensions`, which `npm test` runs first).
  const built = loadUiExtensions().every((e) => existsSync(e.bundle));

  it.runIf(built)("gives a checkout target the cart's lines and cost, the buyer's language and translations, and a token for the customer", async () => {
    const cart = encodeURIComponent(JSON.stringify([{ variantId: 10, quantity: 2 }]));
    const page = await (await get("/extensions/klub-checkout/purchase.checkout.block.render", `sandbox_customer=501; sandbox_cart=${cart}; sandbox_locale=ru`)).text();
    const context = JSON.parse(/<script type="application\/json" id="shopify-context">(.*?)<\/script>/s.exec(page)![1]);
    expect(context.api.cost.subtotalAmount).toEqual({ amount: 120, currencyCode: "USD" });
    expect(context.api.lines).toMatchObject([{ quantity: 2, merchandise: { product: { id: "gid://shopify/Product/1" } }, cost: { totalAmount: { amount: 120, currencyCode: "USD" } } }]);
    expect(context).toMatchObject({ language: "ru", appUrl: "http://localhost:1", builtAppUrl: "https://klub.example.com" });
    expect(context.translations.title).toBe("Награды");
    expect(claims(context.token).sub).toBe("gid://shopify/Customer/501");
    expect(page).toContain('<script src="/extensions/klub-checkout/dist/klub-checkout.js"></script>');
  });

  it("refuses an unknown target, and customer account targets to a guest or for another customer's order", async () => {
    expect((await get("/extensions/klub-checkout/customer-account.page.render")).status).toBe(404);
    expect((await get("/extensions/klub-account-page/customer-account.page.render")).status).toBe(built ? 403 : 404);
    credit(501, "1.00");
    const order = placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 10, quantity: 1 }], codes: [] });
    const status = `/extensions/klub-account/customer-account.order-status.block.render?order=${order.id}`;
    expect((await get(status, "sandbox_customer=502")).status).toBe(built ? 403 : 404);
    expect((await get(`/account/orders/${order.id}`, "sandbox_customer=502")).status).toBe(404);
    expect((await get(`/account/orders/${order.id}`, "sandbox_customer=501")).status).toBe(200);
  });
});
