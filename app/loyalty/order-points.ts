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
  /** The order's subtotal (line items after discounts): what its lines can earn on at most. */
  subtotalMinor: minor.optional(),
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

/** A refund as the order's points see it (decision 018). */
export interface RefundFacts {
  lines: RefundLine[];
  /** Merchandise money back beyond the line items (positive), or kept back from them (negative). */
  unallocatedMinor: number;
}

/**
 * The lines of a refund as money went back: when less went back than the line items add up to
 * (a restock with no money back, a restocking fee), each line gives back only its share of the
 * money, and no units (the customer paid for what they kept).
 */
function moneyBackLines(refund: RefundFacts): RefundLine[] {
  if (refund.unallocatedMinor >= 0) return refund.lines;
  const total = refund.lines.reduce((sum, l) => sum + l.subtotalMinor + l.taxMinor, 0);
  const back = Math.max(0, total + refund.unallocatedMinor);
  const share = (amount: number) => (total === 0 ? 0 : Number((BigInt(amount) * BigInt(back)) / BigInt(total)));
  return refund.lines.map((l) => ({ ...l, quantity: 0, subtotalMinor: share(l.subtotalMinor), taxMinor: share(l.taxMinor) }));
}

/**
 * The order as it stands after its refunds: each refunded unit leaves at its price, its discount
 * share leaves so that the discounted amount drops by exactly what Shopify refunded, and its tax.
 */
export function netOrder(order: OrderFacts, refunds: RefundFacts[]): EarningOrder {
  const refunded = new Map<string, { quantity: number; subtotal: number; tax: number }>();
  for (const line of refunds.flatMap(moneyBackLines)) {
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

/** What the customer still pays for the merchandise they keep: lines after discounts, with tax added when prices exclude it. */
function merchandisePaid(net: EarningOrder): number {
  return net.lines.reduce((sum, l) => sum + Math.max(0, l.totalMinor - l.discountMinor + (net.taxesIncluded ? 0 : l.taxMinor)), 0);
}

/** Money refunded without line items (amount-only refunds), in all. */
function unallocatedBack(refunds: RefundFacts[]): number {
  return refunds.reduce((sum, r) => sum + Math.max(0, r.unallocatedMinor), 0);
}

/** Every unit of every line has been refunded, or all the merchandise money went back. */
export function isFullyRefunded(order: OrderFacts, refunds: RefundFacts[]): boolean {
  const net = netOrder(order, refunds);
  if (order.lines.length === 0) return false;
  return net.lines.every((line) => line.totalMinor === 0) || unallocatedBack(refunds) >= merchandisePaid(net);
}

/** The earning rules an order is held to: those in force when it was first seen, frozen with it. */
export interface FrozenEarning {
  rules: EarningRules;
  /** Tier and campaign multipliers, in percent. */
  multiplierPercents: number[];
  /** No order earns more than this. */
  maxPointsPerOrder: number;
  /** False when the program was off: the order is recorded and never earns. */
  programEnabled: boolean;
}

/**
 * The part of the order that earns, after its refunds: its eligible lines (never more than its own
 * subtotal), less the eligible share of money refunded without line items, plus shipping and tax
 * where they earn.
 */
export function eligibleAfterRefunds(order: OrderFacts, refunds: RefundFacts[], rules: EarningRules): number {
  const net = netOrder(order, refunds);
  let eligible = eligibleAmount(net, rules);
  if (order.subtotalMinor !== undefined) {
    const cap = order.subtotalMinor + (rules.earnOnShipping ? order.shippingMinor + order.shippingTaxMinor : 0) + (rules.earnOnTax ? net.lines.reduce((sum, l) => sum + l.taxMinor, 0) : 0);
    eligible = Math.min(eligible, cap);
  }
  const back = unallocatedBack(refunds);
  if (back > 0) {
    const paid = merchandisePaid(net);
    eligible = back >= paid ? 0 : eligible - Number((BigInt(eligible) * BigInt(back)) / BigInt(paid));
  }
  return Math.max(0, eligible);
}

/** Line items that add up to more than the order's subtotal: it earns on its subtotal at most. */
export function isSuspect(order: OrderFacts): boolean {
  if (order.subtotalMinor === undefined) return false;
  const lines = order.lines.reduce((sum, l) => sum + Math.max(0, l.unitPriceMinor * l.quantity - l.discountMinor), 0);
  return lines > order.subtotalMinor;
}

/** Points the order should hold now, under the rules frozen when it was first seen. */
export function pointsOrderShouldHold(order: OrderFacts, refunds: RefundFacts[], frozen: FrozenEarning): number {
  if (!frozen.programEnabled) return 0;
  if (order.isTest && !frozen.rules.rewardTestOrders) return 0;
  const points = pointsForAmount(eligibleAfterRefunds(order, refunds, frozen.rules), frozen.rules, frozen.multiplierPercents);
  return Math.min(points, frozen.maxPointsPerOrder);
}
