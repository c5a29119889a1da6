// What members are told of, and what each notice says (numbers as numbers, dates as ISO strings):
// the facts app/email/messages.ts puts into words. The balance is added when the email is sent,
// so it is the balance the member has when they read it.

export const NOTICE_TYPES = ["welcome", "rewardRedeemed", "tierReached", "pointsExpiring", "birthday", "referralSucceeded", "pointsEarned", "pointsReminder"] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** Sent when the owner has not said otherwise ("points earned" would be one email per order). */
export const ON_BY_DEFAULT: readonly NoticeType[] = ["welcome", "rewardRedeemed", "tierReached", "pointsExpiring", "birthday", "referralSucceeded", "pointsReminder"];

/** Marketing rather than a reply to what the member did: sent only with the customer's email marketing consent. */
export const NEEDS_CONSENT: readonly NoticeType[] = ["pointsExpiring", "birthday", "pointsReminder"];

export interface NoticeFacts {
  welcome: Record<never, never>;
  /** `partner`: a partner's voucher, used at the partner rather than at this shop's checkout. */
  rewardRedeemed: { reward: string; code: string | null; points: number; expiresAt: string | null; partner?: boolean };
  tierReached: { tier: string; multiplierPercent: number };
  pointsExpiring: { points: number; expiresAt: string; days: number };
  birthday: { points: number };
  referralSucceeded: { points: number };
  pointsEarned: { points: number; order: string };
  /** "You have points to spend": sent by the shop's Flow workflows (the Send a Klub email action). */
  pointsReminder: Record<never, never>;
}

/** The notice a ledger entry makes, if any: points for an order, a birthday, a friend's first order. */
export function noticeOfEntry(entry: { kind: string; amount: number; reason: string; reasonParams: string | null }): { type: NoticeType; facts: NoticeFacts[NoticeType] } | null {
  if (entry.kind !== "earn" || entry.amount <= 0) return null;
  if (entry.reason === "order") {
    const params = entry.reasonParams ? (JSON.parse(entry.reasonParams) as { order?: string }) : {};
    return { type: "pointsEarned", facts: { points: entry.amount, order: params.order ?? "" } };
  }
  if (entry.reason === "birthday") return { type: "birthday", facts: { points: entry.amount } };
  if (entry.reason === "referral_friend") return { type: "referralSucceeded", facts: { points: entry.amount } };
  return null;
}

export function isNoticeType(value: string): value is NoticeType {
  return (NOTICE_TYPES as readonly string[]).includes(value);
}

/** The days before expiry a reminder goes out, largest first ("30,7" -> [30, 7]). */
export function reminderDays(setting: string): number[] {
  const days = setting.split(",").map((d) => Number(d.trim())).filter((d) => Number.isInteger(d) && d > 0 && d <= 365);
  return [...new Set(days)].sort((a, b) => b - a);
}
