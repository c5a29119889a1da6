// When a member's next points expire, and how many: the soonest expiry date of their spendable
// lots and the points expiring that day (per-lot expiry), or their whole balance a set number of
// months after their last activity (inactivity expiry). Shown to Shopify as customer metafields
// (segments such as "points expiring this month") and used by the reminders before expiry.
import { addMonths } from "date-fns";
import type { DbOrTx } from "./transactions.server";
import { utcDay } from "./lot-dates";

export interface NextExpiry {
  points: number;
  at: Date;
}


/** Per member, the soonest expiry among lots (sorted by expiry) and the points expiring on that day. */
export function soonestPerMember(lots: { memberId: string; expiresAt: Date | null; remaining: number }[]): Map<string, NextExpiry> {
  const soonest = new Map<string, NextExpiry>();
  for (const lot of lots) {
    if (!lot.expiresAt) continue;
    const first = soonest.get(lot.memberId);
    if (!first) soonest.set(lot.memberId, { points: lot.remaining, at: lot.expiresAt });
    else if (utcDay(lot.expiresAt) === utcDay(first.at)) first.points += lot.remaining;
  }
  return soonest;
}

export async function nextExpiries(
  db: DbOrTx,
  shop: { expiryMode: string; expiryMonths: number },
  members: { id: string; balance: number; lastActivityAt: Date }[],
  now: Date,
): Promise<Map<string, NextExpiry>> {
  if (shop.expiryMode === "inactivity") {
    return new Map(members.filter((m) => m.balance > 0).map((m) => [m.id, { points: m.balance, at: addMonths(m.lastActivityAt, shop.expiryMonths) }]));
  }
  if (shop.expiryMode !== "lot" || !members.length) return new Map();
  const lots = await db.pointLot.findMany({
    where: { memberId: { in: members.map((m) => m.id) }, pending: false, remaining: { gt: 0 }, expiresAt: { gt: now } },
    select: { memberId: true, expiresAt: true, remaining: true },
    orderBy: [{ expiresAt: "asc" }],
  });
  return soonestPerMember(lots);
}
