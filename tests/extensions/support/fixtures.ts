// Answers of the app's extension API for one member, worded as the app words them in English
// (app/storefront/shopper-view.ts): texts arrive translated and formatted.
import type { Code, DiscountCode, KlubState, Member, PartnerCode, Reward, StoreCredit } from "../../../extensions/shared/klub";

export const member: Member = {
  points: 1250,
  pointsText: "1,250",
  pendingPoints: 100,
  pendingText: "100",
  tier: { name: "Gold" },
  nextTier: { name: "Platinum", remaining: 750, remainingText: "750", progress: 0.625 },
  referralUrl: "/?ref=ANNA-7K2",
};

export const state: KlubState = {
  programEnabled: true,
  member,
  waysToEarn: [
    { kind: "order", text: "1 point for every $1.00 spent" },
    { kind: "signup", text: "50 points for joining" },
  ],
  rewards: [
    { id: "r-5off", name: "$5 off", text: "$5.00 off your order", pointsCost: 500, costText: "500 points", affordable: true, missing: 0, missingText: "", minimumText: null, tierName: null, slider: null },
    {
      id: "r-slider",
      name: "Points to dollars",
      text: "$1.00 off for every 100 points",
      pointsCost: 100,
      costText: "200 points",
      affordable: true,
      missing: 0,
      missingText: "",
      minimumText: null,
      tierName: null,
      slider: { min: 200, max: 1000, step: 100, pointsPerUnit: 100 },
    },
    { id: "r-ship", name: "Free shipping", text: "Free shipping", pointsCost: 2000, costText: "2,000 points", affordable: false, missing: 750, missingText: "750 points more needed", minimumText: "On orders from $50.00", tierName: "Gold", slider: null },
  ],
  codes: [{ id: "c-used", kind: "discount_code", code: "KLUB-USED1", amountText: null, rewardName: "$5 off", status: "used", statusText: "Used", expiresText: null, cancellable: false }],
  guest: null,
  // 1 point per $1, Gold's 150%; the gift card product earns nothing.
  earning: { points: 1, per_minor: 100, excluded_product_ids: ["222"], multiplier_percent: 150, subtract_discounts: true },
  history: [
    { id: "h2", kind: "redeem", amount: -500, text: "Spent on a reward", date: "Mar 2, 2027" },
    { id: "h1", kind: "earn", amount: 1750, text: "Earned", date: "Feb 14, 2027" },
  ],
};

export const guestState: KlubState = { ...state, member: null, codes: [], history: [], guest: { text: "Join and get 50 points" } };

export const issued = (code: string, rewardName = "$5 off", id = `c-${code}`): DiscountCode => ({
  id,
  kind: "discount_code",
  code,
  amountText: null,
  rewardName,
  status: "issued",
  statusText: "Ready to use",
  expiresText: "Use by Apr 1, 2027",
  cancellable: true,
});

/** A store credit reward: Klub credits the customer's Shopify account; there is no code. */
export const creditReward: Reward = { id: "r-credit", name: "$5 store credit", text: "$5.00 store credit", pointsCost: 500, costText: "500 points", affordable: true, missing: 0, missingText: "", minimumText: null, tierName: null, slider: null };

/** A store credit redemption, as the app answers it: no code, its amount worded. */
export const credited = (id = "c-credit"): StoreCredit => ({
  id,
  kind: "store_credit",
  code: null,
  amountText: "$5.00",
  rewardName: "$5 store credit",
  status: "issued",
  statusText: "Ready to use",
  expiresText: "Use by Apr 1, 2027",
  cancellable: false,
});

/** A partner reward: each redemption gives a code from the owner's pool, used at the partner. */
export const partnerReward: Reward = { id: "r-coffee", name: "Coffee voucher", text: "A code from our partner", pointsCost: 300, costText: "300 points", affordable: true, missing: 0, missingText: "", minimumText: null, tierName: null, slider: null };

/** A partner's voucher, as the app answers it: a code to copy, never applied here nor cancelled. */
export const partnerCode = (code = "CAFE-0042", id = "c-coffee"): PartnerCode => ({
  id,
  kind: "partner_code",
  code,
  amountText: null,
  rewardName: "Coffee voucher",
  status: "issued",
  statusText: "Ready to use",
  expiresText: null,
  cancellable: false,
});

export const cancelled = <C extends Code>(code: C): C => ({ ...code, status: "cancelled", statusText: "Cancelled, points returned", expiresText: null, cancellable: false });

/** A $50 cart: $40 of a product that earns, $10 of one excluded (60 points at 150%). */
export const cart = { subtotal: 50, lines: [["111", 40], ["222", 10]] as [string, number][] };
