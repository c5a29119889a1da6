import { describe, expect, it } from "vitest";
import { earningRules } from "../../tests/support/earning-rules";
import { eligibleAfterRefunds, isFullyRefunded, isSuspect, netOrder, pointsOrderShouldHold, refundLineSchema, type FrozenEarning, type OrderFacts, type RefundFacts, type RefundLine } from "./order-points";

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

// Tax-exclusive prices: 2 lamps at 50.00 with 8.00 tax on top, 5.00 shipping with 0.40 tax.
const taxed: OrderFacts = {
  currency: "USD",
  lines: [{ lineItemId: "t", productId: "3", quantity: 2, unitPriceMinor: 5000, discountMinor: 0, taxMinor: 800, isGiftCard: false }],
  shippingMinor: 500,
  shippingTaxMinor: 40,
  taxesIncluded: false,
  isTest: false,
  placedAt: new Date("2026-11-20T12:00:00Z"),
  subtotalMinor: 10000,
};
const lamp = (quantity: number, subtotalMinor: number, taxMinor: number): RefundLine => ({ lineItemId: "t", quantity, subtotalMinor, taxMinor });
const withTaxAndShipping = earningRules({ earnOnTax: true, earnOnShipping: true });

describe("orders with tax on top of their prices", () => {
  it("caps an inflated order at its subtotal plus the shipping, shipping tax and line tax that earn", () => {
    // the honest order earns on 100.00 + 8.00 tax + 5.00 shipping + 0.40 shipping tax
    expect(eligibleAfterRefunds(taxed, [], withTaxAndShipping)).toBe(11340);
    const inflated: OrderFacts = { ...taxed, lines: [{ ...taxed.lines[0], unitPriceMinor: 99_999_999, quantity: 20 }] };
    expect(isSuspect(inflated)).toBe(true);
    // cap: 10000 + (500 + 40) + 800, not a cent more
    expect(eligibleAfterRefunds(inflated, [], withTaxAndShipping)).toBe(11340);
    expect(pointsOrderShouldHold(inflated, [], frozen([100, 100], { rules: withTaxAndShipping }))).toBe(113);
  });

  it("takes a refunded unit's tax out of the line's tax, never below zero", () => {
    expect(netOrder(taxed, [byLines(lamp(1, 5000, 400))]).lines).toEqual([
      { productId: "3", totalMinor: 5000, discountMinor: 0, taxMinor: 400, isGiftCard: false },
    ]);
    // more tax back than the line had (two refunds of 4.50): none is left, not -1.00
    expect(netOrder(taxed, [byLines(lamp(1, 5000, 450)), byLines(lamp(0, 0, 450))]).lines[0].taxMinor).toBe(0);
    // 50.00 + 4.00 tax left earn 54 points when tax earns
    expect(pointsOrderShouldHold(taxed, [byLines(lamp(1, 5000, 400))], frozen([100, 100], { rules: earningRules({ earnOnTax: true }) }))).toBe(54);
  });

  it("shares a restocking fee over a refunded line's price and tax together", () => {
    // 54.00 refunded (50.00 + 4.00 tax) less a 10.00 fee: 44.00 back, shared 4074 + 325 (44/54 of each, rounded down)
    const fee: RefundFacts = { lines: [lamp(1, 5000, 400)], unallocatedMinor: -1000 };
    expect(netOrder(taxed, [fee]).lines).toEqual([
      { productId: "3", totalMinor: 10000, discountMinor: 4074, taxMinor: 800 - 325, isGiftCard: false },
    ]);
    // 100.00 - 40.74 + 4.75 tax = 64.01
    expect(pointsOrderShouldHold(taxed, [fee], frozen([100, 100], { rules: earningRules({ earnOnTax: true }) }))).toBe(64);
  });

  it("gives back nothing for a refund line with no money and a fee kept (no division by zero)", () => {
    const nothing: RefundFacts = { lines: [lamp(1, 0, 0)], unallocatedMinor: -500 };
    expect(netOrder(taxed, [nothing]).lines).toEqual([
      { productId: "3", totalMinor: 10000, discountMinor: 0, taxMinor: 800, isGiftCard: false },
    ]);
    expect(pointsOrderShouldHold(taxed, [nothing], frozen())).toBe(100);
  });

  it("counts the tax paid on top in the merchandise money an amount-only refund is measured against", () => {
    // 108.00 paid for merchandise (shipping aside); 54.00 back is half: 100.00 eligible -> 50.00
    const half: RefundFacts = { lines: [], unallocatedMinor: 5400 };
    expect(eligibleAfterRefunds(taxed, [half], rules)).toBe(5000);
    expect(pointsOrderShouldHold(taxed, [half], frozen())).toBe(50);
    // 100.00 back is not all of the 108.00; 108.00 is
    expect(isFullyRefunded(taxed, [{ lines: [], unallocatedMinor: 10000 }])).toBe(false);
    expect(isFullyRefunded(taxed, [{ lines: [], unallocatedMinor: 10800 }])).toBe(true);
  });

  it("is fully refunded when every unit is back, even with a cent of tax kept by rounding", () => {
    // each lamp refunded with 3.99 tax of the 4.00 it carried: 0.02 of tax stays paid
    const oneByOne = [byLines(lamp(1, 5000, 399)), byLines(lamp(1, 5000, 399))];
    expect(netOrder(taxed, oneByOne).lines[0]).toEqual({ productId: "3", totalMinor: 0, discountMinor: 0, taxMinor: 2, isGiftCard: false });
    expect(isFullyRefunded(taxed, oneByOne)).toBe(true);
    expect(isFullyRefunded(taxed, oneByOne.slice(0, 1))).toBe(false);
  });
});

describe("refunds and suspicion, at the edges", () => {
  it("is not fully refunded while any line still has a unit kept", () => {
    // the mug is back, the three shirts are not
    expect(isFullyRefunded(order, [byLines({ lineItemId: "m", quantity: 1, subtotalMinor: 1999, taxMinor: 0 })])).toBe(false);
  });

  it("lets shipping earn on an order whose merchandise was free, with nothing refunded", () => {
    const sample: OrderFacts = {
      ...order,
      lines: [{ lineItemId: "f", productId: "4", quantity: 1, unitPriceMinor: 0, discountMinor: 0, taxMinor: 0, isGiftCard: false }],
      subtotalMinor: 0,
    };
    const shippingEarns = earningRules({ earnOnShipping: true });
    expect(eligibleAfterRefunds(sample, [], shippingEarns)).toBe(500);
    expect(pointsOrderShouldHold(sample, [], frozen([100, 100], { rules: shippingEarns }))).toBe(5);
  });

  it("suspects only orders with a subtotal, whose lines (price times quantity, less discounts) exceed it", () => {
    const { subtotalMinor: _, ...withoutSubtotal } = order;
    expect(isSuspect({ ...withoutSubtotal, lines: [{ ...order.lines[1], unitPriceMinor: 99_999_999, quantity: 20 }] })).toBe(false);
    const two = (subtotalMinor: number): OrderFacts => ({ ...order, lines: [{ ...order.lines[1], unitPriceMinor: 1000, quantity: 2 }], subtotalMinor });
    expect(isSuspect(two(1500))).toBe(true); // 2 x 10.00 > 15.00
    expect(isSuspect(two(2000))).toBe(false);
  });

  it("reads refund lines of several units, and refuses negative quantities", () => {
    const line = { lineItemId: "s", quantity: 2, subtotalMinor: 5999, taxMinor: 0 };
    expect(refundLineSchema.parse(line)).toEqual(line);
    const negative = refundLineSchema.safeParse({ ...line, quantity: -1 });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues.map((i) => [i.code, i.path.join(".")])).toEqual([["too_small", "quantity"]]);
  });
});
