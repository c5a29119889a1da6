// Customers' store credit accounts as Shopify keeps them: credits (storeCreditAccountCredit, each
// with an optional expiry) and debits (spent at checkout). What a customer can spend is the credit
// not yet spent and not expired; a debit uses the credit that expires soonest first, so credit
// about to lapse is not wasted.
import { fromMinor, toMinor } from "./money";
import type { Customer, Store } from "./state";

const never = Number.POSITIVE_INFINITY;

/** The customer's spendable store credit at `now`, in minor units of the shop's currency. */
export function storeCreditBalance(store: Store, customerId: number, now = new Date()): number {
  const currency = store.state.shop.currency;
  const transactions = store.state.storeCreditTransactions.filter((t) => t.customerId === customerId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const lots: { left: number; expires: number }[] = [];
  for (const t of transactions) {
    const minor = toMinor(t.amount, currency);
    const at = new Date(t.createdAt).getTime();
    if (minor > 0) {
      lots.push({ left: minor, expires: t.expiresAt ? new Date(t.expiresAt).getTime() : never });
      continue;
    }
    let owed = -minor;
    for (const lot of lots.filter((l) => l.left > 0 && l.expires > at).sort((a, b) => a.expires - b.expires)) {
      const taken = Math.min(owed, lot.left);
      lot.left -= taken;
      owed -= taken;
    }
  }
  return lots.filter((l) => l.expires > now.getTime()).reduce((sum, l) => sum + l.left, 0);
}

/** Pays `minor` of an order with the customer's store credit; refuses more than they can spend. */
export function debitStoreCredit(store: Store, customer: Customer, minor: number, orderId: number, now = new Date()): void {
  if (minor <= 0) return;
  const available = storeCreditBalance(store, customer.id, now);
  if (minor > available) throw new Error(`Store credit of ${customer.id} is ${available}, not ${minor}`);
  const currency = store.state.shop.currency;
  customer.storeCreditMinor -= minor;
  store.state.storeCreditTransactions.push({ id: store.nextId(), customerId: customer.id, amount: fromMinor(-minor, currency), currencyCode: currency, expiresAt: null, createdAt: now.toISOString(), orderId });
}

/** Shopify's checkout offers store credit only to customers signed in with new customer accounts. */
export function offersStoreCredit(store: Store, customer: Customer | undefined): customer is Customer {
  return !!customer && store.state.shop.customerAccountsVersion === "NEW_CUSTOMER_ACCOUNTS";
}
