// The kinds of reward points can buy (shared by the server and the admin's forms).
export const REWARD_TYPES = ["fixed_amount", "percentage", "free_shipping", "free_product", "store_credit", "points_slider"] as const;
export type RewardType = (typeof REWARD_TYPES)[number];
