// The points an order will earn under the app's earning rules: eligible spend (the subtotal less
// the excluded products' lines), points per amount, tier and campaign multiplier, rounded down.
// An estimate: the app counts the paid order itself (app/loyalty/earning.ts), with its discounts,
// tax and shipping settings.
import { numericId, type Earning } from "../../shared/klub";

interface Money {
  amount: number;
  currencyCode: string;
}

interface Line {
  merchandise: { product: { id: string } };
  cost: { totalAmount: Money };
}

const minorDigits = (currency: string) => new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function orderPoints(subtotal: Money, lines: Line[], earning: Earning): number {
  if (!(earning.per_minor > 0)) return 0;
  const excluded = new Set(earning.excluded_product_ids.map(numericId));
  const excludedAmount = lines.filter((l) => excluded.has(numericId(l.merchandise.product.id))).reduce((sum, l) => sum + l.cost.totalAmount.amount, 0);
  const eligibleMinor = Math.max(0, Math.round((subtotal.amount - excludedAmount) * 10 ** minorDigits(subtotal.currencyCode)));
  return Math.floor((eligibleMinor * earning.points * earning.multiplier_percent) / (earning.per_minor * 100));
}
