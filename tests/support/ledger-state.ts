// Reads the ledger's invariants straight from the database, for tests.
import type { PrismaClient } from "@prisma/client";

export interface MemberState {
  balance: number;
  pendingPoints: number;
  lifetimePoints: number;
  entriesSum: number;
  spendableLots: number;
  pendingLots: number;
  lotsOutOfRange: number;
}

export async function memberState(db: PrismaClient, memberId: string): Promise<MemberState> {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId } });
  const entries = await db.ledgerEntry.aggregate({ where: { memberId }, _sum: { amount: true } });
  const lots = await db.pointLot.findMany({ where: { memberId } });
  return {
    balance: member.balance,
    pendingPoints: member.pendingPoints,
    lifetimePoints: member.lifetimePoints,
    entriesSum: entries._sum.amount ?? 0,
    spendableLots: lots.filter((l) => !l.pending).reduce((s, l) => s + l.remaining, 0),
    pendingLots: lots.filter((l) => l.pending).reduce((s, l) => s + l.remaining, 0),
    lotsOutOfRange: lots.filter((l) => l.remaining < 0 || l.remaining > l.amount).length,
  };
}

/** Every invariant of app/loyalty/ledger.server.ts; returns the broken ones (empty when sound). */
export function brokenInvariants(s: MemberState): string[] {
  const broken: string[] = [];
  if (s.balance + s.pendingPoints !== s.entriesSum) broken.push(`balance ${s.balance} + pending ${s.pendingPoints} != entries ${s.entriesSum}`);
  if (s.pendingLots !== s.pendingPoints) broken.push(`pending lots ${s.pendingLots} != pending ${s.pendingPoints}`);
  if (s.spendableLots !== Math.max(0, s.balance)) broken.push(`spendable lots ${s.spendableLots} != max(0, balance ${s.balance})`);
  if (s.lotsOutOfRange > 0) broken.push(`${s.lotsOutOfRange} lots outside 0..amount`);
  return broken;
}
