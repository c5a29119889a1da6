// The webhook inbox worker's side: applies accepted events in the order received, once each,
// retrying with backoff when applying fails. Every application is idempotent (ledger keys,
// order reconciliation), so a retry after a crash or a second worker is harmless.
import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import { backoffMs } from "./backoff";
import { enrolNewCustomer, updateCustomerDetails } from "./customers.server";
import { inboxEventSchema, RefusedEvent, withoutPersonalData, type InboxEvent } from "./events";
import { LedgerConflict } from "./ledger.server";
import { applyOrderEvent } from "./orders.server";
import { eraseShop, isRedacted, markUninstalled, recordDataRequest, redactCustomer, withoutCustomer } from "./privacy.server";
import { readSetupOnceIn } from "./shop-setup.server";
import { claimDueDeliveries, claimDelivery } from "./postgres-sql.server";
import { databaseOf } from "./sql-dialect.server";
import { inTransaction, sql, type DbOrTx } from "./transactions.server";

/** The customer an event speaks of, if any. */
function customerOf(event: InboxEvent): string | null {
  if (event.kind === "customer_created" || event.kind === "customer_updated") return event.customer.customerId;
  if (event.kind === "order" && event.event.type !== "refund") return event.event.order.customer?.customerId ?? null;
  return null;
}

/** After this many failed attempts a delivery is set aside as failed, for a person to look at. */
export const MAX_ATTEMPTS = 10;

/**
 * How long applied deliveries are kept (their webhook ids catch Shopify's retries, which stop
 * after 4 hours), and how long a delivery waits for a shop that never finishes installing.
 * docs/decisions/019-inbox-privacy.md.
 */
export const APPLIED_RETENTION_DAYS = 7;
export const WAITING_RETENTION_DAYS = 30;

// Receiving: a few typed statements rather than Prisma's query builder, which costs several
// times more per query on this path (docs/benchmarks.md). Identifiers are quoted so that the
// same SQL reads on PostgreSQL.

/** Null while the shop has not finished installing; else its id, whether the app was uninstalled since, and its currency. */
export async function installState(db: DbOrTx, shopDomain: string): Promise<{ shopId: string; uninstalled: boolean; currencyCode: string } | null> {
  const rows = await sql(db).query<{ id: string; uninstalledAt: unknown; currencyCode: string }>`SELECT "id", "uninstalledAt", "currencyCode" FROM "Shop" WHERE "domain" = ${shopDomain}`;
  return rows.length ? { shopId: rows[0].id, uninstalled: rows[0].uninstalledAt !== null, currencyCode: rows[0].currencyCode } : null;
}

/** A shop that never finished installing went away: what waited for it goes too. How many did. */
export async function discardWaiting(db: PrismaClient, shopDomain: string): Promise<number> {
  return sql(db).execute`DELETE FROM "WebhookDelivery" WHERE "shopDomain" = ${shopDomain} AND "status" = 'waiting'`;
}

export interface ReceivedDelivery {
  shopDomain: string;
  webhookId: string;
  topic: string;
  eventId: string | null;
  triggeredAt: Date | null;
  /** JSON: the domain event. */
  event: string;
  status: "pending" | "waiting";
}

/** Keeps a delivery for the inbox; false when this shop's delivery of that webhook id is already kept. */
export async function storeDelivery(db: PrismaClient, d: ReceivedDelivery): Promise<boolean> {
  const now = new Date();
  const stored = await sql(db).execute`
    INSERT INTO "WebhookDelivery" ("shopDomain", "webhookId", "topic", "eventId", "triggeredAt", "event", "status", "attempts", "nextAttemptAt", "receivedAt")
    VALUES (${d.shopDomain}, ${d.webhookId}, ${d.topic}, ${d.eventId}, ${d.triggeredAt}, ${d.event}, ${d.status}, 0, ${now}, ${now})
    ON CONFLICT ("shopDomain", "webhookId") DO NOTHING`;
  return stored === 1;
}

/** Errors no retry can mend: the delivery is set aside at once. */
const isPermanent = (error: unknown) => error instanceof RefusedEvent || error instanceof LedgerConflict;



export async function applyInboxEvent(db: DbOrTx, shopDomain: string, received: InboxEvent, now = new Date()): Promise<void> {
  let event: InboxEvent | null = received;
  if (event.kind === "app_uninstalled") return void (await markUninstalled(db, shopDomain, now));
  if (event.kind === "shop_redact") return void (await eraseShop(db, shopDomain));
  const shop = await installState(db, shopDomain);
  if (!shop) return; // erased meanwhile: nothing is kept for it
  const { shopId } = shop;
  const compliance = event.kind === "data_request" || event.kind === "customer_redact";
  if (shop.uninstalled && !compliance) return;
  // A late webhook about an erased customer never brings back who they were.
  const customerId = customerOf(event);
  if (customerId && (await isRedacted(db, shopId, customerId))) event = withoutCustomer(event, customerId);
  if (!event) return;
  switch (event.kind) {
    case "order":
      await applyOrderEvent(db, shopId, event.event, now);
      return;
    case "customer_created":
      await enrolNewCustomer(db, shopId, event.customer, now);
      return;
    case "customer_updated":
      await updateCustomerDetails(db, shopId, event.customer);
      return;
    case "data_request":
      await recordDataRequest(db, shopId, { customerId: event.customerId, requestId: event.requestId }, now);
      return;
    case "customer_redact":
      await redactCustomer(db, shopId, event.customerId, now);
      return;
  }
}

/** Applies the delivery's event and marks the delivery done, in the transaction given or each in its own. */
async function applyAndMarkDone(db: DbOrTx, delivery: WebhookDelivery, now: Date) {
  const event = inboxEventSchema.parse(JSON.parse(delivery.event));
  await applyInboxEvent(db, delivery.shopDomain, event, now);
  const kept = JSON.stringify(withoutPersonalData(event));
  await sql(db).execute`UPDATE "WebhookDelivery" SET "status" = 'done', "processedAt" = ${now}, "lastError" = NULL, "event" = ${kept} WHERE "id" = ${delivery.id}`;
}

async function applyDelivery(db: PrismaClient, delivery: WebhookDelivery, now: Date, run: InboxRun): Promise<boolean> {
  try {
    await applyAndMarkDone(db, delivery, now);
    return true;
  } catch (error) {
    await recordFailure(db, delivery, error, now, run);
    return false;
  }
}

/** The delivery failed: tried again after a backoff, or set aside at once (or after MAX_ATTEMPTS) as failed. */
async function recordFailure(db: PrismaClient, delivery: WebhookDelivery, error: unknown, now: Date, run: InboxRun) {
  const attempts = delivery.attempts + 1;
  const permanent = isPermanent(error);
  if (permanent) run.refused.push({ deliveryId: delivery.id, topic: delivery.topic, shopDomain: delivery.shopDomain, reason: (error as Error).message });
  await db.webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      attempts,
      status: permanent || attempts >= MAX_ATTEMPTS ? "failed" : "pending",
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
      lastError: String(error instanceof Error ? error.stack ?? error.message : error).slice(0, 2000),
    },
  });
}

export interface InboxRun {
  applied: number;
  failed: number;
  /** Deliveries set aside at once (a refused event, a ledger conflict): the worker logs them as errors. */
  refused: { deliveryId: number; topic: string; shopDomain: string; reason: string }[];
}

/**
 * How long one transaction goes on applying deliveries. Several to a transaction save each one's
 * own cost, and during a burst, when applying gets the write lock only now and then, apply more
 * per turn; a delivery being received waits at most about this long for the lock.
 * docs/decisions/042-applying-deliveries-together.md.
 */
export const GROUP_MS = 20;

interface InboxOptions {
  /** Deliveries read at a time. */
  batch?: number;
  /** How long one transaction goes on applying deliveries (GROUP_MS). */
  groupMs?: number;
  /** The process is shutting down: stop after the delivery in hand. */
  stopRequested?: () => boolean;
}

/**
 * Applies deliveries from the start of `due` in one transaction, for up to `groupMs`, and returns
 * how many it took. When one fails, the transaction is undone, and each delivery it had reached
 * is applied again in a transaction of its own, so that the failure is kept on its delivery.
 */
async function applyGroup(db: PrismaClient, due: WebhookDelivery[], now: Date, run: InboxRun, { groupMs = GROUP_MS, stopRequested }: InboxOptions): Promise<number> {
  let reached = 0;
  try {
    const applied = await inTransaction(db, async (tx) => {
      readSetupOnceIn(tx); // applying events changes no shop's setup
      const started = performance.now();
      for (reached = 0; reached < due.length; reached++) {
        if (reached > 0 && (performance.now() - started >= groupMs || stopRequested?.())) break;
        await applyAndMarkDone(tx, due[reached], now);
      }
      return reached;
    });
    run.applied += applied;
    return applied;
  } catch {
    const reachedAll = due.slice(0, reached + 1);
    for (const [i, delivery] of reachedAll.entries()) {
      if (i > 0 && stopRequested?.()) return i;
      if (await applyDelivery(db, delivery, now, run)) run.applied++;
      else run.failed++;
    }
    return reachedAll.length;
  }
}

/**
 * Applies every due delivery, oldest first, in batches, until none is left or `stopRequested` says
 * so (the process is shutting down): then after the delivery in hand, leaving the rest pending.
 */
export async function processInbox(db: PrismaClient, now = new Date(), options: InboxOptions = {}): Promise<InboxRun> {
  if (databaseOf(db) === "postgresql") return processInboxClaiming(db, now, options);
  const { batch = 100, stopRequested } = options;
  const run: InboxRun = { applied: 0, failed: 0, refused: [] };
  let afterId = 0;
  for (;;) {
    const due = await db.webhookDelivery.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: batch,
    });
    for (let next = 0; next < due.length; ) {
      if (stopRequested?.()) return run;
      next += await applyGroup(db, due.slice(next), now, run, options);
    }
    if (due.length < batch) return run;
    afterId = due.at(-1)!.id;
  }
}

/** Deliveries one PostgreSQL transaction claims and applies together. */
const CLAIM_BATCH = 20;

/**
 * PostgreSQL, where several app instances share the inbox: each transaction claims due deliveries
 * no other holds (FOR UPDATE SKIP LOCKED), oldest first, and applies them; the claim ends with the
 * transaction, so an instance that dies lets go of what it held, undone, with its connection. When
 * one fails, each delivery it had claimed is claimed and applied again on its own, as applyGroup.
 */
async function processInboxClaiming(db: PrismaClient, now: Date, { stopRequested }: InboxOptions): Promise<InboxRun> {
  const run: InboxRun = { applied: 0, failed: 0, refused: [] };
  for (;;) {
    if (stopRequested?.()) return run;
    let claimed: WebhookDelivery[] = [];
    try {
      const applied = await inTransaction(db, async (tx) => {
        readSetupOnceIn(tx);
        claimed = await claimDueDeliveries(tx, now, CLAIM_BATCH);
        for (const delivery of claimed) await applyAndMarkDone(tx, delivery, now);
        return claimed.length;
      });
      run.applied += applied;
      if (applied < CLAIM_BATCH) return run; // none left that another instance does not hold
    } catch {
      for (const { id } of claimed) {
        if (stopRequested?.()) return run;
        await applyClaimedAlone(db, id, now, run);
      }
    }
  }
}

/** One delivery, claimed again by id (skipped when another instance holds it or it is done), applied in a transaction of its own. */
async function applyClaimedAlone(db: PrismaClient, id: number, now: Date, run: InboxRun) {
  let delivery: WebhookDelivery | null = null;
  try {
    const applied = await inTransaction(db, async (tx) => {
      delivery = await claimDelivery(tx, id, now);
      if (delivery) await applyAndMarkDone(tx, delivery, now);
      return delivery !== null;
    });
    if (applied) run.applied++;
  } catch (error) {
    run.failed++;
    if (delivery) await recordFailure(db, delivery, error, now, run);
  }
}

/** Deletes applied deliveries past their retention, and deliveries that waited too long for an install. */
export async function pruneInbox(db: PrismaClient, now = new Date()) {
  const day = 86_400_000;
  const applied = await db.webhookDelivery.deleteMany({ where: { status: "done", processedAt: { lt: new Date(now.getTime() - APPLIED_RETENTION_DAYS * day) } } });
  const waiting = await db.webhookDelivery.deleteMany({ where: { status: "waiting", receivedAt: { lt: new Date(now.getTime() - WAITING_RETENTION_DAYS * day) } } });
  return { applied: applied.count, waiting: waiting.count };
}
