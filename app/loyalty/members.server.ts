import type { CustomerDetails } from "./events";
import type { DbOrTx } from "./ledger.server";

export type { CustomerDetails };

/** The member for a Shopify customer, enrolled on first sight; details are kept in step. The one place members are made. */
export async function ensureMember(db: DbOrTx, shopId: string, customer: CustomerDetails, now = new Date()) {
  const details = {
    email: customer.email ?? undefined,
    firstName: customer.firstName ?? undefined,
    lastName: customer.lastName ?? undefined,
    birthday: customer.birthday ?? undefined,
  };
  return db.member.upsert({
    where: { shopId_customerId: { shopId, customerId: customer.customerId } },
    update: details,
    create: { shopId, customerId: customer.customerId, ...details, enrolledAt: now, lastActivityAt: now },
  });
}
