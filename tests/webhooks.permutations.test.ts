// Shopify delivers at least once and in no particular order. Every arrival order of a realistic
// set of events, duplicates included, must end in the same balances as the in-order sequence.
import { beforeAll, describe, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { useFreshAppDatabase } from "./support/app";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { deliver, fixture, type Topic } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "klub-demo.myshopify.com";
let shopId = "";

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

interface Event {
  label: string;
  topic: Topic;
  payload: (ids: { order: number; customer: number }) => unknown;
  /** Deliveries of one event share the webhook id only when Shopify retries; a second subscription has its own. */
  webhookId: string;
}

const order = (ids: { order: number; customer: number }, extra: Record<string, unknown> = {}) => {
  const paid = fixture("orders-paid");
  return { ...paid, id: ids.order, customer: { ...paid.customer, id: ids.customer }, ...extra };
};
const refund = (name: string, id: number, ids: { order: number }, lines?: unknown[]) => {
  const r = fixture(name);
  return { ...r, id: ids.order * 10 + id, order_id: ids.order, ...(lines ? { refund_line_items: lines } : {}) };
};
const mugOnly = fixture("refunds-create-rest").refund_line_items.filter(
  (l: { line_item_id: number }) => l.line_item_id === 518995019,
);

const partialRefunds: Event[] = [
  { label: "paid", topic: "orders/paid", payload: (ids) => order(ids), webhookId: "paid" },
  { label: "hoodie refund", topic: "refunds/create", payload: (ids) => refund("refunds-create-partial", 1, ids), webhookId: "r1" },
  { label: "mug refund (store credit)", topic: "refunds/create", payload: (ids) => refund("refunds-create-rest", 2, ids, mugOnly), webhookId: "r2" },
  { label: "paid, retried", topic: "orders/paid", payload: (ids) => order(ids), webhookId: "paid" },
  { label: "hoodie refund, second subscription", topic: "refunds/create", payload: (ids) => refund("refunds-create-partial", 1, ids), webhookId: "r1-b" },
];

const REWARD_CODE = (customer: number) => `KLUB-${customer}`;
const paidWithReward: Event = {
  label: "paid with a reward",
  topic: "orders/paid",
  payload: (ids) => order(ids, { discount_codes: [{ code: REWARD_CODE(ids.customer), amount: "5.00", type: "fixed_amount" }] }),
  webhookId: "paid",
};
const hoodieRefund: Event = { label: "hoodie refund", topic: "refunds/create", payload: (ids) => refund("refunds-create-partial", 1, ids), webhookId: "r1" };
const restRefund: Event = { label: "rest refunded (store credit)", topic: "refunds/create", payload: (ids) => refund("refunds-create-rest", 2, ids), webhookId: "r2" };
const cancel: Event = { label: "cancelled", topic: "orders/cancelled", payload: (ids) => ({ ...order(ids), ...cancelledFields(ids) }), webhookId: "cancel" };

const fullRefund: Event[] = [
  paidWithReward,
  hoodieRefund,
  restRefund,
  { ...paidWithReward, label: "paid, second subscription", webhookId: "paid-b" },
  { ...restRefund, label: "rest refunded, retried" },
];
const cancelled: Event[] = [
  paidWithReward,
  hoodieRefund,
  cancel,
  { ...cancel, label: "cancelled, retried" },
  { ...paidWithReward, label: "paid, second subscription", webhookId: "paid-b" },
];
function cancelledFields(ids: { customer: number }) {
  const c = fixture("orders-cancelled");
  return { cancelled_at: c.cancelled_at, cancel_reason: c.cancel_reason, financial_status: c.financial_status, discount_codes: [{ code: REWARD_CODE(ids.customer), amount: "5.00", type: "fixed_amount" }] };
}

/** Refunds of every shape (decision 018): an amount with no line items, shipping only, a restock with no money back. */
const usd = (amount: string) => ({ shop_money: { amount, currency_code: "USD" }, presentment_money: { amount, currency_code: "USD" } });
const adjustment = (kind: string, amount: string) => ({ kind, amount, amount_set: usd(amount), tax_amount: "0.00", tax_amount_set: usd("0.00") });
const amountOnly: Event = {
  label: "20.00 back, no line items", topic: "refunds/create", webhookId: "r3",
  payload: (ids) => ({ ...refund("refunds-create-partial", 3, ids, []), order_adjustments: [adjustment("refund_discrepancy", "-20.00")] }),
};
const shippingOnly: Event = {
  label: "shipping refunded", topic: "refunds/create", webhookId: "r4",
  payload: (ids) => ({ ...refund("refunds-create-partial", 4, ids, []), order_adjustments: [adjustment("shipping_refund", "-10.00")] }),
};
const restockOnly: Event = {
  label: "hoodie restocked, no money back", topic: "refunds/create", webhookId: "r5",
  payload: (ids) => {
    const r = refund("refunds-create-partial", 5, ids);
    const line = fixture("refunds-create-partial").refund_line_items[0];
    const kept = (Number(line.subtotal) + Number(line.total_tax)).toFixed(2);
    return { ...r, transactions: [], order_adjustments: [adjustment("refund_discrepancy", kept)] };
  },
};
const refundShapes: Event[] = [
  { label: "paid", topic: "orders/paid", payload: (ids) => order(ids), webhookId: "paid" },
  amountOnly,
  shippingOnly,
  restockOnly,
  { ...amountOnly, label: "20.00 back, second subscription", webhookId: "r3-b" },
];

let customerSeq = 300_000_000_000;

/** Runs one arrival order for a customer of its own, who already has 1000 points and a redeemed reward. */
async function run(events: Event[]) {
  const ids = { order: ++customerSeq + 1_000_000, customer: customerSeq };
  const member = await db.member.create({ data: { shopId, customerId: String(ids.customer) } });
  await db.ledgerEntry.create({ data: { shopId, memberId: member.id, kind: "adjust", amount: 1000, balanceAfter: 1000, reason: "opening", idempotencyKey: `opening:${ids.customer}`, occurredAt: new Date() } });
  await db.pointLot.create({ data: { shopId, memberId: member.id, entryId: (await db.ledgerEntry.findFirstOrThrow({ where: { idempotencyKey: `opening:${ids.customer}` } })).id, amount: 1000, remaining: 500, availableAt: new Date(), earnedAt: new Date() } });
  await db.member.update({ where: { id: member.id }, data: { balance: 500 } });
  await db.ledgerEntry.create({ data: { shopId, memberId: member.id, kind: "redeem", amount: -500, balanceAfter: 500, reason: "reward", idempotencyKey: `redeem:${ids.customer}`, occurredAt: new Date() } });
  const reward = await db.reward.upsert({ where: { id: "perm-reward" }, update: {}, create: { id: "perm-reward", shopId, name: "$5 off", type: "fixed_amount", pointsCost: 500, valueMinor: 500 } });
  await db.redemption.create({ data: { shopId, memberId: member.id, rewardId: reward.id, requestId: `req-${ids.customer}`, pointsSpent: 500, status: "issued", code: REWARD_CODE(ids.customer) } });

  for (const event of events) {
    const response = await deliver(event.topic, event.payload(ids), { shop: SHOP, webhookId: `${ids.order}-${event.webhookId}` });
    expect(response.status).toBe(200);
  }
  const state = await memberState(db, member.id);
  expect(brokenInvariants(state)).toEqual([]);
  const summary = await db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: String(ids.order) } } });
  return { balance: state.balance, lifetimePoints: state.lifetimePoints, refundedMinor: summary.refundedMinor, cancelled: summary.cancelledAt !== null };
}

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
});

describe.each([
  { name: "paid and two partial refunds, with a retry and a second subscription", events: partialRefunds, expected: { balance: 500 + 54, lifetimePoints: 54 } },
  { name: "paid with a reward, then fully refunded in two steps, with a retry and a second subscription", events: fullRefund, expected: { balance: 500 + 500, lifetimePoints: 0 } },
  { name: "paid with a reward, partly refunded, then cancelled, with retries", events: cancelled, expected: { balance: 500 + 500, lifetimePoints: 0 } },
  // 121.50 of merchandise earned 121; 20.00 of the 131.22 paid for it (tax included) came back: 121.50 x (1 - 20/131.22) = 102.98.
  { name: "paid, then an amount-only refund, a shipping refund and a restock with no money back, with a second subscription", events: refundShapes, expected: { balance: 500 + 102, lifetimePoints: 102 } },
])("$name", ({ events, expected }) => {
  const orders = permutations(events);

  it(`ends every one of ${orders.length} arrival orders where the in-order sequence ends`, { timeout: 300_000 }, async () => {
    const inOrder = await run(events);
    expect(inOrder).toMatchObject(expected);
    for (const arrival of orders) {
      const result = await run(arrival);
      expect(result, arrival.map((e) => e.label).join(" -> ")).toEqual(inOrder);
    }
  });
});
