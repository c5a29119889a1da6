// The storefront's app proxy through its route modules, with requests signed as Shopify signs them
// and the Admin API played over HTTP: the shopper's state, redeem (idempotent, compensated when
// Shopify refuses or does not answer, raced), cancel, the loyalty page, and the security rules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api";
import { proxyRequest, proxyUrl, type ProxyRequestOptions } from "./support/proxy";
import { installTestShop } from "./support/shop";

const { db } = useFreshAppDatabase();
const SHOP = "proxy-shop.myshopify.com";
const OTHER_SHOP = "other-shop.myshopify.com";
let api: FakeAdminApi;
let shopId = "";
let otherShopId = "";
let fiveOff = "";
let gold = "";
let slider = "";
let otherReward = "";

const state = async (o: ProxyRequestOptions) => {
  const { loader } = await import("../app/routes/proxy.state");
  return loader({ request: proxyRequest("/state", o), params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
};
const redeemRequest = async (request: Request) => {
  const { action } = await import("../app/routes/proxy.redeem");
  return action({ request, params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
};
const redeem = (customerId: string | null, body: unknown, shop = SHOP) => redeemRequest(proxyRequest("/redeem", { shop, customerId, method: "POST", body }));
const cancel = async (customerId: string, id: string) => {
  const { action } = await import("../app/routes/proxy.codes.$id.cancel");
  return action({ request: proxyRequest(`/codes/${id}/cancel`, { shop: SHOP, customerId, method: "POST" }), params: { id }, context: {} }).catch((thrown: unknown) => thrown as Response);
};
const page = async (o: ProxyRequestOptions) => {
  const { loader } = await import("../app/routes/proxy._index");
  return loader({ request: proxyRequest("", o), params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
};

let customerSeq = 1000;
/** A new member of the shop with `points` spendable points; returns their Shopify customer id. */
async function member(points: number, shop = shopId): Promise<string> {
  const customerId = String(customerSeq++);
  const m = await ensureMember(db, shop, { customerId, email: `c${customerId}@example.com`, firstName: "Ann", lastName: "Lee" });
  if (points > 0) await credit(db, { shopId: shop, memberId: m.id, kind: "adjust", key: `seed:${customerId}`, points, reason: { code: "manual", params: { note: "seed" } } });
  return customerId;
}
const balanceOf = async (customerId: string) => (await db.member.findFirstOrThrow({ where: { shopId, customerId } })).balance;
const entriesOf = async (customerId: string) =>
  (await db.ledgerEntry.findMany({ where: { member: { shopId, customerId } }, orderBy: { id: "asc" }, select: { kind: true, amount: true } })).filter((e) => e.kind !== "adjust");

beforeAll(async () => {
  api = await startFakeAdminApi();
  process.env.KLUB_SANDBOX_URL = api.url; // Admin API calls to *.myshopify.com go to the stand-in
  shopId = (await installTestShop(db, SHOP)).id;
  otherShopId = (await installTestShop(db, OTHER_SHOP)).id;
  await storeOfflineSession(db, SHOP);
  await storeOfflineSession(db, OTHER_SHOP);
  await db.programSettings.update({ where: { shopId }, data: { earnPoints: 5, earnPerAmountMinor: 100, signupBonus: 100 } });
  const tier = await db.tier.create({ data: { shopId, name: "Gold", threshold: 1000 } });
  const reward = (data: Record<string, unknown>, shop = shopId) => db.reward.create({ data: { shopId: shop, name: "Reward", type: "fixed_amount", pointsCost: 500, valueMinor: 500, ...data } as never });
  fiveOff = (await reward({ name: "$5 off", codeExpiryDays: 30, minimumSubtotalMinor: 2000 })).id;
  gold = (await reward({ name: "Gold gift", pointsCost: 100, tierId: tier.id })).id;
  slider = (await reward({ name: "Points to dollars", type: "points_slider", pointsCost: 100, valueMinor: null, sliderMinPoints: 100, sliderMaxPoints: 1000 })).id;
  otherReward = (await reward({ name: "Other shop's", pointsCost: 1 }, otherShopId)).id;
});

afterAll(async () => {
  delete process.env.KLUB_SANDBOX_URL;
  await api?.close();
});

describe("the shopper's state", () => {
  it("shows a member their points, what they can afford and the ways to earn, in their language", async () => {
    const customerId = await member(1200);
    const response = await state({ shop: SHOP, customerId, query: { locale: "pl" } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.member).toMatchObject({ points: 1200, pointsText: "1200", pendingPoints: 0, tier: null });
    expect(body.rewards.map((r: { name: string; affordable: boolean; missing: number }) => [r.name, r.affordable, r.missing])).toEqual([
      ["Points to dollars", true, 0],
      ["$5 off", true, 0],
    ]);
    const five = body.rewards.find((r: { id: string }) => r.id === fiveOff);
    expect(five).toMatchObject({ text: "5,00\u00a0USD zniżki na zamówienie", costText: "500 punktów", minimumText: "Przy zamówieniach od 20,00\u00a0USD" });
    expect(body.waysToEarn.map((w: { kind: string; text: string }) => w.text)).toEqual(["5 punktów za każde wydane 1,00\u00a0USD", "100 punktów za dołączenie"]);
    expect(body.guest).toBeNull();
  });

  it("groups large numbers as the language does, and says how many points are missing", async () => {
    const customerId = await member(300);
    const body = await (await state({ shop: SHOP, customerId, query: { locale: "ru" } })).json();
    const five = body.rewards.find((r: { id: string }) => r.id === fiveOff);
    expect(five).toMatchObject({ affordable: false, missing: 200, missingText: "Не хватает: 200 баллов" });
    const rich = await member(12345);
    const richBody = await (await state({ shop: SHOP, customerId: rich, query: { locale: "ru" } })).json();
    expect(richBody.member.pointsText).toBe("12\u00a0345");
  });

  it("invites a guest with the signup bonus and shows no member", async () => {
    const body = await (await state({ shop: SHOP, customerId: null })).json();
    expect(body.member).toBeNull();
    expect(body.codes).toEqual([]);
    expect(body.guest).toEqual({ text: "Join and get 100 points" });
    expect(body.rewards.map((r: { id: string }) => r.id)).toEqual([slider, fiveOff]); // no tier-only reward
  });
});

describe("security", () => {
  it("refuses a forged signature, a stale one and one sent twice, with 401", async () => {
    const customerId = await member(1000);
    const forged = await state({ shop: SHOP, customerId, secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    expect((await forged.json()).errors.form).toBe("This page could not be verified. Reload it and try again.");
    const stale = await state({ shop: SHOP, customerId, timestamp: Math.floor(Date.now() / 1000) - 91 });
    expect(stale.status).toBe(401);
    const url = proxyUrl("/state", { shop: SHOP, customerId });
    const { loader } = await import("../app/routes/proxy.state");
    const first = await loader({ request: new Request(url), params: {}, context: {} });
    const replayed = await loader({ request: new Request(url), params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
    expect([first.status, replayed.status]).toEqual([200, 401]);
  });

  it("knows the shopper only by logged_in_customer_id: a customer id in the query or body changes nothing", async () => {
    const owner = await member(1000);
    const intruder = await member(0);
    const body = await (await state({ shop: SHOP, customerId: intruder, query: { customer_id: owner, logged_in_customer_id_extra: owner } })).json();
    expect(body.member.points).toBe(0);
    const spent = await redeem(intruder, { rewardId: fiveOff, requestId: "intruder-1", customerId: owner });
    expect(spent.status).toBe(409);
    expect(await balanceOf(owner)).toBe(1000);
  });

  it("does not let a guest redeem, nor a request signed for one shop touch another shop's reward", async () => {
    const guest = await redeem(null, { rewardId: fiveOff, requestId: "guest-0001" });
    expect(guest.status).toBe(401);
    expect((await guest.json()).errors.form).toBe("Sign in to use your points.");
    const customerId = await member(1000);
    const crossShop = await redeem(customerId, { rewardId: otherReward, requestId: "cross-0001" });
    expect(crossShop.status).toBe(404);
    expect(await balanceOf(customerId)).toBe(1000);
    expect(await db.redemption.count({ where: { rewardId: otherReward } })).toBe(0);
  });

  it("answers a malformed body with 400 and changes nothing", async () => {
    const customerId = await member(1000);
    const bad = await redeemRequest(proxyRequest("/redeem", { shop: SHOP, customerId, method: "POST", body: "{not json" }));
    expect(bad.status).toBe(400);
    expect(await balanceOf(customerId)).toBe(1000);
  });
});

describe("redeem", () => {
  it("debits the points once and creates one single-use code for that customer only, also when retried", async () => {
    const customerId = await member(1200);
    const first = await redeem(customerId, { rewardId: fiveOff, requestId: "retry-0001" });
    expect(first.status).toBe(200);
    const { ok, data } = await first.json();
    expect(ok).toBe(true);
    expect(data.code).toMatchObject({ status: "issued", statusText: "Ready to use", cancellable: true, rewardName: "$5 off" });
    expect(data.code.code).toMatch(/^KLUB-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(data.member.points).toBe(700);
    const again = await (await redeem(customerId, { rewardId: fiveOff, requestId: "retry-0001" })).json();
    expect(again.data.code.code).toBe(data.code.code);
    expect(await balanceOf(customerId)).toBe(700);
    expect(await entriesOf(customerId)).toEqual([{ kind: "redeem", amount: -500 }]);
    const discount = api.discounts.get(data.code.code)!;
    expect(discount.input).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [`gid://shopify/Customer/${customerId}`] } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "20.00" } },
      customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
    });
  });

  it("refuses a reward the shopper cannot afford with a message in their language, and changes nothing", async () => {
    const customerId = await member(300);
    const refused = await redeemRequest(proxyRequest("/redeem", { shop: SHOP, customerId, method: "POST", body: { rewardId: fiveOff, requestId: "short-0001" }, query: { locale: "pl" } }));
    expect(refused.status).toBe(409);
    expect((await refused.json()).errors.form).toBe("Do tej nagrody brakuje Ci: 200 punktów.");
    expect(await balanceOf(customerId)).toBe(300);
    expect(await db.redemption.count({ where: { member: { customerId } } })).toBe(0);
  });

  it("gives the points back when Shopify refuses, and a retry neither debits nor creates again", async () => {
    const customerId = await member(1000);
    api.failDiscounts(1, "refuse");
    const refused = await redeem(customerId, { rewardId: fiveOff, requestId: "refuse-0001" });
    expect(refused.status).toBe(502);
    expect((await refused.json()).errors.form).toBe("We could not create your code. Your points are back; please try again in a moment.");
    expect(await balanceOf(customerId)).toBe(1000);
    expect(await entriesOf(customerId)).toEqual([{ kind: "redeem", amount: -500 }, { kind: "reversal", amount: 500 }]);
    const retried = await redeem(customerId, { rewardId: fiveOff, requestId: "refuse-0001" });
    expect(retried.status).toBe(502);
    expect(await entriesOf(customerId)).toHaveLength(2);
  });

  it("gives the points back when Shopify's answer is lost, and deactivates the code Shopify made meanwhile", async () => {
    const customerId = await member(1000);
    const codesBefore = api.discounts.size;
    api.failDiscounts(1, "lose_answer");
    const lost = await redeem(customerId, { rewardId: fiveOff, requestId: "lost-0001" });
    expect(lost.status).toBe(502);
    expect(await balanceOf(customerId)).toBe(1000);
    expect(api.discounts.size).toBe(codesBefore + 1);
    const made = [...api.discounts.values()].at(-1)!;
    expect(made.active).toBe(true);
    const { drainRewardRevokes } = await import("../app/shopify/reward-issuer.server");
    expect(await drainRewardRevokes(db, api.adminFor)).toBe(1);
    expect(made.active).toBe(false);
  });

  it("spends what the slider asks within its bounds, and refuses outside them", async () => {
    const customerId = await member(1000);
    const out = await redeem(customerId, { rewardId: slider, requestId: "slider-0001", points: 1100 });
    expect(out.status).toBe(400);
    expect((await out.json()).errors.form).toBe("Choose between 100 points and 1,000 points.");
    const spent = await redeem(customerId, { rewardId: slider, requestId: "slider-0002", points: 350 });
    expect(spent.status).toBe(200);
    const { data } = await spent.json();
    expect(api.discounts.get(data.code.code)!.input).toMatchObject({ customerGets: { value: { discountAmount: { amount: "3.50" } } } });
    expect(await balanceOf(customerId)).toBe(650);
  });

  it("keeps a tier's reward for that tier and higher", async () => {
    const below = await member(500);
    expect((await redeem(below, { rewardId: gold, requestId: "gold-0001" })).status).toBe(403);
    const goldMember = await member(0);
    const m = await db.member.findFirstOrThrow({ where: { shopId, customerId: goldMember } });
    await credit(db, { shopId, memberId: m.id, kind: "earn", key: `gold:${goldMember}`, points: 1500, reason: { code: "manual", params: { note: "orders" } } });
    expect((await redeem(goldMember, { rewardId: gold, requestId: "gold-0002" })).status).toBe(200);
  });

  it("keeps a segment's reward for that segment, and tells anyone else why in their language", async () => {
    const winBack = await db.reward.create({ data: { shopId, name: "We miss you", type: "fixed_amount", pointsCost: 100, valueMinor: 500, segment: "win_back", segmentThreshold: 60 } });
    try {
      const DAY = 86_400_000;
      const lapsed = await member(500);
      const recent = await member(500);
      await db.member.updateMany({ where: { shopId, customerId: lapsed }, data: { orderCount: 3, lastOrderAt: new Date(Date.now() - 90 * DAY) } });
      await db.member.updateMany({ where: { shopId, customerId: recent }, data: { orderCount: 3, lastOrderAt: new Date(Date.now() - 5 * DAY) } });
      const names = async (customerId: string | null) => ((await (await state({ shop: SHOP, customerId })).json()).rewards as { name: string }[]).map((r) => r.name);
      expect(await names(lapsed)).toContain("We miss you");
      expect(await names(recent)).not.toContain("We miss you");
      expect(await names(null)).not.toContain("We miss you");
      const refused = await redeemRequest(proxyRequest("/redeem", { shop: SHOP, customerId: recent, method: "POST", body: { rewardId: winBack.id, requestId: "winback-0001" }, query: { locale: "ru" } }));
      expect(refused.status).toBe(403);
      expect((await refused.json()).errors.form).toBe("Эта награда для участников, которые давно не делали заказов.");
      expect(await balanceOf(recent)).toBe(500);
      expect((await redeem(lapsed, { rewardId: winBack.id, requestId: "winback-0002" })).status).toBe(200);
      expect(await balanceOf(lapsed)).toBe(400);
    } finally {
      await db.reward.update({ where: { id: winBack.id }, data: { deletedAt: new Date() } });
    }
  });

  it("lets 20 concurrent redeems that the balance covers once make one code and one debit", async () => {
    const customerId = await member(500);
    const { redeem: redeemOnce } = await import("../app/shopify/redeem.server");
    const graphql = await api.adminFor(SHOP);
    const codesBefore = api.discounts.size;
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => redeemOnce(db, graphql, { shopId, customerId, rewardId: fiveOff, requestId: `race-${i}-0000` })));
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const reasons = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { reason?: string }).reason] : []));
    expect(`${fulfilled.length} succeeded`).toBe("1 succeeded");
    expect(reasons).toEqual(Array(19).fill("insufficient"));
    expect(await balanceOf(customerId)).toBe(0);
    expect(await entriesOf(customerId)).toEqual([{ kind: "redeem", amount: -500 }]);
    expect(api.discounts.size).toBe(codesBefore + 1);
  });

  it("answers 429 with Retry-After once a shopper tries too often in a minute", async () => {
    const customerId = await member(0);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await redeem(customerId, { rewardId: fiveOff, requestId: `rate-${i}-0000` })).status);
    expect(statuses).toEqual([...Array(10).fill(409), 429]);
    const limited = await redeem(customerId, { rewardId: fiveOff, requestId: "rate-x-0000" });
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await limited.json()).errors.form).toBe("Too many tries. Please wait a minute and try again.");
  });

  it("refuses while the program is off", async () => {
    const customerId = await member(1000);
    await db.shop.update({ where: { id: shopId }, data: { programEnabled: false } });
    try {
      const refused = await redeem(customerId, { rewardId: fiveOff, requestId: "off-00001" });
      expect(refused.status).toBe(403);
      expect((await (await state({ shop: SHOP, customerId })).json()).programEnabled).toBe(false);
    } finally {
      await db.shop.update({ where: { id: shopId }, data: { programEnabled: true } });
    }
    expect(await balanceOf(customerId)).toBe(1000);
  });
});

describe("cancel", () => {
  it("deactivates an unused code and gives the points back, once", async () => {
    const customerId = await member(500);
    const { data } = await (await redeem(customerId, { rewardId: fiveOff, requestId: "cancel-0001" })).json();
    const id = data.code.id;
    const cancelled = await cancel(customerId, id);
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()).data).toMatchObject({ code: { status: "cancelled", cancellable: false }, member: { points: 500 } });
    expect(api.discounts.get(data.code.code)!.active).toBe(false);
    expect((await cancel(customerId, id)).status).toBe(409);
    expect(await entriesOf(customerId)).toEqual([{ kind: "redeem", amount: -500 }, { kind: "reversal", amount: 500 }]);
  });

  it("does not let a shopper cancel another's code", async () => {
    const owner = await member(500);
    const { data } = await (await redeem(owner, { rewardId: fiveOff, requestId: "cancel-0002" })).json();
    const other = await member(0);
    expect((await cancel(other, data.code.id)).status).toBe(404);
    expect(api.discounts.get(data.code.code)!.active).toBe(true);
  });
});

describe("an invited friend", () => {
  const link = async (customerId: string | null, code: string) => {
    const { action } = await import("../app/routes/proxy.referral");
    return action({ request: proxyRequest("/referral", { shop: SHOP, customerId, method: "POST", body: { code } }), params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
  };

  it("sees the welcome offer, gets its code on signing up, once, and the inviting member is paid on the friend's first order", async () => {
    await db.programSettings.update({ where: { shopId }, data: { refereeRewardId: fiveOff, referrerBonus: 300, refereeBonus: 0 } });
    try {
      const inviter = await member(0);
      const code = (await db.member.findFirstOrThrow({ where: { shopId, customerId: inviter } })).referralCode!;
      const guestView = await (await state({ shop: SHOP, customerId: null, query: { ref: code } })).json();
      expect(guestView.invite).toEqual({ text: "A friend invited you: join and get $5.00 off your order." });
      expect((await (await state({ shop: SHOP, customerId: null, query: { ref: "NOSUCHCODE" } })).json()).invite).toBeNull();

      // The friend signs up (Shopify creates the customer) and the storefront script sends the code.
      const friend = String(customerSeq++);
      const linked = await link(friend, code);
      expect((await linked.json()).data.linked).toBe(true);
      expect((await (await link(friend, code)).json()).data.linked).toBe(false);
      const friendMember = await db.member.findFirstOrThrow({ where: { shopId, customerId: friend } });
      const welcome = await db.redemption.findMany({ where: { memberId: friendMember.id }, select: { rewardId: true, pointsSpent: true, status: true } });
      expect(welcome).toEqual([{ rewardId: fiveOff, pointsSpent: 0, status: "reserved" }]);
      const { drainRewardIssues } = await import("../app/shopify/reward-issuer.server");
      expect(await drainRewardIssues(db, api.adminFor)).toBe(1);
      const view = await (await state({ shop: SHOP, customerId: friend })).json();
      expect(view.codes.map((c: { rewardName: string; status: string }) => [c.rewardName, c.status])).toEqual([["$5 off", "issued"]]);

      // The inviting member cannot link themselves, and a guest cannot be linked.
      expect((await (await link(inviter, code)).json()).data.linked).toBe(false);
      expect((await link(null, code)).status).toBe(401);

      // The friend's first paid order, with no code on it, pays the inviting member.
      const { deliver, fixture } = await import("./support/webhooks");
      const base = fixture("orders-paid");
      await deliver("orders/paid", { ...base, id: 99001, name: "#99001", customer: { ...base.customer, id: Number(friend), email: `c${friend}@example.com` }, note_attributes: [] }, { shop: SHOP });
      expect(await balanceOf(inviter)).toBe(300);
    } finally {
      await db.programSettings.update({ where: { shopId }, data: { refereeRewardId: null, referrerBonus: 0 } });
    }
  });
});

describe("the loyalty page", () => {
  it("is Liquid in the shop's theme, with the member's balance, codes and history, and no text Liquid would run", async () => {
    await db.reward.create({ data: { shopId, name: "{{ shop.name }} <script>x</script> {% layout none %}", type: "fixed_amount", pointsCost: 99999, valueMinor: 100 } });
    const customerId = await member(1200);
    await redeem(customerId, { rewardId: fiveOff, requestId: "page-00001" });
    const response = await page({ shop: SHOP, customerId });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/liquid");
    const html = await response.text();
    expect(html).toContain('<dd data-klub-balance>700 points</dd>');
    expect(html).toContain("&#123;&#123; shop.name &#125;&#125; &lt;script&gt;x&lt;/script&gt; &#123;&#37; layout none &#37;&#125;");
    expect(html).not.toMatch(/{{|{%|<script/);
    expect(html).toContain("Spent on a reward · -500");
    const guest = await (await page({ shop: SHOP, customerId: null })).text();
    expect(guest).toContain("Join and get 100 points");
    expect(guest).not.toContain("data-klub-balance");
  });
});
