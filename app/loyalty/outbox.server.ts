// The outbox: effects on Shopify are written here inside the ledger transaction and carried out
// after it commits (app/shopify/outbox-worker.server.ts). Messages with the same dedupe key
// coalesce: ten balance changes in a row make one metafield update.
import { Prisma, type Member } from "@prisma/client";
import { sql, type Tx } from "./transactions.server";

export const MEMBER_SYNC = "member_sync";
export const WIDGET_SYNC = "widget_sync";
export const COLLECTIONS_LOOKUP = "collections_lookup";
/** A code Shopify may have made although its answer never came: deactivate it if it exists. */
export const REWARD_REVOKE = "reward_revoke";
/** A Shopify Flow trigger to send (app/loyalty/flow-events.server.ts). */
export const FLOW_TRIGGER = "flow_trigger";
/** A redacted member's customer loses Klub's tags (decision 051): the customer id travels in the payload until sent. */
export const MEMBER_UNTAG = "member_untag";

/** A pending message with the key takes the new payload and a new version, so that a drain in flight keeps it. */
const NEWER_PAYLOAD = Prisma.sql`ON CONFLICT ("shopId", "dedupeKey") DO UPDATE SET "payload" = excluded."payload", "version" = "OutboxMessage"."version" + 1, "nextAttemptAt" = excluded."nextAttemptAt"`;

export async function enqueue(
  tx: Tx,
  message: { shopId: string; kind: string; dedupeKey: string; payload: unknown; now: Date },
): Promise<void> {
  const payload = JSON.stringify(message.payload);
  // Typed SQL: a message goes with nearly every ledger entry (docs/benchmarks.md).
  await sql(tx).execute`
    INSERT INTO "OutboxMessage" ("version", "shopId", "kind", "dedupeKey", "payload", "attempts", "nextAttemptAt", "createdAt")
    VALUES (0, ${message.shopId}, ${message.kind}, ${message.dedupeKey}, ${payload}, 0, ${message.now}, ${new Date()})
    ${NEWER_PAYLOAD}`;
}

/** The member's balance, pending points or tier changed: publish them (to Shopify's customer metafields). */
export function enqueueMemberSync(tx: Tx, member: Member, now: Date): Promise<void> {
  return enqueue(tx, {
    shopId: member.shopId,
    kind: MEMBER_SYNC,
    dedupeKey: `member:${member.id}`,
    payload: { memberId: member.id },
    now,
  });
}

/**
 * The tiers were renamed: publish each of their members again (the tier's name is in their
 * metafields). One statement, as enqueue's upsert for each member; the payload's JSON is written by
 * concatenation, which SQLite and PostgreSQL both take (an id is a cuid: nothing to escape).
 */
export async function enqueueMemberSyncsInTiers(tx: Tx, shopId: string, tierIds: string[], now: Date): Promise<void> {
  if (!tierIds.length) return;
  await sql(tx).execute`
    INSERT INTO "OutboxMessage" ("version", "shopId", "kind", "dedupeKey", "payload", "attempts", "nextAttemptAt", "createdAt")
    SELECT 0, "shopId", ${MEMBER_SYNC}, 'member:' || "id", '{"memberId":"' || "id" || '"}', 0, ${now}, ${new Date()}
    FROM "Member" WHERE "shopId" = ${shopId} AND "tierId" IN (${Prisma.join(tierIds)})
    ${NEWER_PAYLOAD}`;
}

/**
 * Members whose tags were never sent (who joined before exclusive offers, and have not changed
 * since): publish them, so an offer's segment finds them (decision 051). One statement.
 */
export async function enqueueMemberSyncsUntagged(tx: Tx, shopId: string, now: Date): Promise<void> {
  await sql(tx).execute`
    INSERT INTO "OutboxMessage" ("version", "shopId", "kind", "dedupeKey", "payload", "attempts", "nextAttemptAt", "createdAt")
    SELECT 0, "shopId", ${MEMBER_SYNC}, 'member:' || "id", '{"memberId":"' || "id" || '"}', 0, ${now}, ${new Date()}
    FROM "Member" WHERE "shopId" = ${shopId} AND "shopifyTags" IS NULL AND "redactedAt" IS NULL
    ${NEWER_PAYLOAD}`;
}

/** The storefront widget's settings changed: publish them (to the app-data metafield the theme reads). */
export function enqueueWidgetSync(tx: Tx, shopId: string, now: Date): Promise<void> {
  return enqueue(tx, { shopId, kind: WIDGET_SYNC, dedupeKey: "widget", payload: {}, now });
}

/** The excluded collections changed (or their products may have): look up which products they hold. */
export function enqueueCollectionsLookup(tx: Tx, shopId: string, now: Date): Promise<void> {
  return enqueue(tx, { shopId, kind: COLLECTIONS_LOOKUP, dedupeKey: "excluded-collections", payload: {}, now });
}
