// Privacy: what Klub holds on a customer, erasing a customer, erasing a shop.
import { storedReason } from "./ledger-reasons";
import { createHash } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { inboxEventSchema, withoutPersonalData, type InboxEvent } from "./events";
import { withSearchKeys } from "./members.server";
import { inTransaction, sql, type DbOrTx } from "./transactions.server";
import { enqueue, MEMBER_UNTAG } from "./outbox.server";

/** A redacted customer is remembered only as this one-way hash, so late webhooks cannot bring them back. */
export function redactedCustomerHash(shopId: string, customerId: string): string {
  return createHash("sha256").update(`${shopId}:${customerId}`).digest("hex");
}

export async function isRedacted(db: DbOrTx, shopId: string, customerId: string): Promise<boolean> {
  const hash = redactedCustomerHash(shopId, customerId);
  // Typed SQL: asked for every order and customer event (docs/benchmarks.md).
  const rows = await sql(db).query<unknown>`SELECT 1 FROM "RedactedCustomer" WHERE "shopId" = ${shopId} AND "customerHash" = ${hash}`;
  return rows.length > 0;
}

/**
 * An event with a redacted customer taken out: an order is kept without its customer (it counts
 * for the shop, for no one), a customer event is dropped (null).
 */
export function withoutCustomer(event: InboxEvent, customerId: string): InboxEvent | null {
  if ((event.kind === "customer_created" || event.kind === "customer_updated") && event.customer.customerId === customerId) return null;
  if (event.kind === "order" && event.event.type !== "refund" && event.event.order.customer?.customerId === customerId) {
    return { ...event, event: { ...event.event, order: { ...event.event.order, customer: null } } };
  }
  return event;
}

/**
 * Strips what Shopify said of the customer from every delivery of the shop's inbox. The rows stay
 * (their webhook ids still catch Shopify's retries); whatever is not yet applied meets the
 * redacted-customer check when it is.
 */
async function redactInbox(tx: Prisma.TransactionClient, shopDomain: string, customerId: string) {
  const deliveries = await tx.webhookDelivery.findMany({
    where: { shopDomain, event: { contains: `"customerId":"${customerId}"` } },
    select: { id: true, event: true },
  });
  for (const delivery of deliveries) {
    const parsed = inboxEventSchema.safeParse(JSON.parse(delivery.event));
    if (parsed.success) await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { event: JSON.stringify(withoutPersonalData(parsed.data)) } });
  }
}

/** Writes everything Klub holds on the customer into a privacy request the shop owner can read. */
export async function recordDataRequest(
  db: DbOrTx,
  shopId: string,
  request: { customerId: string; requestId: string | null },
  now = new Date(),
) {
  const member = await db.member.findUnique({
    where: { shopId_customerId: { shopId, customerId: request.customerId } },
    include: {
      entries: { orderBy: { id: "asc" } },
      redemptions: { orderBy: { createdAt: "asc" } },
      feedback: { orderBy: { createdAt: "asc" } },
      tier: true,
    },
  });
  const orders = await db.orderSummary.findMany({ where: { shopId, customerId: request.customerId }, orderBy: { processedAt: "asc" } });
  const report = {
    customerId: request.customerId,
    member: member && {
      email: member.email,
      firstName: member.firstName,
      lastName: member.lastName,
      birthday: member.birthday,
      balance: member.balance,
      pendingPoints: member.pendingPoints,
      lifetimePoints: member.lifetimePoints,
      tier: member.tier?.name ?? null,
      enrolledAt: member.enrolledAt,
      ledger: member.entries.map((e) => ({ at: e.occurredAt, recordedAt: e.createdAt, kind: e.kind, points: e.amount, reason: storedReason(e.reason, e.reasonParams) })),
      redemptions: member.redemptions.map((r) => ({ at: r.createdAt, points: r.pointsSpent, code: r.code, status: r.status })),
      feedback: member.feedback.map((f) => ({ at: f.createdAt, score: f.score, comment: f.comment })),
    },
    orders: orders.map((o) => ({ order: o.name ?? o.orderId, at: o.processedAt, total: o.totalMinor, currency: o.currencyCode })),
  };
  return db.privacyRequest.create({
    data: {
      shopId,
      kind: "data_request",
      customerId: request.customerId,
      memberId: member?.id ?? null,
      requestId: request.requestId,
      report: JSON.stringify(report),
      completedAt: now,
    },
  });
}

/** Erases the customer's personal data. Ledger amounts stay, no longer tied to a person. */
export async function redactCustomer(db: DbOrTx, shopId: string, customerId: string, now = new Date()) {
  return inTransaction(db, async (tx) => {
    const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
    if (member && !member.redactedAt) {
      await tx.member.update({
        where: { id: member.id },
        data: {
          customerId: `redacted:${member.id}`,
          ...withSearchKeys({ email: null, firstName: null, lastName: null }),
          birthday: null,
          referralCode: null,
          addressKey: null,
          phoneKey: null,
          countryCode: null,
          provinceCode: null,
          locale: null,
          emailConsent: null,
          shopifyTags: null,
          redactedAt: now,
        },
      });
      await tx.outboxMessage.deleteMany({ where: { shopId, dedupeKey: `member:${member.id}` } });
      // Their customer leaves the segments of exclusive offers (decision 051).
      if (member.shopifyTags) await enqueue(tx, { shopId, kind: MEMBER_UNTAG, dedupeKey: `untag:${member.id}`, payload: { customerId, tags: member.shopifyTags.split(" ") }, now });
      // No email goes to them any more, and no mail server's answer (which may name the address) is kept.
      await tx.emailDelivery.updateMany({ where: { memberId: member.id, status: "pending" }, data: { status: "skipped", note: "redacted" } });
      await tx.emailDelivery.updateMany({ where: { memberId: member.id, status: { not: "skipped" } }, data: { note: null } });
      // Their own words may name them; the scores stay in the satisfaction figures.
      await tx.feedbackAnswer.updateMany({ where: { memberId: member.id }, data: { comment: null } });
    }
    // Its orders become a guest's: no first order, no repeat (the rollups follow, by trigger), and nowhere.
    await tx.orderSummary.updateMany({ where: { shopId, customerId }, data: { customerId: null, firstOrder: false, retained: false, secondOrder: false, firstOrderAt: null, countryCode: null, provinceCode: null } });
    const hash = redactedCustomerHash(shopId, customerId);
    await tx.redactedCustomer.upsert({ where: { shopId_customerHash: { shopId, customerHash: hash } }, update: {}, create: { shopId, customerHash: hash, redactedAt: now } });
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { domain: true } });
    await redactInbox(tx, shop.domain, customerId);
    await tx.privacyRequest.updateMany({ where: { shopId, customerId, kind: "data_request" }, data: { report: null } });
    return tx.privacyRequest.create({
      data: { shopId, kind: "redact", customerId: member ? `redacted:${member.id}` : "redacted", memberId: member?.id ?? null, completedAt: now },
    });
  });
}

/** shop/redact: everything of the shop goes (rows cascade from the shop), sessions and inbox included. */
export async function eraseShop(db: DbOrTx, domain: string) {
  return inTransaction(db, async (tx) => {
    await tx.session.deleteMany({ where: { shop: domain } });
    // The shop/redact delivery itself names only the shop: it stays to record that it was done.
    await tx.webhookDelivery.deleteMany({ where: { shopDomain: domain, topic: { not: "shop/redact" } } });
    // Redemptions first: their reward may not go while they point at it (ON DELETE RESTRICT), and
    // SQLite's cascade from the shop may reach the rewards before the redemptions.
    await tx.redemption.deleteMany({ where: { shop: { domain } } });
    const { count } = await tx.shop.deleteMany({ where: { domain } });
    return count > 0;
  });
}

/** app/uninstalled, possibly delivered more than once: sessions go, the shop is marked once. */
export async function markUninstalled(db: DbOrTx, domain: string, now = new Date()) {
  return inTransaction(db, async (tx) => {
    await tx.session.deleteMany({ where: { shop: domain } });
    const { count } = await tx.shop.updateMany({ where: { domain, uninstalledAt: null }, data: { uninstalledAt: now } });
    return count > 0;
  });
}
