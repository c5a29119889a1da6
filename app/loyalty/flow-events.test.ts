import { describe, expect, it } from "vitest";
import { flowOfEntry } from "./flow-events";

const entry = (kind: string, amount: number) => ({ kind, amount, reason: "order", balanceAfter: 120 });

describe("the Flow trigger a ledger entry starts", () => {
  it("is points earned for an earning, and points spent for a redemption, with the points as a positive number", () => {
    expect(flowOfEntry(entry("earn", 40))).toEqual({ trigger: "pointsEarned", fields: { points: 40, balance: 120, reason: "order" } });
    expect(flowOfEntry(entry("redeem", -500))).toEqual({ trigger: "pointsSpent", fields: { points: 500, balance: 120, reason: "order" } });
  });

  it("is none for adjustments (a Flow action's own points), clawbacks, cancellations, expiries, reversals and entries of no points", () => {
    for (const [kind, amount] of [["adjust", 50], ["adjust", -50], ["clawback", -10], ["cancel", -10], ["expire", -5], ["reversal", 500], ["earn", 0], ["redeem", 0]] as const) {
      expect(flowOfEntry(entry(kind, amount)), `${kind} ${amount}`).toBeNull();
    }
  });
});
