import type { CustomerDetails } from "./events";
import type { DbOrTx } from "./ledger.server";

export type { CustomerDetails };

/** How search matches a name or email: its lower-cased form, compared by prefix. */
export function searchKey(text: string): string;
export function searchKey(text: string | null | undefined): string | null | undefined;
export function searchKey(text: string | null | undefined) {
  return typeof text === "string" ? text.trim().toLocaleLowerCase("en") : text;
}

/** The member for a Shopify customer, enrolled on first sight; details are kept in step. The one place members are made. */
export async function ensureMember(db: DbOrTx, shopId: string, customer: CustomerDetails, now = new Date()) {
  const email = customer.email ?? undefined;
  const firstName = customer.firstName ?? undefined;
  const lastName = customer.lastName ?? undefined;
  const details = {
    email,
    firstName,
    lastName,
    emailKey: searchKey(email),
    firstNameKey: searchKey(firstName),
    lastNameKey: searchKey(lastName),
    birthday: customer.birthday ?? undefined,
  };
  return db.member.upsert({
    where: { shopId_customerId: { shopId, customerId: customer.customerId } },
    update: details,
    create: { shopId, customerId: customer.customerId, ...details, enrolledAt: now, lastActivityAt: now },
  });
}
