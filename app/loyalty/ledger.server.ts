// The points ledger. Points move only as append-only entries, each posted exactly once per
// idempotency key, in the same transaction as the member's balance, lots and tier.
//
// Invariants (tests/ledger.property.test.ts checks them after every step):
//   balance + pendingPoints = sum of the member's entries
//   pendingPoints = sum of the remaining points of pending lots
//   sum of the remaining points of spendable lots = max(0, balance)
//   0 <= lot.remaining <= lot.amount
import type { LedgerEntry, Member } from "@prisma/client";
import { reasonColumns, type Reason } from "./ledger-reasons";
import { enqueueMemberSync } from "./outbox.server";
import { inTransaction, sql, type DbOrTx, type Tx } from "./transactions.server";
import { EARNING_KINDS, refreshTier, type TierSetup } from "./tier-progress.server";
import { flowOfEntry } from "./flow-events";
import { announce } from "./flow-events.server";
import { noticeOfEntry } from "./notices";
import { notify } from "./notices.server";

export type EntryKind = "earn" | "redeem" | "clawback" | "cancel" | "adjust" | "expire" | "reversal";



export class LedgerError extends Error {
  override name = "LedgerError";
}

export class InsufficientPoints extends LedgerError {
  override name = "InsufficientPoints";
  constructor(
    readonly balance: number,
    readonly required: number,
  ) {
    super(`Not enough points: ${balance} available, ${required} needed`);
  }
}

/**
 * A key posted again with different contents: never a silent replay (as TigerBeetle answers
 * exists_with_different_*). The caller has a bug or the event changed; a person must look.
 */
export class LedgerConflict extends LedgerError {
  override name = "LedgerConflict";
  constructor(
    readonly key: string,
    readonly field: "member" | "kind" | "amount",
    readonly first: string | number,
    readonly again: string | number,
  ) {
    super(`Ledger key ${key} exists with a different ${field}: posted ${first}, now ${again}`);
  }
}

export interface Posted {
  entry: LedgerEntry;
  /** True when the key had been posted before with the same contents: nothing changed and the first entry is returned. */
  replayed: boolean;
}

/** What a posting asks for, compared with the first entry of its key on a replay. */
interface Expected {
  memberId: string;
  kind: EntryKind;
  /** Signed points asked for (a clawback may take less); undefined when derived from the state (expiry). */
  requested?: number;
}

interface EntryBase {
  shopId: string;
  memberId: string;
  /** The business event: order:<id>:earn, refund:<id>, redeem:<request id>, expire:<lot id>. */
  key: string;
  reason: Reason;
  now?: Date;
  /** Business time: when the order, refund or signup happened (defaults to now). Analytics and tier windows count by it. */
  occurredAt?: Date;
  /** The shop's tiers, when the caller has them already (saves reading them again). */
  tierSetup?: TierSetup | null;
}

function assertPoints(points: number): void {
  if (!Number.isSafeInteger(points) || points <= 0) {
    throw new LedgerError(`Points must be a positive whole number, got ${points}`);
  }
}

/**
 * Runs `post` once per (shop, key). A replay with the same member, kind and amount returns the
 * first entry and changes nothing; a replay with any of them different throws LedgerConflict.
 */
async function once(
  db: DbOrTx,
  shopId: string,
  key: string,
  expected: Expected | null,
  post: (tx: Tx) => Promise<LedgerEntry>,
): Promise<Posted> {
  return inTransaction(db, async (tx) => {
    // Typed SQL, and only what is compared: every posting asks, nearly always to find nothing.
    const [existing] = await sql(tx).query<Pick<LedgerEntry, "id" | "memberId" | "kind" | "amount" | "requested">>`
      SELECT "id", "memberId", "kind", "amount", "requested" FROM "LedgerEntry" WHERE "shopId" = ${shopId} AND "idempotencyKey" = ${key}`;
    if (!existing) return { entry: await post(tx), replayed: false };
    if (expected) {
      if (existing.memberId !== expected.memberId) throw new LedgerConflict(key, "member", existing.memberId, expected.memberId);
      if (existing.kind !== expected.kind) throw new LedgerConflict(key, "kind", existing.kind, expected.kind);
      const asked = existing.requested ?? existing.amount;
      if (expected.requested !== undefined && asked !== expected.requested) throw new LedgerConflict(key, "amount", asked, expected.requested);
    }
    return { entry: await tx.ledgerEntry.findUniqueOrThrow({ where: { id: existing.id } }), replayed: true };
  });
}

async function memberOf(tx: Tx, shopId: string, memberId: string): Promise<Member> {
  const member = await tx.member.findFirst({ where: { id: memberId, shopId } });
  if (!member) throw new LedgerError(`No member ${memberId} in this shop`);
  return member;
}

/** Takes points from spendable lots, soonest to expire first, then earliest earned. Returns what was taken. */
async function consumeLots(tx: Tx, memberId: string, points: number): Promise<number> {
  let left = points;
  while (left > 0) {
    const lots = await tx.pointLot.findMany({
      where: { memberId, pending: false, remaining: { gt: 0 } },
      orderBy: [{ expiresAt: { sort: "asc", nulls: "last" } }, { earnedAt: "asc" }, { id: "asc" }],
      take: 50,
    });
    if (lots.length === 0) break;
    for (const lot of lots) {
      const take = Math.min(left, lot.remaining);
      await tx.pointLot.update({ where: { id: lot.id }, data: { remaining: { decrement: take } } });
      left -= take;
      if (left === 0) break;
    }
  }
  return points - left;
}

async function writeEntry(
  tx: Tx,
  member: Member,
  data: {
    kind: EntryKind;
    amount: number;
    /** The signed amount asked for, when it differs from what was posted (a clawback short of points). */
    requested?: number;
    key: string;
    reason: Reason;
    orderId?: string;
    actor?: string;
    now: Date;
    occurredAt?: Date;
    tierSetup?: TierSetup | null;
  },
): Promise<LedgerEntry> {
  const { reason, reasonParams } = reasonColumns(data.reason);
  // Typed SQL: every posting writes one (docs/benchmarks.md).
  const [entry] = await sql(tx).query<LedgerEntry>`
    INSERT INTO "LedgerEntry" ("shopId", "memberId", "kind", "amount", "requested", "balanceAfter", "reason", "reasonParams", "idempotencyKey", "orderId", "actor", "occurredAt", "createdAt")
    VALUES (${member.shopId}, ${member.id}, ${data.kind}, ${data.amount}, ${data.requested ?? data.amount}, ${member.balance}, ${reason}, ${reasonParams},
      ${data.key}, ${data.orderId ?? null}, ${data.actor ?? null}, ${data.occurredAt ?? data.now}, ${data.now})
    RETURNING *`;
  await refreshTier(tx, member, data.now, data.tierSetup);
  await enqueueMemberSync(tx, member, data.now);
  const notice = noticeOfEntry(entry);
  if (notice) await notify(tx, { shopId: member.shopId, memberId: member.id, ...notice, key: `entry:${entry.id}`, now: data.now });
  const flow = flowOfEntry(entry);
  if (flow) await announce(tx, { shopId: member.shopId, customerId: member.customerId, ...flow, key: `entry:${entry.id}`, now: data.now });
  return entry;
}

export interface CreditInput extends EntryBase {
  kind: Extract<EntryKind, "earn" | "adjust" | "reversal">;
  points: number;
  orderId?: string;
  actor?: string;
  /** Spendable from this moment; later than now makes the points pending until then. */
  availableAt?: Date;
  expiresAt?: Date | null;
}

/**
 * Adds points as a new lot. Pending points wait in pendingPoints; spendable ones first repay any
 * debt left by an earlier clawback, and only the rest stays in the lot.
 */
export async function credit(db: DbOrTx, input: CreditInput): Promise<Posted> {
  assertPoints(input.points);
  const now = input.now ?? new Date();
  const availableAt = input.availableAt ?? now;
  const pending = availableAt > now;
  return once(db, input.shopId, input.key, { memberId: input.memberId, kind: input.kind, requested: input.points }, async (tx) => {
    // One statement updates and returns the member (typed SQL: the hot path of every order).
    const toBalance = pending ? 0 : input.points;
    const toLifetime = EARNING_KINDS.includes(input.kind) ? input.points : 0;
    const [member] = await sql(tx).query<Member>`
      UPDATE "Member" SET "balance" = "balance" + ${toBalance}, "pendingPoints" = "pendingPoints" + ${input.points - toBalance},
        "lifetimePoints" = "lifetimePoints" + ${toLifetime}, "lastActivityAt" = ${now}, "updatedAt" = ${new Date()}
      WHERE "id" = ${input.memberId} AND "shopId" = ${input.shopId} RETURNING *`;
    if (!member) throw new LedgerError(`No member ${input.memberId} in this shop`);
    const balanceBefore = pending ? member.balance : member.balance - input.points;
    const debtRepaid = Math.min(Math.max(0, -balanceBefore), pending ? 0 : input.points);
    const entry = await writeEntry(tx, member, { ...input, amount: input.points, now });
    const remaining = input.points - debtRepaid;
    if (remaining > 0) {
      await sql(tx).execute`
        INSERT INTO "PointLot" ("shopId", "memberId", "entryId", "orderId", "amount", "remaining", "pending", "availableAt", "expiresAt", "earnedAt", "createdAt")
        VALUES (${input.shopId}, ${member.id}, ${entry.id}, ${input.orderId ?? null}, ${input.points}, ${remaining}, ${pending}, ${availableAt}, ${input.expiresAt ?? null}, ${input.occurredAt ?? now}, ${now})`;
    }
    return entry;
  });
}

export interface DebitInput extends EntryBase {
  kind: Extract<EntryKind, "redeem" | "adjust">;
  points: number;
  actor?: string;
}

/**
 * Spends points: one conditional statement checks and debits (balance >= points), so concurrent
 * spends can never overspend. Throws InsufficientPoints and changes nothing when short.
 */
export async function debit(db: DbOrTx, input: DebitInput): Promise<Posted> {
  assertPoints(input.points);
  const now = input.now ?? new Date();
  return once(db, input.shopId, input.key, { memberId: input.memberId, kind: input.kind, requested: -input.points }, async (tx) => {
    const { count } = await tx.member.updateMany({
      where: { id: input.memberId, shopId: input.shopId, balance: { gte: input.points } },
      data: { balance: { decrement: input.points }, lastActivityAt: now },
    });
    if (count === 0) {
      const member = await memberOf(tx, input.shopId, input.memberId);
      throw new InsufficientPoints(member.balance, input.points);
    }
    await consumeLots(tx, input.memberId, input.points);
    const member = await memberOf(tx, input.shopId, input.memberId);
    return writeEntry(tx, member, { ...input, amount: -input.points, now });
  });
}

export interface ClawbackInput extends EntryBase {
  kind: Extract<EntryKind, "clawback" | "cancel">;
  points: number;
  orderId: string;
  /** When false, the balance stops at zero and what is left unrecovered stays with the member. */
  allowNegativeBalance: boolean;
}

/**
 * Takes back points an order earned: first from that order's own lots (pending or not), then
 * from the balance, which may go below zero when the setting allows (a debt repaid by future
 * earning). The entry records what was actually taken.
 */
export async function clawback(db: DbOrTx, input: ClawbackInput): Promise<Posted> {
  assertPoints(input.points);
  const now = input.now ?? new Date();
  return once(db, input.shopId, input.key, { memberId: input.memberId, kind: input.kind, requested: -input.points }, async (tx) => {
    const before = await memberOf(tx, input.shopId, input.memberId);
    let left = input.points;
    let fromPending = 0;
    let fromBalance = 0;
    const orderLots = await tx.pointLot.findMany({
      where: { memberId: before.id, orderId: input.orderId, remaining: { gt: 0 } },
      orderBy: { id: "asc" },
    });
    for (const lot of orderLots) {
      if (left === 0) break;
      const take = Math.min(left, lot.remaining);
      await tx.pointLot.update({ where: { id: lot.id }, data: { remaining: { decrement: take } } });
      if (lot.pending) fromPending += take;
      else fromBalance += take;
      left -= take;
    }
    if (left > 0) {
      const spendable = Math.max(0, before.balance - fromBalance);
      const fromLots = Math.min(left, spendable);
      await consumeLots(tx, before.id, fromLots);
      fromBalance += input.allowNegativeBalance ? left : fromLots;
    }
    const taken = fromPending + fromBalance;
    const member = await tx.member.update({
      where: { id: before.id },
      data: {
        balance: { decrement: fromBalance },
        pendingPoints: { decrement: fromPending },
        lifetimePoints: { decrement: taken },
      },
    });
    return writeEntry(tx, member, { ...input, amount: -taken, requested: -input.points, now });
  });
}

/** Expires what is left of a spendable lot, once (key expire:<lot id>). */
export async function expireLot(
  db: DbOrTx,
  input: { shopId: string; lotId: number; now?: Date },
): Promise<Posted> {
  const now = input.now ?? new Date();
  // What expires is what is left of the lot when it first expires: a replay has nothing to compare.
  return once(db, input.shopId, `expire:${input.lotId}`, null, async (tx) => {
    const lot = await tx.pointLot.findFirst({ where: { id: input.lotId, shopId: input.shopId } });
    if (!lot) throw new LedgerError(`No lot ${input.lotId} in this shop`);
    if (lot.pending) throw new LedgerError(`Lot ${input.lotId} is still pending and cannot expire`);
    await tx.pointLot.update({ where: { id: lot.id }, data: { remaining: 0 } });
    const member = await tx.member.update({
      where: { id: lot.memberId },
      data: { balance: { decrement: lot.remaining } },
    });
    return writeEntry(tx, member, {
      kind: "expire",
      amount: -lot.remaining,
      key: `expire:${lot.id}`,
      reason: { code: "expired" },
      now,
      // Expired on its date, also when the job catches up after days away.
      occurredAt: lot.expiresAt && lot.expiresAt < now ? lot.expiresAt : now,
    });
  });
}

/**
 * Makes a pending lot spendable once its pending period is over. No entry is posted: the points
 * were already the member's, they only move from pendingPoints to balance (repaying debt first).
 * Returns false when the lot was not due or already released.
 */
export async function releaseLot(db: DbOrTx, lotId: number, now = new Date()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const lot = await tx.pointLot.findUnique({ where: { id: lotId } });
    if (!lot || !lot.pending || lot.availableAt > now) return false;
    const before = await tx.member.findUniqueOrThrow({ where: { id: lot.memberId } });
    const debtRepaid = Math.min(Math.max(0, -before.balance), lot.remaining);
    await tx.pointLot.update({
      where: { id: lot.id },
      data: { pending: false, remaining: lot.remaining - debtRepaid },
    });
    const member = await tx.member.update({
      where: { id: before.id },
      data: { balance: { increment: lot.remaining }, pendingPoints: { decrement: lot.remaining } },
    });
    await refreshTier(tx, member, now);
    await enqueueMemberSync(tx, member, now);
    return true;
  });
}
