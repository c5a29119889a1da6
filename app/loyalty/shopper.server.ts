// What one shopper sees of the program (storefront panel, cart block, loyalty page, checkout,
// customer account): their points, tier and codes, the ways to earn and the rewards they may
// redeem. Data only; each surface words it in the shopper's language.
import type { Redemption, Reward, Tier } from "@prisma/client";
import { feedbackAsked } from "./feedback.server";
import { programRules, type ProgramRules } from "./program";
import { smallestCost } from "./recommendation";
import { isCancellable, rewardsFor } from "./redeem.server";
import { referralCodeOf, referrerOf, samePerson } from "./referrals.server";
import { activeFollows, type SocialNetwork } from "./social";
import { nextReward } from "./next-reward.server";
import { claimedFollows } from "./social.server";
import { tierProgress } from "./tiers";
import type { DbOrTx } from "./transactions.server";

export type CodeState = "pending" | "issued" | "used" | "expired" | "cancelled" | "failed";

export interface ShopperCode {
  id: string;
  code: string | null;
  reward: Pick<Reward, "id" | "name" | "type">;
  valueMinor: number | null;
  pointsSpent: number;
  state: CodeState;
  expiresAt: Date | null;
  createdAt: Date;
  cancellable: boolean;
}

export interface ShopperReward {
  reward: Reward & { tier: Tier | null };
  affordable: boolean;
  /** Points still missing for the smallest redemption; 0 when affordable. */
  missing: number;
}

export interface ShopperState {
  programEnabled: boolean;
  currency: string;
  shopName: string;
  /** The storefront's address, where the member's invite link points. */
  storefrontUrl: string;
  rules: ProgramRules;
  /** The bonus campaigns running now. */
  campaigns: { multiplierPercent: number; startsAt: Date; endsAt: Date }[];
  tiers: Tier[];
  member: null | {
    points: number;
    pendingPoints: number;
    tier: Tier | null;
    next: { tier: Tier; remaining: number; percent: number } | null;
    referralCode: string;
  };
  rewards: ShopperReward[];
  /** The member's recommended next reward (recommendation.ts), one of `rewards`; null for a guest or without rewards. */
  recommended: ShopperReward | null;
  codes: ShopperCode[];
  /** The panel asks how the member likes the program (feedback.ts), and the points answering earns. */
  feedback: null | { bonus: number };
  /** Came through a friend's invite link and can still be linked: the welcome offer (a reward, or points on the first order). */
  invite: null | { welcomeReward: Reward | null; firstOrderPoints: number };
  /** The reward given as a code on a member's birthday (a way to earn), when the shop gives one. */
  birthdayReward: Reward | null;
  /** The shop's social accounts with points for following, and whether this member has claimed each. */
  follows: { network: SocialNetwork; url: string; points: number; claimed: boolean }[];
}

export function codeState(r: Pick<Redemption, "status" | "expiresAt">, now: Date): CodeState {
  if (r.status === "reserved") return "pending";
  if (r.status === "returned") return "used"; // used on an order that was refunded or cancelled
  if (r.status === "issued" && r.expiresAt && r.expiresAt <= now) return "expired";
  return r.status as CodeState;
}

/** The shopper's view; `customerId` null for a guest. Returns null when the shop is not installed. */
export async function shopperState(db: DbOrTx, domain: string, customerId: string | null, now = new Date(), referralCode: string | null = null): Promise<ShopperState | null> {
  const shop = await db.shop.findUnique({ where: { domain }, include: { settings: true } });
  if (!shop?.settings || shop.uninstalledAt) return null;
  const rules = programRules(shop.settings);
  const [tiers, campaigns] = await Promise.all([
    db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: "asc" } }),
    db.campaign.findMany({ where: { shopId: shop.id, startsAt: { lte: now }, endsAt: { gt: now } }, orderBy: { endsAt: "asc" } }),
  ]);
  const member = customerId ? await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId } }, include: { tier: true } }) : null;
  const active = member && !member.redactedAt ? member : null;
  const rewards = await rewardsFor(db, shop.id, active, now);
  const referrer = referralCode ? await referrerOf(db, shop.id, referralCode) : null;
  const invitable = referrer && !referrer.redactedAt && (!active || (active.orderCount === 0 && !active.referredById && !samePerson(referrer, active)));
  const welcomeReward = invitable && rules.refereeRewardId ? await db.reward.findFirst({ where: { id: rules.refereeRewardId, shopId: shop.id, active: true, deletedAt: null } }) : null;
  const invite = invitable && (welcomeReward || rules.refereeBonus > 0) ? { welcomeReward, firstOrderPoints: rules.refereeBonus } : null;
  const accounts = activeFollows(rules.socialFollows);
  const claimed = active && accounts.length ? await claimedFollows(db, shop.id, active.id) : new Set<SocialNetwork>();
  const follows = accounts.map((f) => ({ ...f, claimed: claimed.has(f.network) }));
  // Shopify's app proxy does not say which of the shop's domains the shopper is on: the primary
  // domain, as Shopify reported it at install, else the myshopify domain (which redirects there).
  const storefrontUrl = (shop.storefrontUrl ?? `https://${shop.domain}`).replace(/\/+$/, "");
  const birthdayReward = rules.birthdayRewardId ? await db.reward.findFirst({ where: { id: rules.birthdayRewardId, shopId: shop.id, active: true, deletedAt: null } }) : null;
  const base = { birthdayReward, programEnabled: shop.programEnabled, currency: shop.currencyCode, shopName: shop.name || shop.domain.replace(/\.myshopify\.com$/, ""), storefrontUrl, follows, rules, tiers, campaigns: campaigns.map((c) => ({ multiplierPercent: c.multiplierPercent, startsAt: c.startsAt, endsAt: c.endsAt })), invite };
  if (!active) return { ...base, member: null, rewards: rewards.map((reward) => ({ reward, affordable: false, missing: smallestCost(reward) })), recommended: null, codes: [], feedback: null };

  const progress = tierProgress(tiers, active.tierProgress);
  const next = progress.next ? { tier: tiers.find((t) => t.id === progress.next!.id)!, remaining: progress.toNext, percent: progress.percent } : null;
  const [redemptions, asked, recommended] = await Promise.all([
    db.redemption.findMany({ where: { memberId: active.id }, include: { reward: true }, orderBy: { createdAt: "desc" }, take: 20 }),
    shop.programEnabled ? feedbackAsked(db, active, rules.feedbackEnabled, now) : false,
    nextReward(db, active, now, rewards),
  ]);
  const shopperRewards = rewards.map((reward) => {
    const missing = Math.max(0, smallestCost(reward) - active.balance);
    return { reward, affordable: missing === 0, missing };
  });
  return {
    ...base,
    member: { points: active.balance, pendingPoints: active.pendingPoints, tier: active.tier, next, referralCode: await referralCodeOf(db, active) },
    rewards: shopperRewards,
    recommended: shopperRewards.find((r) => r.reward.id === recommended?.reward.id) ?? null,
    feedback: asked ? { bonus: rules.feedbackBonus } : null,
    codes: redemptions.map((r) => ({
      id: r.id,
      code: r.code,
      reward: { id: r.reward.id, name: r.reward.name, type: r.reward.type },
      valueMinor: r.valueMinor,
      pointsSpent: r.pointsSpent,
      state: codeState(r, now),
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
      cancellable: isCancellable(r, now),
    })),
  };
}


/** The shopper's latest ledger entries, newest first (the loyalty page's history). */
export async function shopperHistory(db: DbOrTx, domain: string, customerId: string, take = 20) {
  return db.ledgerEntry.findMany({
    where: { member: { customerId, shop: { domain }, redactedAt: null } },
    select: { id: true, kind: true, amount: true, createdAt: true },
    orderBy: { id: "desc" },
    take,
  });
}

export type OrderPointsState = "earned" | "pending" | "awaiting_payment" | "awaiting_fulfilment" | "none";

/**
 * The points one of the shopper's own orders holds, and where they are: earned, pending until the
 * return window closes, or not yet (Klub has not seen the order paid, or the shop awards on
 * fulfilment). Another customer's order reads as one Klub has not seen.
 */
export async function shopperOrderPoints(db: DbOrTx, domain: string, customerId: string, orderId: string) {
  const shop = await db.shop.findUnique({ where: { domain }, include: { settings: true } });
  const member = shop ? await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId } } }) : null;
  const summary = member && !member.redactedAt ? await db.orderSummary.findFirst({ where: { shopId: member.shopId, orderId, memberId: member.id } }) : null;
  if (!summary?.memberId) return { points: 0, state: "awaiting_payment" as OrderPointsState, availableAt: null };
  const entries = await db.ledgerEntry.findMany({ where: { memberId: summary.memberId, orderId, kind: { in: ["earn", "clawback", "cancel"] } }, include: { lot: true } });
  const points = entries.reduce((sum, e) => sum + e.amount, 0);
  const pendingLot = entries.map((e) => e.lot).find((lot) => lot?.pending && lot.remaining > 0);
  const awardOnFulfilment = shop?.settings?.awardOn === "fulfilled";
  const state: OrderPointsState =
    points > 0 ? (pendingLot ? "pending" : "earned") : !summary.paidAt ? "awaiting_payment" : awardOnFulfilment && !summary.fulfilledAt && !summary.cancelledAt ? "awaiting_fulfilment" : "none";
  return { points: Math.max(0, points), state, availableAt: pendingLot?.availableAt ?? null };
}
