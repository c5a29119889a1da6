// Which of a customer's orders is their first, and whether another followed soon enough to count
// as retained: what the analytics' repeat and retention figures are summed from (the rollups).

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
}

const counted = (order: CustomerOrder) => order.cancelledAt === null && !order.isTest;

/**
 * The flags of each of one customer's orders. Only counted orders (not cancelled, not tests) take
 * part; they are ordered by when they were placed, then by id (as the rebuild's SQL orders them).
 */
export function customerOrderFlags(orders: CustomerOrder[]): Map<string, OrderFlags> {
  const flags = new Map<string, OrderFlags>(orders.map((o) => [o.id, { firstOrder: false, retained: false }]));
  const [first, next] = orders
    .filter(counted)
    .sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!first) return flags;
  const retainedUntil = first.processedAt.getTime() + RETENTION_DAYS * 86_400_000;
  const retained = next !== undefined && next.processedAt > first.processedAt && next.processedAt.getTime() <= retainedUntil;
  flags.set(first.id, { firstOrder: true, retained });
  return flags;
}
