// shopify.app.toml declares what the product uses, and every webhook address in it is served:
// a signed delivery to each URI is accepted and applied, with the expected balance at the end.
import { readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { subscriptions as subscribedTopics } from "../sandbox/webhooks";
import { useFreshAppDatabase } from "./support/app";
import { deliver, fixture, TOPICS, type Topic } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const toml = readFileSync(new URL("../shopify.app.toml", import.meta.url), "utf8");

const subscriptions = [...subscribedTopics()].map(([topic, uri]) => ({ topic: topic as Topic, uri }));

const fixtureFor: Record<Topic, string> = {
  "orders/paid": "orders-paid",
  "orders/fulfilled": "orders-fulfilled",
  "orders/cancelled": "orders-cancelled",
  "refunds/create": "refunds-create-partial",
  "customers/create": "customers-create",
  "customers/update": "customers-update",
  "app/uninstalled": "app-uninstalled",
  "app/scopes_update": "app-scopes_update",
  "customers/data_request": "customers-data_request",
  "customers/redact": "customers-redact",
  "shop/redact": "shop-redact",
};

beforeAll(async () => {
  await installTestShop(db, "klub-demo.myshopify.com");
});

it("declares the product's scopes, API version, app proxy and a 32-hex client id", () => {
  expect(toml).toMatch(/^client_id = "[0-9a-f]{32}"$/m);
  expect(toml).toMatch(/\[webhooks\]\s*\napi_version = "2026-10"/);
  const scopes = /^scopes = "([^"]+)"$/m.exec(toml)![1].split(",");
  for (const scope of ["read_customers", "write_customers", "read_orders", "read_products", "write_discounts", "write_app_proxy", "write_store_credit_account_transactions"]) {
    expect(scopes).toContain(scope);
  }
  expect(toml).toMatch(/\[app_proxy\]\s*\nurl = "\/proxy"\s*\nprefix = "apps"\s*\nsubpath = "klub"/);
});

it("subscribes to every topic Klub handles, the compliance ones included", () => {
  expect(subscriptions.map((s) => s.topic).sort()).toEqual([...TOPICS].sort());
  expect(toml).toMatch(/compliance_topics = \["customers\/data_request"\]/);
  expect(toml).toMatch(/compliance_topics = \["customers\/redact"\]/);
  expect(toml).toMatch(/compliance_topics = \["shop\/redact"\]/);
});

it("serves each subscription's URI: a signed delivery there is accepted and applied", async () => {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: "klub-demo.myshopify.com" } });
  const expectAccepted = async ({ topic, uri }: (typeof subscriptions)[number]) => {
    const response = await deliver(topic, fixture(fixtureFor[topic]), { path: uri });
    expect(response.status, `${topic} at ${uri}`).toBe(200);
    expect(await response.text()).toBe("Accepted");
  };
  // In the order a shop lives through them; shop/redact comes last, 48 hours after uninstall.
  const beforeErasure = subscriptions.filter((s) => s.topic !== "shop/redact");
  for (const subscription of beforeErasure) await expectAccepted(subscription);
  // app/scopes_update only rewrites the stored sessions' scope: nothing goes through the inbox.
  expect(await db.webhookDelivery.count({ where: { status: "done" } })).toBe(beforeErasure.filter((s) => s.topic !== "app/scopes_update").length);
  const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
  // Paid earned 121; fulfilment adds nothing when points come on payment; the cancellation took
  // all of it back, so the later partial refund had nothing left to take.
  expect(entries.map((e) => [e.kind, e.amount])).toEqual([["earn", 121], ["cancel", -121]]);
  const member = await db.member.findFirstOrThrow({ where: { shopId: shop.id } });
  expect(member).toMatchObject({ balance: 0, email: null, lastName: null }); // updated, then redacted
  expect(await db.privacyRequest.count({ where: { shopId: shop.id } })).toBe(2);
  expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();

  await expectAccepted(subscriptions.find((s) => s.topic === "shop/redact")!);
  expect(await db.shop.count({ where: { domain: "klub-demo.myshopify.com" } })).toBe(0);
  expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(0);
});
