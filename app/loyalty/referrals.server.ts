// Referrals: a member shares a link with their code. A friend who signs up through it is linked to
// the member and gets the shop's welcome offer as a code; when the friend's first paid order comes,
// the friend gets the referee bonus and the member the referrer bonus, which stays pending for the
// shop's pending period and is withdrawn if that order is cancelled or refunded meanwhile. Once per
// friend; never for referring oneself (the same member, customer, email, shipping address or phone).
import type { Member, Prisma } from "@prisma/client";
import { randomInt } from "node:crypto";
import { clawback, credit, type Posted } from "./ledger.server";
import { grantReward } from "./grants.server";
import { ensureMember } from "./members.server";
import { sql, type DbOrTx } from "./transactions.server";
import { lotExpiresAt, spendableFrom } from "./lot-dates";
import { programRules, type ProgramRules } from "./program";
import type { TierSetup } from "./tier-progress.server";

type Tx = Prisma.TransactionClient;

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
/** How long after joining a customer can still be linked to the friend who invited them. */
const SIGNUP_LINK_DAYS = 30;

export interface ContactKeys {
  address: string | null;
  phone: string | null;
}

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

/** The member whose code this is, if any (codes are case-insensitive). */
export function referrerOf(db: DbOrTx, shopId: string, code: string) {
  return db.member.findUnique({ where: { shopId_referralCode: { shopId, referralCode: code.trim().toUpperCase() } } });
}

type Person = Pick<Member, "id" | "customerId" | "emailKey" | "addressKey" | "phoneKey">;

/** One person under two accounts: the same member, customer, email, shipping address or phone. */
export function samePerson(referrer: Person, friend: Person, friendKeys: ContactKeys | null = null): boolean {
  if (referrer.id === friend.id || referrer.customerId === friend.customerId) return true;
  if (friend.emailKey !== null && friend.emailKey === referrer.emailKey) return true;
  const addresses = [friendKeys?.address, friend.addressKey].filter((k): k is string => Boolean(k));
  const phones = [friendKeys?.phone, friend.phoneKey].filter((k): k is string => Boolean(k));
  return addresses.includes(referrer.addressKey ?? "") || phones.includes(referrer.phoneKey ?? "");
}

/** Keeps the hashes of the member's last shipping address and phone (for samePerson). */
export async function rememberContactKeys(tx: Tx, memberId: string, keys: ContactKeys) {
  if (!keys.address && !keys.phone) return;
  // Typed SQL: every paid order passes here. A key not given keeps the one known.
  await sql(tx).execute`
    UPDATE "Member" SET "addressKey" = COALESCE(${keys.address || null}, "addressKey"), "phoneKey" = COALESCE(${keys.phone || null}, "phoneKey"), "updatedAt" = ${new Date()}
    WHERE "id" = ${memberId}`;
}

/**
 * A signed-in shopper who arrived through an invite link: links them to the inviting member and
 * gives the shop's welcome offer, once. Only a new customer (joined in the last 30 days, no order
 * yet) who was not linked before can be. Returns the welcome redemption, or null when there is none.
 */
export async function linkReferral(tx: Tx, input: { shopId: string; customerId: string; code: string; now: Date }) {
  const { shopId, now } = input;
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, include: { settings: true } });
  if (!shop.programEnabled || !shop.settings) return { linked: false, welcome: null };
  const rules = programRules(shop.settings);
  const existing = await tx.member.findUnique({ where: { shopId_customerId: { shopId, customerId: input.customerId } } });
  const friend = existing ?? (rules.enrollment === "all" ? await ensureMember(tx, shopId, { customerId: input.customerId }, now) : null);
  const referrer = await referrerOf(tx, shopId, input.code);
  const isNew = friend && friend.orderCount === 0 && !friend.referredById && !friend.redactedAt && now.getTime() - friend.enrolledAt.getTime() <= SIGNUP_LINK_DAYS * 86_400_000;
  if (!friend || !isNew || !referrer || referrer.redactedAt || samePerson(referrer, friend)) return { linked: false, welcome: null };
  await tx.member.update({ where: { id: friend.id }, data: { referredById: referrer.id } });
  const welcome = shop.settings.refereeRewardId ? await grantReward(tx, friend, shop.settings.refereeRewardId, `referral-welcome:${friend.id}`, now) : null;
  return { linked: true, welcome };
}

/**
 * Credits both sides of a referral on `friendId`'s first paid order: the friend linked at signup,
 * or whose order carried a code. The referrer's bonus is pending until the order's pending period
 * is over (and tied to the order, so withdrawReferralBonus can take it back).
 */
export async function creditReferral(
  tx: Tx,
  input: { shopId: string; friendId: string; code: string | null; orderId: string; contactKeys: ContactKeys | null; rules: ProgramRules; tierSetup: TierSetup; now: Date; orderedAt: Date },
): Promise<Posted[]> {
  const { shopId, rules, now, orderedAt } = input;
  if (rules.referrerBonus <= 0 && rules.refereeBonus <= 0) return [];
  const friend = await tx.member.findUniqueOrThrow({ where: { id: input.friendId } });
  if (friend.orderCount !== 1) return []; // not their first order
  const referrer = friend.referredById
    ? await tx.member.findUnique({ where: { id: friend.referredById } })
    : input.code
      ? await referrerOf(tx, shopId, input.code)
      : null;
  if (!referrer || referrer.redactedAt || samePerson(referrer, friend, input.contactKeys)) return [];
  if (!friend.referredById) await tx.member.update({ where: { id: friend.id }, data: { referredById: referrer.id } });
  const availableAt = spendableFrom(orderedAt, rules);
  const posted: Posted[] = [];
  if (rules.refereeBonus > 0) {
    posted.push(await credit(tx, { shopId, memberId: friend.id, kind: "earn", key: `referral:${friend.id}:referee`, points: rules.refereeBonus, reason: { code: "referral_welcome" }, now, occurredAt: orderedAt, expiresAt: lotExpiresAt(orderedAt, rules), tierSetup: input.tierSetup }));
  }
  if (rules.referrerBonus > 0) {
    posted.push(
      await credit(tx, {
        shopId, memberId: referrer.id, kind: "earn", key: `referral:${friend.id}:referrer`, points: rules.referrerBonus, reason: { code: "referral_friend" },
        orderId: input.orderId, availableAt, now, occurredAt: orderedAt, expiresAt: lotExpiresAt(availableAt, rules), tierSetup: input.tierSetup,
      }),
    );
  }
  return posted;
}

/** The friend's first order was cancelled or refunded while the referrer's bonus was still pending: take it back, once. */
export async function withdrawReferralBonus(tx: Tx, input: { shopId: string; friendId: string; orderId: string; tierSetup: TierSetup; now: Date; occurredAt: Date }): Promise<Posted | null> {
  const entry = await tx.ledgerEntry.findFirst({ where: { shopId: input.shopId, idempotencyKey: `referral:${input.friendId}:referrer` } });
  if (!entry || entry.orderId !== input.orderId) return null;
  const lot = await tx.pointLot.findFirst({ where: { entryId: entry.id, pending: true, remaining: { gt: 0 } } });
  if (!lot) return null; // the pending period is over: the bonus stays
  return clawback(tx, {
    shopId: input.shopId, memberId: entry.memberId, kind: "clawback", key: `referral:${input.friendId}:referrer:withdrawn`, points: lot.remaining,
    orderId: input.orderId, allowNegativeBalance: false, reason: { code: "referral_withdrawn" }, now: input.now, occurredAt: input.occurredAt, tierSetup: input.tierSetup,
  });
}
