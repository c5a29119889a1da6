// Shopify's webhook payloads (REST resources, money as decimal strings), validated with zod and
// turned into the domain's facts. Amounts are read in the currency the payload names: the shop
// money of a `*_set` when there is one, else the plain amount in the order's `currency` (the shop's).
// Ids are strings: the body is parsed losslessly (app/shopify/lossless-json.ts), as Shopify's ids
// may exceed 2^53.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { CustomerDetails } from "../loyalty/members.server";
import { MoneyError, toMinor } from "../loyalty/money";
import type { OrderEvent, OrderSnapshot } from "../loyalty/orders.server";
import type { EarningLine, RefundLine } from "../loyalty/order-points";

const MAX_MINOR = 2_147_483_647;

const id = z
  .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9]\d{0,19}$/)])
  .transform(String);
const money = z.string().max(24);
const currencyCode = z.string().regex(/^[A-Z]{3}$/);
/** A MoneyBag: Shopify's amount in the shop's and the customer's currency. */
const moneySet = z.object({ shop_money: z.object({ amount: money, currency_code: currencyCode }) }).nullish();
const timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const customerSchema = z.object({
  id,
  email: z.string().max(320).nullish(),
  first_name: z.string().max(255).nullish(),
  last_name: z.string().max(255).nullish(),
  phone: z.string().max(64).nullish(),
  created_at: timestamp.nullish(),
  email_marketing_consent: z.object({ state: z.string().max(32).nullish() }).nullish(),
});

const addressSchema = z.object({
  address1: z.string().max(500).nullish(),
  zip: z.string().max(64).nullish(),
  country_code: z.string().max(8).nullish(),
  // Only for the audience insight: a region code Klub cannot read is no reason to refuse an order.
  province_code: z.string().max(16).nullish().catch(null),
  phone: z.string().max(64).nullish(),
});

const taxLine = z.object({ price: money, price_set: moneySet });

export const orderPayload = z.object({
  id,
  name: z.string().max(255).nullish(),
  customer: customerSchema.nullish(),
  currency: currencyCode,
  total_price: money,
  total_price_set: moneySet,
  subtotal_price: money.nullish(),
  subtotal_price_set: moneySet,
  total_discounts: money.nullish(),
  total_discounts_set: moneySet,
  taxes_included: z.boolean().default(false),
  test: z.boolean().default(false),
  processed_at: timestamp.nullish(),
  created_at: timestamp,
  cancelled_at: timestamp.nullish(),
  discount_codes: z.array(z.object({ code: z.string().max(255) })).max(250).default([]),
  phone: z.string().max(64).nullish(),
  customer_locale: z.string().max(16).nullish(),
  shipping_address: addressSchema.nullish(),
  billing_address: addressSchema.nullish().catch(null), // only for the order's place (orderLocation)
  // Cart attributes; Klub's storefront script puts the referral code of a shared link in one.
  note_attributes: z.array(z.object({ name: z.string().max(255), value: z.string().max(1000).nullish() })).max(250).default([]),
  line_items: z
    .array(
      z.object({
        id,
        product_id: id.nullish(),
        quantity: z.number().int().min(0).max(100_000),
        price: money,
        price_set: moneySet,
        gift_card: z.boolean().default(false),
        discount_allocations: z.array(z.object({ amount: money, amount_set: moneySet })).max(250).default([]),
        tax_lines: z.array(taxLine).max(100).default([]),
      }),
    )
    .max(5000),
  shipping_lines: z
    .array(
      z.object({
        price: money,
        price_set: moneySet,
        discounted_price: money.nullish(),
        discounted_price_set: moneySet,
        tax_lines: z.array(taxLine).max(100).default([]),
      }),
    )
    .max(100)
    .default([]),
});

export const refundPayload = z.object({
  id,
  order_id: id,
  created_at: timestamp,
  refund_line_items: z
    .array(
      z.object({
        line_item_id: id,
        quantity: z.number().int().min(0).max(100_000),
        subtotal: money,
        subtotal_set: moneySet,
        total_tax: money.default("0"),
        total_tax_set: moneySet,
      }),
    )
    .max(5000)
    .default([]),
  // What was refunded beyond (or short of) the refunded line items: docs/decisions/018.
  order_adjustments: z
    .array(
      z.object({
        kind: z.string().max(64).nullish(),
        amount: money,
        amount_set: moneySet,
        tax_amount: money.default("0"),
        tax_amount_set: moneySet,
      }),
    )
    .max(1000)
    .default([]),
});

export const customerPayload = customerSchema;

export const dataRequestPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id }),
  data_request: z.object({ id }).nullish(),
});

export const customerRedactPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id }),
  orders_to_redact: z.array(id).default([]),
});

export class PayloadError extends Error {
  override name = "PayloadError";
}

/** Compliance requests act only on the shop that sent them: the body must name the delivery's shop. */
export function sameShop(payload: { shop_domain: string }, delivery: { shopDomain: string }) {
  if (payload.shop_domain !== delivery.shopDomain) {
    throw new PayloadError(`the body names ${payload.shop_domain}, the delivery ${delivery.shopDomain}`);
  }
}

/** Money in minor units, within what the database holds; negative only where asked for. */
function minorOf(amount: string, currency: string, what: string, signed = false): number {
  try {
    const minor = toMinor(amount, currency);
    if (minor < 0 && !signed) throw new PayloadError(`${what} is negative: ${amount}`);
    if (Math.abs(minor) > MAX_MINOR) throw new PayloadError(`${what} is out of range: ${amount}`);
    return minor;
  } catch (error) {
    if (error instanceof MoneyError) throw new PayloadError(`${what}: ${error.message}`);
    throw error;
  }
}

/**
 * An amount in the payload's own terms: the shop money of its MoneyBag when there is one (it names
 * its currency), else the plain amount in the currency the resource names. Every amount of one
 * event must be in one currency.
 */
function shopMinor(plain: string, set: z.infer<typeof moneySet>, currency: string, what: string, signed = false): number {
  const shopMoney = set?.shop_money;
  if (shopMoney && shopMoney.currency_code !== currency) {
    throw new PayloadError(`${what} is in ${shopMoney.currency_code}, the rest in ${currency}`);
  }
  return minorOf(shopMoney?.amount ?? plain, currency, what, signed);
}

/** The cart attribute that carries a referral code into the order (set by the theme embed's script). */
export const REFERRAL_ATTRIBUTE = "_klub_ref";

/** A customer as Klub keeps them; `locale` comes from an order (customer payloads carry none). */
export function customerDetails(customer: z.infer<typeof customerSchema>, locale?: string | null): CustomerDetails {
  return {
    customerId: customer.id,
    email: customer.email,
    firstName: customer.first_name,
    lastName: customer.last_name,
    createdAt: customer.created_at,
    ...(locale ? { locale } : {}),
    ...(customer.email_marketing_consent?.state ? { emailConsent: customer.email_marketing_consent.state } : {}),
  };
}

const hashed = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

/**
 * Hashes of where an order goes and who answers the phone: the street, postcode and country
 * lower-cased with punctuation and spaces removed; the phone's last nine digits (with or without
 * the country code). Null when the order has none.
 */
export function contactKeys(payload: Pick<z.infer<typeof orderPayload>, "phone" | "shipping_address" | "customer">) {
  const a = payload.shipping_address;
  const street = [a?.address1, a?.zip, a?.country_code].map((part) => (part ?? "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""));
  const digits = (payload.phone ?? a?.phone ?? payload.customer?.phone ?? "").replace(/\D/g, "").slice(-9);
  return { address: street[0] && street[1] ? hashed(street.join("|")) : null, phone: digits.length >= 6 ? hashed(digits) : null };
}

/**
 * Where the order goes: the shipping address's ISO country and region codes, else the billing
 * address's (an order with nothing to ship). Null when neither names a country.
 */
export function orderLocation(payload: Pick<z.infer<typeof orderPayload>, "shipping_address" | "billing_address">) {
  const code = (value: string | null | undefined, pattern: RegExp) => (value && pattern.test(value.trim().toUpperCase()) ? value.trim().toUpperCase() : null);
  for (const address of [payload.shipping_address, payload.billing_address]) {
    const countryCode = code(address?.country_code, /^[A-Z]{2}$/);
    if (countryCode) return { countryCode, provinceCode: code(address?.province_code, /^[A-Z0-9-]{1,8}$/) };
  }
  return null;
}

export function orderSnapshot(payload: z.infer<typeof orderPayload>): OrderSnapshot {
  const currency = payload.currency;
  const taxOf = (taxLines: z.infer<typeof taxLine>[], what: string) =>
    taxLines.reduce((total, t) => total + shopMinor(t.price, t.price_set, currency, what), 0);
  const lines: EarningLine[] = payload.line_items.map((line) => ({
    lineItemId: line.id,
    productId: line.product_id ?? null,
    quantity: line.quantity,
    unitPriceMinor: shopMinor(line.price, line.price_set, currency, "line item price"),
    discountMinor: line.discount_allocations.reduce((total, d) => total + shopMinor(d.amount, d.amount_set, currency, "discount"), 0),
    taxMinor: taxOf(line.tax_lines, "tax"),
    isGiftCard: line.gift_card,
  }));
  for (const line of lines) {
    if (line.unitPriceMinor * line.quantity > MAX_MINOR) throw new PayloadError(`line item ${line.lineItemId} total is out of range`);
  }
  const shippingMinor = payload.shipping_lines.reduce(
    (total, s) =>
      total + (s.discounted_price != null ? shopMinor(s.discounted_price, s.discounted_price_set, currency, "shipping") : shopMinor(s.price, s.price_set, currency, "shipping")),
    0,
  );
  const placedAt = payload.processed_at ?? payload.created_at;
  const subtotalMinor =
    payload.subtotal_price != null
      ? shopMinor(payload.subtotal_price, payload.subtotal_price_set, currency, "subtotal_price")
      : shopMinor(payload.total_price, payload.total_price_set, currency, "total_price");
  return {
    orderId: payload.id,
    name: payload.name ?? null,
    customer: payload.customer ? customerDetails(payload.customer, payload.customer_locale) : null,
    currency,
    totalMinor: shopMinor(payload.total_price, payload.total_price_set, currency, "total_price"),
    subtotalMinor,
    discountMinor: shopMinor(payload.total_discounts ?? "0", payload.total_discounts_set, currency, "total_discounts"),
    discountCodes: payload.discount_codes.map((d) => d.code),
    referralCode: payload.note_attributes.find((a) => a.name === REFERRAL_ATTRIBUTE)?.value?.trim() || null,
    contactKeys: contactKeys(payload),
    location: orderLocation(payload),
    facts: {
      currency,
      lines,
      shippingMinor,
      shippingTaxMinor: payload.shipping_lines.reduce((total, s) => total + taxOf(s.tax_lines, "shipping tax"), 0),
      taxesIncluded: payload.taxes_included,
      isTest: payload.test,
      placedAt,
      subtotalMinor,
    },
    processedAt: placedAt,
    cancelledAt: payload.cancelled_at ?? null,
  };
}

/**
 * A refund's currency: the shop money its amounts name (a refund payload has no currency field of
 * its own). A refund with no amounts at all is in `fallback`, the shop's currency as last known.
 */
function refundCurrency(payload: z.infer<typeof refundPayload>): string | null {
  const named = [
    ...payload.refund_line_items.flatMap((l) => [l.subtotal_set, l.total_tax_set]),
    ...payload.order_adjustments.flatMap((a) => [a.amount_set, a.tax_amount_set]),
  ].map((set) => set?.shop_money.currency_code).filter((code): code is string => Boolean(code));
  return named[0] ?? null;
}

/**
 * The refund's facts. Refund line items give back their units; refund-discrepancy adjustments say
 * how much more (negative amount) or less (positive) merchandise money went back than the line
 * items add up to; shipping refunds are not merchandise and earn nothing back (decision 018).
 */
export function refundEvent(payload: z.infer<typeof refundPayload>, fallbackCurrency: string | null): Extract<OrderEvent, { type: "refund" }> {
  const currency = refundCurrency(payload) ?? fallbackCurrency;
  const hasAmounts = payload.refund_line_items.length > 0 || payload.order_adjustments.length > 0;
  if (!currency && hasAmounts) throw new PayloadError("refund amounts name no currency (no shop_money)");
  const lines: RefundLine[] = payload.refund_line_items.map((line) => ({
    lineItemId: line.line_item_id,
    quantity: line.quantity,
    subtotalMinor: shopMinor(line.subtotal, line.subtotal_set, currency!, "refund subtotal"),
    taxMinor: shopMinor(line.total_tax, line.total_tax_set, currency!, "refund tax"),
  }));
  const discrepancy = payload.order_adjustments
    .filter((a) => a.kind !== "shipping_refund")
    .reduce(
      (total, a) =>
        total + shopMinor(a.amount, a.amount_set, currency!, "order adjustment", true) + shopMinor(a.tax_amount, a.tax_amount_set, currency!, "order adjustment tax", true),
      0,
    );
  const linesMinor = lines.reduce((total, l) => total + l.subtotalMinor + l.taxMinor, 0);
  return {
    type: "refund",
    orderId: payload.order_id,
    refundId: payload.id,
    currency,
    lines,
    unallocatedMinor: Math.max(-linesMinor, -discrepancy),
    amountMinor: Math.max(0, linesMinor - discrepancy),
    refundedAt: payload.created_at,
  };
}
