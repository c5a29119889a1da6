import { describe, expect, it } from "vitest";
import { tierFor, tierProgress, tierWindowStart, type TierLevel } from "./tiers";

const bronze: TierLevel = { id: "b", name: "Bronze", threshold: 0, multiplierPercent: 100 };
const silver: TierLevel = { id: "s", name: "Silver", threshold: 500, multiplierPercent: 125 };
const gold: TierLevel = { id: "g", name: "Gold", threshold: 2000, multiplierPercent: 150 };
const tiers = [gold, bronze, silver]; // order of definition does not matter

describe("tier evaluation", () => {
  it("picks the highest tier whose threshold is reached, thresholds inclusive", () => {
    expect(tierFor(tiers, 0)).toBe(bronze);
    expect(tierFor(tiers, 499)).toBe(bronze);
    expect(tierFor(tiers, 500)).toBe(silver);
    expect(tierFor(tiers, 1999)).toBe(silver);
    expect(tierFor(tiers, 2000)).toBe(gold);
    expect(tierFor(tiers, 1_000_000)).toBe(gold);
  });

  it("has no tier below the lowest threshold, or with no tiers", () => {
    expect(tierFor([silver, gold], 100)).toBeNull();
    expect(tierFor([], 100)).toBeNull();
    // a clawback can take lifetime points below zero
    expect(tierFor(tiers, -10)).toBeNull();
  });

  it("reports progress to the next tier", () => {
    expect(tierProgress(tiers, 250)).toEqual({ current: bronze, next: silver, toNext: 250, percent: 50 });
    expect(tierProgress(tiers, 800)).toEqual({ current: silver, next: gold, toNext: 1200, percent: 20 });
    expect(tierProgress(tiers, 2500)).toEqual({ current: gold, next: null, toNext: 0, percent: 100 });
    expect(tierProgress([silver], 100)).toEqual({ current: null, next: silver, toNext: 400, percent: 20 });
    // On a threshold: that tier reached, the next one still all ahead.
    expect(tierProgress(tiers, 500)).toEqual({ current: silver, next: gold, toNext: 1500, percent: 0 });
  });
});

describe("tier windows", () => {
  it("lifetime has no start", () => {
    expect(tierWindowStart("lifetime", new Date("2026-11-22T10:00:00Z"))).toBeNull();
  });

  it("calendar year starts on 1 January UTC", () => {
    expect(tierWindowStart("calendar_year", new Date("2026-11-22T10:00:00Z"))).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(tierWindowStart("calendar_year", new Date("2026-01-01T00:00:00Z"))).toEqual(new Date("2026-01-01T00:00:00Z"));
  });

  it("rolling 12 months starts a year back, and never more than a year", () => {
    expect(tierWindowStart("rolling12", new Date("2026-11-22T10:00:00Z"))).toEqual(new Date("2025-11-22T10:00:00Z"));
    expect(tierWindowStart("rolling12", new Date("2028-02-29T10:00:00Z"))).toEqual(new Date("2027-02-28T10:00:00Z"));
  });
});
