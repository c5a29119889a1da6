// The members index and a member's page: keyset pagination (no OFFSET, so page 2,000 costs what
// page 1 does), search by any part of a name or email in any case and with or without accents (an
// FTS5 trigram index kept by triggers, decision 028; one or two letters match a prefix instead),
// filters by tier and balance.
import { storedReason } from "./ledger-reasons";
import { Prisma, type Member, type PrismaClient } from "@prisma/client";
import { searchKey } from "./members.server";
import { dialect } from "./sql-dialect.server";
import { sql, type DbOrTx } from "./transactions.server";
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

// Search reads `member_search`, an FTS5 table with the trigram tokenizer (any run of 3+ characters,
// any case) over each member's "first last email", keyed by Member's rowid and kept by triggers on
// Member (migration 20261201055323_member_search, decision 028). SQLite 3.44's trigram tokenizer cannot
// drop accents, so the triggers fold the letters below before indexing and a query is folded the same
// way here; tests/member-search.test.ts checks that the two agree on every letter.
const FOLD_SPECIAL: Record<string, string> = {
  Æ: "AE", æ: "ae", Œ: "OE", œ: "oe", Ĳ: "IJ", ĳ: "ij", Þ: "TH", þ: "th", Ŋ: "NG", ŋ: "ng", ß: "ss", ſ: "s",
  Ø: "O", ø: "o", Ð: "D", ð: "d", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ı: "i", ĸ: "k", Ŀ: "L", ŀ: "l", Ł: "L", ł: "l", Ŧ: "T", ŧ: "t",
  Ё: "Е", ё: "е",
};
// Combining accents (text typed or stored decomposed): grave to caron, comma below, cedilla, ogonek.
const COMBINING = [0x300, 0x301, 0x302, 0x303, 0x304, 0x306, 0x307, 0x308, 0x30a, 0x30b, 0x30c, 0x326, 0x327, 0x328];

/** The letters search reads as others: Latin-1 and Latin Extended-A (Polish, Czech, German, Nordic, French, Turkish...), Romanian ș ț, Russian ё. */
export const SEARCH_FOLDS: ReadonlyMap<string, string> = (() => {
  const folds = new Map<string, string>();
  for (const [first, last] of [[0xc0, 0x17f], [0x218, 0x21b]]) {
    for (let code = first; code <= last; code++) {
      const letter = String.fromCodePoint(code);
      const base = letter.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      if (FOLD_SPECIAL[letter]) folds.set(letter, FOLD_SPECIAL[letter]);
      else if (base !== letter && /^[A-Za-z]$/.test(base)) folds.set(letter, base);
    }
  }
  folds.set("Ё", "Е").set("ё", "е");
  for (const code of COMBINING) folds.set(String.fromCodePoint(code), "");
  return folds;
})();

/** Text as the search index holds it (before the tokenizer folds case). */
export function searchFold(text: string) {
  return Array.from(text, (c) => SEARCH_FOLDS.get(c) ?? c).join("");
}

const length = (text: string) => Array.from(text).length;

/**
 * The FTS5 query for what the owner typed: each word must occur somewhere in the member's name or
 * email. The trigram index cannot look up fewer than 3 characters, so a word of one or two is kept
 * with its neighbour ("jan ko" is looked up as one run, "jan ko"); null when the whole search is that
 * short, which then matches names and emails that begin with it.
 */
export function searchMatch(q: string): string | null {
  const phrases = searchPhrases(q);
  return phrases && phrases.map((p) => `"${p.replaceAll('"', '""')}"`).join(" AND ");
}

/** The runs of text a search needs, each somewhere in a member's name or email (searchMatch's phrases); null when too short. */
export function searchPhrases(q: string): string[] | null {
  const phrases: string[] = [];
  for (const word of searchFold(q.normalize("NFC")).split(/\s+/u).filter(Boolean)) {
    const last = phrases.at(-1);
    if (last !== undefined && (length(last) < 3 || length(word) < 3)) phrases[phrases.length - 1] = `${last} ${word}`;
    else phrases.push(word);
  }
  return phrases.length === 0 || length(phrases[0]) < 3 ? null : phrases;
}

/** A search for the dialects: its phrases, and them as one FTS5 query (SQLite's index reads that). */
export interface MemberSearch {
  phrases: string[];
  match: string;
}

/** A members page as SQL over "Member" AS m: its filters and the rows past its cursor, and its order. */
export type MemberPageSql = ReturnType<typeof pageFilters>;

// How a search's page is read: ./search-plan.ts (SQLite), the database's own plan (PostgreSQL).
export { SEARCH_PLAN } from "./search-plan";

/** A page's filters and the rows past its cursor, as SQL over "Member" AS m, and its order. */
function pageFilters(db: DbOrTx, shopId: string, query: MemberQuery, after: Cursor | null) {
  const { field, direction } = ORDER[query.sort];
  const column = Prisma.raw(`m."${field}"`);
  const dir = Prisma.raw(direction === "desc" ? "DESC" : "ASC");
  const filters = [Prisma.sql`m."shopId" = ${shopId}`];
  if (query.tierId) filters.push(query.tierId === "none" ? Prisma.sql`m."tierId" IS NULL` : Prisma.sql`m."tierId" = ${query.tierId}`);
  if (query.minBalance !== undefined) filters.push(Prisma.sql`m."balance" >= ${query.minBalance}`);
  if (after) {
    // Ties are broken by id, as in the indexes (shop, field, id). Only lastName may be null; it is
    // sorted ascending, where SQLite puts nulls first.
    const value = field === "enrolledAt" && after.value !== null ? new Date(after.value) : after.value;
    const beyond = Prisma.raw(direction === "desc" ? "<" : ">");
    filters.push(value === null ? Prisma.sql`(${column} IS NOT NULL OR m."id" > ${after.id})` : Prisma.sql`(${column}, m."id") ${beyond} (${value}, ${after.id})`);
  }
  return { field, direction, column, dir: Prisma.sql`${dir}${dialect(db).nullsOrder(direction)}`, where: Prisma.join(filters, " AND ") };
}

/** A page of members; `tierNames` (the shop's tiers, which the page loads anyway) names their tiers without a join. */
export async function listMembers(db: PrismaClient, shopId: string, query: MemberQuery, tierNames: { id: string; name: string }[] = []) {
  const take = Math.min(Math.max(query.take ?? 50, 1), 200);
  const { field } = ORDER[query.sort];
  const after = decode(query.cursor);
  const phrases = searchPhrases(query.q ?? "");
  // Typed SQL: every members page reads here (docs/benchmarks.md, the admin at a million members).
  let rows: Member[];
  if (phrases) {
    const search = { phrases, match: searchMatch(query.q ?? "")! };
    const ids = await dialect(db).memberSearchPage(db, search, pageFilters(db, shopId, query, after), take);
    const found = ids.length ? new Map((await sql(db).query<Member>`SELECT * FROM "Member" WHERE "id" IN (${Prisma.join(ids)})`).map((m) => [m.id, m])) : new Map<string, Member>();
    rows = ids.flatMap((id) => found.get(id) ?? []);
  } else {
    const { column, dir, where } = pageFilters(db, shopId, query, after);
    const q = searchKey(query.q ?? "");
    // One or two letters: a prefix, as an index range on the lower-cased keys: ["an", "an\u{10ffff}").
    const keys = !q ? [] : q.includes("@") ? ["emailKey"] : ["emailKey", "firstNameKey", "lastNameKey"];
    const prefix = keys.length
      ? Prisma.sql`AND (${Prisma.join(keys.map((key) => Prisma.sql`(${Prisma.raw(`m."${key}"`)} >= ${q} AND ${Prisma.raw(`m."${key}"`)} < ${`${q}\u{10ffff}`})`), " OR ")})`
      : Prisma.empty;
    rows = await sql(db).query<Member>`SELECT m.* FROM "Member" AS m WHERE ${where} ${prefix} ORDER BY ${column} ${dir}, m."id" ${dir} LIMIT ${take + 1}`;
  }
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
    lots: lots.map((l) => ({ id: l.id, amount: l.amount, remaining: l.remaining, pending: l.pending, earnedAt: l.earnedAt.toISOString(), availableAt: l.availableAt.toISOString(), expiresAt: l.expiresAt?.toISOString() ?? null })),
    entries: entries.map((e) => ({ id: e.id, at: e.occurredAt.toISOString(), kind: e.kind, amount: e.amount, reason: storedReason(e.reason, e.reasonParams), balanceAfter: e.balanceAfter })),
    redemptions: redemptions.map((r) => ({ id: r.id, at: r.createdAt.toISOString(), reward: r.reward.name, points: r.pointsSpent, code: r.code, status: r.status })),
    privacy: privacy.map((p) => ({ id: p.id, kind: p.kind, at: p.receivedAt.toISOString() })),
  };
}
