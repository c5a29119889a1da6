// The kinds of reward points can buy (shared by the server and the admin's forms).
export const REWARD_TYPES = ["fixed_amount", "percentage", "free_shipping", "free_product", "store_credit", "points_slider", "partner_code"] as const;
export type RewardType = (typeof REWARD_TYPES)[number];

/** A partner's voucher from a pool the owner uploaded: given out as it is, used at the partner (not in this shop's checkout). */
export const PARTNER_CODE = "partner_code";
