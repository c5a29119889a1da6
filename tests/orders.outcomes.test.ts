// The order path's rules that only show in what an order leaves behind: the tier's multiplier, the
// member's lifetime spend, when points become spendable under "award on fulfilment", the stamps each
// event type sets, a refund without a currency, spend-based tiers that move with an order that
// earns nothing, and what applyOrderEvent answers (the storefront and the inbox read it).
import { afterAll, describe, expect, it } from "vitest";
import type { OrderEvent } from "../app/loyalty/events";
import { applyOrderEvent } from "../app/loyalty/orders.server";
import type { OrderFacts } from "../app/loyalty/order-points";
import { createDb } from "../app/db.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db, url } = freshDatabase();
afterAll(() => db.$disconnect());

const DAY = 86_400_000;
let seq = 0;

/** A paid order of one line at `priceMinor` (1 point per 1.00 by default), for customer `customerId`. */
function paidOrder(customerId: string | null, priceMinor: number, { isTest = false, at = new Date("2026-11-02T10:00:00Z") } = {}) {
  const orderId = `o${++seq}`;
  const lines = [{ lineItemId: `${orderId}-1`, productId: null, quantity: 1, unitPriceMinor: priceMinor, discountMinor: 0, taxMinor: 0, isGiftCard: false }];
  const facts: OrderFacts = { currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest, placedAt: at, subtotalMinor: priceMinor };
  const order = { orderId, name: `#${seq}`, customer: customerId ? { customerId } : null, currency: "USD", totalMinor: priceMinor, subtotalMinor: priceMinor, discountMinor: 0, discountCodes: [], facts, processedAt: at, cancelledAt: null };
  return {
    orderId,
    paid: { type: "paid", order } as OrderEvent,
    fulfilled: { type: "fulfilled", order } as OrderEvent,
    cancelled: { type: "cancelled", order } as OrderEvent,
    /** Money back without returned items (an amount-only refund). */
    refund: (refundId: string, amountMinor: number, currency: string | null = "USD"): OrderEvent => ({
      type: "refund", orderId, refundId, currency, lines: [], unallocatedMinor: amountMinor, amountMinor, refundedAt: new Date(at.getTime() + DAY),
    }),
  };
}

const memberOf = (shopId: string, customerId: string) => db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
const summaryOf = (shopId: string, orderId: string) => db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId } } });

describe("an order's outcome", () => {
  it("earns at the member's tier multiplier, and answers what the order now holds", async () => {
    const shop = await installTestShop(db, "tiered.myshopify.com");
    const gold = await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 0, multiplierPercent: 150 } });
    const first = paidOrder("1", 10_000);
    const outcome = await applyOrderEvent(db, shop.id, first.paid);
    expect((await memberOf(shop.id, "1")).tierId).toBe(gold.id);
    // The member joined with this order, in Gold (threshold 0): 100.00 at 150% is 150 points.
    expect(outcome).toMatchObject({ known: true, held: 150, posted: [{ replayed: false, entry: { kind: "earn", amount: 150 } }] });
    expect(outcome.memberId).toBe((await memberOf(shop.id, "1")).id);
    // Delivered again: nothing new is posted, and the order still holds 150.
    const again = await applyOrderEvent(db, shop.id, first.paid);
    expect(again).toMatchObject({ known: true, held: 150, posted: [] });
    // A refund of 40.00 takes back 60 points at the same multiplier: the order holds 90.
    const refunded = await applyOrderEvent(db, shop.id, first.refund("r1", 4_000));
    expect(refunded).toMatchObject({ known: true, held: 90, posted: [{ entry: { kind: "clawback", amount: -60 } }] });
  });

  it("posts each change under a key named by the event, as the keys stored since the first release name them", async () => {
    // Stored keys are a contract: a replay after an upgrade must find the entry its event posted before.
    const shop = await installTestShop(db, "keys.myshopify.com");
    const order = paidOrder("1", 10_000);
    await applyOrderEvent(db, shop.id, order.paid);
    await applyOrderEvent(db, shop.id, order.refund("r9", 2_000));
    await applyOrderEvent(db, shop.id, order.cancelled);
    const keys = await db.ledgerEntry.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" }, select: { idempotencyKey: true } });
    expect(keys.map((k) => k.idempotencyKey)).toEqual([`order:${order.orderId}:paid:earn`, "refund:r9:take", `order:${order.orderId}:cancel:take`]);
  });

  it("answers known with no member for a guest's order, and unknown for a refund of an order never seen", async () => {
    const shop = await installTestShop(db, "guests.myshopify.com");
    const guest = paidOrder(null, 5_000);
    expect(await applyOrderEvent(db, shop.id, guest.paid)).toEqual({ known: true, memberId: null, held: 0, posted: [] });
    expect(await applyOrderEvent(db, shop.id, paidOrder("2", 1_000).refund("r-unknown", 500))).toEqual({ known: false, memberId: null, held: 0, posted: [] });
  });

  it("keeps the member's lifetime spend as paid orders less refunds, leaving out test and cancelled orders", async () => {
    const shop = await installTestShop(db, "spend.myshopify.com");
    const kept = paidOrder("3", 10_000);
    await applyOrderEvent(db, shop.id, kept.paid);
    await applyOrderEvent(db, shop.id, kept.refund("r2", 3_000));
    expect((await memberOf(shop.id, "3")).lifetimeSpentMinor).toBe(7_000);
    await applyOrderEvent(db, shop.id, paidOrder("3", 2_500, { isTest: true }).paid);
    const cancelled = paidOrder("3", 4_000);
    await applyOrderEvent(db, shop.id, cancelled.paid);
    expect((await memberOf(shop.id, "3")).lifetimeSpentMinor).toBe(11_000);
    await applyOrderEvent(db, shop.id, cancelled.cancelled);
    expect(await memberOf(shop.id, "3")).toMatchObject({ lifetimeSpentMinor: 7_000, orderCount: 1 });
  });

  it("takes a refund that names no currency as the shop's", async () => {
    const shop = await installTestShop(db, "no-currency.myshopify.com");
    const order = paidOrder("4", 6_000);
    await applyOrderEvent(db, shop.id, order.paid);
    expect(await applyOrderEvent(db, shop.id, order.refund("r3", 6_000, null))).toMatchObject({ held: 0, posted: [{ entry: { amount: -60 } }] });
  });

  it("stamps only what each event says: paid is not fulfilled, fulfilled is not paid, a cancel without a date is now", async () => {
    const shop = await installTestShop(db, "stamps.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { awardOn: "fulfilled", pendingDays: 14 } });
    const order = paidOrder("5", 8_000);
    const paidAt = new Date("2026-11-03T09:00:00Z");
    // Paid, not fulfilled: no points yet under "award on fulfilment".
    expect(await applyOrderEvent(db, shop.id, order.paid, paidAt)).toMatchObject({ held: 0, posted: [] });
    expect(await summaryOf(shop.id, order.orderId)).toMatchObject({ paidAt, fulfilledAt: null, cancelledAt: null });
    const fulfilledAt = new Date("2026-11-05T12:00:00Z");
    const fulfilled = await applyOrderEvent(db, shop.id, order.fulfilled, fulfilledAt);
    expect(fulfilled).toMatchObject({ held: 80, posted: [{ entry: { amount: 80 } }] });
    expect(await summaryOf(shop.id, order.orderId)).toMatchObject({ paidAt, fulfilledAt });
    // Spendable 14 days after fulfilment (not after the order was placed or paid).
    const lot = await db.pointLot.findFirstOrThrow({ where: { orderId: order.orderId } });
    expect(lot).toMatchObject({ pending: true, availableAt: new Date(fulfilledAt.getTime() + 14 * DAY) });

    // Fulfilled but never paid (cash on delivery not yet collected): fulfilled is stamped, paid is not.
    const unpaid = paidOrder("5", 1_000);
    await applyOrderEvent(db, shop.id, unpaid.fulfilled, fulfilledAt);
    expect(await summaryOf(shop.id, unpaid.orderId)).toMatchObject({ paidAt: null, fulfilledAt });

    const cancelledAt = new Date("2026-11-06T08:00:00Z");
    await applyOrderEvent(db, shop.id, order.cancelled, cancelledAt);
    expect((await summaryOf(shop.id, order.orderId)).cancelledAt).toEqual(cancelledAt);
  });

  it("multiplies by the campaign running when the order was placed, from its first instant to before its last", async () => {
    const shop = await installTestShop(db, "campaigns.myshopify.com");
    const placedAt = new Date("2026-11-02T10:00:00Z");
    const campaign = (multiplierPercent: number, startsAt: string, endsAt: string) =>
      db.campaign.create({ data: { shopId: shop.id, name: `x${multiplierPercent}`, multiplierPercent, startsAt: new Date(startsAt), endsAt: new Date(endsAt) } });
    await campaign(300, "2026-11-02T10:00:00Z", "2026-11-03T00:00:00Z"); // starts as the order is placed: counts
    await campaign(500, "2026-11-01T00:00:00Z", "2026-11-02T10:00:00Z"); // ends as it is placed: does not
    await campaign(700, "2026-11-02T10:00:01Z", "2026-11-09T00:00:00Z"); // starts a second later: does not
    expect((await applyOrderEvent(db, shop.id, paidOrder("7", 1_000, { at: placedAt }).paid)).held).toBe(30);
  });

  it("earns by the rules as they are when each order arrives, changed by another process in between", async () => {
    const shop = await installTestShop(db, "changing.myshopify.com");
    expect((await applyOrderEvent(db, shop.id, paidOrder("8", 1_000).paid)).held).toBe(10);
    // The admin (another thread or instance) doubles the points: the next order earns by the new rules.
    const admin = createDb(url);
    await admin.programSettings.update({ where: { shopId: shop.id }, data: { earnPoints: 2 } });
    await admin.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 0, multiplierPercent: 150 } });
    await admin.$disconnect();
    // Doubled; the member was in no tier when the order came, so no multiplier yet: 20.
    expect((await applyOrderEvent(db, shop.id, paidOrder("8", 1_000).paid)).held).toBe(20);
    // Its points put them in the new tier, whose multiplier the next order gets: 2 x 1.5 x 10 = 30.
    expect((await db.tier.findUniqueOrThrow({ where: { id: (await memberOf(shop.id, "8")).tierId! } })).name).toBe("Gold");
    expect((await applyOrderEvent(db, shop.id, paidOrder("8", 1_000).paid)).held).toBe(30);
  });

  it("moves a member up a spend-based tier with an order that earns no points", async () => {
    const shop = await installTestShop(db, "spend-tiers.myshopify.com");
    await db.programSettings.update({ where: { shopId: shop.id }, data: { tierBasis: "spend", earnPoints: 0 } });
    const silver = await db.tier.create({ data: { shopId: shop.id, name: "Silver", threshold: 5_000 } });
    const outcome = await applyOrderEvent(db, shop.id, paidOrder("6", 6_000).paid);
    expect(outcome).toMatchObject({ held: 0, posted: [] });
    expect(await memberOf(shop.id, "6")).toMatchObject({ tierId: silver.id, tierProgress: 6_000 });
  });
});
