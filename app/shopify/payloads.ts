// Shopify's webhook payloads (REST resources, money as decimal strings), validated with zod and
// turned into the domain's facts. Amounts are in the shop's currency.
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
const timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const customerSchema = z.object({
  id,
  email: z.string().max(320).nullish(),
  first_name: z.string().max(255).nullish(),
  last_name: z.string().max(255).nullish(),
});

const taxLine = z.object({ price: money });

export const orderPayload = z.object({
  id,
  name: z.string().max(255).nullish(),
  customer: customerSchema.nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  total_price: money,
  subtotal_price: money.nullish(),
  total_discounts: money.nullish(),
  taxes_included: z.boolean().default(false),
  test: z.boolean().default(false),
  processed_at: timestamp.nullish(),
  created_at: timestamp,
  cancelled_at: timestamp.nullish(),
  discount_codes: z.array(z.object({ code: z.string().max(255) })).max(250).default([]),
  // Cart attributes; Klub's storefront script puts the referral code of a shared link in one.
  note_attributes: z.array(z.object({ name: z.string().max(255), value: z.string().max(1000).nullish() })).max(250).default([]),
  line_items: z
    .array(
      z.object({
        id,
        product_id: id.nullish(),
        quantity: z.number().int().min(0).max(100_000),
        price: money,
        gift_card: z.boolean().default(false),
        discount_allocations: z.array(z.object({ amount: money })).max(250).default([]),
        tax_lines: z.array(taxLine).max(100).default([]),
      }),
    )
    .max(5000),
  shipping_lines: z
    .array(z.object({ price: money, discounted_price: money.nullish(), tax_lines: z.array(taxLine).max(100).default([]) }))
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
        total_tax: money.default("0"),
      }),
    )
    .max(5000)
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

/** Money in minor units, within what the database holds. */
function minorOf(amount: string, currency: string, what: string): number {
  try {
    const minor = toMinor(amount, currency);
    if (minor < 0) throw new PayloadError(`${what} is negative: ${amount}`);
    if (minor > MAX_MINOR) throw new PayloadError(`${what} is out of range: ${amount}`);
    return minor;
  } catch (error) {
    if (error instanceof MoneyError) throw new PayloadError(`${what}: ${error.message}`);
    throw error;
  }
}

/** The cart attribute that carries a referral code into the order (set by the theme embed's script). */
export const REFERRAL_ATTRIBUTE = "_klub_ref";

export function customerDetails(customer: z.infer<typeof customerSchema>): CustomerDetails {
  return { customerId: customer.id, email: customer.email, firstName: customer.first_name, lastName: customer.last_name };
}

export function orderSnapshot(payload: z.infer<typeof orderPayload>): OrderSnapshot {
  const currency = payload.currency;
  const sum = (amounts: { price?: string; amount?: string }[], what: string) =>
    amounts.reduce((total, a) => total + minorOf(a.price ?? a.amount ?? "0", currency, what), 0);
  const lines: EarningLine[] = payload.line_items.map((line) => ({
    lineItemId: line.id,
    productId: line.product_id ?? null,
    quantity: line.quantity,
    unitPriceMinor: minorOf(line.price, currency, "line item price"),
    discountMinor: sum(line.discount_allocations, "discount"),
    taxMinor: sum(line.tax_lines, "tax"),
    isGiftCard: line.gift_card,
  }));
  for (const line of lines) {
    if (line.unitPriceMinor * line.quantity > MAX_MINOR) throw new PayloadError(`line item ${line.lineItemId} total is out of range`);
  }
  const shippingMinor = payload.shipping_lines.reduce(
    (total, s) => total + minorOf(s.discounted_price ?? s.price, currency, "shipping"),
    0,
  );
  const placedAt = payload.processed_at ?? payload.created_at;
  return {
    orderId: payload.id,
    name: payload.name ?? null,
    customer: payload.customer ? customerDetails(payload.customer) : null,
    currency,
    totalMinor: minorOf(payload.total_price, currency, "total_price"),
    subtotalMinor: minorOf(payload.subtotal_price ?? payload.total_price, currency, "subtotal_price"),
    discountMinor: minorOf(payload.total_discounts ?? "0", currency, "total_discounts"),
    discountCodes: payload.discount_codes.map((d) => d.code),
    referralCode: payload.note_attributes.find((a) => a.name === REFERRAL_ATTRIBUTE)?.value?.trim() || null,
    facts: {
      currency,
      lines,
      shippingMinor,
      shippingTaxMinor: payload.shipping_lines.reduce((total, s) => total + sum(s.tax_lines, "shipping tax"), 0),
      taxesIncluded: payload.taxes_included,
      isTest: payload.test,
      placedAt,
    },
    processedAt: placedAt,
    cancelledAt: payload.cancelled_at ?? null,
  };
}

export function refundEvent(payload: z.infer<typeof refundPayload>, currency: string): Extract<OrderEvent, { type: "refund" }> {
  const lines: RefundLine[] = payload.refund_line_items.map((line) => ({
    lineItemId: line.line_item_id,
    quantity: line.quantity,
    subtotalMinor: minorOf(line.subtotal, currency, "refund subtotal"),
    taxMinor: minorOf(line.total_tax, currency, "refund tax"),
  }));
  return {
    type: "refund",
    orderId: payload.order_id,
    refundId: payload.id,
    lines,
    amountMinor: lines.reduce((total, l) => total + l.subtotalMinor + l.taxMinor, 0),
    refundedAt: payload.created_at,
  };
}
