import { describe, expect, it } from "vitest";
import { earningRules } from "../../tests/support/earning-rules";
import { isFullyRefunded, isSuspect, netOrder, pointsOrderShouldHold, type FrozenEarning, type OrderFacts, type RefundFacts, type RefundLine } from "./order-points";

const rules = earningRules();
const frozen = (multiplierPercents = [100, 100], over: Partial<FrozenEarning> = {}): FrozenEarning => ({
  rules,
  multiplierPercents,
  maxPointsPerOrder: 100_000,
  programEnabled: true,
  ...over,
});
const byLines = (...lines: RefundLine[]): RefundFacts => ({ lines, unallocatedMinor: 0 });

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
  subtotalMinor: 10998,
};
const shirt = (subtotalMinor: number): RefundLine => ({ lineItemId: "s", quantity: 1, subtotalMinor, taxMinor: 0 });

describe("what an order holds after refunds", () => {
  it("takes out exactly what Shopify refunded for each line", () => {
    // 99.99 - 10.00 + 19.99 = 109.98 -> 109
    expect(pointsOrderShouldHold(order, [], frozen([100, 100]))).toBe(109);
    // one shirt back at 29.99 (its share of the discount was 3.34): 79.99 -> 79
    expect(pointsOrderShouldHold(order, [byLines(shirt(2999))], frozen([100, 100]))).toBe(79);
    expect(netOrder(order, [byLines(shirt(2999))]).lines[0]).toMatchObject({ totalMinor: 6666, discountMinor: 666 });
  });

  it("does not drift: refunding one unit at a time ends where refunding all at once does", () => {
    const oneByOne = [byLines(shirt(2999)), byLines(shirt(3000)), byLines(shirt(3000))];
    const atOnce = [byLines({ lineItemId: "s", quantity: 3, subtotalMinor: 8999, taxMinor: 0 })];
    expect(pointsOrderShouldHold(order, oneByOne, frozen([150, 100]))).toBe(pointsOrderShouldHold(order, atOnce, frozen([150, 100])));
    expect(pointsOrderShouldHold(order, oneByOne, frozen([150, 100]))).toBe(29); // 19.99 * 1.5 = 29.985
  });

  it("knows when every unit is back", () => {
    expect(isFullyRefunded(order, [byLines(shirt(2999))])).toBe(false);
    expect(isFullyRefunded(order, [byLines(shirt(2999), shirt(3000), shirt(3000)), byLines({ lineItemId: "m", quantity: 1, subtotalMinor: 1999, taxMinor: 0 })])).toBe(true);
    expect(isFullyRefunded({ ...order, lines: [] }, [])).toBe(false);
  });

  it("ignores refund lines for unknown line items and never goes below zero", () => {
    expect(pointsOrderShouldHold(order, [byLines({ lineItemId: "x", quantity: 5, subtotalMinor: 99999, taxMinor: 0 })], frozen([100, 100]))).toBe(109);
    expect(pointsOrderShouldHold(order, [byLines({ lineItemId: "s", quantity: 9, subtotalMinor: 999999, taxMinor: 0 })], frozen([100, 100]))).toBe(19);
  });

  it("gives test orders nothing unless allowed", () => {
    expect(pointsOrderShouldHold({ ...order, isTest: true }, [], frozen([100, 100]))).toBe(0);
    expect(pointsOrderShouldHold({ ...order, isTest: true }, [], { ...frozen(), rules: { ...rules, rewardTestOrders: true } })).toBe(109);
  });

  it("takes back a refund by amount only in proportion to the merchandise money returned", () => {
    // 109.98 paid for merchandise; 54.99 back with no line items: half the points go.
    const half: RefundFacts = { lines: [], unallocatedMinor: 5499 };
    expect(pointsOrderShouldHold(order, [half], frozen())).toBe(54);
    expect(pointsOrderShouldHold(order, [half, half], frozen())).toBe(0);
    expect(isFullyRefunded(order, [half])).toBe(false);
    expect(isFullyRefunded(order, [half, half])).toBe(true);
  });

  it("takes back nothing for a restock with no money back, and only the money's share when part came back", () => {
    const restock: RefundFacts = { lines: [shirt(2999)], unallocatedMinor: -2999 };
    expect(pointsOrderShouldHold(order, [restock], frozen())).toBe(109);
    expect(isFullyRefunded(order, [restock])).toBe(false);
    // a shirt returned with a 10.00 restocking fee: 19.99 back, 19 points go.
    expect(pointsOrderShouldHold(order, [{ lines: [shirt(2999)], unallocatedMinor: -1000 }], frozen())).toBe(89);
  });

  it("earns on at most the order's own subtotal, caps the points, and earns nothing while the program is off", () => {
    const inflated: OrderFacts = { ...order, lines: [{ ...order.lines[1], unitPriceMinor: 99_999_999, quantity: 20 }] };
    expect(isSuspect(inflated)).toBe(true);
    expect(isSuspect(order)).toBe(false);
    expect(pointsOrderShouldHold(inflated, [], frozen())).toBe(109);
    expect(pointsOrderShouldHold(order, [], frozen([100, 100], { maxPointsPerOrder: 50 }))).toBe(50);
    expect(pointsOrderShouldHold(order, [], frozen([100, 100], { programEnabled: false }))).toBe(0);
  });
});
