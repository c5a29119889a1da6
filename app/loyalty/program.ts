// A shop's program settings as the domain reads them, parsed from the stored row.
import type { ProgramSettings } from "@prisma/client";
import { z } from "zod";
import type { EarningRules } from "./earning";
import type { KeepingRules } from "./lot-dates";
import { parseSocialFollows, type SocialFollows } from "./social";
import type { TierBasis, TierWindow } from "./tiers";

export interface ProgramRules extends EarningRules, KeepingRules {
  maxPointsPerOrder: number;
  awardOn: "paid" | "fulfilled";
  allowNegativeBalance: boolean;
  returnPointsOnRefund: boolean;
  signupBonus: number;
  birthdayBonus: number;
  referrerBonus: number;
  refereeBonus: number;
  refereeRewardId: string | null;
  /** Given as a code on the member's birthday, beside birthdayBonus's points. */
  birthdayRewardId: string | null;
  enrollment: "all" | "opt_in";
  tierBasis: TierBasis;
  tierWindow: TierWindow;
  /** Whether the panel asks members how they like the program, and the points for answering (once a quarter). */
  feedbackEnabled: boolean;
  feedbackBonus: number;
  /** The shop's social accounts and the points for following each. */
  socialFollows: SocialFollows;
}

const idList = z.array(z.string());

const storedEnums = z.object({
  awardOn: z.enum(["paid", "fulfilled"]),
  expiryMode: z.enum(["none", "lot", "inactivity"]),
  enrollment: z.enum(["all", "opt_in"]),
  tierBasis: z.enum(["points", "spend"]),
  tierWindow: z.enum(["lifetime", "rolling12", "calendar_year"]),
});

export function programRules(row: ProgramSettings): ProgramRules {
  const { shopId: _shopId, updatedAt: _updatedAt, excludedCollectionIds: _c, excludedTitles: _t, collectionProductIds: _p, collectionsResolvedAt: _r, socialFollows, ...plain } = row;
  return {
    ...plain,
    ...storedEnums.parse(row),
    excludedProductIds: idList.parse(JSON.parse(row.excludedProductIds)),
    excludedCollectionProductIds: idList.parse(JSON.parse(row.collectionProductIds)),
    socialFollows: parseSocialFollows(socialFollows),
  };
}

/** The rules that say what an order earns, as frozen with it when first seen. */
export function earningRulesOf(rules: ProgramRules): EarningRules {
  return {
    earnPoints: rules.earnPoints,
    earnPerAmountMinor: rules.earnPerAmountMinor,
    subtractDiscounts: rules.subtractDiscounts,
    earnOnShipping: rules.earnOnShipping,
    earnOnTax: rules.earnOnTax,
    earnOnGiftCards: rules.earnOnGiftCards,
    excludedProductIds: rules.excludedProductIds,
    excludedCollectionProductIds: rules.excludedCollectionProductIds,
    rewardTestOrders: rules.rewardTestOrders,
  };
}
