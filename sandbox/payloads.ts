// Webhook payloads as Shopify shapes them (REST resources: money as strings in the shop
// currency's own decimals, *_set fields naming the currency, current_* amounts), built from the
// sandbox's orders and customers.
import { fromMinor, toMinor } from "./money";
import type { Customer, Order, Refund, SandboxState } from "./state";

const money = (minor: number, currency: string) => fromMinor(minor, currency);
const set = (amount: string, currency: string) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount, currency_code: currency },
});

export function customerPayload(c: Customer, currency: string) {
  return {
    id: c.id,
    admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    state: "enabled",
    tags: "",
    currency,
    verified_email: true,
  };
}

export function orderTotals(order: Order, currency: string) {
  const lineTotal = order.lines.reduce((sum, l) => sum + toMinor(l.price, currency) * l.quantity, 0);
  const discount = order.lines.reduce((sum, l) => sum + toMinor(l.discount, currency), 0);
  const shipping = toMinor(order.shipping, currency);
  const refunded = order.refunds.flatMap((r) => r.lines).reduce((sum, l) => sum + toMinor(l.subtotal, currency), 0);
  return { lineTotal, discount, subtotal: lineTotal - discount, shipping, total: lineTotal - discount + shipping, refunded };
}

export function orderPayload(order: Order, state: SandboxState) {
  const currency = state.shop.currency;
  const t = orderTotals(order, currency);
  const customer = order.customerId ? state.customers.find((c) => c.id === order.customerId) : undefined;
  const refundedQuantity = (lineId: number) =>
    order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === lineId).reduce((s, l) => s + l.quantity, 0);
  const financialStatus = t.refunded === 0 ? "paid" : t.refunded >= t.subtotal ? "refunded" : "partially_refunded";
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: order.name,
    email: customer?.email ?? null,
    created_at: order.createdAt,
    processed_at: order.createdAt,
    updated_at: new Date().toISOString(),
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelledAt ? "customer" : null,
    currency,
    presentment_currency: currency,
    financial_status: financialStatus,
    fulfillment_status: order.fulfilledAt ? "fulfilled" : null,
    test: false,
    taxes_included: false,
    total_price: money(t.total, currency),
    total_price_set: set(money(t.total, currency), currency),
    subtotal_price: money(t.subtotal, currency),
    subtotal_price_set: set(money(t.subtotal, currency), currency),
    total_discounts: money(t.discount, currency),
    total_discounts_set: set(money(t.discount, currency), currency),
    total_tax: money(0, currency),
    total_tax_set: set(money(0, currency), currency),
    current_total_price: money(t.total - t.refunded, currency),
    current_total_price_set: set(money(t.total - t.refunded, currency), currency),
    current_subtotal_price: money(t.subtotal - t.refunded, currency),
    current_subtotal_price_set: set(money(t.subtotal - t.refunded, currency), currency),
    current_total_tax: money(0, currency),
    current_total_tax_set: set(money(0, currency), currency),
    discount_codes: order.discountCode ? [{ code: order.discountCode, amount: money(t.discount, currency), type: "fixed_amount" }] : [],
    customer: customer ? customerPayload(customer, currency) : null,
    note_attributes: Object.entries(order.attributes ?? {}).map(([name, value]) => ({ name, value })),
    line_items: order.lines.map((l) => ({
      id: l.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
      product_id: l.productId,
      variant_id: l.variantId,
      title: l.title,
      name: l.title,
      quantity: l.quantity,
      current_quantity: l.quantity - refundedQuantity(l.id),
      price: l.price,
      price_set: set(l.price, currency),
      total_discount: money(0, currency),
      total_discount_set: set(money(0, currency), currency),
      gift_card: false,
      taxable: true,
      tax_lines: [],
      discount_allocations: toMinor(l.discount, currency) > 0 ? [{ amount: l.discount, amount_set: set(l.discount, currency), discount_application_index: 0 }] : [],
    })),
    shipping_lines: [
      { id: order.id * 10, title: "Standard", code: "Standard", price: order.shipping, price_set: set(order.shipping, currency), discounted_price: order.shipping, discounted_price_set: set(order.shipping, currency), tax_lines: [], discount_allocations: [] },
    ],
    refunds: [],
  };
}

export function refundPayload(order: Order, refund: Refund, currency: string) {
  return {
    id: refund.id,
    admin_graphql_api_id: `gid://shopify/Refund/${refund.id}`,
    order_id: order.id,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    restock: true,
    note: null,
    order_adjustments: [],
    refund_shipping_lines: [],
    refund_line_items: refund.lines.map((l, i) => ({
      id: refund.id * 10 + i,
      line_item_id: l.lineItemId,
      quantity: l.quantity,
      restock_type: "return",
      subtotal: l.subtotal,
      subtotal_set: set(l.subtotal, currency),
      total_tax: money(0, currency),
      total_tax_set: set(money(0, currency), currency),
    })),
    transactions: [
      {
        id: refund.id * 10 + 9,
        kind: "refund",
        status: "success",
        gateway: "bogus",
        amount: money(refund.lines.reduce((s, l) => s + toMinor(l.subtotal, currency), 0), currency),
        currency,
      },
    ],
  };
}
