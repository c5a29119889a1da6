// The redeem rules at their edges, in the domain (every surface redeems through them): who may take a
// tier's or a segment's reward, a slider's bounds and its smallest value, a replayed request, what a returned
// redemption gives back and why, and which codes a shopper may still cancel.
import { afterAll, describe, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { FLOW_TRIGGER, REWARD_REVOKE } from "../app/loyalty/outbox.server";
import { cancellableRedemption, confirmRedemption, isCancellable, RedeemRefused, redemptionCost, reserveRedemption, returnRedemption, rewardsFor } from "../app/loyalty/redeem.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const now = new Date("2026-11-10T12:00:00Z");
let seq = 0;

async function shopWithMember(points: number) {
  const shop = await installTestShop(db, `redeem-${++seq}.myshopify.com`);
  const member = await ensureMember(db, shop.id, { customerId: `c${seq}` }, now);
  // Earned points: they also count towards tiers.
  if (points) await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: `start:${seq}`, points, reason: { code: "manual", params: { note: "start" } }, now });
  return { shop, member, customerId: `c${seq}` };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof RedeemRefused ? { name: error.name, message: error.message, reason: error.reason, details: error.details } : error),
  );

describe("tier rewards", () => {
  it("are offered and given from the tier's own threshold up, never below it or to a member without a tier", async () => {
    const { shop, member, customerId } = await shopWithMember(1_000);
    const bronze = await db.tier.create({ data: { shopId: shop.id, name: "Bronze", threshold: 0 } });
    const gold = await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 500 } });
    const open = await db.reward.create({ data: { shopId: shop.id, name: "For all", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } });
    const forBronze = await db.reward.create({ data: { shopId: shop.id, name: "Bronze and up", type: "fixed_amount", pointsCost: 100, valueMinor: 500, tierId: bronze.id } });
    const forGold = await db.reward.create({ data: { shopId: shop.id, name: "Gold and up", type: "fixed_amount", pointsCost: 100, valueMinor: 500, tierId: gold.id } });
    // null: a guest; a number: the member in a tier of that threshold.
    const names = async (threshold: number | null) => {
      const as = threshold === null ? null : { ...member, tierId: bronze.id, tier: { ...bronze, threshold } };
      return (await rewardsFor(db, shop.id, as, now)).map((r) => r.name).sort();
    };
    expect(await names(null)).toEqual(["For all"]);
    expect(await names(0)).toEqual(["Bronze and up", "For all"]);
    expect(await names(499)).toEqual(["Bronze and up", "For all"]);
    expect(await names(500)).toEqual(["Bronze and up", "For all", "Gold and up"]);

    // The member has no tier yet: even a tier that starts at 0 is not theirs.
    await db.member.update({ where: { id: member.id }, data: { tierId: null } });
    expect(await refusal(reserveRedemption(db, { shopId: shop.id, customerId, rewardId: forBronze.id, requestId: "r1", now }))).toEqual({
      name: "RedeemRefused", message: "Redeem refused: tier", reason: "tier", details: {},
    });
    await db.member.update({ where: { id: member.id }, data: { tierId: gold.id } });
    for (const reward of [open, forBronze, forGold]) {
      expect((await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId: `ok-${reward.id}`, now })).replayed).toBe(false);
    }
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(700);
  });
});

describe("rewards for a segment", () => {
  const DAY = 86_400_000;
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  it("are seen and redeemed only by the segment's members, at the edges of the threshold", async () => {
    const { shop, member, customerId } = await shopWithMember(1_000);
    const reward = (name: string, segment: string, segmentThreshold: number) =>
      db.reward.create({ data: { shopId: shop.id, name, type: "fixed_amount", pointsCost: 100, valueMinor: 500, segment, segmentThreshold } });
    await db.reward.create({ data: { shopId: shop.id, name: "For all", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } });
    await reward("Welcome", "new_members", 30);
    const winBack = await reward("Come back", "win_back", 60);
    await reward("Regulars", "frequent_buyers", 3);
    const names = async (facts: { enrolledAt: Date; orderCount: number; lastOrderAt: Date | null }) => {
      await db.member.update({ where: { id: member.id }, data: facts });
      const as = await db.member.findUniqueOrThrow({ where: { id: member.id }, include: { tier: true } });
      return (await rewardsFor(db, shop.id, as, now)).map((r) => r.name).sort();
    };
    expect(await names({ enrolledAt: ago(29), orderCount: 0, lastOrderAt: null })).toEqual(["For all", "Welcome"]);
    // 30 days a member: no longer new. Never ordered: not lapsed either.
    expect(await names({ enrolledAt: ago(30), orderCount: 0, lastOrderAt: null })).toEqual(["For all"]);
    expect(await names({ enrolledAt: ago(400), orderCount: 2, lastOrderAt: ago(59) })).toEqual(["For all"]);
    expect(await names({ enrolledAt: ago(400), orderCount: 2, lastOrderAt: ago(60) })).toEqual(["Come back", "For all"]);
    expect(await names({ enrolledAt: ago(400), orderCount: 3, lastOrderAt: ago(1) })).toEqual(["For all", "Regulars"]);
    expect(await names({ enrolledAt: ago(1), orderCount: 3, lastOrderAt: ago(60) })).toEqual(["Come back", "For all", "Regulars", "Welcome"]);
    // A guest sees only the rewards for everyone.
    expect((await rewardsFor(db, shop.id, null, now)).map((r) => r.name)).toEqual(["For all"]);

    // Outside the segment the redeem is refused and spends nothing; inside it, it goes through.
    await db.member.update({ where: { id: member.id }, data: { orderCount: 2, lastOrderAt: ago(59) } });
    expect(await refusal(reserveRedemption(db, { shopId: shop.id, customerId, rewardId: winBack.id, requestId: "w1", now }))).toEqual({
      name: "RedeemRefused", message: "Redeem refused: segment", reason: "segment", details: { segment: "win_back" },
    });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(1_000);
    expect(await db.redemption.count({ where: { memberId: member.id } })).toBe(0);
    await db.member.update({ where: { id: member.id }, data: { lastOrderAt: ago(60) } });
    const { redemption } = await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: winBack.id, requestId: "w2", now });
    expect(redemption.pointsSpent).toBe(100);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(900);
  });

  it("and a tier must both hold, and an unknown segment is shown to no one", async () => {
    const { shop, member, customerId } = await shopWithMember(1_000);
    const gold = await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 500 } });
    await db.member.update({ where: { id: member.id }, data: { orderCount: 5, lastOrderAt: ago(1), tierId: null } });
    const goldRegulars = await db.reward.create({ data: { shopId: shop.id, name: "Gold regulars", type: "fixed_amount", pointsCost: 100, valueMinor: 500, tierId: gold.id, segment: "frequent_buyers", segmentThreshold: 5 } });
    const unknown = await db.reward.create({ data: { shopId: shop.id, name: "From a newer version", type: "fixed_amount", pointsCost: 100, valueMinor: 500, segment: "birthday_month", segmentThreshold: 1 } });
    const visible = async () => (await rewardsFor(db, shop.id, await db.member.findUniqueOrThrow({ where: { id: member.id }, include: { tier: true } }), now)).map((r) => r.name);
    expect(await visible()).toEqual([]);
    expect((await refusal(reserveRedemption(db, { shopId: shop.id, customerId, rewardId: goldRegulars.id, requestId: "g1", now })) as { reason: string }).reason).toBe("tier");
    await db.member.update({ where: { id: member.id }, data: { tierId: gold.id } });
    expect(await visible()).toEqual(["Gold regulars"]);
    await db.member.update({ where: { id: member.id }, data: { orderCount: 4 } });
    expect(await visible()).toEqual([]);
    expect((await refusal(reserveRedemption(db, { shopId: shop.id, customerId, rewardId: goldRegulars.id, requestId: "g2", now })) as { reason: string }).reason).toBe("segment");
    expect((await refusal(reserveRedemption(db, { shopId: shop.id, customerId, rewardId: unknown.id, requestId: "u1", now })) as { details: unknown }).details).toEqual({ segment: "birthday_month" });
  });
});

describe("a points slider", () => {
  const slider = { id: "s", shopId: "x", name: "Slider", type: "points_slider", pointsCost: 100, valueMinor: null, sliderMinPoints: 200, sliderMaxPoints: 1_000 } as Parameters<typeof redemptionCost>[0];

  it("spends from its minimum to its maximum, both included, at the value of the points rounded down", () => {
    expect(redemptionCost(slider, "USD", 200)).toEqual({ points: 200, valueMinor: 200 });
    expect(redemptionCost(slider, "USD", 1_000)).toEqual({ points: 1_000, valueMinor: 1_000 });
    expect(redemptionCost({ ...slider, pointsCost: 300 }, "USD", 1_000)).toEqual({ points: 1_000, valueMinor: 333 });
    for (const points of [199, 1_001, 250.5, undefined]) {
      expect(() => redemptionCost(slider, "USD", points)).toThrow(expect.objectContaining({ reason: "points_out_of_range", details: { min: 200, max: 1_000 } }));
    }
  });

  it("refuses points worth less than one minor unit, and takes points worth exactly one", () => {
    // 100,000 points per yen (no minor units): 99,999 points are worth nothing, 100,000 one yen.
    const yen = { ...slider, pointsCost: 100_000, sliderMinPoints: 1, sliderMaxPoints: 200_000 };
    expect(() => redemptionCost(yen, "JPY", 99_999)).toThrow(expect.objectContaining({ reason: "points_out_of_range", details: { min: 1, max: 200_000 } }));
    expect(redemptionCost(yen, "JPY", 100_000)).toEqual({ points: 100_000, valueMinor: 1 });
  });
});

describe("a redemption", () => {
  it("answers a replayed request with the first redemption, spending nothing more", async () => {
    const { shop, member, customerId } = await shopWithMember(300);
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "Five off", type: "fixed_amount", pointsCost: 200, valueMinor: 500 } });
    const first = await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId: "same", now });
    const again = await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId: "same", now });
    expect([first.replayed, again.replayed, again.redemption.id]).toEqual([false, true, first.redemption.id]);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(100);
  });

  it("gives its points back once, saying whether Shopify failed or the shopper cancelled", async () => {
    const { shop, member, customerId } = await shopWithMember(1_000);
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "Five off", type: "fixed_amount", pointsCost: 200, valueMinor: 500 } });
    const failed = (await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId: "f", now })).redemption;
    const cancelled = (await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId: "c", now })).redemption;
    await confirmRedemption(db, cancelled.id, { code: "KLUB-C", discountNodeId: null, expiresAt: null }, now);
    expect((await returnRedemption(db, failed.id, "failed", { now })).status).toBe("failed");
    expect((await returnRedemption(db, cancelled.id, "cancelled", { now })).status).toBe("cancelled");
    // Again: nothing more comes back.
    await returnRedemption(db, failed.id, "failed", { now });
    await returnRedemption(db, cancelled.id, "cancelled", { now });
    const reversals = await db.ledgerEntry.findMany({ where: { memberId: member.id, kind: "reversal" }, orderBy: { id: "asc" } });
    expect(reversals.map((e) => [e.amount, e.reason, JSON.parse(e.reasonParams ?? "{}")])).toEqual([
      [200, "reward_failed", { reward: "Five off" }],
      [200, "reward_cancelled", { reward: "Five off" }],
    ]);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(1_000);
  });

  it("that spent no points (a tier's entry reward) is returned without a ledger entry", async () => {
    const { shop, member } = await shopWithMember(0);
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "Welcome gift", type: "fixed_amount", pointsCost: 0, valueMinor: 500 } });
    const granted = await db.redemption.create({ data: { shopId: shop.id, memberId: member.id, rewardId: reward.id, requestId: "grant", pointsSpent: 0, valueMinor: 500, status: "reserved" } });
    expect((await returnRedemption(db, granted.id, "failed", { now })).status).toBe("failed");
    expect(await db.ledgerEntry.count({ where: { memberId: member.id } })).toBe(0);
  });
});

describe("what a redemption leaves behind", () => {
  it("dates the debit and the redemption at the moment it was asked for, and names the reward in the ledger", async () => {
    const { shop, member, customerId } = await shopWithMember(500);
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "Tote bag", type: "fixed_amount", pointsCost: 200, valueMinor: 500 } });
    const { redemption } = await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId: "dated", now });
    expect(redemption.createdAt).toEqual(now);
    const debit = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id, kind: "redeem" } });
    expect([debit.createdAt, debit.reason, JSON.parse(debit.reasonParams ?? "{}")]).toEqual([now, "redeemed", { reward: "Tote bag" }]);
  });

  it("emails and tells Flow of each issued code once, and asks Shopify to revoke each failed one", async () => {
    const { shop, customerId } = await shopWithMember(1_000);
    await db.mailServer.create({ data: { shopId: shop.id, host: "127.0.0.1", port: 2525, security: "none", fromAddress: "rewards@example.com" } });
    await db.flowTriggerUse.create({ data: { shopId: shop.id, handle: "klub-reward-issued", enabled: true, updatedAt: now } });
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "Five off", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } });
    const redeem = async (requestId: string) => (await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId, now })).redemption;
    const [a, b, c, d] = [await redeem("a"), await redeem("b"), await redeem("c"), await redeem("d")];
    await confirmRedemption(db, a.id, { code: "KLUB-A", discountNodeId: null, expiresAt: null }, now);
    await confirmRedemption(db, b.id, { code: "KLUB-B", discountNodeId: null, expiresAt: null }, now);
    await returnRedemption(db, c.id, "failed", { now, revoke: true });
    await returnRedemption(db, d.id, "failed", { now, revoke: true });

    const emails = await db.emailDelivery.findMany({ where: { shopId: shop.id, type: "rewardRedeemed" }, orderBy: { eventKey: "asc" } });
    expect(emails.map((e) => JSON.parse(e.facts).code).sort()).toEqual(["KLUB-A", "KLUB-B"]);
    const outbox = await db.outboxMessage.findMany({ where: { shopId: shop.id }, select: { kind: true, payload: true } });
    const flow = outbox.filter((m) => m.kind === FLOW_TRIGGER).map((m) => JSON.parse(m.payload).fields.code).sort();
    const revoked = outbox.filter((m) => m.kind === REWARD_REVOKE).map((m) => JSON.parse(m.payload).redemptionId).sort();
    expect(flow).toEqual(["KLUB-A", "KLUB-B"]);
    expect(revoked).toEqual([c.id, d.id].sort());
  });

  it("is returned only from the state it is in: no other redemption changes, and a cancelled code never becomes failed", async () => {
    const { shop, member, customerId } = await shopWithMember(1_000);
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "Five off", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } });
    const redeem = async (requestId: string) => (await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId, now })).redemption;
    const bystander = await redeem("bystander");
    const issued = await redeem("issued");
    await confirmRedemption(db, issued.id, { code: "KLUB-I", discountNodeId: null, expiresAt: null }, now);
    await returnRedemption(db, issued.id, "cancelled", { now });

    expect((await returnRedemption(db, issued.id, "failed", { now, revoke: true })).status).toBe("cancelled");
    expect(await db.outboxMessage.count({ where: { shopId: shop.id, dedupeKey: `revoke:${issued.id}` } })).toBe(0);
    expect((await db.redemption.findUniqueOrThrow({ where: { id: bystander.id } })).status).toBe("reserved");
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(900);
  });
});

describe("cancelling a code", () => {
  const issued = { status: "issued", code: "KLUB-1", expiresAt: new Date(now.getTime() + 1), pointsSpent: 100 };

  it("is open only for an issued code that cost points and has not run out", () => {
    expect(isCancellable(issued, now)).toBe(true);
    expect(isCancellable({ ...issued, expiresAt: null }, now)).toBe(true);
    expect(isCancellable({ ...issued, expiresAt: now }, now)).toBe(false);
    expect(isCancellable({ ...issued, pointsSpent: 0 }, now)).toBe(false);
    expect(isCancellable({ ...issued, code: null }, now)).toBe(false);
    for (const status of ["reserved", "used", "failed", "cancelled", "returned"]) expect(isCancellable({ ...issued, status }, now)).toBe(false);
  });

  it("is open only to the shopper whose code it is", async () => {
    const { shop, customerId } = await shopWithMember(500);
    const reward = await db.reward.create({ data: { shopId: shop.id, name: "Five off", type: "fixed_amount", pointsCost: 200, valueMinor: 500 } });
    const { redemption } = await reserveRedemption(db, { shopId: shop.id, customerId, rewardId: reward.id, requestId: "mine", now });
    await confirmRedemption(db, redemption.id, { code: "KLUB-MINE", discountNodeId: null, expiresAt: null }, now);
    expect((await cancellableRedemption(db, shop.id, customerId, redemption.id, now)).id).toBe(redemption.id);
    expect(await refusal(cancellableRedemption(db, shop.id, "someone-else", redemption.id, now))).toMatchObject({ reason: "no_reward" });
  });
});
