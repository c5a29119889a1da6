import { describe, expect, it } from "vitest";
import { earningRules } from "../../tests/support/earning-rules";
import { isFullyRefunded, netOrder, pointsOrderShouldHold, type OrderFacts, type RefundLine } from "./order-points";

const rules = earningRules();

// 3 shirts at 33.33 with 10.00 off spread unevenly by Shopify (3.34 + 3.33 + 3.33), and a mug.
const order: OrderFacts = {
  currency: "USD",
  lines: [
    { lineItemId: "s", productId: "1", quantity: 3, unitPriceMinor: 3333, discountMinor: 1000, taxMinor: 0, isGiftCard: false },
    { lineItemId: "m", productId: "2", quantity: 1, unitPriceMinor: 1999, discountMinor: 0, taxMinor: 0, isGiftCard: false },
  ],
  shippingMinor: 500,
  shippingTaxMinor: 0,
  taxesIncluded: false,
  isTest: false,
  placedAt: new Date("2026-11-20T12:00:00Z"),
};
const shirt = (subtotalMinor: number): RefundLine => ({ lineItemId: "s", quantity: 1, subtotalMinor, taxMinor: 0 });

describe("what an order holds after refunds", () => {
  it("takes out exactly what Shopify refunded for each line", () => {
    // 99.99 - 10.00 + 19.99 = 109.98 -> 109
    expect(pointsOrderShouldHold(order, [], rules, [100, 100])).toBe(109);
    // one shirt back at 29.99 (its share of the discount was 3.34): 79.99 -> 79
    expect(pointsOrderShouldHold(order, [[shirt(2999)]], rules, [100, 100])).toBe(79);
    expect(netOrder(order, [[shirt(2999)]]).lines[0]).toMatchObject({ totalMinor: 6666, discountMinor: 666 });
  });

  it("does not drift: refunding one unit at a time ends where refunding all at once does", () => {
    const oneByOne = [[shirt(2999)], [shirt(3000)], [shirt(3000)]];
    const atOnce = [[{ lineItemId: "s", quantity: 3, subtotalMinor: 8999, taxMinor: 0 }]];
    expect(pointsOrderShouldHold(order, oneByOne, rules, [150, 100])).toBe(pointsOrderShouldHold(order, atOnce, rules, [150, 100]));
    expect(pointsOrderShouldHold(order, oneByOne, rules, [150, 100])).toBe(29); // 19.99 * 1.5 = 29.985
  });

  it("knows when every unit is back", () => {
    expect(isFullyRefunded(order, [[shirt(2999)]])).toBe(false);
    expect(isFullyRefunded(order, [[shirt(2999), shirt(3000), shirt(3000)], [{ lineItemId: "m", quantity: 1, subtotalMinor: 1999, taxMinor: 0 }]])).toBe(true);
    expect(isFullyRefunded({ ...order, lines: [] }, [])).toBe(false);
  });

  it("ignores refund lines for unknown line items and never goes below zero", () => {
    expect(pointsOrderShouldHold(order, [[{ lineItemId: "x", quantity: 5, subtotalMinor: 99999, taxMinor: 0 }]], rules, [100, 100])).toBe(109);
    expect(pointsOrderShouldHold(order, [[{ lineItemId: "s", quantity: 9, subtotalMinor: 999999, taxMinor: 0 }]], rules, [100, 100])).toBe(19);
  });

  it("gives test orders nothing unless allowed", () => {
    expect(pointsOrderShouldHold({ ...order, isTest: true }, [], rules, [100, 100])).toBe(0);
    expect(pointsOrderShouldHold({ ...order, isTest: true }, [], { ...rules, rewardTestOrders: true }, [100, 100])).toBe(109);
  });
});
