// The sandbox plays Shopify faithfully: Admin GraphQL answers and userErrors, discount rules at
// checkout, app proxy signatures the Shopify library accepts, and app embeds rendered as Liquid.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { toMinor } from "../app/loyalty/money";
import { answerAdminGraphql } from "../sandbox/admin-graphql";
import { loadAppEmbeds, renderAppEmbeds } from "../sandbox/app-embeds";
import { CheckoutError, placeOrder, refund, validateCodes } from "../sandbox/orders";
import { proxiedUrl } from "../sandbox/storefront";
import { Store } from "../sandbox/state";
import type { WebhookSender } from "../sandbox/webhooks";
import { useFreshAppDatabase } from "./support/app";

useFreshAppDatabase();

let store: Store;
const sent: { topic: string; payload: unknown }[] = [];
const sender = { send: (topic: string, payload: unknown) => sent.push({ topic, payload }) } as unknown as WebhookSender;
const token = () => store.state.shop.accessToken;
const gql = (query: string, variables: Record<string, unknown> = {}, accessToken: string | null = token()) =>
  answerAdminGraphql(store, accessToken, JSON.stringify({ query, variables }));

beforeEach(() => {
  store = new Store(join(mkdtempSync(join(tmpdir(), "klub-sandbox-state-")), "shopify.json"));
  store.state.products.push({ id: 1, variantId: 10, title: "Klub Hoodie", handle: "klub-hoodie", price: "60.00" }, { id: 2, variantId: 20, title: "Enamel Mug", handle: "enamel-mug", price: "15.00" });
  store.state.customers.push(
    { id: 501, email: "ania@example.com", firstName: "Ania", lastName: "Kowalska", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
    { id: 502, email: "olga@example.com", firstName: "Olga", lastName: "Ivanova", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
  );
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
