// What Shopify does with carts and orders, as far as Klub sees it: checkout with discount codes
// validated as Shopify validates them, then order actions (fulfil, refund, cancel), each
// delivering its webhooks.
import { demoPrice, fromMinor, toMinor } from "./money";
import { customerPayload, orderPayload, orderTotals, refundPayload } from "./payloads";
import type { Discount, Order, Store } from "./state";
import type { WebhookSender } from "./webhooks";

/** Flat-rate shipping: five dollars, or its like in the shop's currency. */
export const shippingPrice = (currency: string) => demoPrice(5, currency);

export interface CartLine {
  variantId: number;
  quantity: number;
}

export class CheckoutError extends Error {}

function subtotalOf(store: Store, cart: CartLine[]): number {
  const currency = store.state.shop.currency;
  return cart.reduce((sum, line) => {
    const product = store.state.products.find((p) => p.variantId === line.variantId);
    return sum + (product ? toMinor(product.price, currency) * line.quantity : 0);
  }, 0);
}

function combine(a: Discount, b: Discount): boolean {
  const accepts = (d: Discount, other: Discount) =>
    other.kind === "free_shipping" ? d.combinesWith.shippingDiscounts : d.combinesWith.orderDiscounts;
  return accepts(a, b) && accepts(b, a);
}

/** The discounts the codes stand for, or a CheckoutError with Shopify's wording. */
export function validateCodes(store: Store, codes: string[], customerId: number | null, cart: CartLine[], now = new Date()): Discount[] {
  const currency = store.state.shop.currency;
  const subtotal = subtotalOf(store, cart);
  const discounts = codes.map((code) => {
    const d = store.state.discounts.find((x) => x.code.toUpperCase() === code.trim().toUpperCase());
    if (!d || !d.active) throw new CheckoutError(`Enter a valid discount code ("${code}" isn't one)`);
    if (new Date(d.startsAt) > now) throw new CheckoutError(`The discount code ${d.code} isn't active yet`);
    if (d.endsAt && new Date(d.endsAt) <= now) throw new CheckoutError(`The discount code ${d.code} has expired`);
    if (d.customerIds && (customerId === null || !d.customerIds.includes(customerId))) {
      throw new CheckoutError(`The discount code ${d.code} isn't available to you`);
    }
    if (d.usageLimit !== null && d.usedBy.length >= d.usageLimit) throw new CheckoutError(`The discount code ${d.code} has reached its usage limit`);
    if (d.appliesOncePerCustomer && customerId !== null && d.usedBy.includes(customerId)) {
      throw new CheckoutError(`The discount code ${d.code} has already been used`);
    }
    if (d.minimumSubtotal && subtotal < toMinor(d.minimumSubtotal, currency)) {
      throw new CheckoutError(`The discount code ${d.code} needs a subtotal of at least ${d.minimumSubtotal} ${currency}`);
    }
    return d;
  });
  for (let i = 0; i < discounts.length; i++) {
    for (let j = i + 1; j < discounts.length; j++) {
      if (!combine(discounts[i], discounts[j])) throw new CheckoutError(`${discounts[i].code} and ${discounts[j].code} can't be combined`);
    }
  }
  return discounts;
}

/** Spreads an order discount over the lines in proportion to their totals; the last line takes the rest. */
function allocate(totals: number[], discount: number): number[] {
  const sum = totals.reduce((a, b) => a + b, 0);
  let left = discount;
  return totals.map((total, i) => {
    const share = i === totals.length - 1 ? left : Math.floor((discount * total) / Math.max(sum, 1));
    left -= share;
    return share;
  });
}

export function placeOrder(store: Store, sender: WebhookSender, input: { customerId: number | null; cart: CartLine[]; codes: string[]; createdAt?: Date; attributes?: Record<string, string> }): Order {
  const currency = store.state.shop.currency;
  const cart = input.cart.filter((l) => l.quantity > 0 && store.state.products.some((p) => p.variantId === l.variantId));
  if (!cart.length) throw new CheckoutError("Your cart is empty");
  const discounts = validateCodes(store, input.codes, input.customerId, cart, input.createdAt);
  const lineTotals = cart.map((l) => toMinor(store.state.products.find((p) => p.variantId === l.variantId)!.price, currency) * l.quantity);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  const orderDiscount = Math.min(
    subtotal,
    discounts.filter((d) => d.kind === "basic").reduce((sum, d) => sum + (d.amount !== null ? toMinor(d.amount, currency) : Math.floor(subtotal * (d.percentage ?? 0))), 0),
  );
  const shares = allocate(lineTotals, orderDiscount);
  const id = store.nextId();
  const order: Order = {
    id,
    name: `#${1000 + store.state.orders.length + 1}`,
    customerId: input.customerId,
    lines: cart.map((l, i) => {
      const product = store.state.products.find((p) => p.variantId === l.variantId)!;
      return { id: id * 100 + i, productId: product.id, variantId: product.variantId, title: product.title, price: product.price, quantity: l.quantity, discount: fromMinor(shares[i], currency) };
    }),
    discountCode: discounts[0]?.code ?? null,
    attributes: input.attributes ?? {},
    shipping: discounts.some((d) => d.kind === "free_shipping") ? fromMinor(0, currency) : shippingPrice(currency),
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    fulfilledAt: null,
    cancelledAt: null,
    refunds: [],
  };
  for (const d of discounts) d.usedBy.push(input.customerId ?? 0);
  store.state.orders.push(order);
  store.save();
  const payload = orderPayload(order, store.state);
  sender.send("orders/create", payload);
  sender.send("orders/paid", payload);
  return order;
}

export function fulfil(store: Store, sender: WebhookSender, order: Order) {
  if (order.fulfilledAt || order.cancelledAt) return;
  order.fulfilledAt = new Date().toISOString();
  store.save();
  sender.send("orders/fulfilled", orderPayload(order, store.state));
}

function remaining(order: Order, lineId: number): number {
  const line = order.lines.find((l) => l.id === lineId)!;
  const back = order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === lineId).reduce((s, l) => s + l.quantity, 0);
  return line.quantity - back;
}

/** Refunds units of lines (all that is left when no quantities are given) and delivers refunds/create. */
export function refund(store: Store, sender: WebhookSender, order: Order, quantities?: Record<number, number>) {
  const currency = store.state.shop.currency;
  const lines = order.lines
    .map((line) => {
      const left = remaining(order, line.id);
      const quantity = Math.min(left, quantities ? (quantities[line.id] ?? 0) : left);
      if (quantity <= 0) return null;
      // Each unit leaves at its price less its share of the discount; the last unit takes the rest.
      const discount = toMinor(line.discount, currency);
      const perUnit = Math.floor(discount / line.quantity);
      const discountBack = quantity === left ? discount - perUnit * (line.quantity - left) : perUnit * quantity;
      return { lineItemId: line.id, quantity, subtotal: fromMinor(toMinor(line.price, currency) * quantity - discountBack, currency) };
    })
    .filter((l): l is NonNullable<typeof l> => l !== null);
  if (!lines.length) return null;
  const created = { id: store.nextId(), createdAt: new Date().toISOString(), lines };
  order.refunds.push(created);
  store.save();
  sender.send("refunds/create", refundPayload(order, created, currency));
  return created;
}

/** Cancels the order, refunding what was not refunded yet, as Shopify's cancel-and-refund does. */
export function cancel(store: Store, sender: WebhookSender, order: Order) {
  if (order.cancelledAt) return;
  refund(store, sender, order);
  order.cancelledAt = new Date().toISOString();
  store.save();
  sender.send("orders/cancelled", orderPayload(order, store.state));
}

export function createCustomer(store: Store, sender: WebhookSender, details: { email: string; firstName: string; lastName: string; createdAt?: Date }) {
  const customer = { id: store.nextId(), ...details, createdAt: (details.createdAt ?? new Date()).toISOString(), metafields: {}, storeCreditMinor: 0 };
  store.state.customers.push(customer);
  store.save();
  sender.send("customers/create", customerPayload(customer, store.state.shop.currency));
  return customer;
}

export { orderTotals };
