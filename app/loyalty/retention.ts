// Which of a customer's orders is their first, whether another followed soon enough to count as
// retained, and which is their second: what the analytics' repeat and retention figures are summed
// from (the rollups), and the goals' repeat rate among customers with one order.

/** A first order counts as retained when the customer orders again within this many days. */
export const RETENTION_DAYS = 90;

export interface CustomerOrder {
  id: string;
  processedAt: Date;
  cancelledAt: Date | null;
  isTest: boolean;
}

export interface OrderFlags {
  firstOrder: boolean;
  retained: boolean;
  /** The customer's second counted order, and when their first was (the repeat rate among customers with one order). */
  secondOrder: boolean;
  firstOrderAt: Date | null;
}

const counted = (order: CustomerOrder) => order.cancelledAt === null && !order.isTest;

/**
 * The flags of each of one customer's orders. Only counted orders (not cancelled, not tests) take
 * part; they are ordered by when they were placed, then by id (as the rebuild's SQL orders them).
 */
export function customerOrderFlags(orders: CustomerOrder[]): Map<string, OrderFlags> {
  const flags = new Map<string, OrderFlags>(orders.map((o) => [o.id, { firstOrder: false, retained: false, secondOrder: false, firstOrderAt: null }]));
  const [first, next] = orders
    .filter(counted)
    .sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!first) return flags;
  const retainedUntil = first.processedAt.getTime() + RETENTION_DAYS * 86_400_000;
  const retained = next !== undefined && next.processedAt > first.processedAt && next.processedAt.getTime() <= retainedUntil;
  flags.set(first.id, { firstOrder: true, retained, secondOrder: false, firstOrderAt: null });
  if (next) flags.set(next.id, { firstOrder: false, retained: false, secondOrder: true, firstOrderAt: first.processedAt });
  return flags;
}
