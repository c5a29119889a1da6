// Pure earning rules: which part of an order earns points, and how many.
// Points are computed in exact integer arithmetic and rounded down once, at the end.

export interface OrderLine {
  productId: string | null;
  /** Unit price times quantity, before discounts, in minor units. */
  totalMinor: number;
  /** Line and order discounts allocated to this line. */
  discountMinor: number;
  taxMinor: number;
  isGiftCard: boolean;
}

export interface EarningOrder {
  currency: string;
  lines: OrderLine[];
  /** Shipping charged after shipping discounts. */
  shippingMinor: number;
  shippingTaxMinor: number;
  /** Whether prices (and so line totals and shipping) include tax. */
  taxesIncluded: boolean;
  isTest: boolean;
  placedAt: Date;
}

export interface EarningRules {
  /** earnPoints for every earnPerAmountMinor of eligible spend (1 point per 100 cents = 1 per $1). */
  earnPoints: number;
  earnPerAmountMinor: number;
  subtractDiscounts: boolean;
  earnOnShipping: boolean;
  earnOnTax: boolean;
  earnOnGiftCards: boolean;
  excludedProductIds: string[];
  /** The products in the excluded collections (orders do not say which collections a product is in). */
  excludedCollectionProductIds: string[];
  rewardTestOrders: boolean;
}

export interface BonusCampaign {
  multiplierPercent: number;
  startsAt: Date;
  endsAt: Date;
}

export function isLineEligible(line: OrderLine, rules: EarningRules): boolean {
  if (line.isGiftCard && !rules.earnOnGiftCards) return false;
  if (line.productId === null) return true;
  return !rules.excludedProductIds.includes(line.productId) && !rules.excludedCollectionProductIds.includes(line.productId);
}

/** The part of the order that earns points, in minor units, never below zero. */
export function eligibleAmount(order: EarningOrder, rules: EarningRules): number {
  // With tax-inclusive prices the tax is inside the amounts and comes out unless it earns;
  // with tax-exclusive prices it is outside and goes in only if it earns.
  const taxAdjustment = (taxMinor: number) => {
    if (order.taxesIncluded) return rules.earnOnTax ? 0 : -taxMinor;
    return rules.earnOnTax ? taxMinor : 0;
  };
  let amount = 0;
  for (const line of order.lines) {
    if (!isLineEligible(line, rules)) continue;
    const lineAmount =
      line.totalMinor - (rules.subtractDiscounts ? line.discountMinor : 0) + taxAdjustment(line.taxMinor);
    amount += Math.max(0, lineAmount);
  }
  if (rules.earnOnShipping) {
    amount += Math.max(0, order.shippingMinor + taxAdjustment(order.shippingTaxMinor));
  }
  return Math.max(0, amount);
}

/** The best bonus campaign running at that moment (campaigns do not stack), 100 when none. */
export function campaignMultiplierPercent(campaigns: readonly BonusCampaign[], at: Date): number {
  const running = campaigns.filter((c) => c.startsAt <= at && at < c.endsAt);
  return Math.max(100, ...running.map((c) => c.multiplierPercent));
}

/**
 * Points for an eligible amount with multipliers in percent (150 = 1.5x), rounded down.
 * Exact: the product is formed in BigInt and divided once.
 */
export function pointsForAmount(
  eligibleMinor: number,
  rules: Pick<EarningRules, "earnPoints" | "earnPerAmountMinor">,
  multiplierPercents: number[] = [],
): number {
  if (eligibleMinor <= 0 || rules.earnPoints <= 0) return 0;
  let numerator = BigInt(eligibleMinor) * BigInt(rules.earnPoints);
  let denominator = BigInt(rules.earnPerAmountMinor);
  for (const percent of multiplierPercents) {
    numerator *= BigInt(percent);
    denominator *= 100n;
  }
  return Number(numerator / denominator);
}

export interface OrderPoints {
  eligibleMinor: number;
  /** Tier multiplier and campaign multiplier, in percent, applied one after the other. */
  multiplierPercents: number[];
  points: number;
  /** Why the order earns nothing, when it earns nothing by rule rather than by amount. */
  excludedBecause?: "test_order";
}

export function pointsForOrder(
  order: EarningOrder,
  rules: EarningRules,
  context: { tierMultiplierPercent?: number; campaigns?: BonusCampaign[] } = {},
): OrderPoints {
  const eligibleMinor = eligibleAmount(order, rules);
  const multiplierPercents = [
    context.tierMultiplierPercent ?? 100,
    campaignMultiplierPercent(context.campaigns ?? [], order.placedAt),
  ];
  if (order.isTest && !rules.rewardTestOrders) {
    return { eligibleMinor, multiplierPercents, points: 0, excludedBecause: "test_order" };
  }
  return { eligibleMinor, multiplierPercents, points: pointsForAmount(eligibleMinor, rules, multiplierPercents) };
}
