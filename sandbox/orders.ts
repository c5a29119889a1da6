// What Shopify does with carts and orders, as far as Klub sees it: checkout with discount codes
// validated as Shopify validates them, then order actions (fulfil, refund, cancel), each
// delivering its webhooks.
import { demoPrice, fromMinor, toMinor } from "./money";
import { customerPayload, orderPayload, orderTotals, refundPayload } from "./payloads";
import { automaticDiscountsFor } from "./member-offers";
import type { AutomaticDiscount, Customer, Discount, Order, Refund, Store } from "./state";
import { debitStoreCredit, offersStoreCredit, storeCreditBalance } from "./store-credit";
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

type Combining = Pick<Discount, "kind" | "combinesWith">;

function combine(a: Combining, b: Combining): boolean {
  const accepts = (d: Combining, other: Combining) =>
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

/** What a checkout costs, as its order summary shows it; all amounts in minor units. */
export interface CheckoutPrice {
  cart: CartLine[];
  discounts: Discount[];
  lineTotals: number[];
  subtotal: number;
  /** Order discounts (amount or percentage off), spread over the lines. */
  discount: number;
  /** Each order discount's part of `discount`, by its code. */
  orderDiscounts: { code: string; amount: number }[];
  /** The automatic discounts the buyer got (members-only offers): each one's part of `discount` (0 for free shipping). */
  automatic: { id: number; title: string; kind: AutomaticDiscount["kind"]; amount: number }[];
  shares: number[];
  shipping: number;
  total: number;
  /** The customer's spendable store credit, when checkout offers it (signed in, new customer accounts). */
  storeCreditAvailable: number;
  /** The part of the total paid with store credit, when the buyer chose to use it. */
  storeCredit: number;
  /** What is left to pay by card. */
  due: number;
}

/** Prices a checkout as Shopify's order summary does: the codes validated, discounts, shipping, store credit. */
export function priceCheckout(store: Store, input: { customerId: number | null; cart: CartLine[]; codes: string[]; useStoreCredit?: boolean; now?: Date }): CheckoutPrice {
  const currency = store.state.shop.currency;
  const cart = input.cart.filter((l) => l.quantity > 0 && store.state.products.some((p) => p.variantId === l.variantId));
  if (!cart.length) throw new CheckoutError("Your cart is empty");
  const discounts = validateCodes(store, input.codes, input.customerId, cart, input.now);
  const lineTotals = cart.map((l) => toMinor(store.state.products.find((p) => p.variantId === l.variantId)!.price, currency) * l.quantity);
  const subtotal = lineTotals.reduce((a, b) => a + b, 0);
  const customer = store.customer(input.customerId);
  // Automatic discounts the buyer's customer record qualifies for now (a guest never does), kept
  // simple: those that combine with every code entered (a code the buyer chose that does not
  // combine with one leaves that one out), and of those the largest order discount and one free shipping.
  const value = (d: { amount: string | null; percentage: number | null }) => (d.amount !== null ? toMinor(d.amount, currency) : Math.floor(subtotal * (d.percentage ?? 0)));
  const qualifying = automaticDiscountsFor(store, customer, input.now ?? new Date())
    .filter((d) => !d.minimumSubtotal || subtotal >= toMinor(d.minimumSubtotal, currency))
    .filter((d) => discounts.every((code) => combine(d, code)));
  const bestOrder = qualifying.filter((d) => d.kind === "basic").sort((a, b) => value(b) - value(a) || a.id - b.id)[0];
  const freeShipping = qualifying.find((d) => d.kind === "free_shipping");
  // Each order discount in turn, codes first, none beyond what is left of the subtotal.
  let left = subtotal;
  const orderDiscounts = discounts
    .filter((d) => d.kind === "basic")
    .map((d) => {
      const amount = Math.min(left, value(d));
      left -= amount;
      return { code: d.code, amount };
    });
  const automatic = [bestOrder, freeShipping].filter((d): d is AutomaticDiscount => d !== undefined).map((d) => {
    const amount = d.kind === "basic" ? Math.min(left, value(d)) : 0;
    left -= amount;
    return { id: d.id, title: d.title, kind: d.kind, amount };
  });
  const discount = subtotal - left;
  const shipping = discounts.some((d) => d.kind === "free_shipping") || freeShipping ? 0 : toMinor(shippingPrice(currency), currency);
  const total = subtotal - discount + shipping;
  const storeCreditAvailable = offersStoreCredit(store, customer) ? storeCreditBalance(store, customer.id, input.now) : 0;
  const storeCredit = input.useStoreCredit ? Math.min(storeCreditAvailable, total) : 0;
  return { cart, discounts, lineTotals, subtotal, discount, orderDiscounts, automatic, shares: allocate(lineTotals, discount), shipping, total, storeCreditAvailable, storeCredit, due: total - storeCredit };
}

export function placeOrder(store: Store, sender: WebhookSender, input: { customerId: number | null; cart: CartLine[]; codes: string[]; useStoreCredit?: boolean; createdAt?: Date; attributes?: Record<string, string>; locale?: string }): Order {
  const currency = store.state.shop.currency;
  const price = priceCheckout(store, { ...input, now: input.createdAt });
  const id = store.nextId();
  const order: Order = {
    id,
    name: `#${1000 + store.state.orders.length + 1}`,
    customerId: input.customerId,
    lines: price.cart.map((l, i) => {
      const product = store.state.products.find((p) => p.variantId === l.variantId)!;
      return { id: id * 100 + i, productId: product.id, variantId: product.variantId, title: product.title, price: product.price, quantity: l.quantity, discount: fromMinor(price.shares[i], currency) };
    }),
    discountCode: price.discounts[0]?.code ?? null,
    ...(price.automatic.length ? { automaticDiscounts: price.automatic.map((d) => ({ id: d.id, title: d.title, amount: fromMinor(d.amount, currency) })) } : {}),
    ...(price.storeCredit > 0 ? { storeCredit: fromMinor(price.storeCredit, currency) } : {}),
    attributes: input.attributes ?? {},
    shipping: fromMinor(price.shipping, currency),
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    ...(input.locale ? { locale: input.locale } : {}),
    fulfilledAt: null,
    cancelledAt: null,
    refunds: [],
  };
  for (const d of price.discounts) d.usedBy.push(input.customerId ?? 0);
  if (price.storeCredit > 0) debitStoreCredit(store, store.customer(input.customerId)!, price.storeCredit, order.id, input.createdAt);
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

/** Units of the line not given back yet (refunded or restocked). */
function remaining(order: Order, lineId: number): number {
  const line = order.lines.find((l) => l.id === lineId)!;
  const back = order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === lineId).reduce((s, l) => s + l.quantity, 0);
  return line.quantity - back;
}

/** A refund Shopify refuses, with its wording. */
export class RefundError extends Error {}

/** Quantities to give back: one unit of the first line that has units left. */
export function firstUnit(order: Order): Record<number, number> | undefined {
  const line = order.lines.find((l) => remaining(order, l.id) > 0);
  return line ? { [line.id]: 1 } : undefined;
}

/** Money the order's payments still hold: what can still go back. */
function stillPaid(order: Order, currency: string): number {
  const t = orderTotals(order, currency);
  return t.total - t.refunded;
}

/** Units given back (all that are left when no quantities are given), each with its money after discounts. */
function linesBack(order: Order, currency: string, quantities?: Record<number, number>): Refund["lines"] {
  return order.lines
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
}

function record(store: Store, sender: WebhookSender, order: Order, refund: Omit<Refund, "id" | "createdAt">): Refund {
  const created: Refund = { id: store.nextId(), createdAt: new Date().toISOString(), ...refund };
  order.refunds.push(created);
  store.save();
  sender.send("refunds/create", refundPayload(order, created, store.state.shop.currency));
  return created;
}

/**
 * Refunds units of lines (all that is left when no quantities are given) and delivers
 * refunds/create. Money back is what the lines are worth, but never more than the order's payments
 * still hold (after an amount-only refund): Shopify records the difference as a positive
 * refund_discrepancy. With `shipping`, the shipping not refunded yet goes back too.
 */
export function refund(store: Store, sender: WebhookSender, order: Order, quantities?: Record<number, number>, options: { shipping?: boolean } = {}) {
  const currency = store.state.shop.currency;
  const lines = linesBack(order, currency, quantities);
  const t = orderTotals(order, currency);
  const shipping = options.shipping ? Math.min(t.shipping - t.shippingRefunded, stillPaid(order, currency)) : 0;
  if (!lines.length && shipping <= 0) return null;
  const worth = lines.reduce((sum, l) => sum + toMinor(l.subtotal, currency), 0);
  const short = worth - Math.max(0, Math.min(worth, stillPaid(order, currency) - shipping));
  return record(store, sender, order, {
    lines,
    ...(short > 0 ? { discrepancy: fromMinor(short, currency) } : {}),
    ...(shipping > 0 ? { shipping: fromMinor(shipping, currency) } : {}),
  });
}

/**
 * Refunds an amount with no line items ("Refund amount" in Shopify's admin): a refund_discrepancy
 * of minus the amount and a transaction for it. At most what the order's payments still hold.
 */
export function refundAmount(store: Store, sender: WebhookSender, order: Order, amount: string) {
  const currency = store.state.shop.currency;
  let minor: number;
  try {
    minor = toMinor(amount, currency);
  } catch {
    throw new RefundError(`Enter an amount in ${currency} ("${amount}" isn't one)`);
  }
  if (minor <= 0) throw new RefundError("Refund amount must be greater than 0");
  const available = stillPaid(order, currency);
  if (minor > available) throw new RefundError(`Refund amount can't exceed the ${fromMinor(available, currency)} ${currency} available for refund`);
  return record(store, sender, order, { lines: [], discrepancy: fromMinor(-minor, currency) });
}

/**
 * Restocks units (all that are left when no quantities are given) without giving money back: the
 * line items with their worth, a refund_discrepancy of as much (positive: less went back), no
 * transaction.
 */
export function restockWithoutRefund(store: Store, sender: WebhookSender, order: Order, quantities?: Record<number, number>) {
  const currency = store.state.shop.currency;
  const lines = linesBack(order, currency, quantities);
  if (!lines.length) return null;
  const worth = lines.reduce((sum, l) => sum + toMinor(l.subtotal, currency), 0);
  return record(store, sender, order, { lines, ...(worth > 0 ? { discrepancy: fromMinor(worth, currency) } : {}) });
}

/** Refunds the shipping (refund_shipping_lines and a transaction; no line items): what is left of it, or `amount` of it. */
export function refundShipping(store: Store, sender: WebhookSender, order: Order, amount?: string) {
  const currency = store.state.shop.currency;
  const t = orderTotals(order, currency);
  const left = Math.min(t.shipping - t.shippingRefunded, stillPaid(order, currency));
  let minor = left;
  if (amount !== undefined) {
    try {
      minor = toMinor(amount, currency);
    } catch {
      throw new RefundError(`Enter an amount in ${currency} ("${amount}" isn't one)`);
    }
    if (minor <= 0) throw new RefundError("Refund amount must be greater than 0");
    if (minor > left) throw new RefundError(`Shipping refund can't exceed the ${fromMinor(left, currency)} ${currency} of shipping left to refund`);
  }
  if (minor <= 0) return null;
  return record(store, sender, order, { lines: [], shipping: fromMinor(minor, currency) });
}

/** Cancels the order, refunding what was not refunded yet, shipping included, as Shopify's cancel-and-refund does. */
export function cancel(store: Store, sender: WebhookSender, order: Order) {
  if (order.cancelledAt) return;
  refund(store, sender, order, undefined, { shipping: true });
  order.cancelledAt = new Date().toISOString();
  store.save();
  sender.send("orders/cancelled", orderPayload(order, store.state));
}

export function createCustomer(store: Store, sender: WebhookSender, details: { email: string; firstName: string; lastName: string; createdAt?: Date; emailMarketing?: Customer["emailMarketing"]; address?: Customer["address"] }) {
  const customer = { id: store.nextId(), ...details, createdAt: (details.createdAt ?? new Date()).toISOString(), metafields: {}, storeCreditMinor: 0 };
  store.state.customers.push(customer);
  store.save();
  sender.send("customers/create", customerPayload(customer, store.state.shop.currency));
  return customer;
}

export { orderTotals };
