// What the thank-you and order status pages say of one order's points (shopperOrderPoints, read by
// /api/orders/<id>): earned, pending until the return window closes, waiting for payment or for
// fulfilment, or none, and nothing of another customer's order.
import { afterAll, describe, expect, it } from "vitest";
import type { OrderEvent } from "../app/loyalty/events";
import type { OrderFacts } from "../app/loyalty/order-points";
import { applyOrderEvent } from "../app/loyalty/orders.server";
import { shopperOrderPoints } from "../app/loyalty/shopper.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const DAY = 86_400_000;
const placedAt = new Date("2026-11-02T10:00:00Z");
/** When Klub applies the events: the day after the order was placed (points awarded on payment are dated from the order). */
const now = new Date("2026-11-03T09:00:00Z");
let seq = 0;

/** One order of one line at `priceMinor` for customer `customerId` (1 point per 1.00). */
function order(customerId: string, priceMinor: number) {
  const orderId = `${900 + ++seq}`;
  const lines = [{ lineItemId: `${orderId}-1`, productId: null, quantity: 1, unitPriceMinor: priceMinor, discountMinor: 0, taxMinor: 0, isGiftCard: false }];
  const facts: OrderFacts = { currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt, subtotalMinor: priceMinor };
  const snapshot = { orderId, name: `#${orderId}`, customer: { customerId }, currency: "USD", totalMinor: priceMinor, subtotalMinor: priceMinor, discountMinor: 0, discountCodes: [], facts, processedAt: placedAt, cancelledAt: null };
  return {
    orderId,
    paid: { type: "paid", order: snapshot } as OrderEvent,
    fulfilled: { type: "fulfilled", order: snapshot } as OrderEvent,
    cancelled: { type: "cancelled", order: snapshot } as OrderEvent,
    refund: (amountMinor: number): OrderEvent => ({
      type: "refund", orderId, refundId: `${orderId}-r`, currency: "USD", lines: [], unallocatedMinor: amountMinor, amountMinor, refundedAt: new Date(placedAt.getTime() + DAY),
    }),
  };
}

describe("an order's points as the shopper sees them", () => {
  it("are earned once paid, and none once the whole order is refunded", async () => {
    const shop = await installTestShop(db, "earned.myshopify.com");
    const purchase = order("1", 4_200);
    await applyOrderEvent(db, shop.id, purchase.paid, now);
    expect(await shopperOrderPoints(db, shop.domain, "1", purchase.orderId)).toEqual({ points: 42, state: "earned", availableAt: null });
    await applyOrderEvent(db, shop.id, purchase.refund(4_200), now);
    expect(await shopperOrderPoints(db, shop.domain, "1", purchase.orderId)).toEqual({ points: 0, state: "none", availableAt: null });
  });

  it("are pending until the return window closes, with the day they become spendable", async () => {
    const shop = await installTestShop(db, "pending.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { pendingDays: 14 } });
    const purchase = order("2", 3_000);
    await applyOrderEvent(db, shop.id, purchase.paid, now);
    // Awarded on payment, the 14 days run from when the order was placed.
    expect(await shopperOrderPoints(db, shop.domain, "2", purchase.orderId)).toEqual({ points: 30, state: "pending", availableAt: new Date("2026-11-16T10:00:00Z") });
  });

  it("wait for fulfilment in a shop that awards on fulfilment, and are none for an order cancelled before it", async () => {
    const shop = await installTestShop(db, "fulfil.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { awardOn: "fulfilled" } });
    const shipped = order("3", 5_000);
    await applyOrderEvent(db, shop.id, shipped.paid, now);
    expect(await shopperOrderPoints(db, shop.domain, "3", shipped.orderId)).toEqual({ points: 0, state: "awaiting_fulfilment", availableAt: null });
    await applyOrderEvent(db, shop.id, shipped.fulfilled, now);
    expect(await shopperOrderPoints(db, shop.domain, "3", shipped.orderId)).toEqual({ points: 50, state: "earned", availableAt: null });

    const cancelled = order("3", 2_000);
    await applyOrderEvent(db, shop.id, cancelled.paid, now);
    await applyOrderEvent(db, shop.id, cancelled.cancelled, now);
    expect(await shopperOrderPoints(db, shop.domain, "3", cancelled.orderId)).toEqual({ points: 0, state: "none", availableAt: null });
  });

  it("wait for payment in a shop that awards on payment, when the order was fulfilled first (cash on delivery)", async () => {
    const shop = await installTestShop(db, "cod.myshopify.com");
    const codOrder = order("4", 2_500);
    await applyOrderEvent(db, shop.id, codOrder.fulfilled, now);
    expect(await shopperOrderPoints(db, shop.domain, "4", codOrder.orderId)).toEqual({ points: 0, state: "awaiting_payment", availableAt: null });
    await applyOrderEvent(db, shop.id, codOrder.paid, now);
    expect(await shopperOrderPoints(db, shop.domain, "4", codOrder.orderId)).toEqual({ points: 25, state: "earned", availableAt: null });
  });

  it("read as an order Klub has not seen (awaiting payment) when it is another customer's, or the shop is unknown", async () => {
    const shop = await installTestShop(db, "privacy.myshopify.com");
    const purchase = order("5", 6_000);
    await applyOrderEvent(db, shop.id, purchase.paid, now);
    await applyOrderEvent(db, shop.id, order("6", 100).paid, now);
    expect(await shopperOrderPoints(db, shop.domain, "6", purchase.orderId)).toEqual({ points: 0, state: "awaiting_payment", availableAt: null });
    expect(await shopperOrderPoints(db, "unknown.myshopify.com", "5", purchase.orderId)).toEqual({ points: 0, state: "awaiting_payment", availableAt: null });
    expect(await shopperOrderPoints(db, shop.domain, "5", purchase.orderId)).toMatchObject({ points: 60, state: "earned" });
  });
});
