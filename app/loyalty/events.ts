// The events Klub acts on, as they are kept in the webhook inbox (JSON) between being accepted and
// being applied. Validated again when read back, so a stored event is always well-formed.
import { z } from "zod";
import { orderFactsSchema, refundLineSchema } from "./order-points";

const minor = z.number().int().min(0).max(2_147_483_647);

export const customerDetailsSchema = z.object({
  customerId: z.string(),
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  birthday: z.string().nullish(),
  /** When the customer was created in Shopify: the join date of one who joins by signing up. */
  createdAt: z.coerce.date().nullish(),
  /** The language they shop in (an order's customer_locale), as Shopify spells it ("pl", "pt-BR"). */
  locale: z.string().max(16).nullish(),
  /** Their email marketing consent: subscribed, not_subscribed, unsubscribed, pending (absent: not said). */
  emailConsent: z.string().max(32).nullish(),
});

export const orderSnapshotSchema = z.object({
  orderId: z.string(),
  name: z.string().nullable(),
  customer: customerDetailsSchema.nullable(),
  currency: z.string(),
  totalMinor: minor,
  subtotalMinor: minor,
  discountMinor: minor,
  discountCodes: z.array(z.string()),
  referralCode: z.string().max(64).nullish(), // from a friend's referral link
  // Hashes of the order's shipping address and phone (never the address or phone itself), to
  // recognise a member who refers themselves under another account. Absent on events stored before.
  contactKeys: z.object({ address: z.string().max(64).nullable(), phone: z.string().max(64).nullable() }).optional(),
  // The shipping (else billing) address's ISO country and region codes (audience insight). Absent on events stored before.
  location: z.object({ countryCode: z.string().max(8), provinceCode: z.string().max(16).nullable() }).nullish(),
  facts: orderFactsSchema,
  processedAt: z.coerce.date(),
  cancelledAt: z.coerce.date().nullable(),
});

export const orderEventSchema = z.union([
  z.object({ type: z.enum(["paid", "fulfilled", "cancelled"]), order: orderSnapshotSchema }),
  z.object({
    type: z.literal("refund"),
    orderId: z.string(),
    refundId: z.string(),
    /** The currency the refund's amounts are in (null: it has none). */
    currency: z.string().nullable().default(null),
    lines: z.array(refundLineSchema),
    /** Merchandise money back beyond the line items (positive), or kept back from them (negative). */
    unallocatedMinor: z.number().int().min(-2_147_483_647).max(2_147_483_647).default(0),
    amountMinor: minor,
    refundedAt: z.coerce.date(),
  }),
]);

export const inboxEventSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("order"), event: orderEventSchema }),
  z.object({ kind: z.literal("customer_created"), customer: customerDetailsSchema }),
  z.object({ kind: z.literal("customer_updated"), customer: customerDetailsSchema }),
  z.object({ kind: z.literal("data_request"), customerId: z.string(), requestId: z.string().nullable() }),
  z.object({ kind: z.literal("customer_redact"), customerId: z.string() }),
  z.object({ kind: z.literal("app_uninstalled") }),
  z.object({ kind: z.literal("shop_redact") }),
]);

/**
 * An event Klub will never apply, whatever the retries (an order in another currency than the
 * shop's): the inbox keeps its delivery as failed, with the reason, for a person to look at.
 */
export class RefusedEvent extends Error {
  override name = "RefusedEvent";
}

export type CustomerDetails = z.infer<typeof customerDetailsSchema>;
export type OrderSnapshot = z.infer<typeof orderSnapshotSchema>;
export type OrderEvent = z.infer<typeof orderEventSchema>;
export type InboxEvent = z.infer<typeof inboxEventSchema>;

/** The event as kept once applied: what Shopify said of a person (name, email) is dropped. */
export function withoutPersonalData(event: InboxEvent): InboxEvent {
  const anonymous = <T extends { email?: string | null; firstName?: string | null; lastName?: string | null; birthday?: string | null }>(c: T): T => ({
    ...c,
    email: null,
    firstName: null,
    lastName: null,
    birthday: null,
  });
  if (event.kind === "customer_created" || event.kind === "customer_updated") return { ...event, customer: anonymous(event.customer) };
  if (event.kind === "order" && event.event.type !== "refund" && event.event.order.customer) {
    return { ...event, event: { ...event.event, order: { ...event.event.order, customer: anonymous(event.event.order.customer), location: null } } };
  }
  return event;
}
