// The points an order will earn under the app's earning rules, counted as app/loyalty/earning.ts
// counts the paid order: each line's amount after its discounts (or before them, when the program
// earns before discounts), the excluded products' lines left out, points per amount, tier and
// campaign multiplier, rounded down. An estimate: the app counts the paid order itself, with its
// tax, shipping and gift card settings.
import { numericId, type Earning } from "../../shared/klub";

interface Money {
  amount: number;
  currencyCode: string;
}

interface Allocation {
  discountedAmount: Money;
}

interface Line {
  merchandise: { product: { id: string } };
  /** After the line's own (product) discounts, before the order's. */
  cost: { totalAmount: Money };
  /** The line's own discounts. */
  discountAllocations: Allocation[];
}

const minorDigits = (currency: string) => new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
const sum = (amounts: number[]) => amounts.reduce((total, n) => total + n, 0);

/** `orderDiscounts`: the discounts on the whole order (shopify.discountAllocations), on top of the lines' own. */
export function orderPoints(lines: Line[], orderDiscounts: Allocation[], earning: Earning): number {
  if (!(earning.per_minor > 0) || lines.length === 0) return 0;
  const scale = 10 ** minorDigits(lines[0].cost.totalAmount.currencyCode);
  const minor = (money: Money) => Math.round(money.amount * scale);
  const excluded = new Set(earning.excluded_product_ids.map(numericId));
  // An app from before the setting was sent says nothing: its default, after discounts.
  const afterDiscounts = earning.subtract_discounts !== false;
  const totals = lines.map((line) => minor(line.cost.totalAmount));
  const all = sum(totals);
  const orderDiscount = Math.min(all, sum(orderDiscounts.map((d) => minor(d.discountedAmount))));
  let eligible = 0;
  lines.forEach((line, i) => {
    if (excluded.has(numericId(line.merchandise.product.id))) return;
    // Shopify spreads an order discount over the lines by their amounts: this line's share.
    const share = all > 0 ? Math.round((orderDiscount * totals[i]) / all) : 0;
    eligible += afterDiscounts ? totals[i] - share : totals[i] + sum(line.discountAllocations.map((d) => minor(d.discountedAmount)));
  });
  return Math.floor((Math.max(0, eligible) * earning.points * earning.multiplier_percent) / (earning.per_minor * 100));
}
