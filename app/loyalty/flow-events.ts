// Klub's Shopify Flow triggers, as the domain knows them: which event starts which trigger, and
// what it tells (app/shopify/flow-triggers.server.ts sends them with the fields their extensions
// declare in extensions/klub-flow-*/shopify.extension.toml).

export const FLOW_TRIGGERS = {
  pointsEarned: "klub-points-earned",
  pointsSpent: "klub-points-spent",
  tierChanged: "klub-tier-changed",
  rewardIssued: "klub-reward-issued",
  pointsExpiring: "klub-points-expiring",
} as const;
export type FlowTrigger = keyof typeof FLOW_TRIGGERS;

/** What each trigger tells, beside the customer it is about. */
export interface FlowFields {
  pointsEarned: { points: number; balance: number; reason: string };
  pointsSpent: { points: number; balance: number; reason: string };
  tierChanged: { tier: string; previousTier: string; promoted: boolean };
  rewardIssued: { reward: string; code: string; points: number };
  pointsExpiring: { points: number; expiresAt: string; days: number };
}

export function isFlowTrigger(value: string): value is FlowTrigger {
  return value in FLOW_TRIGGERS;
}

/**
 * The trigger a ledger entry starts, if any: points earned (orders, bonuses) or spent on a reward.
 * Adjustments start none: a Flow action that awards points must not start its own workflow again.
 */
export function flowOfEntry(entry: { kind: string; amount: number; reason: string; balanceAfter: number }): { trigger: "pointsEarned" | "pointsSpent"; fields: FlowFields["pointsEarned"] } | null {
  if (entry.kind === "earn" && entry.amount > 0) return { trigger: "pointsEarned", fields: { points: entry.amount, balance: entry.balanceAfter, reason: entry.reason } };
  if (entry.kind === "redeem" && entry.amount < 0) return { trigger: "pointsSpent", fields: { points: -entry.amount, balance: entry.balanceAfter, reason: entry.reason } };
  return null;
}
