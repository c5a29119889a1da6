import type { CustomerDetails } from "./events";
import type { DbOrTx } from "./transactions.server";
import { newReferralCode } from "./referrals.server";
import { notify } from "./notices.server";
import { refreshTier } from "./tier-progress.server";
import { enqueueMemberSync } from "./outbox.server";

export type { CustomerDetails };

/** How search matches a name or email: its lower-cased form, compared by prefix. */
export function searchKey(text: string): string;
export function searchKey(text: string | null | undefined): string | null | undefined;
export function searchKey(text: string | null | undefined) {
  return typeof text === "string" ? text.trim().toLocaleLowerCase("en") : text;
}

type Names = { email?: string | null; firstName?: string | null; lastName?: string | null };

/** A member's email and names with the keys search reads; every write of these goes through here. */
export function withSearchKeys<T extends Names>(names: T) {
  return { ...names, emailKey: searchKey(names.email), firstNameKey: searchKey(names.firstName), lastNameKey: searchKey(names.lastName) };
}

/**
 * The member for a Shopify customer, enrolled on first sight; details are kept in step. The one place
 * members are made. enrolledAt is business time: when the signup or first order that enrols them happened.
 */
export async function ensureMember(db: DbOrTx, shopId: string, customer: CustomerDetails, now = new Date(), enrolledAt = now, { welcome = true } = {}) {
  const details = {
    ...withSearchKeys({ email: customer.email ?? undefined, firstName: customer.firstName ?? undefined, lastName: customer.lastName ?? undefined }),
    birthday: customer.birthday ?? undefined,
    ...emailFacts(customer),
  };
  const member = await db.member.upsert({
    where: { shopId_customerId: { shopId, customerId: customer.customerId } },
    update: details,
    create: { shopId, customerId: customer.customerId, ...details, referralCode: newReferralCode(), enrolledAt, lastActivityAt: now },
  });
  // One who joins now belongs in the tier that starts at nothing, if the shop has one, before
  // earning anything (an imported member with no points, a customer who only signed up).
  const joinedNow = member.enrolledAt.getTime() === enrolledAt.getTime() && member.lastActivityAt.getTime() === now.getTime();
  if (joinedNow && welcome) await notify(db, { shopId, memberId: member.id, type: "welcome", key: `welcome:${member.id}`, facts: {}, now });
  // Their customer joins the segments of members-only offers (its tags, decision 051).
  if (joinedNow) await enqueueMemberSync(db, member, now);
  return joinedNow && member.tierId === null ? refreshTier(db, member, now) : member;
}

/** What Shopify last said of the customer's language and email consent (nothing said: kept as it was). */
export function emailFacts(customer: Pick<CustomerDetails, "locale" | "emailConsent">) {
  return { ...(customer.locale ? { locale: customer.locale } : {}), ...(customer.emailConsent ? { emailConsent: customer.emailConsent } : {}) };
}
