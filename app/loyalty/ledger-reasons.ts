// Why points moved, kept as a code with its parameters (never as English text), so that each
// reader sees it in their own language: the admin renders `ledgerReasons.<code>` of app/i18n.
export const REASON_CODES = [
  "order", // params: order (its name, "#1041")
  "order_cancelled", // order
  "order_refunded", // order
  "reward_returned_cancelled", // order: the reward's points given back with the order
  "reward_returned_refunded", // order
  "redeemed", // reward (its name)
  "reward_failed", // reward: Shopify did not create the code
  "reward_cancelled", // reward: the shopper cancelled an unused code
  "signup",
  "birthday",
  "expired",
  "referral_welcome",
  "referral_friend",
  "referral_withdrawn",
  "social_follow", // network (its name, "Instagram"): following the shop's account
  "feedback", // answering the program's feedback question (once a quarter)
  "import", // file, line
  "manual", // note: the shop owner's own words
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];
export type ReasonParams = Record<string, string | number>;

export interface Reason {
  code: ReasonCode;
  params?: ReasonParams;
}

/** The columns a reason is stored in. */
export function reasonColumns(reason: Reason): { reason: string; reasonParams: string | null } {
  return { reason: reason.code, reasonParams: reason.params ? JSON.stringify(reason.params) : null };
}

/**
 * A stored reason read back. Entries written before reasons were codes hold English text: they are
 * shown as written (code null).
 */
export function storedReason(reason: string, reasonParams: string | null): { code: ReasonCode | null; params: ReasonParams; text: string } {
  const code = (REASON_CODES as readonly string[]).includes(reason) ? (reason as ReasonCode) : null;
  return { code, params: reasonParams ? (JSON.parse(reasonParams) as ReasonParams) : {}, text: reason };
}
