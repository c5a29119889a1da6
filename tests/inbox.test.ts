// The inbox worker applies each accepted delivery once; one that fails is retried with backoff and
// set aside after MAX_ATTEMPTS, without holding up the others.
import { expect, it } from "vitest";
import { backoffMs } from "../app/loyalty/backoff";
import { APPLIED_RETENTION_DAYS, MAX_ATTEMPTS, processInbox, pruneInbox, WAITING_RETENTION_DAYS } from "../app/loyalty/inbox.server";
import { redactCustomer } from "../app/loyalty/privacy.server";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";

const { db } = freshDatabase();

it("retries a failing delivery with growing waits, sets it aside at the limit, and applies the rest", async () => {
  const shop = await installTestShop(db, "inbox.myshopify.com");
  const good = { kind: "customer_created", customer: { customerId: "77", email: "a@example.com" } };
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "bad", topic: "customers/create", event: JSON.stringify({ kind: "customer_created", customer: { id: 1 } }) } });
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "good", topic: "customers/create", event: JSON.stringify(good) } });

  let now = new Date(Date.now() + 1000);
  expect(await processInbox(db, now)).toEqual({ applied: 1, failed: 1, refused: [] });
  expect(await db.member.count({ where: { shopId: shop.id, customerId: "77" } })).toBe(1);
  let bad = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "bad" } });
  expect(bad).toMatchObject({ status: "pending", attempts: 1 });
  expect(bad.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));
  expect(bad.lastError).toContain("customerId");

  expect(await processInbox(db, new Date(now.getTime() + backoffMs(1) - 1))).toEqual({ applied: 0, failed: 0, refused: [] }); // not due yet
  for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
    now = bad.nextAttemptAt;
    expect(await processInbox(db, now)).toEqual({ applied: 0, failed: 1, refused: [] });
    bad = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "bad" } });
    expect(bad.attempts).toBe(attempt);
  }
  expect(bad.status).toBe("failed");
  expect(await processInbox(db, new Date(now.getTime() + 10 * 86_400_000))).toEqual({ applied: 0, failed: 0, refused: [] });
  expect((await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "good" } })).status).toBe("done");
});

it("sets aside at once, with the reason, an event in another currency than the shop's", async () => {
  const shop = await installTestShop(db, "yen.myshopify.com", { currencyCode: "JPY" });
  const facts = { currency: "USD", lines: [], shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt: new Date().toISOString() };
  const order = { orderId: "1", name: "#1", customer: null, currency: "USD", totalMinor: 100, subtotalMinor: 100, discountMinor: 0, discountCodes: [], facts, processedAt: new Date().toISOString(), cancelledAt: null };
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "usd", topic: "orders/paid", event: JSON.stringify({ kind: "order", event: { type: "paid", order } }) } });
  const run = await processInbox(db, new Date(Date.now() + 1000));
  expect(run).toMatchObject({ applied: 0, failed: 1 });
  const refused = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "usd" } });
  expect(run.refused).toEqual([{ deliveryId: refused.id, topic: "orders/paid", shopDomain: shop.domain, reason: "order 1 is in USD, the shop's currency is JPY: not applied" }]);
  expect(await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "usd" } })).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("is in USD") });
  expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(0);

  const refund = { type: "refund", orderId: "1", refundId: "77", currency: "EUR", lines: [], amountMinor: 100, refundedAt: new Date().toISOString() };
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "eur-refund", topic: "refunds/create", event: JSON.stringify({ kind: "order", event: refund }) } });
  const refundRun = await processInbox(db, new Date(Date.now() + 1000));
  expect(refundRun.refused.map((r) => r.reason)).toEqual(["refund 77 of order 1 is in EUR, the shop's currency is JPY: not applied"]);
  expect(await db.orderRefund.count({ where: { shopId: shop.id } })).toBe(0);
});

it("keeps applied deliveries for a week and deliveries for a shop that never installs for a month", async () => {
  const now = new Date(Date.now() + 2000); // the other tests' deliveries were applied a moment ago
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() - days * day);
  await db.webhookDelivery.createMany({
    data: [
      { shopDomain: "kept.myshopify.com", webhookId: "done-recent", topic: "orders/paid", event: "{}", status: "done", processedAt: at(APPLIED_RETENTION_DAYS - 1) },
      { shopDomain: "kept.myshopify.com", webhookId: "done-old", topic: "orders/paid", event: "{}", status: "done", processedAt: at(APPLIED_RETENTION_DAYS + 1) },
      { shopDomain: "never.myshopify.com", webhookId: "waiting-recent", topic: "orders/paid", event: "{}", status: "waiting", receivedAt: at(WAITING_RETENTION_DAYS - 1) },
      { shopDomain: "never.myshopify.com", webhookId: "waiting-old", topic: "orders/paid", event: "{}", status: "waiting", receivedAt: at(WAITING_RETENTION_DAYS + 1) },
      { shopDomain: "kept.myshopify.com", webhookId: "failed-old", topic: "orders/paid", event: "{}", status: "failed", receivedAt: at(365) },
    ],
  });
  expect(await pruneInbox(db, now)).toEqual({ applied: 1, waiting: 1 });
  const left = (await db.webhookDelivery.findMany({ where: { webhookId: { in: ["done-recent", "done-old", "waiting-recent", "waiting-old", "failed-old"] } } })).map((d) => d.webhookId);
  expect(left.sort()).toEqual(["done-recent", "failed-old", "waiting-recent"]);
});

it("keeps an order event whose applying throws pending, with the error, and applies it once the cause is gone", async () => {
  const shop = await installTestShop(db, "throws.myshopify.com");
  const lines = [{ lineItemId: "1", productId: null, quantity: 1, unitPriceMinor: 5000, discountMinor: 0, taxMinor: 0, isGiftCard: false }];
  const facts = { currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt: new Date().toISOString(), subtotalMinor: 5000 };
  const order = { orderId: "42", name: "#42", customer: { customerId: "9" }, currency: "USD", totalMinor: 5000, subtotalMinor: 5000, discountMinor: 0, discountCodes: [], facts, processedAt: new Date().toISOString(), cancelledAt: null };
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "throws", topic: "orders/paid", event: JSON.stringify({ kind: "order", event: { type: "paid", order } }) } });
  // The shop's settings are gone for a moment (a failure inside the order's transaction).
  const settings = await db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
  await db.programSettings.delete({ where: { shopId: shop.id } });
  const now = new Date(Date.now() + 1000);
  expect(await processInbox(db, now)).toMatchObject({ applied: 0, failed: 1, refused: [] });
  const kept = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "throws" } });
  expect(kept).toMatchObject({ status: "pending", attempts: 1, processedAt: null });
  expect(kept.lastError).toMatch(`shop ${shop.id} has no program settings`);
  expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(0);
  expect(await db.member.count({ where: { shopId: shop.id } })).toBe(0);

  await db.programSettings.create({ data: settings });
  expect(await processInbox(db, kept.nextAttemptAt)).toMatchObject({ applied: 1, failed: 0 });
  expect(await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "throws" } })).toMatchObject({ status: "done", attempts: 1 });
  expect((await db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: "9" } })).balance).toBe(50);
});

it("never brings back a redacted customer, whether a late event enrols, updates or orders for them", async () => {
  const shop = await installTestShop(db, "redacted-late.myshopify.com");
  await redactCustomer(db, shop.id, "501");
  const customer = { customerId: "501", email: "gone@example.com", firstName: "Gone" };
  const order = { orderId: "9501", name: "#9501", customer, currency: "USD", totalMinor: 1000, subtotalMinor: 1000, discountMinor: 0, discountCodes: [], processedAt: new Date().toISOString(), cancelledAt: null, facts: { currency: "USD", lines: [], shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt: new Date().toISOString() } };
  const late = [
    { topic: "customers/create", event: { kind: "customer_created", customer } },
    { topic: "customers/update", event: { kind: "customer_updated", customer } },
    { topic: "orders/paid", event: { kind: "order", event: { type: "paid", order } } },
    { topic: "customers/create", event: { kind: "customer_created", customer: { customerId: "502", email: "here@example.com" } } },
  ];
  for (const [i, { topic, event }] of late.entries()) {
    await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: `late-${i}`, topic, event: JSON.stringify(event) } });
  }

  expect(await processInbox(db, new Date(Date.now() + 1000))).toEqual({ applied: 4, failed: 0, refused: [] });
  expect(await db.member.findMany({ where: { shopId: shop.id }, select: { customerId: true } })).toEqual([{ customerId: "502" }]); // another customer is not redacted
  expect(await db.orderSummary.findFirstOrThrow({ where: { shopId: shop.id, orderId: "9501" } })).toMatchObject({ memberId: null });
});

it("after the app is uninstalled, applies no order or customer event but still answers Shopify's privacy requests", async () => {
  const shop = await installTestShop(db, "uninstalled.myshopify.com");
  const kept = { customerId: "600", email: "kept@example.com" };
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "before", topic: "customers/create", event: JSON.stringify({ kind: "customer_created", customer: kept }) } });
  await processInbox(db, new Date(Date.now() + 1000));
  await db.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
  const order = { orderId: "9601", name: "#9601", customer: kept, currency: "USD", totalMinor: 1000, subtotalMinor: 1000, discountMinor: 0, discountCodes: [], processedAt: new Date().toISOString(), cancelledAt: null, facts: { currency: "USD", lines: [], shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt: new Date().toISOString() } };
  const after = [
    { topic: "customers/create", event: { kind: "customer_created", customer: { customerId: "601", email: "new@example.com" } } },
    { topic: "orders/paid", event: { kind: "order", event: { type: "paid", order } } },
    { topic: "customers/data_request", event: { kind: "data_request", customerId: "600", requestId: "r-1" } },
    { topic: "customers/redact", event: { kind: "customer_redact", customerId: "600" } },
  ];
  for (const [i, { topic, event }] of after.entries()) {
    await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: `after-${i}`, topic, event: JSON.stringify(event) } });
  }

  expect(await processInbox(db, new Date(Date.now() + 2000))).toEqual({ applied: 4, failed: 0, refused: [] });
  expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(0);
  expect(await db.privacyRequest.findMany({ where: { shopId: shop.id }, select: { kind: true, customerId: true } })).toEqual([
    { kind: "data_request", customerId: "600" },
    { kind: "redact", customerId: expect.stringMatching(/^redacted:/) },
  ]);
  const members = await db.member.findMany({ where: { shopId: shop.id }, select: { customerId: true, redactedAt: true } });
  expect(members).toEqual([{ customerId: expect.not.stringMatching(/^60[01]$/), redactedAt: expect.any(Date) }]);
});

it("applies nothing more once asked to stop, leaving the deliveries pending for the next process", async () => {
  const shop = await installTestShop(db, "stopping.myshopify.com");
  for (const id of ["801", "802"]) {
    await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: `stop-${id}`, topic: "customers/create", event: JSON.stringify({ kind: "customer_created", customer: { customerId: id } }) } });
  }
  const now = new Date(Date.now() + 1000);
  expect(await processInbox(db, now, { stopRequested: () => true })).toEqual({ applied: 0, failed: 0, refused: [] });
  expect(await db.webhookDelivery.count({ where: { webhookId: { startsWith: "stop-" }, status: "pending" } })).toBe(2);
  let asked = 0;
  expect(await processInbox(db, now, { stopRequested: () => ++asked > 1 })).toEqual({ applied: 1, failed: 0, refused: [] }); // the one in hand
  expect(await processInbox(db, now, { stopRequested: () => false })).toEqual({ applied: 1, failed: 0, refused: [] });
});

it("applies several deliveries in one transaction; one that fails there undoes none of the others, which are applied once each", async () => {
  const shop = await installTestShop(db, "together.myshopify.com");
  const order = (orderId: string, currency: string) => {
    const facts = { currency, lines: [{ lineItemId: `l${orderId}`, quantity: 1, unitPriceMinor: 5000, discountMinor: 0, taxMinor: 0, productId: null, isGiftCard: false }], shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt: new Date().toISOString() };
    return { orderId, name: `#${orderId}`, customer: { customerId: "900" }, currency, totalMinor: 5000, subtotalMinor: 5000, discountMinor: 0, discountCodes: [], facts, processedAt: new Date().toISOString(), cancelledAt: null };
  };
  const events = [order("901", "USD"), order("902", "EUR"), order("903", "USD")];
  for (const [i, o] of events.entries()) {
    await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: `together-${i}`, topic: "orders/paid", event: JSON.stringify({ kind: "order", event: { type: "paid", order: o } }) } });
  }

  const run = await processInbox(db, new Date(Date.now() + 1000), { groupMs: 60_000 }); // all three in one transaction
  expect(run).toMatchObject({ applied: 2, failed: 1 });
  expect(run.refused.map((r) => r.reason)).toEqual(["order 902 is in EUR, the shop's currency is USD: not applied"]);
  const entries = await db.ledgerEntry.findMany({ where: { shopId: shop.id }, select: { orderId: true, amount: true }, orderBy: { id: "asc" } });
  expect(entries).toEqual([
    { orderId: "901", amount: 50 },
    { orderId: "903", amount: 50 },
  ]);
  expect(await db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId: "900" }, select: { balance: true, orderCount: true } })).toEqual({ balance: 100, orderCount: 2 });
  const statuses = await db.webhookDelivery.findMany({ where: { webhookId: { startsWith: "together-" } }, select: { webhookId: true, status: true }, orderBy: { id: "asc" } });
  expect(statuses.map((d) => d.status)).toEqual(["done", "failed", "done"]);
});
