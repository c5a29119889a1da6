// Referrals: a member shares a link with their code; a friend who places their first paid order
// through it gets the referee bonus, and the member the referrer bonus. Once per friend; never for
// referring oneself (the same member, customer or email).
import type { Member, Prisma } from "@prisma/client";
import { randomInt } from "node:crypto";
import { credit, type Posted } from "./ledger.server";
import type { DbOrTx } from "./transactions.server";
import { lotExpiresAt } from "./lot-dates";
import type { ProgramRules } from "./program";
import type { TierSetup } from "./tier-progress.server";

type Tx = Prisma.TransactionClient;

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

/** A new referral code: 10 characters, about 10^15 of them, so a clash at a million members is a 1 in 2,000 chance (and retried). */
export function newReferralCode(): string {
  return Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

/** The member's code, made the first time it is needed (members from before referrals have none). */
export async function referralCodeOf(db: DbOrTx, member: Pick<Member, "id" | "referralCode">): Promise<string> {
  if (member.referralCode) return member.referralCode;
  const code = newReferralCode();
  const { count } = await db.member.updateMany({ where: { id: member.id, referralCode: null }, data: { referralCode: code } });
  if (count) return code;
  return (await db.member.findUniqueOrThrow({ where: { id: member.id } })).referralCode!; // made meanwhile
}

/** Credits both sides of a referral when `friendId`'s paid order carried a code and is their first. */
export async function creditReferral(
  tx: Tx,
  input: { shopId: string; friendId: string; code: string; rules: ProgramRules; tierSetup: TierSetup; now: Date },
): Promise<Posted[]> {
  const { shopId, rules, now } = input;
  if (rules.referrerBonus <= 0 && rules.refereeBonus <= 0) return [];
  const friend = await tx.member.findUniqueOrThrow({ where: { id: input.friendId } });
  if (friend.referredById || friend.orderCount !== 1) return []; // referred before, or not their first order
  const referrer = await tx.member.findUnique({ where: { shopId_referralCode: { shopId, referralCode: input.code.toUpperCase() } } });
  if (!referrer || referrer.redactedAt) return [];
  const same = referrer.id === friend.id || referrer.customerId === friend.customerId || (friend.emailKey !== null && friend.emailKey === referrer.emailKey);
  if (same) return [];
  await tx.member.update({ where: { id: friend.id }, data: { referredById: referrer.id } });
  const bonus = (memberId: string, side: "referee" | "referrer", points: number, reason: string) =>
    credit(tx, { shopId, memberId, kind: "earn", key: `referral:${friend.id}:${side}`, points, reason, now, expiresAt: lotExpiresAt(now, rules), tierSetup: input.tierSetup });
  const posted: Posted[] = [];
  if (rules.refereeBonus > 0) posted.push(await bonus(friend.id, "referee", rules.refereeBonus, "Referral bonus: welcome"));
  if (rules.referrerBonus > 0) posted.push(await bonus(referrer.id, "referrer", rules.referrerBonus, "Referral bonus: a friend's first order"));
  return posted;
}
