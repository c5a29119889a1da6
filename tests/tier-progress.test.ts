// The value a spend-based tier over a window measures: each member's orders placed in the window,
// less refunds, leaving out cancelled and test orders, orders before the window and other members'.
import { afterAll, describe, expect, it } from "vitest";
import { tierProgressValues } from "../app/loyalty/tier-progress.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const now = new Date("2026-11-15T12:00:00Z");
let seq = 0;

describe("spend over a window", () => {
  it("adds up each member's orders placed in the window, less their refunds", async () => {
    const shop = await installTestShop(db, "spend-window.myshopify.com");
    const [ann, bob, cid] = await Promise.all(["1", "2", "3"].map((customerId) => db.member.create({ data: { shopId: shop.id, customerId, lifetimeSpentMinor: 999_999 } })));
    const order = (memberId: string, at: string, totalMinor: number, extra: { refundedMinor?: number; cancelledAt?: Date; isTest?: boolean } = {}) =>
      db.orderSummary.create({
        data: { shopId: shop.id, orderId: String(++seq), memberId, currencyCode: "USD", totalMinor, subtotalMinor: totalMinor, earningFacts: "{}", processedAt: new Date(at), ...extra },
      });
    await order(ann.id, "2026-01-01T00:00:00Z", 10_000); // the calendar year's first instant
    await order(ann.id, "2026-06-01T00:00:00Z", 5_000, { refundedMinor: 1_500 });
    await order(ann.id, "2025-12-31T23:59:59Z", 70_000); // last year
    await order(ann.id, "2026-03-01T00:00:00Z", 30_000, { cancelledAt: new Date("2026-03-02T00:00:00Z") });
    await order(ann.id, "2026-03-01T00:00:00Z", 40_000, { isTest: true });
    await order(bob.id, "2026-02-01T00:00:00Z", 2_000);

    const values = await tierProgressValues(db, [ann, bob, cid], "spend", "calendar_year", now);
    expect(Object.fromEntries(values)).toEqual({ [ann.id]: 13_500, [bob.id]: 2_000, [cid.id]: 0 });
    // Over a lifetime, the member's stored lifetime spend is the value.
    expect(Object.fromEntries(await tierProgressValues(db, [ann], "spend", "lifetime", now))).toEqual({ [ann.id]: 999_999 });
  });
});
