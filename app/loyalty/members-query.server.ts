// The members index and a member's page: keyset pagination (no OFFSET, so page 2,000 costs what
// page 1 does), search by email or name prefix, any case (an index range on lower-cased keys),
// filters by tier and balance.
import type { Prisma, PrismaClient } from "@prisma/client";
import { searchKey } from "./members.server";
import { tierProgress } from "./tiers";

export const MEMBER_SORTS = ["balance_desc", "balance_asc", "recent", "name"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export interface MemberQuery {
  q?: string;
  tierId?: string | "none";
  minBalance?: number;
  sort: MemberSort;
  cursor?: string;
  take?: number;
}

interface Cursor {
  value: string | number | null;
  id: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString()) as Cursor;
    return typeof c.id === "string" ? c : null;
  } catch {
    return null;
  }
}

const ORDER: Record<MemberSort, { field: "balance" | "enrolledAt" | "lastName"; direction: "asc" | "desc" }> = {
  balance_desc: { field: "balance", direction: "desc" },
  balance_asc: { field: "balance", direction: "asc" },
  recent: { field: "enrolledAt", direction: "desc" },
  name: { field: "lastName", direction: "asc" },
};

/** A page of members; `tierNames` (the shop's tiers, which the page loads anyway) names their tiers without a join. */
export async function listMembers(db: PrismaClient, shopId: string, query: MemberQuery, tierNames: { id: string; name: string }[] = []) {
  const take = Math.min(Math.max(query.take ?? 50, 1), 200);
  const { field, direction } = ORDER[query.sort];
  const where: Prisma.MemberWhereInput = { shopId };
  const q = searchKey(query.q ?? "");
  if (q) {
    // A prefix as an index range on the lower-cased keys: ["ann", "ann\u{10ffff}").
    const prefix = { gte: q, lt: `${q}\u{10ffff}` };
    where.OR = q.includes("@") ? [{ emailKey: prefix }] : [{ emailKey: prefix }, { firstNameKey: prefix }, { lastNameKey: prefix }];
  }
  if (query.tierId) where.tierId = query.tierId === "none" ? null : query.tierId;
  if (query.minBalance !== undefined) where.balance = { gte: query.minBalance };
  const after = decode(query.cursor);
  const keyset: Prisma.MemberWhereInput[] = [];
  if (after) {
    const value = field === "enrolledAt" && after.value !== null ? new Date(after.value) : after.value;
    // Ties are broken by id in the sort's direction, so one index (shop, field, id) serves both ways.
    const beyond = direction === "desc" ? { lt: value } : { gt: value };
    const idBeyond = direction === "desc" ? { lt: after.id } : { gt: after.id };
    keyset.push({ OR: [{ [field]: beyond }, { [field]: value, id: idBeyond }] } as Prisma.MemberWhereInput);
  }
  const rows = await db.member.findMany({
    where: keyset.length ? { AND: [where, ...keyset] } : where,
    orderBy: [{ [field]: direction }, { id: direction }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  const last = page.at(-1);
  const lastValue = last ? (field === "enrolledAt" ? last.enrolledAt.toISOString() : last[field]) : null;
  return {
    members: page.map((m) => ({
      id: m.id,
      customerId: m.customerId,
      email: m.email,
      name: [m.firstName, m.lastName].filter(Boolean).join(" "),
      tier: tierNames.find((t) => t.id === m.tierId)?.name ?? null,
      balance: m.balance,
      pendingPoints: m.pendingPoints,
      enrolledAt: m.enrolledAt.toISOString(),
      redacted: m.redactedAt !== null,
    })),
    nextCursor: rows.length > take && last ? encode({ value: lastValue, id: last.id }) : null,
  };
}

export async function memberDetail(db: PrismaClient, shopId: string, memberId: string) {
  const member = await db.member.findFirst({ where: { id: memberId, shopId }, include: { tier: true } });
  if (!member) return null;
  const [tiers, lots, entries, redemptions, privacy] = await Promise.all([
    db.tier.findMany({ where: { shopId } }),
    db.pointLot.findMany({ where: { memberId, OR: [{ remaining: { gt: 0 } }, { pending: true }] }, orderBy: { id: "asc" }, take: 200 }),
    db.ledgerEntry.findMany({ where: { memberId }, orderBy: { id: "desc" }, take: 200 }),
    db.redemption.findMany({ where: { memberId }, include: { reward: { select: { name: true } } }, orderBy: { createdAt: "desc" }, take: 100 }),
    db.privacyRequest.findMany({ where: { shopId, memberId }, orderBy: { receivedAt: "desc" } }),
  ]);
  const progress = tierProgress(tiers, member.tierProgress);
  return {
    id: member.id,
    customerId: member.customerId,
    email: member.email,
    birthday: member.birthday,
    name: [member.firstName, member.lastName].filter(Boolean).join(" "),
    redacted: member.redactedAt !== null,
    balance: member.balance,
    pendingPoints: member.pendingPoints,
    lifetimePoints: member.lifetimePoints,
    tier: member.tier?.name ?? null,
    hasTiers: tiers.length > 0,
    progress: { next: progress.next?.name ?? null, toNext: progress.toNext, percent: progress.percent },
    lots: lots.map((l) => ({ id: l.id, amount: l.amount, remaining: l.remaining, pending: l.pending, availableAt: l.availableAt.toISOString(), expiresAt: l.expiresAt?.toISOString() ?? null })),
    entries: entries.map((e) => ({ id: e.id, at: e.createdAt.toISOString(), kind: e.kind, amount: e.amount, reason: e.reason, balanceAfter: e.balanceAfter })),
    redemptions: redemptions.map((r) => ({ id: r.id, at: r.createdAt.toISOString(), reward: r.reward.name, points: r.pointsSpent, code: r.code, status: r.status })),
    privacy: privacy.map((p) => ({ id: p.id, kind: p.kind, at: p.receivedAt.toISOString() })),
  };
}
