// Rewards for the members in a country (decision 050), in the domain as every surface redeems
// through it: seen and redeemed only by members whose latest order went there, refused to the
// others and to a member no order has placed; the reward form's country read and written back;
// the audience page's link to a new reward for a segment.
import { afterAll, describe, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { RedeemRefused, reserveRedemption, rewardsFor } from "../app/loyalty/redeem.server";
import { rewardForSegment } from "../app/loyalty/reward-audience";
import { parseReward, rewardFormValues } from "../app/loyalty/rewards.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());
const now = new Date("2026-11-10T12:00:00Z");

describe("rewards for the members in a country", () => {
  it("are seen and redeemed only by members whose latest order went there", async () => {
    const shop = await installTestShop(db, "audience-targeting.myshopify.com");
    const member = await ensureMember(db, shop.id, { customerId: "c1" }, now);
    await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: "start", points: 1_000, reason: { code: "manual", params: { note: "start" } }, now });
    await db.reward.create({ data: { shopId: shop.id, name: "For all", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } });
    const polish = await db.reward.create({ data: { shopId: shop.id, name: "Polish members", type: "fixed_amount", pointsCost: 100, valueMinor: 500, segment: "country", segmentValue: "PL" } });
    // A country reward without its country (a row written by hand) is shown to no one.
    await db.reward.create({ data: { shopId: shop.id, name: "Nowhere", type: "fixed_amount", pointsCost: 100, valueMinor: 500, segment: "country" } });
    const names = async (countryCode: string | null) => {
      await db.member.update({ where: { id: member.id }, data: { countryCode } });
      const as = await db.member.findUniqueOrThrow({ where: { id: member.id }, include: { tier: true } });
      return (await rewardsFor(db, shop.id, as, now)).map((r) => r.name).sort();
    };
    expect(await names("PL")).toEqual(["For all", "Polish members"]);
    expect(await names("DE")).toEqual(["For all"]);
    expect(await names(null)).toEqual(["For all"]);
    expect((await rewardsFor(db, shop.id, null, now)).map((r) => r.name)).toEqual(["For all"]);

    // Refused outside the country, spending nothing; given inside it.
    await db.member.update({ where: { id: member.id }, data: { countryCode: "DE" } });
    const refused = await reserveRedemption(db, { shopId: shop.id, customerId: "c1", rewardId: polish.id, requestId: "p1", now }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RedeemRefused);
    expect(refused).toMatchObject({ reason: "segment", details: { segment: "country" } });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(1_000);
    await db.member.update({ where: { id: member.id }, data: { countryCode: "PL" } });
    const { redemption } = await reserveRedemption(db, { shopId: shop.id, customerId: "c1", rewardId: polish.id, requestId: "p2", now });
    expect(redemption.pointsSpent).toBe(100);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(900);
  });
});

describe("the reward form's country", () => {
  const base = { name: "Reward", type: "fixed_amount", pointsCost: "500", value: "5" };
  it("is a two-letter code, upper-cased, needed for a country reward and kept for no other", () => {
    const parsed = parseReward({ ...base, segment: "country", segmentValue: " pl ", segmentThreshold: "30" }, "USD");
    expect("data" in parsed && parsed.data).toMatchObject({ segment: "country", segmentValue: "PL", segmentThreshold: null });
    expect(parseReward({ ...base, segment: "country", segmentValue: "" }, "USD")).toEqual({ errors: { segmentValue: "rewards.errors.required" } });
    expect(parseReward({ ...base, segment: "country", segmentValue: "Poland" }, "USD")).toEqual({ errors: { segmentValue: "rewards.errors.country" } });
    const winBack = parseReward({ ...base, segment: "win_back", segmentThreshold: "90", segmentValue: "PL" }, "USD");
    expect("data" in winBack && winBack.data).toMatchObject({ segment: "win_back", segmentThreshold: 90, segmentValue: null });
  });

  it("is shown again as it was saved", async () => {
    const shop = await installTestShop(db, "audience-form.myshopify.com");
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "PL", type: "fixed_amount", pointsCost: 100, valueMinor: 500, segment: "country", segmentValue: "PL" } });
    expect(rewardFormValues(reward, "USD")).toMatchObject({ segment: "country", segmentValue: "PL", segmentThreshold: "" });
  });
});

describe("a reward for an audience segment", () => {
  it("is offered where a reward's audience can be that segment exactly, and nowhere else", () => {
    expect(rewardForSegment("country", "PL")).toEqual({ segment: "country", segmentValue: "PL" });
    expect(rewardForSegment("frequency", "10+")).toEqual({ segment: "frequent_buyers", segmentThreshold: "10" });
    expect(rewardForSegment("recency", "365+")).toEqual({ segment: "win_back", segmentThreshold: "365" });
    for (const [dimension, key] of [["country", ""], ["frequency", "4-9"], ["recency", "never"], ["age", "25-34"], ["orderValue", "v5"]]) {
      expect(rewardForSegment(dimension, key), `${dimension} ${key}`).toBeNull();
    }
  });
});
