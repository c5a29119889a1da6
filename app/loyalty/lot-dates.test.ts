import { describe, expect, it } from "vitest";
import { inactivityCutoff, lotExpiresAt, spendableFrom, type KeepingRules } from "./lot-dates";

const rules = (overrides: Partial<KeepingRules> = {}): KeepingRules => ({
  pendingDays: 0,
  expiryMode: "none",
  expiryMonths: 12,
  ...overrides,
});
const earnedAt = new Date("2026-01-31T09:00:00Z");

describe("lot dates", () => {
  it("makes points spendable at once, or after the pending period", () => {
    expect(spendableFrom(earnedAt, rules())).toEqual(earnedAt);
    expect(spendableFrom(earnedAt, rules({ pendingDays: 14 }))).toEqual(new Date("2026-02-14T09:00:00Z"));
  });

  it("never makes points spendable before they were earned", () => {
    expect(spendableFrom(earnedAt, rules({ pendingDays: -3 }))).toEqual(new Date("2026-01-31T09:00:00Z"));
    expect(spendableFrom(earnedAt, rules({ pendingDays: 1 }))).toEqual(new Date("2026-02-01T09:00:00Z"));
  });

  it("dates lots only with per-lot expiry, counting from when they became spendable", () => {
    expect(lotExpiresAt(earnedAt, rules())).toBeNull();
    expect(lotExpiresAt(earnedAt, rules({ expiryMode: "inactivity" }))).toBeNull();
    expect(lotExpiresAt(earnedAt, rules({ expiryMode: "lot", expiryMonths: 12 }))).toEqual(new Date("2027-01-31T09:00:00Z"));
    // month arithmetic clamps to the month's last day
    expect(lotExpiresAt(earnedAt, rules({ expiryMode: "lot", expiryMonths: 1 }))).toEqual(new Date("2026-02-28T09:00:00Z"));
  });

  it("expires inactive members' points only with inactivity expiry", () => {
    expect(inactivityCutoff(earnedAt, rules())).toBeNull();
    expect(inactivityCutoff(new Date("2026-11-22T00:00:00Z"), rules({ expiryMode: "inactivity", expiryMonths: 6 }))).toEqual(
      new Date("2026-05-22T00:00:00Z"),
    );
  });
});
