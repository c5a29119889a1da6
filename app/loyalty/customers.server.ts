// Customers as Shopify reports them: enrolment with its signup bonus, details kept in step.
import { credit } from "./ledger.server";
import { inTransaction, type DbOrTx } from "./transactions.server";
import { lotExpiresAt } from "./lot-dates";
import { emailFacts, ensureMember, withSearchKeys, type CustomerDetails } from "./members.server";
import { programRules } from "./program";

/** A new customer: enrolled when the program enrols everyone, with the signup bonus once. */
export async function enrolNewCustomer(db: DbOrTx, shopId: string, customer: CustomerDetails, now = new Date()) {
  return inTransaction(db, async (tx) => {
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { programEnabled: true } });
    if (!shop.programEnabled) return null; // no enrolment, no signup bonus while the program is off
    const rules = programRules(await tx.programSettings.findUniqueOrThrow({ where: { shopId } }));
    const existing = await tx.member.findUnique({ where: { shopId_customerId: { shopId, customerId: customer.customerId } } });
    if (!existing && rules.enrollment !== "all") return null;
    // Business time: the customer signed up when Shopify created them (a late delivery changes nothing).
    const signedUpAt = customer.createdAt && customer.createdAt < now ? customer.createdAt : now;
    const member = await ensureMember(tx, shopId, customer, now, signedUpAt);
    if (rules.signupBonus > 0) {
      await credit(tx, {
        shopId, memberId: member.id, kind: "earn", key: `customer:${customer.customerId}:signup`,
        points: rules.signupBonus, reason: { code: "signup" }, now, occurredAt: signedUpAt, expiresAt: lotExpiresAt(signedUpAt, rules),
      });
    }
    return member;
  });
}

/** Keeps a member's name, email and birthday as in Shopify; customers who are not members are left alone. */
export async function updateCustomerDetails(db: DbOrTx, shopId: string, customer: CustomerDetails) {
  const { count } = await db.member.updateMany({
    where: { shopId, customerId: customer.customerId, redactedAt: null },
    data: {
      ...withSearchKeys({ email: customer.email ?? null, firstName: customer.firstName ?? null, lastName: customer.lastName ?? null }),
      ...(customer.birthday !== undefined ? { birthday: customer.birthday } : {}),
      ...emailFacts(customer),
    },
  });
  return count > 0;
}
