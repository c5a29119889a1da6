// What an order earns once its refunds are taken into account. Pure: the ledger posts the
// difference between what the order should hold and what it holds, so partial refunds never
// drift and any arrival order of events ends in the same place.
import { z } from "zod";
import { pointsForAmount, eligibleAmount, type EarningOrder, type EarningRules } from "./earning";

const minor = z.number().int().min(0).max(2_147_483_647);

export const earningLineSchema = z.object({
  lineItemId: z.string(),
  productId: z.string().nullable(),
  quantity: z.number().int().min(0),
  unitPriceMinor: minor,
  discountMinor: minor,
  taxMinor: minor,
  isGiftCard: z.boolean(),
});

/** The facts of an order that points are computed from, stored with its summary. */
export const orderFactsSchema = z.object({
  currency: z.string(),
  lines: z.array(earningLineSchema),
  shippingMinor: minor,
  shippingTaxMinor: minor,
  taxesIncluded: z.boolean(),
  isTest: z.boolean(),
  placedAt: z.coerce.date(),
});

export const refundLineSchema = z.object({
  lineItemId: z.string(),
  quantity: z.number().int().min(0),
  subtotalMinor: minor,
  taxMinor: minor,
});

export type EarningLine = z.infer<typeof earningLineSchema>;
export type OrderFacts = z.infer<typeof orderFactsSchema>;
export type RefundLine = z.infer<typeof refundLineSchema>;

/**
 * The order as it stands after its refunds: each refunded unit leaves at its price, its discount
 * share leaves so that the discounted amount drops by exactly what Shopify refunded, and its tax.
 */
export function netOrder(order: OrderFacts, refunds: RefundLine[][]): EarningOrder {
  const refunded = new Map<string, { quantity: number; subtotal: number; tax: number }>();
  for (const line of refunds.flat()) {
    const sum = refunded.get(line.lineItemId) ?? { quantity: 0, subtotal: 0, tax: 0 };
    refunded.set(line.lineItemId, {
      quantity: sum.quantity + line.quantity,
      subtotal: sum.subtotal + line.subtotalMinor,
      tax: sum.tax + line.taxMinor,
    });
  }
  return {
    currency: order.currency,
    shippingMinor: order.shippingMinor,
    shippingTaxMinor: order.shippingTaxMinor,
    taxesIncluded: order.taxesIncluded,
    isTest: order.isTest,
    placedAt: order.placedAt,
    lines: order.lines.map((line) => {
      const r = refunded.get(line.lineItemId);
      const quantity = Math.max(0, line.quantity - (r?.quantity ?? 0));
      const totalMinor = line.unitPriceMinor * quantity;
      const discountedRemaining = Math.max(0, line.unitPriceMinor * line.quantity - line.discountMinor - (r?.subtotal ?? 0));
      return {
        productId: line.productId,
        totalMinor,
        discountMinor: quantity === 0 ? 0 : Math.max(0, totalMinor - discountedRemaining),
        taxMinor: Math.max(0, line.taxMinor - (r?.tax ?? 0)),
        isGiftCard: line.isGiftCard,
      };
    }),
  };
}

/** Every unit of every line has been refunded. */
export function isFullyRefunded(order: OrderFacts, refunds: RefundLine[][]): boolean {
  const net = netOrder(order, refunds);
  return order.lines.length > 0 && net.lines.every((line) => line.totalMinor === 0);
}

/** Points the order should hold now, with the multipliers frozen when it first earned. */
export function pointsOrderShouldHold(
  order: OrderFacts,
  refunds: RefundLine[][],
  rules: EarningRules,
  multiplierPercents: number[],
): number {
  if (order.isTest && !rules.rewardTestOrders) return 0;
  return pointsForAmount(eligibleAmount(netOrder(order, refunds), rules), rules, multiplierPercents);
}
