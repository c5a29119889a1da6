// Earning rules as a new shop has them (1 point per 1.00, discounts subtracted, nothing else counted).
import type { EarningRules } from "../../app/loyalty/earning";

export function earningRules(overrides: Partial<EarningRules> = {}): EarningRules {
  return {
    earnPoints: 1,
    earnPerAmountMinor: 100,
    subtractDiscounts: true,
    earnOnShipping: false,
    earnOnTax: false,
    earnOnGiftCards: false,
    excludedProductIds: [],
    excludedCollectionProductIds: [],
    rewardTestOrders: false,
    ...overrides,
  };
}
