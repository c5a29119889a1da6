// orders/paid deliveries for the webhook benchmarks: `count` orders of 500 customers, every tenth a
// duplicate of an earlier one (Shopify retrying a delivery under its webhook id).
import { fixture } from "../tests/support/webhooks";

export interface PaidDelivery {
  webhookId: string;
  payload: unknown;
}

export function paidDeliveries(count: number, offset: number, idPrefix: string): PaidDelivery[] {
  const base = fixture("orders-paid");
  const list: PaidDelivery[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % 10 === 0) {
      list.push(list[(i * 7) % list.length]);
      continue;
    }
    const id = offset + i;
    list.push({ webhookId: `${idPrefix}-${id}`, payload: { ...base, id, name: `#${id}`, customer: { id: 10_000 + (id % 500) } } });
  }
  return list;
}
