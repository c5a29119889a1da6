// Carries out the outbox after the ledger committed: member metafields to Shopify, batched,
// retried with backoff, and kept in the database until done, so a restart loses nothing.
import type { OutboxMessage, PrismaClient } from "@prisma/client";
import { backoffMs } from "../loyalty/backoff";
import { MEMBER_SYNC } from "../loyalty/outbox.server";
import { logger } from "../logger.server";
import { nextExpiries } from "../loyalty/next-expiry.server";
import { referralCodeOf } from "../loyalty/referrals.server";
import { memberMetafields, METAFIELDS_PER_CALL, METAFIELDS_PER_MEMBER, METAFIELDS_SET, type MetafieldsSetInput } from "./member-metafields";
import { syncMemberTags } from "./member-tags.server";

/** An Admin GraphQL call for one shop: the query and its variables, answering the JSON body. */
export type AdminGraphql = (query: string, variables: Record<string, unknown>) => Promise<GraphqlBody>;
export type AdminFor = (shopDomain: string) => Promise<AdminGraphql>;

interface GraphqlBody {
  data?: { metafieldsSet?: { userErrors: { field?: string[] | null; message: string }[] } | null } | null;
  errors?: unknown;
}

export { backoffMs };

/**
 * Carries out the due messages of one kind, one at a time. Done: deleted (unless a newer change
 * was coalesced into it meanwhile). Failed: tried again later. Returns how many were done.
 */
export async function drainMessages(db: PrismaClient, kind: string, now: Date, carryOut: (message: OutboxMessage) => Promise<void>): Promise<number> {
  const due = await db.outboxMessage.findMany({ where: { kind, nextAttemptAt: { lte: now } }, orderBy: { id: "asc" }, take: 100 });
  let done = 0;
  for (const message of due) {
    try {
      await carryOut(message);
      await db.outboxMessage.deleteMany({ where: { id: message.id, version: message.version } });
      done++;
    } catch (error) {
      logger.warn({ err: error, kind, shopId: message.shopId }, "outbox message failed; will retry");
      await retryLater(db, message, error, now);
    }
  }
  return done;
}

/** A message that could not be carried out now: tried again later, each time later still. */
export async function retryLater(db: PrismaClient, message: { id: number; attempts: number }, error: unknown, now: Date) {
  await db.outboxMessage.update({
    where: { id: message.id },
    data: {
      attempts: { increment: 1 },
      nextAttemptAt: new Date(now.getTime() + backoffMs(message.attempts + 1)),
      lastError: String(error instanceof Error ? error.message : error).slice(0, 1000),
    },
  });
}

export interface DrainResult {
  sent: number;
  failed: number;
  calls: number;
  /** Messages for customers Shopify does not have (deleted, or imported by id): nothing to send them to. */
  dropped: number;
}

/**
 * Sends one batch. metafieldsSet is atomic, so one customer Shopify does not have would hold back
 * the whole batch for ever: such owners leave the batch and the rest is sent again. Returns them.
 */
async function sendMetafields(graphql: AdminGraphql, metafields: MetafieldsSetInput[], result: DrainResult): Promise<Set<string>> {
  const missing = new Set<string>();
  let pending = metafields;
  while (pending.length) {
    result.calls++;
    const body = await graphql(METAFIELDS_SET, { metafields: pending });
    if (body.errors || !body.data?.metafieldsSet) throw new Error(`metafieldsSet failed: ${JSON.stringify(body.errors ?? body)}`);
    const userErrors = body.data.metafieldsSet.userErrors;
    if (!userErrors.length) return missing;
    const owners = userErrors.map((e) => (e.field?.[2] === "ownerId" && /does not exist/i.test(e.message) ? pending[Number(e.field[1])]?.ownerId : undefined));
    if (owners.some((o) => o === undefined)) throw new Error(`metafieldsSet: ${userErrors.map((e) => e.message).join("; ")}`);
    for (const owner of owners) missing.add(owner!);
    pending = pending.filter((m) => !missing.has(m.ownerId));
  }
  return missing;
}

export async function drainOutbox(db: PrismaClient, adminFor: AdminFor, now = new Date(), limit = 500): Promise<DrainResult> {
  const due = await db.outboxMessage.findMany({
    where: { kind: MEMBER_SYNC, nextAttemptAt: { lte: now } },
    include: { shop: { select: { domain: true, uninstalledAt: true } } },
    orderBy: { id: "asc" },
    take: limit,
  });
  const result: DrainResult = { sent: 0, failed: 0, calls: 0, dropped: 0 };
  const byShop = Map.groupBy(due, (m) => m.shop.domain);
  for (const [domain, messages] of byShop) {
    const membersPerCall = Math.floor(METAFIELDS_PER_CALL / METAFIELDS_PER_MEMBER);
    for (let i = 0; i < messages.length; i += membersPerCall) {
      const batch = messages.slice(i, i + membersPerCall);
      const memberIds = batch.map((m) => (JSON.parse(m.payload) as { memberId: string }).memberId);
      // Sent as they are now, not as they were when the message was written.
      const members = await db.member.findMany({ where: { id: { in: memberIds }, redactedAt: null }, include: { tier: true, shop: { select: { settings: { select: { expiryMode: true, expiryMonths: true } } } } } });
      const expiries = members.length ? await nextExpiries(db, members[0].shop.settings ?? { expiryMode: "none", expiryMonths: 0 }, members, now) : new Map();
      const metafields: MetafieldsSetInput[] = [];
      for (const m of members) {
        const referralCode = await referralCodeOf(db, m);
        metafields.push(...memberMetafields({ customerId: m.customerId, balance: m.balance, pendingPoints: m.pendingPoints, tierName: m.tier?.name ?? null, referralCode, nextExpiry: expiries.get(m.id) ?? null }));
      }
      try {
        const graphql = await adminFor(domain);
        const missing = await sendMetafields(graphql, metafields, result);
        // Then Klub's tags, for the segments of exclusive offers: a call only when they change.
        await syncMemberTags(db, graphql, members, missing);
        for (const message of batch) {
          const member = members.find((m) => m.id === (JSON.parse(message.payload) as { memberId: string }).memberId);
          if (member && missing.has(`gid://shopify/Customer/${member.customerId}`)) {
            logger.warn({ shop: domain, customerId: member.customerId }, "customer not in Shopify: its metafields were not sent");
            result.dropped++;
          } else result.sent++;
          // A change coalesced in meanwhile bumped the version: that one still has to go.
          await db.outboxMessage.deleteMany({ where: { id: message.id, version: message.version } });
        }
      } catch (error) {
        result.failed += batch.length;
        logger.warn({ err: error, shop: domain, messages: batch.length }, "outbox batch failed; will retry");
        for (const message of batch) await retryLater(db, message, error, now);
      }
    }
  }
  return result;
}
