import { describe, expect, it } from "vitest";
import {
  campaignMultiplierPercent,
  eligibleAmount,
  pointsForAmount,
  pointsForOrder,
  type EarningOrder,
  type OrderLine,
} from "./earning";
import { minorPerUnit } from "./money";
import { earningRules } from "../../tests/support/earning-rules";

const rules = earningRules;

const line = (overrides: Partial<OrderLine> = {}): OrderLine => ({
  productId: "1",
  totalMinor: 0,
  discountMinor: 0,
  taxMinor: 0,
  isGiftCard: false,
  ...overrides,
});

const order = (overrides: Partial<EarningOrder> = {}): EarningOrder => ({
  currency: "USD",
  lines: [],
  shippingMinor: 0,
  shippingTaxMinor: 0,
  taxesIncluded: false,
  isTest: false,
  placedAt: new Date("2026-06-15T12:00:00Z"),
  ...overrides,
});

describe("eligible amount", () => {
  const shirt = line({ productId: "10", totalMinor: 5000, discountMinor: 500, taxMinor: 450 });
  const giftCard = line({ productId: "20", totalMinor: 2500, isGiftCard: true });
  const mug = line({ productId: "30", totalMinor: 1999, taxMinor: 180 });
  const base = order({ lines: [shirt, giftCard, mug], shippingMinor: 799, shippingTaxMinor: 72 });

  it("counts merchandise after discounts; leaves out shipping, tax and gift cards by default", () => {
    expect(eligibleAmount(base, rules())).toBe(4500 + 1999);
  });

  it("counts discounts, shipping, tax and gift cards when the settings say so", () => {
    expect(eligibleAmount(base, rules({ subtractDiscounts: false }))).toBe(5000 + 1999);
    expect(eligibleAmount(base, rules({ earnOnShipping: true }))).toBe(4500 + 1999 + 799);
    expect(eligibleAmount(base, rules({ earnOnTax: true }))).toBe(4500 + 450 + 1999 + 180);
    expect(eligibleAmount(base, rules({ earnOnTax: true, earnOnShipping: true }))).toBe(
      4500 + 450 + 1999 + 180 + 799 + 72,
    );
    expect(eligibleAmount(base, rules({ earnOnGiftCards: true }))).toBe(4500 + 2500 + 1999);
  });

  it("takes tax out of tax-inclusive prices unless tax earns", () => {
    const inclusive = order({ ...base, taxesIncluded: true });
    expect(eligibleAmount(inclusive, rules())).toBe(4500 - 450 + 1999 - 180);
    expect(eligibleAmount(inclusive, rules({ earnOnTax: true }))).toBe(4500 + 1999);
    expect(eligibleAmount(inclusive, rules({ earnOnShipping: true }))).toBe(4500 - 450 + 1999 - 180 + 799 - 72);
  });

  it("leaves out excluded products and the products of excluded collections", () => {
    expect(eligibleAmount(base, rules({ excludedProductIds: ["10"] }))).toBe(1999);
    expect(eligibleAmount(base, rules({ excludedCollectionProductIds: ["30"] }))).toBe(4500);
    expect(eligibleAmount(base, rules({ excludedProductIds: ["10"], excludedCollectionProductIds: ["30"] }))).toBe(0);
  });

  it("never goes below zero, even when a line is discounted past its price", () => {
    const free = order({ lines: [line({ totalMinor: 1000, discountMinor: 1500 }), line({ totalMinor: 300 })] });
    expect(eligibleAmount(free, rules())).toBe(300);
    expect(eligibleAmount(order(), rules())).toBe(0);
  });
});

describe("points", () => {
  it("rounds down once, at the end", () => {
    expect(pointsForAmount(1999, rules())).toBe(19);
    expect(pointsForAmount(99, rules())).toBe(0);
    expect(pointsForAmount(100, rules())).toBe(1);
    expect(pointsForAmount(0, rules())).toBe(0);
    expect(pointsForAmount(-500, rules())).toBe(0);
    // 5 points per $1 on $19.99 = 99.95 -> 99, not 19 * 5 = 95.
    expect(pointsForAmount(1999, rules({ earnPoints: 5 }))).toBe(99);
  });

  it("earns nothing when the rule gives no points, or fewer than none", () => {
    expect(pointsForAmount(1999, rules({ earnPoints: 0 }))).toBe(0);
    expect(pointsForAmount(1999, rules({ earnPoints: -1 }))).toBe(0);
    expect(pointsForAmount(1999, rules({ earnPoints: -5 }), [150])).toBe(0);
  });

  it("applies multipliers exactly: 1.5x of 19.99 points is 29, 1.5x then 2x of it 59", () => {
    expect(pointsForAmount(1999, rules(), [150])).toBe(29); // 29.985
    expect(pointsForAmount(1999, rules(), [150, 200])).toBe(59); // 59.97
    expect(pointsForAmount(1999, rules(), [125, 125])).toBe(31); // 31.234375
  });

  it("works for currencies with no minor unit (JPY): 1 point per 100 yen", () => {
    const yen = rules({ earnPoints: 1, earnPerAmountMinor: 100 * minorPerUnit("JPY") });
    expect(minorPerUnit("JPY")).toBe(1);
    expect(pointsForAmount(12_345, yen)).toBe(123);
    expect(pointsForAmount(99, yen)).toBe(0);
  });

  it("works for currencies with three minor units (KWD): 10 points per dinar", () => {
    const dinar = rules({ earnPoints: 10, earnPerAmountMinor: minorPerUnit("KWD") });
    expect(pointsForAmount(12_345, dinar)).toBe(123); // 12.345 KWD -> 123.45 -> 123
    expect(pointsForAmount(99, dinar)).toBe(0); // 0.099 KWD -> 0.99
    expect(pointsForAmount(100, dinar)).toBe(1);
  });

  it("stays exact for amounts where floats would not", () => {
    // 0.29 * 100 = 28.999999999999996 in floats.
    expect(pointsForAmount(29, rules({ earnPoints: 100 }))).toBe(29);
    expect(pointsForAmount(2_000_000_000, rules({ earnPoints: 7, earnPerAmountMinor: 3 }), [333, 777])).toBe(
      Number((2_000_000_000n * 7n * 333n * 777n) / (3n * 100n * 100n)),
    );
  });
});

describe("campaigns", () => {
  const weekend = { multiplierPercent: 200, startsAt: new Date("2026-06-13T00:00:00Z"), endsAt: new Date("2026-06-15T00:00:00Z") };
  const june = { multiplierPercent: 150, startsAt: new Date("2026-06-01T00:00:00Z"), endsAt: new Date("2026-07-01T00:00:00Z") };

  it("uses the best campaign running at the order's time, start inclusive, end exclusive", () => {
    expect(campaignMultiplierPercent([weekend, june], new Date("2026-06-14T10:00:00Z"))).toBe(200);
    expect(campaignMultiplierPercent([weekend, june], new Date("2026-06-15T00:00:00Z"))).toBe(150);
    expect(campaignMultiplierPercent([weekend, june], new Date("2026-06-13T00:00:00Z"))).toBe(200);
    expect(campaignMultiplierPercent([weekend, june], new Date("2026-07-01T00:00:00Z"))).toBe(100);
    expect(campaignMultiplierPercent([], new Date())).toBe(100);
  });

  it("ignores a campaign that has not started yet", () => {
    expect(campaignMultiplierPercent([weekend, june], new Date("2026-05-31T23:59:59Z"))).toBe(100);
    expect(campaignMultiplierPercent([weekend, june], new Date("2026-06-12T23:59:59Z"))).toBe(150);
  });

  it("combines with the tier multiplier", () => {
    const o = order({ lines: [line({ totalMinor: 10_000 })], placedAt: new Date("2026-06-14T10:00:00Z") });
    const result = pointsForOrder(o, rules(), { tierMultiplierPercent: 150, campaigns: [weekend] });
    expect(result).toEqual({ eligibleMinor: 10_000, multiplierPercents: [150, 200], points: 300 });
  });
});

describe("orders", () => {
  const o = order({ lines: [line({ totalMinor: 4_250 })] });

  it("earns on an ordinary order", () => {
    expect(pointsForOrder(o, rules()).points).toBe(42);
  });

  it("gives test orders nothing unless the setting allows them", () => {
    const test = { ...o, isTest: true };
    expect(pointsForOrder(test, rules())).toMatchObject({ points: 0, excludedBecause: "test_order", eligibleMinor: 4_250 });
    expect(pointsForOrder(test, rules({ rewardTestOrders: true })).points).toBe(42);
  });
});
