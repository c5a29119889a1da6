// The sandbox checkout as the buyer and the checkout's UI extensions change it: the discount codes
// on it (kept with the cart), its order summary, and applyDiscountCodeChange, each code checked as
// Shopify checks it when it is entered.
import { CheckoutError, priceCheckout, validateCodes, type CartLine, type CheckoutPrice } from "./orders";
import type { Customer, Store } from "./state";

/** Who is checking out, and with what: from the storefront session (cookies). */
export interface Buyer {
  customer: Customer | undefined;
  cart: CartLine[];
  /** The buyer's language: en, pl or ru. */
  locale: string;
  /** The discount codes on the checkout, as entered. */
  codes: string[];
}

export interface CheckoutSummary {
  /** Null for an empty cart: there is no checkout. */
  price: CheckoutPrice | null;
  /** The codes that apply. */
  codes: string[];
  /** Why an entered code does not apply, in Shopify's words. */
  error: string | null;
}

const customerIdOf = (buyer: Buyer) => buyer.customer?.id ?? null;

function applies(store: Store, buyer: Buyer, codes: string[]): boolean {
  try {
    validateCodes(store, codes, customerIdOf(buyer), buyer.cart);
    return true;
  } catch (error) {
    if (error instanceof CheckoutError) return false;
    throw error;
  }
}

/** The order summary with the codes that apply; a code that does not is left off, and the first such says why. */
export function checkoutSummary(store: Store, buyer: Buyer, useStoreCredit = false): CheckoutSummary {
  const price = (codes: string[]) => priceCheckout(store, { customerId: customerIdOf(buyer), cart: buyer.cart, codes, useStoreCredit });
  try {
    return { price: price(buyer.codes), codes: buyer.codes, error: null };
  } catch (error) {
    if (!(error instanceof CheckoutError)) throw error;
    if (!buyer.cart.some((l) => store.state.products.some((p) => p.variantId === l.variantId && l.quantity > 0))) return { price: null, codes: [], error: null };
    const codes = buyer.codes.reduce<string[]>((kept, code) => (applies(store, buyer, [...kept, code]) ? [...kept, code] : kept), []);
    return { price: price(codes), codes, error: error.message };
  }
}

export type DiscountCodeChange = { type: "addDiscountCode" | "removeDiscountCode"; code: string };
export type DiscountChangeResult = { type: "success" } | { type: "error"; message: string };

/** applyDiscountCodeChange: the checkout's codes after the change, or the codes as they were and why not. */
export function changeDiscountCodes(store: Store, buyer: Buyer, change: DiscountCodeChange): { result: DiscountChangeResult; codes: string[] } {
  const code = change.code.trim();
  const current = checkoutSummary(store, buyer).codes;
  const others = current.filter((c) => c.toUpperCase() !== code.toUpperCase());
  if (change.type === "removeDiscountCode") return { result: { type: "success" }, codes: others };
  if (!code) return { result: { type: "error", message: "Enter a discount code" }, codes: current };
  try {
    validateCodes(store, [...others, code], customerIdOf(buyer), buyer.cart);
  } catch (error) {
    if (!(error instanceof CheckoutError)) throw error;
    return { result: { type: "error", message: error.message }, codes: current };
  }
  return { result: { type: "success" }, codes: [...others, code] };
}

/** The summary as the checkout's Liquid shows it (amounts in minor units). */
export function summaryView(store: Store, summary: CheckoutSummary) {
  const { price } = summary;
  if (!price) return { empty: true, lines: [], codes: [], error: summary.error };
  return {
    empty: false,
    lines: price.cart.map((l, i) => ({ title: store.state.products.find((p) => p.variantId === l.variantId)!.title, quantity: l.quantity, total: price.lineTotals[i] })),
    subtotal: price.subtotal,
    codes: summary.codes,
    discount: price.discount,
    // The codes' part, and each automatic discount (a members-only offer) on its own line.
    code_discount: price.discount - price.automatic.reduce((sum, a) => sum + a.amount, 0),
    automatic: price.automatic.map((a) => ({ title: a.title, amount: a.amount })),
    shipping: price.shipping,
    total: price.total,
    store_credit_available: price.storeCreditAvailable,
    store_credit: price.storeCredit,
    due: price.due,
    error: summary.error,
  };
}
