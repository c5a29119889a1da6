import { describe, expect, it } from "vitest";
import { noticeOfEntry, reminderDays } from "./notices";

describe("the days before expiry a reminder goes out", () => {
  it("are the whole days from 1 to 365 the setting names, each once, largest first", () => {
    expect(reminderDays(" 7,30 ,30, 365,1")).toEqual([365, 30, 7, 1]);
    expect(reminderDays("0,-3,366,1.5,x,,14")).toEqual([14]);
    expect(reminderDays("")).toEqual([]);
  });
});

describe("the email a ledger entry makes", () => {
  const entry = (kind: string, amount: number, reason: string, reasonParams: string | null = null) => ({ kind, amount, reason, reasonParams });

  it("tells of points for an order (with its name), a birthday and a friend's first order", () => {
    expect(noticeOfEntry(entry("earn", 40, "order", JSON.stringify({ order: "#1001" })))).toEqual({ type: "pointsEarned", facts: { points: 40, order: "#1001" } });
    expect(noticeOfEntry(entry("earn", 40, "order"))).toEqual({ type: "pointsEarned", facts: { points: 40, order: "" } });
    expect(noticeOfEntry(entry("earn", 25, "birthday"))).toEqual({ type: "birthday", facts: { points: 25 } });
    expect(noticeOfEntry(entry("earn", 100, "referral_friend"))).toEqual({ type: "referralSucceeded", facts: { points: 100 } });
  });

  it("is none for other reasons, other kinds and entries of no points", () => {
    for (const [kind, amount, reason] of [["earn", 10, "signup"], ["earn", 0, "order"], ["adjust", 40, "order"], ["reversal", 40, "order"], ["redeem", -40, "order"]] as const) {
      expect(noticeOfEntry(entry(kind, amount, reason)), `${kind} ${amount} ${reason}`).toBeNull();
    }
  });
});
