import type { PrismaClient } from "@prisma/client";

import type { CustomerDetails } from "./events";

export type { CustomerDetails };

/** The member for a Shopify customer, enrolled on first sight; details are kept in step. */
export async function ensureMember(db: PrismaClient, shopId: string, customer: CustomerDetails) {
  const details = {
    email: customer.email ?? undefined,
    firstName: customer.firstName ?? undefined,
    lastName: customer.lastName ?? undefined,
    birthday: customer.birthday ?? undefined,
  };
  return db.member.upsert({
    where: { shopId_customerId: { shopId, customerId: customer.customerId } },
    update: details,
    create: { shopId, customerId: customer.customerId, ...details },
  });
}
