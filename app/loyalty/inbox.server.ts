// The webhook inbox worker's side: applies accepted events in the order received, once each,
// retrying with backoff when applying fails. Every application is idempotent (ledger keys,
// order reconciliation), so a retry after a crash or a second worker is harmless.
import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import { backoffMs } from "./backoff";
import { enrolNewCustomer, updateCustomerDetails } from "./customers.server";
import { inboxEventSchema, type InboxEvent } from "./events";
import { applyOrderEvent } from "./orders.server";
import { eraseShop, markUninstalled, recordDataRequest, redactCustomer } from "./privacy.server";

/** After this many failed attempts a delivery is set aside as failed, for a person to look at. */
export const MAX_ATTEMPTS = 10;


export async function applyInboxEvent(db: PrismaClient, shopDomain: string, event: InboxEvent, now = new Date()): Promise<void> {
  if (event.kind === "app_uninstalled") return void (await markUninstalled(db, shopDomain, now));
  if (event.kind === "shop_redact") return void (await eraseShop(db, shopDomain));
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return; // erased meanwhile: nothing is kept for it
  const compliance = event.kind === "data_request" || event.kind === "customer_redact";
  if (shop.uninstalledAt && !compliance) return;
  switch (event.kind) {
    case "order":
      await applyOrderEvent(db, shop.id, event.event, now);
      return;
    case "customer_created":
      await enrolNewCustomer(db, shop.id, event.customer, now);
      return;
    case "customer_updated":
      await updateCustomerDetails(db, shop.id, event.customer);
      return;
    case "data_request":
      await recordDataRequest(db, shop.id, { customerId: event.customerId, requestId: event.requestId }, now);
      return;
    case "customer_redact":
      await redactCustomer(db, shop.id, event.customerId, now);
      return;
  }
}

async function applyDelivery(db: PrismaClient, delivery: WebhookDelivery, now: Date): Promise<boolean> {
  try {
    await applyInboxEvent(db, delivery.shopDomain, inboxEventSchema.parse(JSON.parse(delivery.event)), now);
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "done", processedAt: now, lastError: null } });
    return true;
  } catch (error) {
    const attempts = delivery.attempts + 1;
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts,
        status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
        lastError: String(error instanceof Error ? error.stack ?? error.message : error).slice(0, 2000),
      },
    });
    return false;
  }
}

export interface InboxRun {
  applied: number;
  failed: number;
}

/** Applies every due delivery, oldest first, in batches, until none is left. */
export async function processInbox(
  db: PrismaClient,
  now = new Date(),
  { batch = 100, beforeEach }: { batch?: number; beforeEach?: () => Promise<void> } = {},
): Promise<InboxRun> {
  const run: InboxRun = { applied: 0, failed: 0 };
  let afterId = 0;
  for (;;) {
    const due = await db.webhookDelivery.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: batch,
    });
    for (const delivery of due) {
      await beforeEach?.();
      if (await applyDelivery(db, delivery, now)) run.applied++;
      else run.failed++;
    }
    if (due.length < batch) return run;
    afterId = due.at(-1)!.id;
  }
}
