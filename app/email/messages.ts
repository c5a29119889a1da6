// The program's emails to members: what each says, in the member's language, as blocks that
// layout.tsx renders as HTML and plainText() as text. One place per email type; the owner's own
// subject and opening line, per language, replace the defaults when given.
import { formatter } from "../i18n/format";
import { translator, type Locale } from "../i18n/i18n";
import type { NoticeFacts, NoticeType as EmailType } from "../loyalty/notices";

export { NOTICE_TYPES as EMAIL_TYPES, type NoticeType as EmailType } from "../loyalty/notices";

/**
 * What each email is about: the notice's facts, and as the email is sent the member's balance and
 * their recommended next reward (app/loyalty/next-reward.server.ts), when there is one.
 */
export type EmailFacts = { [T in EmailType]: NoticeFacts[T] & { balance: number; nextReward?: { name: string; missing: number } | null } };

/** The shop, as its emails show it. */
export interface Brand {
  shopName: string;
  /** The program's colour (the widget's accent), #rrggbb. */
  accent: string;
  logoUrl: string | null;
  /** Where the email's button leads: the shop's loyalty page. */
  loyaltyUrl: string;
}

export interface Recipient {
  firstName: string | null;
  locale: Locale;
}

/** The owner's words for one language; blank parts keep Klub's. */
export interface OwnWords {
  subject?: string;
  opening?: string;
}

/** An email's content, before it is laid out. */
export interface EmailBody {
  locale: Locale;
  subject: string;
  heading: string;
  paragraphs: string[];
  code: { label: string; value: string; note: string | null } | null;
  action: { label: string; url: string };
  footer: string;
  unsubscribe: { label: string; url: string };
}

/**
 * What one email type adds to the shop's and member's names: the values of its sentences (its
 * opening, which the owner may replace, then its fact), the lines after them, a code.
 */
interface Part {
  values?: Record<string, string>;
  details?: string[];
  code?: EmailBody["code"];
  /** Another of the type's openings, when the facts call for it (a partner's voucher is not entered at checkout). */
  opening?: string;
}

interface Words {
  t: ReturnType<typeof translator>;
  points: (n: number) => string;
  date: (iso: string) => string;
  number: (n: number) => string;
}

const PARTS: { [T in EmailType]: (facts: EmailFacts[T], w: Words) => Part } = {
  welcome: (f, w) => ({ values: { points: w.points(f.balance) } }),
  rewardRedeemed: (f, w) => ({
    values: { reward: f.reward, points: w.points(f.points) },
    ...(f.partner ? { opening: "openingPartner" } : {}),
    code: f.code ? { label: w.t("emails.rewardRedeemed.codeLabel"), value: f.code, note: f.expiresAt ? w.t("emails.rewardRedeemed.validUntil", { date: w.date(f.expiresAt) }) : null } : null,
    details: [w.t("emails.balance", { points: w.points(f.balance) })],
  }),
  tierReached: (f, w) => ({
    values: { tier: f.tier },
    details: f.multiplierPercent > 100 ? [w.t("emails.tierReached.multiplier", { percent: `${w.number(f.multiplierPercent)}%` })] : [],
  }),
  pointsExpiring: (f, w) => ({
    values: { number: w.number(f.points), date: w.date(f.expiresAt), days: w.t("emails.days", { count: f.days, formatted: w.number(f.days) }) },
    details: [w.t("emails.balance", { points: w.points(f.balance) })],
  }),
  birthday: (f, w) => ({ values: { points: w.points(f.points) } }),
  referralSucceeded: (f, w) => ({ values: { points: w.points(f.points) } }),
  pointsReminder: (f, w) => ({ values: { points: w.points(f.balance) } }),
  pointsEarned: (f, w) => ({ values: { points: w.points(f.points), order: f.order }, details: [w.t("emails.balance", { points: w.points(f.balance) })] }),
};

export function composeEmail<T extends EmailType>(type: T, facts: EmailFacts[T], to: Recipient, brand: Brand, unsubscribeUrl: string, own: OwnWords = {}): EmailBody {
  const t = translator(to.locale);
  const format = formatter(to.locale);
  const words: Words = { t, date: format.date, number: format.number, points: (n) => t("emails.points", { count: n, formatted: format.number(n) }) };
  const part = PARTS[type](facts, words);
  const values = { shop: brand.shopName, name: to.firstName ?? "", ...part.values };
  const key = (name: string) => `emails.${type}.${name}`;
  return {
    locale: to.locale,
    subject: own.subject?.trim() || t(key("subject"), values),
    heading: t(key(to.firstName ? "headingNamed" : "heading"), values),
    paragraphs: [own.opening?.trim() || t(key(part.opening ?? "opening"), values), t(key("fact"), values), ...(part.details ?? []), ...nextRewardLine(facts.nextReward, words)],
    code: part.code ?? null,
    action: { label: t(key("action")), url: brand.loyaltyUrl },
    footer: t("emails.footer", { shop: brand.shopName }),
    unsubscribe: { label: t("emails.unsubscribe"), url: unsubscribeUrl },
  };
}

/** What the member's points lead to next, as the storefront words it. */
function nextRewardLine(next: EmailFacts[EmailType]["nextReward"], w: Words): string[] {
  if (!next) return [];
  return [next.missing > 0 ? w.t("storefront.recommended.toGo", { name: next.name, points: w.points(next.missing) }) : w.t("storefront.recommended.ready", { name: next.name })];
}

/** The email as plain text: the same words, in reading order. */
export function plainText(body: EmailBody): string {
  return [
    body.heading,
    ...body.paragraphs,
    ...(body.code ? [`${body.code.label}: ${body.code.value}`, ...(body.code.note ? [body.code.note] : [])] : []),
    `${body.action.label}: ${body.action.url}`,
    "--",
    body.footer,
    `${body.unsubscribe.label}: ${body.unsubscribe.url}`,
  ].join("\n\n");
}
