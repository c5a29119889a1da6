// What one point is worth in the shop's currency, for the liability of points outstanding: the
// most any active money reward pays per point (fixed amount, store credit, points slider), so the
// liability is never understated. Null when no reward pays money.
import { minorPerUnit } from "./money";

export interface ValuedReward {
  type: string;
  pointsCost: number;
  valueMinor: number | null;
}

/** Minor units per point (fractional), or null. */
export function pointValueMinor(rewards: ValuedReward[], currency: string): number | null {
  const values = rewards.flatMap((r) => {
    if (r.pointsCost <= 0) return [];
    if (r.type === "points_slider") return [minorPerUnit(currency) / r.pointsCost]; // pointsCost points buy one unit
    if ((r.type === "fixed_amount" || r.type === "store_credit") && r.valueMinor) return [r.valueMinor / r.pointsCost];
    return [];
  });
  return values.length ? Math.max(...values) : null;
}
