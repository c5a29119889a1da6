// The sandbox plays Shopify faithfully: Admin GraphQL answers and userErrors, discount rules at
// checkout, app proxy signatures the Shopify library accepts, and app embeds rendered as Liquid.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { toMinor } from "../app/loyalty/money";
import { answerAdminGraphql } from "../sandbox/admin-graphql";
import { ACCESS_TOKEN_SECONDS, answerAccessTokenRequest, issueToken, uninstallApp } from "../sandbox/oauth";
import { orderPayload, refundPayload } from "../sandbox/payloads";
import { signSessionToken } from "../sandbox/session-token";
import { loadAppEmbeds, renderAppEmbeds } from "../sandbox/app-embeds";
import { cancel, CheckoutError, placeOrder, refund, refundAmount, RefundError, refundShipping, restockWithoutRefund, validateCodes } from "../sandbox/orders";
import { createSandboxServer } from "../sandbox/server";
import { orderView, proxiedUrl } from "../sandbox/storefront";
import { Store } from "../sandbox/state";
import type { WebhookSender } from "../sandbox/webhooks";
import { useFreshAppDatabase } from "./support/app";
import { tempDir } from "./support/temp";

useFreshAppDatabase();

let store: Store;
let accessToken = "";
const sent: { topic: string; payload: unknown }[] = [];
const sender = { send: (topic: string, payload: unknown) => sent.push({ topic, payload }) } as unknown as WebhookSender;
const token = () => accessToken;
const gql = (query: string, variables: Record<string, unknown> = {}, accessToken: string | null = token()) =>
  answerAdminGraphql(store, accessToken, JSON.stringify({ query, variables }));

beforeEach(() => {
  store = new Store(join(tempDir("klub-sandbox-state-"), "shopify.json"));
  store.state.products.push({ id: 1, variantId: 10, title: "Klub Hoodie", handle: "klub-hoodie", price: "60.00" }, { id: 2, variantId: 20, title: "Enamel Mug", handle: "enamel-mug", price: "15.00" });
  store.state.customers.push(
    { id: 501, email: "ania@example.com", firstName: "Ania", lastName: "Kowalska", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
    { id: 502, email: "olga@example.com", firstName: "Olga", lastName: "Ivanova", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
  );
  accessToken = issueToken(store).accessToken;
  sent.length = 0;
});

const CREATE_CODE = `mutation Create($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message code } } }`;
const basic = (overrides: Record<string, unknown> = {}) => ({
  title: "Klub reward",
  code: "KLUB-ABC",
  startsAt: "2026-01-01T00:00:00Z",
  context: { customers: { add: ["gid://shopify/Customer/501"] } },
  customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
  usageLimit: 1,
  appliesOncePerCustomer: true,
  combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  ...overrides,
});

describe("Admin GraphQL", () => {
  it("refuses a wrong access token as Shopify does", () => {
    expect(gql("{ shop { name } }", {}, "shpat_wrong").status).toBe(401);
  });

  it("answers queries, with aliases, and names unknown fields", () => {
    const answer = gql("{ s: shop { name currencyCode } customers(first: 5, query: \"olga\") { nodes { id email } } nope }");
    const body = answer.body as { data: { s: { currencyCode: string }; customers: { nodes: { id: string }[] } }; errors: { message: string }[] };
    expect(body.data.s.currencyCode).toBe("USD");
    expect(body.data.customers.nodes.map((n) => n.id)).toEqual(["gid://shopify/Customer/502"]);
    expect(body.errors[0].message).toMatch(/Field 'nope' doesn't exist/);
  });

  it("creates customer-restricted codes and gives userErrors for invalid ones", () => {
    const ok = gql(CREATE_CODE, { d: basic() }).body as { data: { discountCodeBasicCreate: { codeDiscountNode: { id: string }; userErrors: unknown[] } } };
    expect(ok.data.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(store.state.discounts[0]).toMatchObject({ code: "KLUB-ABC", customerIds: [501], amount: "5.00", usageLimit: 1 });
    const taken = gql(CREATE_CODE, { d: basic({ code: "klub-abc" }) }).body as { data: { discountCodeBasicCreate: { userErrors: { code: string }[] } } };
    expect(taken.data.discountCodeBasicCreate.userErrors.map((e) => e.code)).toEqual(["TAKEN"]);
    const bad = gql(CREATE_CODE, { d: basic({ code: "X2", customerGets: { value: { percentage: 1.5 } }, context: { customers: { add: ["gid://shopify/Customer/999"] } } }) }).body as { data: { discountCodeBasicCreate: { userErrors: { message: string }[] } } };
    expect(bad.data.discountCodeBasicCreate.userErrors.map((e) => e.message)).toEqual(["Customer 999 does not exist", "Value must be between 0.0 and 1.0"]);
    expect(store.state.discounts).toHaveLength(1);
  });

  it("sets metafields atomically, at most 25 at a time", () => {
    const set = `mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key } userErrors { message } } }`;
    const field = (ownerId: string, value: string) => ({ ownerId, namespace: "$app:klub", key: "points", type: "number_integer", value });
    const tooMany = gql(set, { m: Array.from({ length: 26 }, () => field("gid://shopify/Customer/501", "1")) }).body as { data: { metafieldsSet: { userErrors: { message: string }[] } } };
    expect(tooMany.data.metafieldsSet.userErrors[0].message).toMatch(/maximum metafields input limit of 25/);
    const oneBad = gql(set, { m: [field("gid://shopify/Customer/501", "120"), field("gid://shopify/Customer/501", "1.5")] }).body as { data: { metafieldsSet: { userErrors: unknown[] } } };
    expect(oneBad.data.metafieldsSet.userErrors).toHaveLength(1);
    expect(store.customer(501)!.metafields).toEqual({});
    gql(set, { m: [field("gid://shopify/Customer/501", "120")] });
    expect(store.customer(501)!.metafields["$app:klub.points"]).toEqual({ type: "number_integer", value: "120" });
  });

  it("credits store credit in the shop's currency", () => {
    const credit = `mutation C($id: ID!, $input: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $input) { storeCreditAccountTransaction { amount { amount } } userErrors { message } } }`;
    gql(credit, { id: "gid://shopify/Customer/501", input: { creditAmount: { amount: "7.50", currencyCode: "USD" } } });
    const wrong = gql(credit, { id: "gid://shopify/Customer/501", input: { creditAmount: { amount: "7.50", currencyCode: "EUR" } } }).body as { data: { storeCreditAccountCredit: { userErrors: unknown[] } } };
    expect(wrong.data.storeCreditAccountCredit.userErrors).toHaveLength(1);
    expect(store.customer(501)!.storeCreditMinor).toBe(750);
  });
});

describe("token endpoint", () => {
  const app = { apiKey: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c", apiSecret: "test-secret" };
  const sessionToken = (options: { secret?: string; shop?: string; lifetimeSeconds?: number } = {}) =>
    signSessionToken({ shop: options.shop ?? store.state.shop.domain, apiKey: app.apiKey, secret: options.secret ?? app.apiSecret, lifetimeSeconds: options.lifetimeSeconds });
  const exchange = (overrides: Record<string, unknown> = {}, now = new Date()) =>
    answerAccessTokenRequest(store, app, JSON.stringify({
      client_id: app.apiKey,
      client_secret: app.apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: sessionToken(),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
      ...overrides,
    }), "application/json", now);
  type Tokens = { access_token: string; scope: string; expires_in?: number; refresh_token?: string; refresh_token_expires_in?: number; associated_user?: { id: number } };

  it("exchanges a session token for an expiring offline token the Admin API accepts, until it expires", () => {
    const now = new Date();
    const answer = exchange({}, now);
    expect(answer.status).toBe(200);
    const body = answer.body as Tokens;
    expect(body).toMatchObject({ access_token: expect.stringMatching(/^shpat_/), expires_in: ACCESS_TOKEN_SECONDS, refresh_token: expect.stringMatching(/^shprt_/), refresh_token_expires_in: 90 * 86_400 });
    expect(body.scope).toContain("write_customers"); // what shopify.app.toml asks for
    expect(answerAdminGraphql(store, body.access_token, JSON.stringify({ query: "{ shop { name } }" }), now).status).toBe(200);
    const later = new Date(now.getTime() + (ACCESS_TOKEN_SECONDS + 1) * 1000);
    expect(answerAdminGraphql(store, body.access_token, JSON.stringify({ query: "{ shop { name } }" }), later).status).toBe(401);
  });

  it("gives non-expiring and online tokens when asked, with the online token's user", () => {
    expect(exchange({ expiring: "0" }).body).not.toHaveProperty("expires_in");
    const online = exchange({ requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" }).body as Tokens;
    expect(online).toMatchObject({ access_token: expect.stringMatching(/^shpua_/), expires_in: 86_400, associated_user: { id: 1 } });
    expect(online).not.toHaveProperty("refresh_token");
  });

  it("refuses wrong client credentials and session tokens that are forged, expired or for another shop, as Shopify does", () => {
    const refused = (answer: { status: number; body: unknown }) => [answer.status, (answer.body as { error: string }).error];
    expect(refused(exchange({ client_secret: "wrong" }))).toEqual([400, "invalid_client"]);
    expect(refused(exchange({ subject_token: sessionToken({ secret: "forged" }) }))).toEqual([400, "invalid_subject_token"]);
    expect(refused(exchange({ subject_token: sessionToken({ lifetimeSeconds: -30 }) }))).toEqual([400, "invalid_subject_token"]);
    expect(refused(exchange({ subject_token: sessionToken({ shop: "elsewhere.myshopify.com" }) }))).toEqual([400, "invalid_subject_token"]);
    expect(refused(exchange({ grant_type: "password" }))).toEqual([400, "unsupported_grant_type"]);
  });

  it("refreshes an expiring token once: the old pair is spent", () => {
    const first = exchange().body as Tokens;
    const refresh = (refreshToken: string) => answerAccessTokenRequest(store, app, JSON.stringify({ client_id: app.apiKey, client_secret: app.apiSecret, grant_type: "refresh_token", refresh_token: refreshToken }), "application/json");
    const second = refresh(first.refresh_token!);
    expect(second.status).toBe(200);
    const renewed = second.body as Tokens;
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(gql("{ shop { name } }", {}, first.access_token).status).toBe(401);
    expect(gql("{ shop { name } }", {}, renewed.access_token).status).toBe(200);
    expect(refresh(first.refresh_token!)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("revokes every token on uninstall and tells the app", () => {
    uninstallApp(store, sender);
    expect(gql("{ shop { name } }").status).toBe(401);
    expect(sent.map((s) => s.topic)).toEqual(["app/uninstalled"]);
    expect(sent[0].payload).toMatchObject({ myshopify_domain: store.state.shop.domain, currency: "USD" });
  });
});

describe("shop details and metafield definitions", () => {
  const DEFINE = `mutation D($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) { createdDefinition { id } userErrors { field message code } } }`;
  const points = { name: "Points", namespace: "$app:klub", key: "points", type: "number_integer", ownerType: "CUSTOMER", access: { storefront: "PUBLIC_READ", customerAccount: "READ" } };

  it("tells the shop's name, currency, plan, time zone and primary locale", () => {
    const body = gql("{ shop { name currencyCode ianaTimezone primaryDomain { host } plan { shopifyPlus partnerDevelopment publicDisplayName } customerAccountsV2 { customerAccountsVersion } } shopLocales(published: true) { locale primary } }").body as { data: Record<string, unknown> };
    expect(body.data.shop).toMatchObject({ name: "Klub Demo Store", currencyCode: "USD", ianaTimezone: "Europe/Warsaw", plan: { shopifyPlus: false, partnerDevelopment: true }, customerAccountsV2: { customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" } });
    expect(body.data.shopLocales).toEqual([{ locale: "en", primary: true, published: true, name: "en" }]);
  });

  it("creates a definition once, answers TAKEN after, and holds metafields to its type", () => {
    const created = gql(DEFINE, { d: points }).body as { data: { metafieldDefinitionCreate: { createdDefinition: { id: string } | null; userErrors: { code: string }[] } } };
    expect(created.data.metafieldDefinitionCreate.createdDefinition?.id).toMatch(/^gid:\/\/shopify\/MetafieldDefinition\//);
    const again = gql(DEFINE, { d: points }).body as typeof created;
    expect(again.data.metafieldDefinitionCreate).toMatchObject({ createdDefinition: null, userErrors: [{ code: "TAKEN" }] });
    expect(store.state.metafieldDefinitions).toHaveLength(1);
    const set = `mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { code } } }`;
    const wrongType = gql(set, { m: [{ ownerId: "gid://shopify/Customer/501", namespace: "$app:klub", key: "points", type: "single_line_text_field", value: "7" }] }).body as { data: { metafieldsSet: { userErrors: { code: string }[] } } };
    expect(wrongType.data.metafieldsSet.userErrors.map((e) => e.code)).toEqual(["INVALID_TYPE"]);
  });
});

describe("currencies", () => {
  it("writes every amount of a yen shop's payloads without decimals, naming JPY as Shopify's REST payloads do", () => {
    store = new Store(join(tempDir("klub-sandbox-jpy-"), "shopify.json"), { currency: "JPY" });
    store.state.products.push({ id: 1, variantId: 10, title: "Klub Hoodie", handle: "klub-hoodie", price: "6000" });
    store.state.customers.push({ id: 501, email: "ania@example.com", firstName: "Ania", lastName: "Kowalska", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 });
    const order = placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 10, quantity: 2 }], codes: [] });
    const payload = orderPayload(order, store.state);
    expect(payload).toMatchObject({ currency: "JPY", presentment_currency: "JPY", subtotal_price: "12000", total_price: "12500", total_tax: "0", total_price_set: { shop_money: { amount: "12500", currency_code: "JPY" } } });
    const amounts = JSON.stringify(payload).match(/"\d+\.\d+"/g);
    expect(amounts).toBeNull(); // no decimal point anywhere
    const back = refund(store, sender, order, { [order.lines[0].id]: 1 })!;
    const refunded = refundPayload(order, back, "JPY");
    expect(refunded.transactions[0]).toMatchObject({ amount: "6000", currency: "JPY" });
    expect(refunded.refund_line_items[0].subtotal_set.shop_money).toEqual({ amount: "6000", currency_code: "JPY" });
  });

  it("refuses a currency ISO 4217 does not know, and a yen amount with decimals for store credit", () => {
    expect(() => new Store(join(tempDir("klub-sandbox-xyz-"), "shopify.json"), { currency: "XYZ" })).toThrow(/no currency/);
    store = new Store(join(tempDir("klub-sandbox-jpy-"), "shopify.json"), { currency: "JPY" });
    store.state.customers.push({ id: 501, email: "ania@example.com", firstName: "Ania", lastName: "Kowalska", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 });
    accessToken = issueToken(store).accessToken;
    const credit = `mutation C($id: ID!, $input: StoreCreditAccountCreditInput!) { storeCreditAccountCredit(id: $id, creditInput: $input) { userErrors { message } } }`;
    const bad = gql(credit, { id: "gid://shopify/Customer/501", input: { creditAmount: { amount: "7.50", currencyCode: "JPY" } } }).body as { data: { storeCreditAccountCredit: { userErrors: unknown[] } } };
    expect(bad.data.storeCreditAccountCredit.userErrors).toHaveLength(1);
    gql(credit, { id: "gid://shopify/Customer/501", input: { creditAmount: { amount: "750", currencyCode: "JPY" } } });
    expect(store.customer(501)!.storeCreditMinor).toBe(750);
  });
});

describe("checkout", () => {
  const cart = [{ variantId: 10, quantity: 1 }];
  const code = (overrides: Record<string, unknown>) => {
    gql(CREATE_CODE, { d: basic(overrides) });
    return String(overrides.code ?? "KLUB-ABC");
  };

  it("applies a valid code once, to its customer only", () => {
    code({});
    expect(() => validateCodes(store, ["KLUB-ABC"], 502, cart)).toThrow("isn't available to you");
    expect(() => validateCodes(store, ["KLUB-ABC"], null, cart)).toThrow("isn't available to you");
    const order = placeOrder(store, sender, { customerId: 501, cart, codes: ["klub-abc"] });
    expect(order.lines[0].discount).toBe("5.00");
    expect(sent.map((s) => s.topic)).toEqual(["orders/create", "orders/paid"]);
    expect(() => validateCodes(store, ["KLUB-ABC"], 501, cart)).toThrow("reached its usage limit");
  });

  it("enforces expiry, start, minimum subtotal, unknown codes and combinations", () => {
    code({ code: "OLD", endsAt: "2026-02-01T00:00:00Z" });
    code({ code: "LATER", startsAt: "2099-01-01T00:00:00Z" });
    code({ code: "MIN100", minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "100.00" } } });
    code({ code: "A", combinesWith: { orderDiscounts: true } });
    code({ code: "B", combinesWith: { orderDiscounts: false } });
    code({ code: "C", combinesWith: { orderDiscounts: true } });
    expect(() => validateCodes(store, ["OLD"], 501, cart)).toThrow("has expired");
    expect(() => validateCodes(store, ["LATER"], 501, cart)).toThrow("isn't active yet");
    expect(() => validateCodes(store, ["MIN100"], 501, cart)).toThrow("subtotal of at least 100.00");
    expect(validateCodes(store, ["MIN100"], 501, [{ variantId: 10, quantity: 2 }])).toHaveLength(1);
    expect(() => validateCodes(store, ["NOPE"], 501, cart)).toThrow(CheckoutError);
    expect(() => validateCodes(store, ["A", "B"], 501, cart)).toThrow("can't be combined");
    expect(validateCodes(store, ["A", "C"], 501, cart)).toHaveLength(2);
  });

  it("refunds a unit at its price less its share of the discount, the last unit taking the rest", () => {
    code({ code: "TEN", customerGets: { value: { discountAmount: { amount: "10.00" } } }, usageLimit: null, appliesOncePerCustomer: false });
    const order = placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 20, quantity: 3 }], codes: ["TEN"] });
    const first = refund(store, sender, order, { [order.lines[0].id]: 1 })!;
    const rest = refund(store, sender, order)!;
    expect(first.lines[0]).toMatchObject({ quantity: 1, subtotal: "11.67" }); // 15.00 - 3.33
    expect(rest.lines[0]).toMatchObject({ quantity: 2, subtotal: "23.33" }); // 30.00 - 6.67
    expect(toMinor(first.lines[0].subtotal, "USD") + toMinor(rest.lines[0].subtotal, "USD")).toBe(4500 - 1000);
    expect(refund(store, sender, order)).toBeNull();
  });
});

describe("refund shapes", () => {
  const hoodie = () => placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 10, quantity: 1 }], codes: [] }); // 60.00 + 5.00 shipping
  const usd = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
  const lastRefund = () => sent.filter((s) => s.topic === "refunds/create").at(-1)!.payload as ReturnType<typeof refundPayload>;

  it("refunds an amount with no line items: a negative refund_discrepancy and a refund transaction in the shop's currency", () => {
    const order = hoodie();
    refundAmount(store, sender, order, "12.34");
    expect(lastRefund()).toMatchObject({
      restock: false,
      refund_line_items: [],
      refund_shipping_lines: [],
      order_adjustments: [{ kind: "refund_discrepancy", amount: "-12.34", amount_set: usd("-12.34"), tax_amount: "0.00", tax_amount_set: usd("0.00") }],
      transactions: [{ kind: "refund", status: "success", amount: "12.34", currency: "USD" }],
    });
    expect(orderView(order, store)).toMatchObject({ total: 6500, refunded: 1234, status: "partly refunded" });
    expect(orderPayload(order, store.state)).toMatchObject({ financial_status: "partially_refunded", current_total_price: "52.66", current_subtotal_price: "47.66" });
    // Shopify refuses more than the order still holds, nothing, and more decimals than the currency has.
    expect(() => refundAmount(store, sender, order, "52.67")).toThrow(RefundError);
    expect(() => refundAmount(store, sender, order, "0")).toThrow(RefundError);
    expect(() => refundAmount(store, sender, order, "1.005")).toThrow(RefundError);
    expect(order.refunds).toHaveLength(1);
  });

  it("restocks with no money back: the line items, a positive refund_discrepancy as large, no transaction; the order stays paid", () => {
    const order = hoodie();
    restockWithoutRefund(store, sender, order);
    expect(lastRefund()).toMatchObject({
      restock: true,
      refund_line_items: [{ line_item_id: order.lines[0].id, quantity: 1, subtotal: "60.00", subtotal_set: usd("60.00") }],
      order_adjustments: [{ kind: "refund_discrepancy", amount: "60.00", amount_set: usd("60.00") }],
      refund_shipping_lines: [],
      transactions: [],
    });
    expect(orderView(order, store)).toMatchObject({ refunded: 0, status: "restocked" });
    const payload = orderPayload(order, store.state);
    expect(payload).toMatchObject({ financial_status: "paid", current_total_price: "65.00" });
    expect(payload.line_items[0].current_quantity).toBe(0);
    expect(restockWithoutRefund(store, sender, order)).toBeNull(); // nothing left to restock
  });

  it("refunds the shipping alone: refund_shipping_lines and a transaction, no line items; once", () => {
    const order = hoodie();
    refundShipping(store, sender, order);
    const payload = lastRefund();
    expect(payload).toMatchObject({ refund_line_items: [], order_adjustments: [], transactions: [{ kind: "refund", amount: "5.00", currency: "USD" }] });
    expect(payload.refund_shipping_lines).toEqual([expect.objectContaining({ shipping_line_id: order.id * 10, subtotal_amount_set: usd("5.00"), tax_amount_set: usd("0.00") })]);
    expect(orderView(order, store)).toMatchObject({ refunded: 500, status: "partly refunded" });
    expect(refundShipping(store, sender, order)).toBeNull();
    expect(() => refundShipping(store, sender, order, "0.01")).toThrow(RefundError); // none left
  });

  it("gives line items back for no more than the order still holds, and a cancel refunds the rest with the shipping", () => {
    const order = placeOrder(store, sender, { customerId: 501, cart: [{ variantId: 10, quantity: 1 }, { variantId: 20, quantity: 2 }], codes: [] }); // 90.00 + 5.00
    refundAmount(store, sender, order, "80.00");
    refund(store, sender, order, { [order.lines[1].id]: 1 }); // a 15.00 mug, with 15.00 left to refund: in full
    expect(lastRefund()).toMatchObject({ order_adjustments: [], transactions: [{ amount: "15.00" }] });
    cancel(store, sender, order); // 60.00 + 15.00 of lines and 5.00 of shipping, with nothing left: all a discrepancy
    expect(lastRefund()).toMatchObject({
      refund_line_items: [{ quantity: 1, subtotal: "60.00" }, { quantity: 1, subtotal: "15.00" }],
      order_adjustments: [{ kind: "refund_discrepancy", amount: "75.00" }],
      refund_shipping_lines: [],
      transactions: [],
    });
    expect(orderView(order, store)).toMatchObject({ refunded: 9500, status: "cancelled" });
    expect(orderPayload(order, store.state)).toMatchObject({ financial_status: "refunded", current_total_price: "0.00" });

    const other = hoodie();
    cancel(store, sender, other);
    expect(lastRefund()).toMatchObject({ refund_line_items: [{ subtotal: "60.00" }], order_adjustments: [], transactions: [{ amount: "65.00" }] });
    expect(lastRefund().refund_shipping_lines).toHaveLength(1);
    expect(orderPayload(other, store.state)).toMatchObject({ financial_status: "refunded", cancelled_at: expect.any(String) });
  });

  it("offers every refund on the admin's orders page, and answers a refused amount with Shopify's reason", async () => {
    const order = hoodie();
    const server = createSandboxServer({ store, sender, appUrl: "http://localhost:9", apiKey: "key", apiSecret: "secret" });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const page = await (await fetch(`${base}/admin/orders`)).text();
      for (const label of ["Refund 1 unit", "Refund all", "Refund amount", "Restock without refund", "Refund shipping"]) expect(page).toContain(`${label}</button>`);
      expect(page).toContain(`action="/admin/orders/${order.id}/refund-amount"`);
      const post = (action: string, form: Record<string, string> = {}) => fetch(`${base}/admin/orders/${order.id}/${action}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });

      const refused = await post("refund-amount", { amount: "65.01" });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain("can&#39;t exceed the 65.00 USD available for refund");
      expect((await post("refund-amount", { amount: "10.50" })).status).toBe(303);
      expect((await post("refund-shipping")).status).toBe(303);
      expect((await post("restock")).status).toBe(303);
      expect(order.refunds.map((r) => [r.lines.length, r.discrepancy ?? null, r.shipping ?? null])).toEqual([[0, "-10.50", null], [0, null, "5.00"], [1, "60.00", null]]);
      expect(orderView(order, store)).toMatchObject({ refunded: 1550, status: "partly refunded" });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("app proxy", () => {
  it("signs as Shopify does: the Shopify library accepts the request, and rejects it tampered", async () => {
    const { authenticate } = await import("../app/shopify.server");
    const storefront = new URL("http://localhost:3100/apps/klub/rewards?ids=1&ids=2");
    const signed = proxiedUrl("http://localhost:3000", storefront, "klub-demo.myshopify.com", 501, "test-secret");
    expect(signed.pathname).toBe("/proxy/rewards");
    expect(signed.searchParams.get("logged_in_customer_id")).toBe("501");
    const context = await authenticate.public.appProxy(new Request(signed));
    expect(context.session).toBeUndefined(); // no offline session in this database: still authenticated
    signed.searchParams.set("logged_in_customer_id", "502");
    const refused = await authenticate.public.appProxy(new Request(signed)).catch((thrown: unknown) => thrown);
    expect((refused as Response).status).toBe(400);
  });
});

describe("app embeds", () => {
  const embeds = loadAppEmbeds();
  const customer = { id: 501, metafields: { "$app:klub": { points: { value: 160 }, tier: { value: "Silver" } } } };

  it("renders Klub's launcher with the balance metafield, in the storefront's language", async () => {
    expect(embeds.map((e) => `${e.extension}/${e.file}`)).toContain("klub-theme/points-launcher.liquid");
    const en = await renderAppEmbeds(embeds, { customer }, "en");
    expect(en).toContain("160 points");
    expect(en).toContain("Silver");
    expect(en).toContain('href="/extensions/klub-theme/assets/klub-launcher.css"');
    expect(await renderAppEmbeds(embeds, { customer }, "pl")).toContain("Punkty: 160");
    expect(await renderAppEmbeds(embeds, { customer }, "ru")).toContain("Баллы: 160");
    expect(await renderAppEmbeds(embeds, { customer: null }, "pl")).toContain("Dołącz do programu nagród");
  });

  it("takes its colour, side and call to join from the app-data metafield, per language", async () => {
    const widget = { accent: "#0a7d4f", position: "left", join_text: { en: "", pl: "Dołącz do Klubu", ru: "" } };
    const context = (locale: string) => ({ customer: null, request: { locale: { iso_code: locale } }, app: { metafields: { klub: { widget: { value: widget } } } } });
    const pl = await renderAppEmbeds(embeds, context("pl"), "pl");
    expect(pl).toContain("klub-launcher--left");
    expect(pl).toContain("--klub-accent: #0a7d4f");
    expect(pl).toContain("Dołącz do Klubu");
    expect(await renderAppEmbeds(embeds, context("en"), "en")).toContain("Join our rewards"); // left empty: the extension's own text
    const plain = await renderAppEmbeds(embeds, { customer: null }, "en");
    expect(plain).toContain("klub-launcher--right");
    expect(plain).toContain("--klub-accent: #303030");
  });
});
