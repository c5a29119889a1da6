import { describe, expect, it } from "vitest";
import { monthsOf, parseAnswer, quarterOf, satisfaction, satisfactionByMonth, satisfactionByTier, shouldAsk } from "./feedback";

const at = (iso: string) => new Date(iso);

describe("the quarter an answer counts in", () => {
  it("is the UTC calendar quarter, at its edges", () => {
    expect(quarterOf(at("2026-01-01T00:00:00Z"))).toBe("2026-Q1");
    expect(quarterOf(at("2026-03-31T23:59:59Z"))).toBe("2026-Q1");
    expect(quarterOf(at("2026-04-01T00:00:00Z"))).toBe("2026-Q2");
    expect(quarterOf(at("2026-12-31T23:59:59Z"))).toBe("2026-Q4");
  });
});

describe("an answer as the storefront sends it", () => {
  it("takes a whole score 1 to 5 (a number or its text) and a trimmed comment, empty as none", () => {
    expect(parseAnswer({ score: 4, comment: "  Great  " })).toEqual({ score: 4, comment: "Great" });
    expect(parseAnswer({ score: "1", comment: "   " })).toEqual({ score: 1, comment: null });
    expect(parseAnswer({ score: 5 })).toEqual({ score: 5, comment: null });
    expect(parseAnswer({ score: 3, comment: "x".repeat(1000) })).toEqual({ score: 3, comment: "x".repeat(1000) });
  });

  it("refuses a score outside 1..5 or not whole, a comment that is not text or too long, and a body that is not an object", () => {
    for (const score of [0, 6, 2.5, "", "four", null, undefined]) expect(parseAnswer({ score }), String(score)).toEqual({ errors: { score: "storefront.feedback.errors.score" } });
    expect(parseAnswer({ score: 3, comment: 42 })).toEqual({ errors: { comment: "storefront.feedback.errors.comment" } });
    expect(parseAnswer({ score: 3, comment: "x".repeat(1001) })).toEqual({ errors: { comment: "storefront.feedback.errors.commentLong" } });
    expect(parseAnswer("5")).toEqual({ errors: { score: "storefront.feedback.errors.score" } });
  });
});

describe("whether the panel asks", () => {
  const now = at("2026-11-20T12:00:00Z");
  it("asks after a first redemption, never without one, never when the shop does not ask", () => {
    expect(shouldAsk({ enabled: true, now, lastRedemptionAt: at("2026-11-19T00:00:00Z"), lastAnswer: null })).toBe(true);
    expect(shouldAsk({ enabled: true, now, lastRedemptionAt: null, lastAnswer: null })).toBe(false);
    expect(shouldAsk({ enabled: false, now, lastRedemptionAt: at("2026-11-19T00:00:00Z"), lastAnswer: null })).toBe(false);
  });

  it("asks once a quarter at most, and again only after a redemption since the last answer", () => {
    const thisQuarter = { quarter: "2026-Q4", createdAt: at("2026-10-05T00:00:00Z") };
    expect(shouldAsk({ enabled: true, now, lastRedemptionAt: at("2026-11-19T00:00:00Z"), lastAnswer: thisQuarter })).toBe(false);
    const lastQuarter = { quarter: "2026-Q3", createdAt: at("2026-09-30T00:00:00Z") };
    expect(shouldAsk({ enabled: true, now, lastRedemptionAt: at("2026-11-19T00:00:00Z"), lastAnswer: lastQuarter })).toBe(true);
    expect(shouldAsk({ enabled: true, now, lastRedemptionAt: at("2026-09-01T00:00:00Z"), lastAnswer: lastQuarter })).toBe(false);
  });
});

describe("satisfaction figures", () => {
  // Hand-worked: scores 5, 5, 4, 2 and 1 in November (Gold: 5, 4; Silver: 5, 2; no tier: 1), 3 in
  // December (a tier deleted since). November: 17 / 5 = 3.4, satisfied (4 or 5) 3 of 5 = 0.6.
  const counts = [
    { month: "2026-11", tierId: "gold", score: 5, count: 1 },
    { month: "2026-11", tierId: "gold", score: 4, count: 1 },
    { month: "2026-11", tierId: "silver", score: 5, count: 1 },
    { month: "2026-11", tierId: "silver", score: 2, count: 1 },
    { month: "2026-11", tierId: null, score: 1, count: 1 },
    { month: "2026-12", tierId: "gone", score: 3, count: 1 },
  ];
  const tiers = [{ id: "silver", name: "Silver" }, { id: "gold", name: "Gold" }, { id: "bronze", name: "Bronze" }];

  it("averages the scores, counts 4s and 5s as satisfied, and spreads answers by score", () => {
    expect(satisfaction(counts)).toEqual({ answers: 6, average: 20 / 6, satisfiedShare: 3 / 6, distribution: [1, 1, 1, 1, 2] });
    expect(satisfaction([])).toEqual({ answers: 0, average: null, satisfiedShare: null, distribution: [0, 0, 0, 0, 0] });
  });

  it("goes month by month over the range, a month without answers included", () => {
    const months = satisfactionByMonth(counts, at("2026-10-15T00:00:00Z"), at("2026-12-02T00:00:00Z"));
    expect(months.map((m) => [m.month, m.satisfaction.answers, m.satisfaction.average, m.satisfaction.satisfiedShare])).toEqual([
      ["2026-10", 0, null, null],
      ["2026-11", 5, 3.4, 0.6],
      ["2026-12", 1, 3, 0],
    ]);
    expect(monthsOf(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"))).toEqual(["2026-11"]);
  });

  it("goes tier by tier, lowest first, members without a tier (and of a deleted tier) last, tiers without answers left out", () => {
    expect(satisfactionByTier(counts, tiers).map((r) => [r.name, r.satisfaction.answers, r.satisfaction.average])).toEqual([
      ["Silver", 2, 3.5],
      ["Gold", 2, 4.5],
      [null, 2, 2],
    ]);
  });
});
