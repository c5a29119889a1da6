// Shopify's privacy webhooks reach only the shop and the customer they name: an uninstall or a
// shop's erasure leaves every other shop's sessions, deliveries and data alone, and a data request
// reports what Klub holds on the customer, in order.
import { expect, it } from "vitest";
import { eraseShop, markUninstalled, recordDataRequest } from "../app/loyalty/privacy.server";
import { storeOfflineSession } from "./support/admin";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();

async function shopWithData(domain: string) {
  const shop = await installTestShop(db, domain);
  await storeOfflineSession(db, domain);
  for (const topic of ["orders/paid", "shop/redact"]) {
    await db.webhookDelivery.create({ data: { shopDomain: domain, webhookId: `${domain}-${topic}`, topic, event: "{}", status: "done" } });
  }
  return shop;
}

it("uninstalling marks that shop once and ends only its sessions", async () => {
  const gone = await shopWithData("leaving.myshopify.com");
  await shopWithData("staying.myshopify.com");
  const at = new Date("2026-12-02T10:00:00Z");

  expect(await markUninstalled(db, "leaving.myshopify.com", at)).toBe(true);
  expect(await db.session.findMany({ select: { shop: true }, where: { shop: { in: ["leaving.myshopify.com", "staying.myshopify.com"] } } })).toEqual([{ shop: "staying.myshopify.com" }]);
  expect(await db.shop.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({ uninstalledAt: at });
  expect(await db.shop.findUniqueOrThrow({ where: { domain: "staying.myshopify.com" } })).toMatchObject({ uninstalledAt: null });

  // Delivered again: nothing more to mark, the first date kept.
  expect(await markUninstalled(db, "leaving.myshopify.com", new Date("2026-12-03T10:00:00Z"))).toBe(false);
  expect(await db.shop.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({ uninstalledAt: at });
});

it("erasing a shop takes its sessions, deliveries (but the shop/redact one) and data, and nobody else's", async () => {
  const erased = await shopWithData("erased.myshopify.com");
  const kept = await shopWithData("kept.myshopify.com");
  await db.member.create({ data: { shopId: erased.id, customerId: "1" } });
  await db.member.create({ data: { shopId: kept.id, customerId: "1" } });

  expect(await eraseShop(db, "erased.myshopify.com")).toBe(true);
  expect(await db.shop.findUnique({ where: { id: erased.id } })).toBeNull();
  expect(await db.member.count({ where: { shopId: erased.id } })).toBe(0);
  expect(await db.session.count({ where: { shop: "erased.myshopify.com" } })).toBe(0);
  expect(await db.webhookDelivery.findMany({ where: { shopDomain: "erased.myshopify.com" }, select: { topic: true } })).toEqual([{ topic: "shop/redact" }]);

  expect(await db.shop.findUnique({ where: { id: kept.id } })).not.toBeNull();
  expect(await db.member.count({ where: { shopId: kept.id } })).toBe(1);
  expect(await db.session.count({ where: { shop: "kept.myshopify.com" } })).toBe(1);
  expect(await db.webhookDelivery.count({ where: { shopDomain: "kept.myshopify.com" } })).toBe(2);

  expect(await eraseShop(db, "erased.myshopify.com")).toBe(false); // delivered again: nothing left
});

it("reports the customer's member data, ledger, redemptions and orders in the order they happened", async () => {
  const shop = await installTestShop(db, "report.myshopify.com");
  const gold = await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 100 } });
  const member = await db.member.create({ data: { shopId: shop.id, customerId: "7", email: "ada@example.com", firstName: "Ada", tierId: gold.id, balance: 30 } });
  await db.member.create({ data: { shopId: shop.id, customerId: "8", email: "bob@example.com" } });
  const entry = (id: string, amount: number, occurredAt: string) =>
    db.ledgerEntry.create({ data: { shopId: shop.id, memberId: member.id, kind: amount > 0 ? "earn" : "redeem", amount, balanceAfter: 0, reason: "order", reasonParams: JSON.stringify({ order: id }), idempotencyKey: id, occurredAt: new Date(occurredAt) } });
  await entry("#2", 50, "2026-11-02T00:00:00Z");
  await entry("#1", -20, "2026-11-01T00:00:00Z");
  const reward = await db.reward.create({ data: { shopId: shop.id, name: "5 off", type: "fixed_amount", pointsCost: 20 } });
  for (const [requestId, createdAt] of [["r-late", "2026-11-05T00:00:00Z"], ["r-early", "2026-11-03T00:00:00Z"]] as const) {
    await db.redemption.create({ data: { shopId: shop.id, memberId: member.id, rewardId: reward.id, requestId, pointsSpent: 20, status: "issued", code: requestId.toUpperCase(), createdAt: new Date(createdAt) } });
  }
  const order = (orderId: string, name: string | null, processedAt: string, customerId = "7") =>
    db.orderSummary.create({ data: { shopId: shop.id, orderId, name, customerId, currencyCode: "USD", totalMinor: 1000, subtotalMinor: 1000, earningFacts: "{}", processedAt: new Date(processedAt) } });
  await order("o-2", null, "2026-11-04T00:00:00Z");
  await order("o-1", "#1001", "2026-11-01T00:00:00Z");
  await order("o-3", "#1003", "2026-11-02T00:00:00Z", "8");

  const request = await recordDataRequest(db, shop.id, { customerId: "7", requestId: "req-1" }, new Date("2026-12-02T00:00:00Z"));
  expect(request).toMatchObject({ kind: "data_request", customerId: "7", memberId: member.id, requestId: "req-1" });
  const report = JSON.parse(request.report!);
  expect(report.member).toMatchObject({ email: "ada@example.com", firstName: "Ada", balance: 30, tier: "Gold" });
  expect(report.member.ledger.map((e: { points: number }) => e.points)).toEqual([50, -20]); // in the order posted
  expect(report.member.redemptions.map((r: { code: string }) => r.code)).toEqual(["R-EARLY", "R-LATE"]);
  expect(report.orders.map((o: { order: string }) => o.order)).toEqual(["#1001", "o-2"]); // by date; unnamed by id; nobody else's

  const stranger = await recordDataRequest(db, shop.id, { customerId: "99", requestId: null });
  expect(stranger).toMatchObject({ memberId: null });
  expect(JSON.parse(stranger.report!)).toEqual({ customerId: "99", member: null, orders: [] });
});
