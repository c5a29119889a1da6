// A tier's entry reward: granted once when a member reaches the tier, then created on Shopify (here
// the sandbox, over HTTP) as a single-use code for that customer, or as store credit.
import type { Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REWARD_ISSUE } from "../app/loyalty/grants.server";
import { clawback, credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { LadderRefused, saveLadder } from "../app/loyalty/tier-ladder.server";
import { stepTierRecompute } from "../app/loyalty/tier-recompute.server";
import type { AdminFor } from "../app/shopify/outbox-worker.server";
import { drainRewardIssues, rewardCode } from "../app/shopify/reward-issuer.server";
import { issueToken } from "../sandbox/oauth";
import { createSandboxServer } from "../sandbox/server";
import { Store } from "../sandbox/state";
import { WebhookSender } from "../sandbox/webhooks";
import { useFreshAppDatabase } from "./support/app";
import { freePort } from "./support/server";
import { tempDir } from "./support/temp";

const { db } = useFreshAppDatabase();
let store: Store;
let server: Server;
let adminFor: AdminFor;
let shopId = "";
let memberId = "";
const CUSTOMER = 4242;

beforeAll(async () => {
  store = new Store(join(tempDir("klub-grants-"), "shopify.json"));
  store.state.customers.push({ id: CUSTOMER, email: "ola@example.com", firstName: "Ola", lastName: "Nowak", createdAt: new Date().toISOString(), metafields: {}, storeCreditMinor: 0 });
  const port = await freePort();
  server = createSandboxServer({ store, sender: new WebhookSender(store, "http://127.0.0.1:1", "unused"), appUrl: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret" });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { accessToken } = issueToken(store); // as the token exchange of an install would
  adminFor = async () => async (query, variables) => {
    const response = await fetch(`http://127.0.0.1:${port}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok) throw new Error(`Admin API answered ${response.status}`);
    return response.json();
  };

  shopId = (await installTestShop(db, store.state.shop.domain, { currencyCode: "USD" })).id;
  const fiveOff = await db.reward.create({ data: { shopId, name: "$5 off", type: "fixed_amount", pointsCost: 500, valueMinor: 500, minimumSubtotalMinor: 2000, codeExpiryDays: 30 } });
  const credit10 = await db.reward.create({ data: { shopId, name: "$10 credit", type: "store_credit", pointsCost: 1000, valueMinor: 1000 } });
  await saveLadder(db, shopId, { basis: "points", window: "lifetime", tiers: [
    { name: "Silver", threshold: 300, multiplierPercent: 100, entryRewardId: fiveOff.id },
    { name: "Gold", threshold: 800, multiplierPercent: 100, entryRewardId: credit10.id },
  ] }, "staff:1");
  memberId = (await ensureMember(db, shopId, { customerId: String(CUSTOMER), email: "ola@example.com" })).id;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const earn = (key: string, points: number) => credit(db, { shopId, memberId, kind: "earn", key, orderId: key, points, reason: { code: "manual", params: { note: "Order" } } });
const redemptions = () => db.redemption.findMany({ where: { memberId }, include: { reward: true }, orderBy: { createdAt: "asc" } });

describe("entry rewards", () => {
  it("grants the tier's reward when the member reaches it, and Shopify makes a code for that customer only", async () => {
    await earn("o1", 350);
    const [granted] = await redemptions();
    expect(granted).toMatchObject({ status: "reserved", pointsSpent: 0, requestId: expect.stringMatching(/^tier-entry:/), reward: { name: "$5 off" } });
    expect(await db.outboxMessage.count({ where: { kind: REWARD_ISSUE } })).toBe(1);

    const now = new Date();
    expect(await drainRewardIssues(db, adminFor, now)).toBe(1);
    const [issued] = await redemptions();
    expect(issued).toMatchObject({ status: "issued", code: rewardCode(granted.id), expiresAt: new Date(now.getTime() + 30 * 86_400_000) });
    expect(issued.code).toMatch(/^KLUB-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const discount = store.state.discounts.find((d) => d.code === issued.code)!;
    expect(discount).toMatchObject({ kind: "basic", amount: "5.00", customerIds: [CUSTOMER], minimumSubtotal: "20.00", usageLimit: 1, appliesOncePerCustomer: true });
    expect(await db.outboxMessage.count({ where: { kind: REWARD_ISSUE } })).toBe(0);
  });

  it("gives store credit for the next tier, and nothing again for a tier reached before", async () => {
    await earn("o2", 500); // 850: Gold
    await drainRewardIssues(db, adminFor);
    expect(store.state.customers[0].storeCreditMinor).toBe(1000);
    await clawback(db, { shopId, memberId, kind: "clawback", key: "r2", orderId: "o2", points: 500, allowNegativeBalance: true, reason: { code: "manual", params: { note: "Refund" } } }); // back to Silver
    await earn("o3", 600); // Gold again
    expect((await redemptions()).map((r) => [r.reward.name, r.status])).toEqual([["$5 off", "issued"], ["$10 credit", "issued"]]);
    expect(store.state.customers[0].storeCreditMinor).toBe(1000);
  });

  it("makes one code even when Shopify's answer is lost and the call is made again", async () => {
    store.state.customers.push({ id: 4243, email: "ivan@example.com", firstName: "Ivan", lastName: "Petrov", createdAt: new Date().toISOString(), metafields: {}, storeCreditMinor: 0 });
    const ivan = await ensureMember(db, shopId, { customerId: "4243", email: "ivan@example.com" });
    await credit(db, { shopId, memberId: ivan.id, kind: "earn", key: "i1", orderId: "i1", points: 400, reason: { code: "manual", params: { note: "Order" } } });
    const lost: AdminFor = async (shop) => {
      const graphql = await adminFor(shop);
      return async (query, variables) => {
        await graphql(query, variables); // Shopify made the code...
        throw new Error("socket hang up"); // ...and the answer never came
      };
    };
    const before = store.state.discounts.length;
    expect(await drainRewardIssues(db, lost)).toBe(0);
    expect(await db.outboxMessage.count({ where: { kind: REWARD_ISSUE } })).toBe(1);
    expect(await drainRewardIssues(db, adminFor, new Date(Date.now() + 3_600_000))).toBe(1);
    const granted = await db.redemption.findFirstOrThrow({ where: { memberId: ivan.id } });
    expect(granted).toMatchObject({ status: "issued", code: rewardCode(granted.id) });
    expect(store.state.discounts.length).toBe(before + 1);
    expect(store.state.discounts.at(-1)).toMatchObject({ code: granted.code, customerIds: [4243] });
  });

  it("grants a new tier's reward to members the recompute moves into it", async () => {
    const tiers = await db.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" } });
    const fiveOff = await db.reward.findFirstOrThrow({ where: { shopId, name: "$5 off" } });
    await saveLadder(db, shopId, { basis: "points", window: "lifetime", tiers: [
      ...tiers.map(({ id, name, threshold, multiplierPercent, entryRewardId }) => ({ id, name, threshold, multiplierPercent, entryRewardId })),
      { name: "Platinum", threshold: 900, multiplierPercent: 100, entryRewardId: fiveOff.id },
    ] }, "staff:1");
    while ((await stepTierRecompute(db))?.status === "running");
    const platinum = await db.redemption.findMany({ where: { memberId, requestId: { endsWith: (await db.tier.findFirstOrThrow({ where: { shopId, name: "Platinum" } })).id } } });
    expect(platinum).toHaveLength(1); // Ola has earned 950 (350 + 500 - 500 taken back + 600); Ivan's 400 reach no new tier
    expect(await db.redemption.count({ where: { requestId: { startsWith: "tier-entry:" }, member: { customerId: "4243" } } })).toBe(1);
  });

  it("gives nothing while the program is off", async () => {
    const tiers = await db.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" } });
    const credit10 = await db.reward.findFirstOrThrow({ where: { shopId, name: "$10 credit" } });
    await db.shop.update({ where: { id: shopId }, data: { programEnabled: false } });
    try {
      await saveLadder(db, shopId, { basis: "points", window: "lifetime", tiers: [
        ...tiers.map(({ id, name, threshold, multiplierPercent, entryRewardId }) => ({ id, name, threshold, multiplierPercent, entryRewardId })),
        { name: "Diamond", threshold: 920, multiplierPercent: 100, entryRewardId: credit10.id },
      ] }, "staff:1");
      while ((await stepTierRecompute(db))?.status === "running");
      const diamond = await db.tier.findFirstOrThrow({ where: { shopId, name: "Diamond" } });
      expect(await db.member.count({ where: { shopId, tierId: diamond.id } })).toBeGreaterThan(0); // Ola moved up
      expect(await db.redemption.count({ where: { requestId: { endsWith: diamond.id } } })).toBe(0);
    } finally {
      await db.shop.update({ where: { id: shopId }, data: { programEnabled: true } });
    }
  });

  it("queues one issue per grant: two members reaching a tier before Shopify is called each get their own", async () => {
    await db.outboxMessage.deleteMany({ where: { shopId, kind: REWARD_ISSUE } });
    const granted: string[] = [];
    for (const customerId of ["5001", "5002"]) {
      const member = await ensureMember(db, shopId, { customerId });
      await credit(db, { shopId, memberId: member.id, kind: "earn", key: `two-${customerId}`, orderId: `two-${customerId}`, points: 350, reason: { code: "manual", params: { note: "Order" } } });
      granted.push((await db.redemption.findFirstOrThrow({ where: { memberId: member.id } })).id);
    }
    const queued = await db.outboxMessage.findMany({ where: { shopId, kind: REWARD_ISSUE }, orderBy: { id: "asc" } });
    expect(queued.map((m) => JSON.parse(m.payload).redemptionId)).toEqual(granted);
  });

  it("refuses a points slider or free product as an entry reward", async () => {
    const slider = await db.reward.create({ data: { shopId, name: "Slider", type: "points_slider", pointsCost: 100, sliderMinPoints: 100, sliderMaxPoints: 1000 } });
    const mug = await db.reward.create({ data: { shopId, name: "Mug", type: "free_product", pointsCost: 100, productVariantId: "gid://shopify/ProductVariant/1" } });
    for (const reward of [slider, mug]) {
      await expect(saveLadder(db, shopId, { basis: "points", window: "lifetime", tiers: [{ name: "Bronze", threshold: 0, multiplierPercent: 100, entryRewardId: reward.id }] }, "staff:1")).rejects.toBeInstanceOf(LadderRefused);
    }
  });
});
