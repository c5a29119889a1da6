// The shopper's state worded in their language: what the storefront panel, the cart block and the
// loyalty page show (JSON for the first two; the page renders the same view as Liquid). Numbers,
// money and dates are formatted for the reader's language here, so the theme's script only
// inserts text.
import type { Reward } from "@prisma/client";
import type { TFunction } from "i18next";
import type { Locale } from "../i18n/i18n";
import { formatMoney, minorPerUnit } from "../loyalty/money";
import { NETWORK_NAMES, type SocialNetwork } from "../loyalty/social";
import type { ShopperCode, ShopperState } from "../loyalty/shopper.server";

export interface Wording {
  t: TFunction;
  locale: Locale;
  currency: string;
}

export const formatNumber = (n: number, locale: Locale) => new Intl.NumberFormat(locale).format(n);
export const formatPoints = (n: number, w: Wording) => w.t("storefront.points", { count: n, formatted: formatNumber(n, w.locale) });
const formatDate = (d: Date, locale: Locale) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(d);

export function rewardText(reward: Reward, w: Wording): string {
  const money = (minor: number | null) => formatMoney(minor ?? 0, w.currency, w.locale);
  switch (reward.type) {
    case "fixed_amount":
      return w.t("storefront.reward.fixed_amount", { amount: money(reward.valueMinor) });
    case "percentage":
      return w.t("storefront.reward.percentage", { percent: new Intl.NumberFormat(w.locale, { style: "percent" }).format((reward.percentage ?? 0) / 100) });
    case "free_shipping":
      return reward.valueMinor ? w.t("storefront.reward.free_shipping_up_to", { amount: money(reward.valueMinor) }) : w.t("storefront.reward.free_shipping");
    case "free_product":
      return w.t("storefront.reward.free_product");
    case "store_credit":
      return w.t("storefront.reward.store_credit", { amount: money(reward.valueMinor) });
    case "partner_code":
      return w.t("storefront.reward.partner_code");
    default: // points_slider: pointsCost points buy one unit of the currency
      return w.t("storefront.reward.points_slider", { amount: money(minorPerUnit(w.currency)), points: formatPoints(reward.pointsCost, w) });
  }
}

export function codeView(code: ShopperCode, w: Wording) {
  // Store credit has no code: Klub credited the customer's Shopify account, and checkout offers it.
  // A partner's voucher is a code to copy and use at the partner, never applied in this shop.
  const storeCredit = code.reward.type === "store_credit";
  const kind = storeCredit ? ("store_credit" as const) : code.reward.type === "partner_code" ? ("partner_code" as const) : ("discount_code" as const);
  return {
    id: code.id,
    kind,
    code: code.code,
    /** The credit's amount, for the surfaces to word ("$5.00 store credit added to your account"). */
    amountText: storeCredit ? formatMoney(code.valueMinor ?? 0, w.currency, w.locale) : null,
    rewardName: code.reward.name,
    status: code.state,
    // A partner's voucher ready to use is used at the partner: the shopper is told where.
    statusText: w.t(kind === "partner_code" && code.state === "issued" ? "storefront.code.partner" : `storefront.code.${code.state}`),
    expiresText: code.expiresAt && code.state === "issued" ? w.t("storefront.code.expires", { date: formatDate(code.expiresAt, w.locale) }) : null,
    cancellable: code.cancellable,
  };
}

export function memberView(member: NonNullable<ShopperState["member"]>, w: Wording) {
  return {
    points: member.points,
    // Numbers alone: the theme's own strings say "{points} points" in each language.
    pointsText: formatNumber(member.points, w.locale),
    pendingPoints: member.pendingPoints,
    pendingText: formatNumber(member.pendingPoints, w.locale),
    tier: member.tier ? { name: member.tier.name } : null,
    nextTier: member.next
      ? { name: member.next.tier.name, remaining: member.next.remaining, remainingText: formatNumber(member.next.remaining, w.locale), progress: member.next.percent / 100 }
      : null,
    referralUrl: `/?ref=${encodeURIComponent(member.referralCode)}`,
  };
}

export interface WayToEarn {
  kind: string;
  text: string;
  /** A social account to follow: the profile to open, and the network to claim the points for. */
  network?: SocialNetwork;
  url?: string;
  claimed?: boolean;
}

export function waysToEarn(state: ShopperState, w: Wording): WayToEarn[] {
  const { rules } = state;
  const ways: WayToEarn[] = [{ kind: "order", text: w.t("storefront.earn.order", { points: formatPoints(rules.earnPoints, w), amount: formatMoney(rules.earnPerAmountMinor, w.currency, w.locale) }) }];
  if (rules.signupBonus > 0) ways.push({ kind: "signup", text: w.t("storefront.earn.signup", { points: formatPoints(rules.signupBonus, w) }) });
  // The birthday: its points, its reward (a code), or both.
  const birthdayOffer = state.birthdayReward ? rewardText(state.birthdayReward, w) : null;
  if (rules.birthdayBonus > 0 || birthdayOffer) {
    const points = formatPoints(rules.birthdayBonus, w);
    const text = !birthdayOffer ? w.t("storefront.earn.birthday", { points }) : rules.birthdayBonus > 0 ? w.t("storefront.earn.birthdayReward", { points, offer: birthdayOffer }) : w.t("storefront.earn.birthdayRewardOnly", { offer: birthdayOffer });
    ways.push({ kind: "birthday", text });
  }
  if (rules.referrerBonus > 0) {
    const key = rules.refereeBonus > 0 ? "storefront.earn.referralFriend" : "storefront.earn.referral";
    ways.push({ kind: "referral", text: w.t(key, { points: formatPoints(rules.referrerBonus, w), friendPoints: formatPoints(rules.refereeBonus, w) }) });
  }
  if (rules.feedbackEnabled && rules.feedbackBonus > 0) ways.push({ kind: "feedback", text: w.t("storefront.earn.feedback", { points: formatPoints(rules.feedbackBonus, w) }) });
  for (const f of state.follows) {
    const text = f.claimed ? w.t("storefront.social.claimed", { network: NETWORK_NAMES[f.network] }) : w.t(`storefront.social.follow.${f.network}`, { points: formatPoints(f.points, w) });
    ways.push({ kind: "follow", text, network: f.network, url: f.url, claimed: f.claimed });
  }
  for (const c of state.campaigns) {
    const multiplier = `×${new Intl.NumberFormat(w.locale, { maximumFractionDigits: 2 }).format(c.multiplierPercent / 100)}`;
    ways.push({ kind: "campaign", text: w.t("storefront.earn.campaign", { multiplier, date: formatDate(c.endsAt, w.locale) }) });
  }
  return ways;
}

/** Where a member's invite link can be shared in one click: each a plain link with the address and a short message. */
export function shareView(state: ShopperState, w: Wording) {
  if (!state.member) return null;
  const url = `${state.storefrontUrl}${memberView(state.member, w).referralUrl}`;
  const message = w.t("storefront.social.share.message", { shop: state.shopName });
  const e = encodeURIComponent;
  const links = [
    { network: "facebook", label: "Facebook", url: `https://www.facebook.com/sharer/sharer.php?u=${e(url)}` },
    { network: "x", label: "X", url: `https://x.com/intent/tweet?text=${e(message)}&url=${e(url)}` },
    { network: "whatsapp", label: "WhatsApp", url: `https://wa.me/?text=${e(`${message} ${url}`)}` },
    { network: "telegram", label: "Telegram", url: `https://t.me/share/url?url=${e(url)}&text=${e(message)}` },
    { network: "email", label: w.t("storefront.social.share.email"), url: `mailto:?subject=${e(w.t("storefront.social.share.subject", { shop: state.shopName }))}&body=${e(`${message}\n${url}`)}` },
  ];
  return { url, heading: w.t("storefront.social.share.heading"), copyText: w.t("storefront.social.share.copy"), links };
}

/** The member's recommended next reward, in words: how far it is, or that they can redeem it now. */
export function recommendedView(state: ShopperState, w: Wording) {
  const r = state.recommended;
  if (!r) return null;
  const text = r.missing > 0 ? w.t("storefront.recommended.toGo", { name: r.reward.name, points: formatPoints(r.missing, w) }) : w.t("storefront.recommended.ready", { name: r.reward.name });
  return { id: r.reward.id, name: r.reward.name, missing: r.missing, text };
}

/** The feedback question as the panel asks it (klub-feedback.js), in the shopper's language. */
export function feedbackView(state: ShopperState, w: Wording) {
  if (!state.feedback) return null;
  const { bonus } = state.feedback;
  return {
    question: w.t("storefront.feedback.question"),
    scores: [1, 2, 3, 4, 5].map((score) => ({ score, label: w.t("storefront.feedback.score", { score: formatNumber(score, w.locale) }) })),
    low: w.t("storefront.feedback.low"),
    high: w.t("storefront.feedback.high"),
    comment: w.t("storefront.feedback.comment"),
    send: w.t("storefront.feedback.send"),
    later: w.t("storefront.feedback.later"),
    bonusText: bonus > 0 ? w.t("storefront.feedback.bonus", { points: formatPoints(bonus, w) }) : null,
  };
}

/** The JSON of GET /apps/klub/state. */
export function shopperView(state: ShopperState, w: Wording) {
  return {
    locale: w.locale,
    member: state.member ? memberView(state.member, w) : null,
    waysToEarn: waysToEarn(state, w),
    rewards: state.rewards.map(({ reward, affordable, missing }) => ({
      id: reward.id,
      name: reward.name,
      text: rewardText(reward, w),
      pointsCost: reward.pointsCost,
      costText: formatPoints(reward.type === "points_slider" ? (reward.sliderMinPoints ?? reward.pointsCost) : reward.pointsCost, w),
      affordable,
      missing,
      missingText: missing > 0 ? w.t("storefront.reward.missing", { points: formatPoints(missing, w) }) : "",
      minimumText: reward.minimumSubtotalMinor ? w.t("storefront.reward.minimum", { amount: formatMoney(reward.minimumSubtotalMinor, w.currency, w.locale) }) : null,
      tierName: reward.tier?.name ?? null,
      slider:
        reward.type === "points_slider"
          ? { min: reward.sliderMinPoints ?? reward.pointsCost, max: Math.min(reward.sliderMaxPoints ?? reward.pointsCost, Math.max(state.member?.points ?? 0, reward.sliderMinPoints ?? reward.pointsCost)), step: reward.pointsCost, pointsPerUnit: reward.pointsCost }
          : null,
    })),
    recommended: recommendedView(state, w),
    codes: state.codes.map((c) => codeView(c, w)),
    feedback: feedbackView(state, w),
    share: shareView(state, w),
    invite: state.invite
      ? { text: state.invite.welcomeReward ? w.t("storefront.invite.reward", { offer: rewardText(state.invite.welcomeReward, w) }) : w.t("storefront.invite.points", { points: formatPoints(state.invite.firstOrderPoints, w) }) }
      : null,
    guest: state.member ? null : { text: state.rules.signupBonus > 0 ? w.t("storefront.guest.bonus", { points: formatPoints(state.rules.signupBonus, w) }) : w.t("storefront.guest.plain") },
  };
}

export type ShopperView = ReturnType<typeof shopperView>;
