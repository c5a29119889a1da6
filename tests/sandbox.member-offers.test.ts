// The sandbox plays Shopify's part in members-only offers: segments with their query, customer
// tags, automatic discounts validated as Shopify validates them, and checkout applying them to a
// signed-in buyer in the segment at that moment (never a guest), into the order webhooks.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { answerAdminGraphql } from "../sandbox/admin-graphql";
import { issueToken } from "../sandbox/oauth";
import { placeOrder, priceCheckout } from "../sandbox/orders";
import { orderPayload } from "../sandbox/payloads";
import { Store } from "../sandbox/state";
import type { WebhookSender } from "../sandbox/webhooks";
import { tempDir } from "./support/temp";

let store: Store;
let accessToken = "";
const sent: { topic: string; payload: unknown }[] = [];
const sender = { send: (topic: string, payload: unknown) => sent.push({ topic, payload }) } as unknown as WebhookSender;
type Body = { data: Record<string, Record<string, unknown> & { userErrors: { field: string[]; message: string }[] }>; errors?: { message: string }[] };
const gql = (query: string, variables: Record<string, unknown> = {}, token = accessToken) => answerAdminGraphql(store, token, JSON.stringify({ query, variables })).body as Body;

const SEGMENT = `mutation S($name: String!, $query: String!) { segmentCreate(name: $name, query: $query) { segment { id query } userErrors { field message } } }`;
const AUTOMATIC = `mutation A($input: DiscountAutomaticBasicInput!) { discountAutomaticBasicCreate(automaticBasicDiscount: $input) { automaticDiscountNode { id } userErrors { field message code } } }`;
const TAGS = `mutation T($id: ID!, $add: [String!]!, $remove: [String!]!) { a: tagsAdd(id: $id, tags: $add) { userErrors { field message } } r: tagsRemove(id: $id, tags: $remove) { userErrors { field message } } }`;
const offer = (segmentId: string, overrides: Record<string, unknown> = {}) => ({
  title: "Gold: 10% off",
  startsAt: "2026-01-01T00:00:00Z",
  context: { customerSegments: { add: [segmentId] } },
  customerGets: { value: { percentage: 0.1 }, items: { all: true } },
  combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
  ...overrides,
});

beforeEach(() => {
  store = new Store(join(tempDir("klub-sandbox-offers-"), "shopify.json"));
  store.state.products.push({ id: 1, variantId: 10, title: "Klub Hoodie", handle: "klub-hoodie", price: "60.00" });
  store.state.customers.push(
    { id: 501, email: "gina@example.com", firstName: "Gina", lastName: "Gold", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
    { id: 502, email: "sam@example.com", firstName: "Sam", lastName: "Silver", createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 },
  );
  accessToken = issueToken(store).accessToken;
  sent.length = 0;
});

function goldOffer(overrides: Record<string, unknown> = {}) {
  const segment = gql(SEGMENT, { name: "Gold", query: "customer_tags CONTAINS 'klub-tier-gold'" }).data.segmentCreate.segment as { id: string };
  const made = gql(AUTOMATIC, { input: offer(segment.id, overrides) }).data.discountAutomaticBasicCreate;
  expect(made.userErrors).toEqual([]);
  return segment.id;
}

describe("Admin GraphQL for members-only offers", () => {
  it("keeps segments by a unique name and refuses a query it cannot read", () => {
    expect(gql(SEGMENT, { name: "Members", query: "customer_tags CONTAINS 'klub-member'" }).data.segmentCreate.userErrors).toEqual([]);
    expect(gql(SEGMENT, { name: "Members", query: "customer_tags CONTAINS 'klub-member'" }).data.segmentCreate.userErrors).toEqual([{ field: ["name"], message: "Name has already been taken" }]);
    expect(gql(SEGMENT, { name: "Big spenders", query: "amount_spent > 100" }).data.segmentCreate.userErrors[0]).toMatchObject({ field: ["query"], message: expect.stringMatching(/^Query is invalid/) });
    const found = gql(`query Q($q: String!) { segments(first: 10, query: $q) { nodes { id name query } } }`, { q: "name:'Members'" }).data.segments as unknown as { nodes: { name: string }[] };
    expect(found.nodes.map((s) => s.name)).toEqual(["Members"]);
  });

  it("tags and untags customers, and answers a customer it does not have", () => {
    expect(gql(TAGS, { id: "gid://shopify/Customer/501", add: ["klub-member", "klub-tier-gold"], remove: ["nothing"] }).data.a.userErrors).toEqual([]);
    expect(store.customer(501)!.tags).toEqual(["klub-member", "klub-tier-gold"]);
    gql(TAGS, { id: "gid://shopify/Customer/501", add: ["KLUB-MEMBER"], remove: ["klub-tier-gold"] });
    expect(store.customer(501)!.tags).toEqual(["klub-member"]);
    expect(gql(TAGS, { id: "gid://shopify/Customer/999", add: ["x"], remove: ["y"] }).data.a.userErrors).toEqual([{ field: ["id"], message: "Customer does not exist" }]);
  });

  it("validates an automatic discount as Shopify does: title, start, context, a positive value", () => {
    const segment = gql(SEGMENT, { name: "Gold", query: "customer_tags CONTAINS 'klub-tier-gold'" }).data.segmentCreate.segment as { id: string };
    const refused = (overrides: Record<string, unknown>) => gql(AUTOMATIC, { input: { ...offer(segment.id), ...overrides } }).data.discountAutomaticBasicCreate.userErrors.map((e) => e.field.join("."));
    expect(refused({ title: " " })).toEqual(["automaticBasicDiscount.title"]);
    expect(refused({ startsAt: null })).toEqual(["automaticBasicDiscount.startsAt"]);
    expect(refused({ context: undefined })).toEqual(["automaticBasicDiscount.context"]);
    expect(refused({ context: { customerSegments: { add: ["gid://shopify/Segment/404"] } } })).toEqual(["automaticBasicDiscount.context.customerSegments.add"]);
    expect(refused({ customerGets: { value: { percentage: 0 }, items: { all: true } } })).toEqual(["automaticBasicDiscount.customerGets.value.percentage"]);
    expect(refused({ customerGets: { value: { discountAmount: { amount: "0.00" } }, items: { all: true } } })).toEqual(["automaticBasicDiscount.customerGets.value.discountAmount.amount"]);
    expect(refused({ endsAt: "2025-12-31T00:00:00Z" })).toEqual(["automaticBasicDiscount.endsAt"]);
    expect(refused({})).toEqual([]);
    const nodes = gql(`query D($q: String!) { automaticDiscountNodes(first: 5, query: $q) { nodes { id automaticDiscount { ... on DiscountAutomaticBasic { title context { ... on DiscountCustomerSegments { segments { id } } } } } } } }`, { q: "title:'Gold: 10% off'" })
      .data.automaticDiscountNodes as unknown as { nodes: { id: string; automaticDiscount: { context: { segments: { id: string }[] } } }[] };
    expect(nodes.nodes).toHaveLength(1);
    expect(nodes.nodes[0].automaticDiscount.context.segments).toEqual([{ id: segment.id }]);
    const off = gql(`mutation X($id: ID!) { discountAutomaticDeactivate(id: $id) { automaticDiscountNode { id } userErrors { field message } } }`, { id: nodes.nodes[0].id }).data.discountAutomaticDeactivate;
    expect(off.userErrors).toEqual([]);
    expect(store.state.automaticDiscounts[0].active).toBe(false);
  });

  it("refuses segments and tags to a token without customer scopes", () => {
    const narrow = issueToken(store, { scope: "read_orders" }).accessToken;
    const body = gql(TAGS, { id: "gid://shopify/Customer/501", add: ["x"], remove: ["y"] }, narrow);
    expect(body.errors?.[0].message).toMatch(/Access denied for tagsAdd field/);
  });
});

describe("checkout with an automatic discount for a segment", () => {
  const cart = [{ variantId: 10, quantity: 1 }];

  it("applies it to a buyer whose tags match at that moment, never to a guest, and into the order's webhooks", () => {
    goldOffer();
    store.customer(501)!.tags = ["klub-member", "klub-tier-gold"];
    store.customer(502)!.tags = ["klub-member", "klub-tier-silver"];
    expect(priceCheckout(store, { customerId: 501, cart, codes: [] })).toMatchObject({ discount: 600, total: 5900, automatic: [{ title: "Gold: 10% off", amount: 600 }] });
    expect(priceCheckout(store, { customerId: 502, cart, codes: [] })).toMatchObject({ discount: 0, total: 6500, automatic: [] });
    expect(priceCheckout(store, { customerId: null, cart, codes: [] })).toMatchObject({ discount: 0, automatic: [] });
    // Out of the segment now: the offer goes with the tag.
    store.customer(501)!.tags = ["klub-member"];
    expect(priceCheckout(store, { customerId: 501, cart, codes: [] }).automatic).toEqual([]);

    store.customer(501)!.tags = ["klub-tier-gold"];
    const order = placeOrder(store, sender, { customerId: 501, cart, codes: [] });
    const payload = orderPayload(order, store.state) as unknown as { total_discounts: string; total_price: string; discount_codes: unknown[]; discount_applications: { type: string; title: string; value: string }[] };
    expect(payload).toMatchObject({ total_discounts: "6.00", total_price: "59.00", discount_codes: [] });
    expect(payload.discount_applications).toEqual([expect.objectContaining({ type: "automatic", title: "Gold: 10% off", value: "6.00" })]);
  });

  it("leaves it out for a code it does not combine with, and keeps both when they combine", () => {
    goldOffer();
    store.customer(501)!.tags = ["klub-tier-gold"];
    const code = { id: 9, code: "KLUB-5OFF", title: "Reward", kind: "basic" as const, amount: "5.00", percentage: null, customerIds: [501], minimumSubtotal: null, usageLimit: 1, appliesOncePerCustomer: true, usedBy: [], startsAt: "2026-01-01T00:00:00Z", endsAt: null, active: true, combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true } };
    store.state.discounts.push(code);
    expect(priceCheckout(store, { customerId: 501, cart, codes: ["KLUB-5OFF"] })).toMatchObject({ discount: 500, automatic: [] });
    store.state.automaticDiscounts[0].combinesWith.orderDiscounts = true;
    expect(priceCheckout(store, { customerId: 501, cart, codes: ["KLUB-5OFF"] })).toMatchObject({ discount: 1100, orderDiscounts: [{ code: "KLUB-5OFF", amount: 500 }], automatic: [{ amount: 600 }] });
    const order = placeOrder(store, sender, { customerId: 501, cart, codes: ["KLUB-5OFF"] });
    const payload = orderPayload(order, store.state) as unknown as { total_discounts: string; discount_codes: { code: string; amount: string }[]; discount_applications: { type: string }[] };
    expect(payload.total_discounts).toBe("11.00");
    expect(payload.discount_codes).toEqual([expect.objectContaining({ code: "KLUB-5OFF", amount: "5.00" })]);
    expect(payload.discount_applications.map((a) => a.type)).toEqual(["discount_code", "automatic"]);
  });

  it("waits for its start, stops at its end and below its minimum subtotal", () => {
    goldOffer({ startsAt: "2030-01-01T00:00:00Z", endsAt: "2030-02-01T00:00:00Z", minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "100.00" } } });
    store.customer(501)!.tags = ["klub-tier-gold"];
    const at = (iso: string, quantity = 2) => priceCheckout(store, { customerId: 501, cart: [{ variantId: 10, quantity }], codes: [], now: new Date(iso) }).automatic.length;
    expect(at("2029-12-31T00:00:00Z")).toBe(0);
    expect(at("2030-01-15T00:00:00Z")).toBe(1);
    expect(at("2030-01-15T00:00:00Z", 1)).toBe(0); // $60 < $100
    expect(at("2030-02-01T00:00:00Z")).toBe(0);
  });
});
