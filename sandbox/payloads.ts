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
    tags: (c.tags ?? []).join(", "),
    currency,
    verified_email: true,
    default_address: c.address ? mailingAddress({ ...c, address: c.address }) : null,
    email_marketing_consent: { state: c.emailMarketing ?? "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: c.emailMarketing === "subscribed" ? c.createdAt : null },
  };
}

/** The customer's address on an order or as their default: with their name, as Shopify writes it. */
function mailingAddress(c: Customer & { address: NonNullable<Customer["address"]> }) {
  return { first_name: c.firstName, last_name: c.lastName, name: `${c.firstName} ${c.lastName}`, phone: null, address2: null, company: null, ...c.address };
}

/** What a refund gave back, in minor units: merchandise (its lines less its discrepancy) and shipping. */
export function refundMoney(refund: Refund, currency: string) {
  const lines = refund.lines.reduce((sum, l) => sum + toMinor(l.subtotal, currency), 0);
  const discrepancy = refund.discrepancy ? toMinor(refund.discrepancy, currency) : 0;
  const shipping = refund.shipping ? toMinor(refund.shipping, currency) : 0;
  const merchandise = lines - discrepancy;
  return { lines, discrepancy, merchandise, shipping, total: merchandise + shipping };
}

export function orderTotals(order: Order, currency: string) {
  const lineTotal = order.lines.reduce((sum, l) => sum + toMinor(l.price, currency) * l.quantity, 0);
  const discount = order.lines.reduce((sum, l) => sum + toMinor(l.discount, currency), 0);
  const shipping = toMinor(order.shipping, currency);
  const back = order.refunds.map((r) => refundMoney(r, currency));
  const merchandiseRefunded = back.reduce((sum, b) => sum + b.merchandise, 0);
  const shippingRefunded = back.reduce((sum, b) => sum + b.shipping, 0);
  return {
    lineTotal,
    discount,
    subtotal: lineTotal - discount,
    shipping,
    total: lineTotal - discount + shipping,
    /** Money that went back to the customer, merchandise and shipping. */
    refunded: merchandiseRefunded + shippingRefunded,
    merchandiseRefunded,
    shippingRefunded,
    /** Units given back, with or without money. */
    unitsBack: order.refunds.flatMap((r) => r.lines).reduce((sum, l) => sum + l.quantity, 0),
  };
}

/** The order's one shipping line (flat rate). */
function shippingLine(order: Order, currency: string) {
  return { id: order.id * 10, title: "Standard", code: "Standard", price: order.shipping, price_set: set(order.shipping, currency), discounted_price: order.shipping, discounted_price_set: set(order.shipping, currency), tax_lines: [], discount_allocations: [] };
}

export function orderPayload(order: Order, state: SandboxState) {
  const currency = state.shop.currency;
  const t = orderTotals(order, currency);
  const customer = order.customerId ? state.customers.find((c) => c.id === order.customerId) : undefined;
  const refundedQuantity = (lineId: number) =>
    order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === lineId).reduce((s, l) => s + l.quantity, 0);
  // Shopify's financial status follows the money: a restock with nothing back leaves the order paid.
  const financialStatus = t.refunded === 0 ? "paid" : t.refunded >= t.total ? "refunded" : "partially_refunded";
  const automaticMinor = (order.automaticDiscounts ?? []).reduce((sum, a) => sum + toMinor(a.amount, currency), 0);
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
    current_total_price: money(Math.max(0, t.total - t.refunded), currency),
    current_total_price_set: set(money(Math.max(0, t.total - t.refunded), currency), currency),
    current_subtotal_price: money(Math.max(0, t.subtotal - t.merchandiseRefunded), currency),
    current_subtotal_price_set: set(money(Math.max(0, t.subtotal - t.merchandiseRefunded), currency), currency),
    current_total_tax: money(0, currency),
    current_total_tax_set: set(money(0, currency), currency),
    // Store credit pays part of the total (a payment, not a discount); the card pays the rest.
    payment_gateway_names: [...(order.storeCredit ? ["shopify_store_credit"] : []), ...(t.total > (order.storeCredit ? toMinor(order.storeCredit, currency) : 0) ? ["bogus"] : [])],
    discount_codes: order.discountCode ? [{ code: order.discountCode, amount: money(t.discount - automaticMinor, currency), type: "fixed_amount" }] : [],
    // The code's application first, then each automatic discount's (a members-only offer), as Shopify lists them.
    discount_applications: [
      ...(order.discountCode ? [{ type: "discount_code", code: order.discountCode, title: order.discountCode, value: money(t.discount - automaticMinor, currency), value_type: "fixed_amount", allocation_method: "across", target_selection: "all", target_type: "line_item" }] : []),
      ...(order.automaticDiscounts ?? []).map((a) => ({ type: "automatic", title: a.title, description: a.title, value: a.amount, value_type: "fixed_amount", allocation_method: "across", target_selection: "all", target_type: toMinor(a.amount, currency) > 0 ? "line_item" : "shipping_line" })),
    ],
    customer: customer ? customerPayload(customer, currency) : null,
    // Shipped to the customer's address and billed to it; a guest's order names none here.
    shipping_address: customer?.address ? mailingAddress({ ...customer, address: customer.address }) : null,
    billing_address: customer?.address ? mailingAddress({ ...customer, address: customer.address }) : null,
    customer_locale: order.locale ?? state.shop.locale,
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
    shipping_lines: [shippingLine(order, currency)],
    refunds: [],
  };
}

/**
 * refunds/create as Shopify writes it: refund line items (the units given back and their money),
 * a `refund_discrepancy` order adjustment when the money back differs from the line items (negative:
 * more went back, an amount-only refund; positive: less, a restock with no money back), shipping
 * given back as `refund_shipping_lines`, and a refund transaction for the money, if any went back.
 */
export function refundPayload(order: Order, refund: Refund, currency: string) {
  const back = refundMoney(refund, currency);
  const zero = money(0, currency);
  const shipping = shippingLine(order, currency);
  return {
    id: refund.id,
    admin_graphql_api_id: `gid://shopify/Refund/${refund.id}`,
    order_id: order.id,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    restock: refund.lines.length > 0,
    note: null,
    order_adjustments: back.discrepancy
      ? [
          {
            id: refund.id * 10 + 8,
            order_id: order.id,
            refund_id: refund.id,
            kind: "refund_discrepancy",
            reason: "Refund discrepancy",
            amount: money(back.discrepancy, currency),
            amount_set: set(money(back.discrepancy, currency), currency),
            tax_amount: zero,
            tax_amount_set: set(zero, currency),
          },
        ]
      : [],
    refund_shipping_lines: back.shipping
      ? [
          {
            id: refund.id * 10 + 7,
            shipping_line_id: shipping.id,
            subtotal_amount_set: set(money(back.shipping, currency), currency),
            tax_amount_set: set(zero, currency),
            shipping_line: shipping,
          },
        ]
      : [],
    refund_line_items: refund.lines.map((l, i) => ({
      id: refund.id * 10 + i,
      line_item_id: l.lineItemId,
      quantity: l.quantity,
      restock_type: order.fulfilledAt ? "return" : "cancel",
      subtotal: l.subtotal,
      subtotal_set: set(l.subtotal, currency),
      total_tax: zero,
      total_tax_set: set(zero, currency),
    })),
    transactions:
      back.total > 0
        ? [
            {
              id: refund.id * 10 + 9,
              order_id: order.id,
              kind: "refund",
              status: "success",
              gateway: "bogus",
              amount: money(back.total, currency),
              currency,
              created_at: refund.createdAt,
              processed_at: refund.createdAt,
            },
          ]
        : [],
  };
}
