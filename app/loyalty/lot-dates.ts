// When earned points become spendable (pending period) and when they expire.
import { addDays, addMonths } from "date-fns";

export type ExpiryMode = "none" | "lot" | "inactivity";

export interface KeepingRules {
  pendingDays: number;
  expiryMode: ExpiryMode;
  expiryMonths: number;
}

/** The UTC day of a moment, YYYY-MM-DD: the day keys of expiry, reminders, birthdays and analytics. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** When something happened in business time (an order, a refund, a signup): never later than now, whatever the sender's clock. */
export function happenedAt(at: Date | null | undefined, now: Date): Date {
  return at && at < now ? at : now;
}

export function spendableFrom(earnedAt: Date, rules: Pick<KeepingRules, "pendingDays">): Date {
  return rules.pendingDays > 0 ? addDays(earnedAt, rules.pendingDays) : earnedAt;
}

/** Per-lot expiry counts from the day the points became spendable; other modes set no date on lots. */
export function lotExpiresAt(availableAt: Date, rules: KeepingRules): Date | null {
  return rules.expiryMode === "lot" ? addMonths(availableAt, rules.expiryMonths) : null;
}

/** With inactivity expiry, members whose last activity is before this lose their points. */
export function inactivityCutoff(now: Date, rules: KeepingRules): Date | null {
  return rules.expiryMode === "inactivity" ? addMonths(now, -rules.expiryMonths) : null;
}
