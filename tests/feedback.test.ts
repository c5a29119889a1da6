// Member feedback through the app proxy and the admin, on a real database: the panel asks a member
// who redeemed, the answer is kept and earns the shop's bonus once a quarter, refusals change
// nothing, and the owner reads satisfaction in analytics and as CSV. The recommended next reward
// rides along in the same state. (What the figures mean: app/loyalty/feedback.test.ts.)
import { beforeAll, describe, expect, it } from "vitest";
import { answerFeedback, FeedbackRefused, satisfactionReport } from "../app/loyalty/feedback.server";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { recordDataRequest, redactCustomer } from "../app/loyalty/privacy.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { proxyRequest, type ProxyRequestOptions } from "./support/proxy";
import { installTestShop } from "./support/shop";

const { db } = useFreshAppDatabase();
const SHOP = "feedback.myshopify.com";
const OTHER = "feedback-other.myshopify.com";
let shopId = "";
let otherShopId = "";
let rewardId = "";
let goldId = "";
let seq = 0;

const state = async (o: ProxyRequestOptions) => {
  const { loader } = await import("../app/routes/proxy.state");
  return (await loader({ request: proxyRequest("/state", o), params: {}, context: {} })).json();
};
const answer = async (customerId: string | null, body: unknown, locale = "en", shop = SHOP) => {
  const { action } = await import("../app/routes/proxy.feedback");
  return action({ request: proxyRequest("/feedback", { shop, customerId, method: "POST", body, query: { locale } }), params: {}, context: {} });
};

/** A member with `points`, and a redemption made `redeemedAt` (none when null); returns the customer id and member id. */
async function member(points: number, redeemedAt: Date | null = new Date(), shop = shopId) {
  const customerId = String(7000 + ++seq);
  const m = await ensureMember(db, shop, { customerId, email: `f${seq}@example.com`, firstName: "Fay", lastName: `Member${seq}` });
  if (points) await credit(db, { shopId: shop, memberId: m.id, kind: "adjust", key: `seed:${customerId}`, points, reason: { code: "manual", params: { note: "seed" } } });
  if (redeemedAt) await db.redemption.create({ data: { shopId: shop, memberId: m.id, rewardId, requestId: `r-${customerId}`, pointsSpent: 100, status: "issued", code: `CODE-${customerId}`, createdAt: redeemedAt } });
  return { customerId, memberId: m.id };
}
const feedbackEntries = (memberId: string) => db.ledgerEntry.findMany({ where: { memberId, reason: "feedback" }, select: { amount: true, idempotencyKey: true } });

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "USD" })).id;
  otherShopId = (await installTestShop(db, OTHER)).id;
  await storeOfflineSession(db, SHOP);
  await db.programSettings.update({ where: { shopId }, data: { feedbackBonus: 25 } });
  goldId = (await db.tier.create({ data: { shopId, name: "Gold", threshold: 100_000 } })).id;
  rewardId = (await db.reward.create({ data: { shopId, name: "$5 off", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } })).id;
  await db.reward.create({ data: { shopId: otherShopId, name: "Other's", type: "fixed_amount", pointsCost: 100, valueMinor: 500 } });
});

describe("the feedback question", () => {
  it("is not asked of a member who has not redeemed, nor of a guest", async () => {
    const { customerId } = await member(500, null);
    expect((await state({ shop: SHOP, customerId })).feedback).toBeNull();
    expect((await state({ shop: SHOP, customerId: null })).feedback).toBeNull();
    const refused = await answer(customerId, { score: 5 });
    expect([refused.status, (await refused.json()).errors]).toEqual([409, { form: "There is nothing to answer just now." }]);
  });

  it("is asked after a redemption, in the shopper's language, with the bonus; the answer is kept with the tier and earns the bonus once", async () => {
    const { customerId, memberId } = await member(500);
    await db.member.update({ where: { id: memberId }, data: { tierId: goldId } });
    const asked = await state({ shop: SHOP, customerId, query: { locale: "pl" } });
    expect(asked.feedback).toMatchObject({ question: "Jak podoba Ci się nasz program lojalnościowy?", bonusText: "Odpowiedz i zdobądź 25 punktów.", send: "Wyślij" });
    expect(asked.feedback.scores.map((s: { label: string }) => s.label)).toEqual(["1 z 5", "2 z 5", "3 z 5", "4 z 5", "5 z 5"]);
    expect(asked.waysToEarn).toContainEqual({ kind: "feedback", text: "25 punktów za opinię o programie, raz na kwartał" });

    const response = await answer(customerId, { score: 4, comment: "  Nice codes  " }, "pl");
    expect(response.status).toBe(200);
    expect((await response.json()).data).toEqual({ credited: 25, balance: 525, message: "Dziękujemy za odpowiedź! Dodano 25 punktów." });
    const kept = await db.feedbackAnswer.findFirstOrThrow({ where: { memberId } });
    expect(kept).toMatchObject({ shopId, score: 4, comment: "Nice codes", tierId: goldId, quarter: expect.stringMatching(/^\d{4}-Q[1-4]$/) });
    expect(await feedbackEntries(memberId)).toEqual([{ amount: 25, idempotencyKey: `feedback:${memberId}:${kept.quarter}` }]);
    expect((await state({ shop: SHOP, customerId })).feedback).toBeNull();

    // Again this quarter: refused in Russian, nothing kept or credited.
    const again = await answer(customerId, { score: 1 }, "ru");
    expect([again.status, (await again.json()).errors]).toEqual([409, { form: "Вы уже ответили в этом квартале. Спасибо!" }]);
    expect(await db.feedbackAnswer.count({ where: { memberId } })).toBe(1);
    expect(await feedbackEntries(memberId)).toHaveLength(1);
    expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).balance).toBe(525);
  });

  it("answers a guest 401, a body that is not JSON 400, a bad score or comment 400 with the field's error, and changes nothing", async () => {
    const { customerId, memberId } = await member(0);
    const guest = await answer(null, { score: 5 });
    expect([guest.status, (await guest.json()).errors]).toEqual([401, { form: "Sign in to answer." }]);
    const { action } = await import("../app/routes/proxy.feedback");
    const garbled = await action({ request: proxyRequest("/feedback", { shop: SHOP, customerId, method: "POST", body: "{not json", query: { locale: "en" } }), params: {}, context: {} });
    expect(garbled.status).toBe(400);
    const badScore = await answer(customerId, { score: 7, comment: "x".repeat(1001) });
    expect([badScore.status, (await badScore.json()).errors]).toEqual([400, { form: "Choose from 1 to 5.", score: "Choose from 1 to 5.", comment: "Please keep the comment under 1,000 characters." }]);
    expect(await db.feedbackAnswer.count({ where: { memberId } })).toBe(0);
    expect(await feedbackEntries(memberId)).toEqual([]);
  });

  it("is not asked, nor answered, when the shop turned it off; another shop's customer is no member here", async () => {
    const { customerId } = await member(0);
    await db.programSettings.update({ where: { shopId }, data: { feedbackEnabled: false } });
    try {
      expect((await state({ shop: SHOP, customerId })).feedback).toBeNull();
      expect((await state({ shop: SHOP, customerId })).waysToEarn.map((w: { kind: string }) => w.kind)).not.toContain("feedback");
      expect((await answer(customerId, { score: 5 })).status).toBe(409);
    } finally {
      await db.programSettings.update({ where: { shopId }, data: { feedbackEnabled: true } });
    }
    const stranger = await member(0, new Date(), otherShopId);
    const response = await answer(stranger.customerId, { score: 5 });
    expect([response.status, (await response.json()).errors]).toEqual([409, { form: "Join the rewards program to answer." }]);
  });

  it("is asked again the next quarter only after another redemption, with the bonus again", async () => {
    const { customerId, memberId } = await member(0, new Date("2026-08-10T00:00:00Z"));
    await answerFeedback(db, shopId, customerId, { score: 3, comment: null }, new Date("2026-08-11T00:00:00Z"));
    const october = new Date("2026-10-02T00:00:00Z");
    await expect(answerFeedback(db, shopId, customerId, { score: 5, comment: null }, october)).rejects.toEqual(new FeedbackRefused("not_asked"));
    await db.redemption.create({ data: { shopId, memberId, rewardId, requestId: `again-${customerId}`, pointsSpent: 100, status: "issued", code: `AGAIN-${customerId}`, createdAt: new Date("2026-10-01T00:00:00Z") } });
    expect((await answerFeedback(db, shopId, customerId, { score: 5, comment: null }, october)).credited).toBe(25);
    expect((await feedbackEntries(memberId)).map((e) => e.idempotencyKey)).toEqual([`feedback:${memberId}:2026-Q3`, `feedback:${memberId}:2026-Q4`]);
  });
});

describe("satisfaction for the owner", () => {
  let owner = "";
  beforeAll(async () => {
    // A shop of its own, hand-worked: Gold answers 5 and 4 in October, no tier answers 2 in
    // November (with a comment a spreadsheet would run), and one answer before the range.
    owner = (await installTestShop(db, "feedback-owner.myshopify.com", { currencyCode: "USD" })).id;
    await storeOfflineSession(db, "feedback-owner.myshopify.com");
    const tier = await db.tier.create({ data: { shopId: owner, name: "Gold", threshold: 1000 } });
    const add = async (customerId: string, score: number, at: string, tierId: string | null, comment: string | null) => {
      const m = await ensureMember(db, owner, { customerId, email: `${customerId}@example.com`, firstName: customerId });
      await db.feedbackAnswer.create({ data: { shopId: owner, memberId: m.id, quarter: "x", score, comment, tierId, createdAt: new Date(at) } });
    };
    await add("ada", 5, "2026-10-03T10:00:00Z", tier.id, "Love it");
    await add("bob", 4, "2026-10-20T10:00:00Z", tier.id, null);
    await add("cy", 2, "2026-11-05T10:00:00Z", null, "=HYPERLINK(\"x\")");
    await add("old", 1, "2026-09-30T23:59:59Z", null, "Before the range");
  });

  it("averages per month and tier over the range, with the latest comments first", async () => {
    const report = await satisfactionReport(db, owner, { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") });
    expect(report.overall).toEqual({ answers: 3, average: 11 / 3, satisfiedShare: 2 / 3, distribution: [0, 1, 0, 1, 1] });
    expect(report.byMonth.map((m) => [m.month, m.satisfaction.average])).toEqual([["2026-10", 4.5], ["2026-11", 2]]);
    expect(report.byTier.map((t) => [t.name, t.satisfaction.answers, t.satisfaction.average])).toEqual([["Gold", 2, 4.5], [null, 1, 2]]);
    expect(report.comments.map((c) => [c.comment, c.score, c.tier, c.memberName])).toEqual([["=HYPERLINK(\"x\")", 2, null, "cy"], ["Love it", 5, "Gold", "ada"]]);
  });

  it("shows them in the analytics page's loader and exports the range's answers as CSV, formulas made inert", async () => {
    const { loader } = await import("../app/routes/app.analytics");
    const page = await loader({ request: adminRequest("/app/analytics?from=2026-10-01&to=2026-11-30", "feedback-owner.myshopify.com"), params: {}, context: {} });
    expect(page.satisfaction.overall.answers).toBe(3);
    const { loader: exportLoader } = await import("../app/routes/app.feedback.export");
    const csv = await exportLoader({ request: adminRequest("/app/feedback/export?from=2026-10-01&to=2026-11-30", "feedback-owner.myshopify.com"), params: {}, context: {} });
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\r\n")).toEqual([
      "date,score,tier,customer_id,email,comment",
      "2026-10-03,5,Gold,ada,ada@example.com,Love it",
      "2026-10-20,4,Gold,bob,bob@example.com,",
      `2026-11-05,2,,cy,cy@example.com,"'=HYPERLINK(""x"")"`,
      "",
    ]);
    const wrong = await exportLoader({ request: adminRequest("/app/feedback/export?from=2026-11-30&to=2026-10-01", "feedback-owner.myshopify.com"), params: {}, context: {} });
    expect(wrong.status).toBe(400);
  });

  it("keeps the answers in a customer's data request, and erases their words (not the score) when they are redacted", async () => {
    await recordDataRequest(db, owner, { customerId: "ada", requestId: null });
    const report = JSON.parse((await db.privacyRequest.findFirstOrThrow({ where: { shopId: owner, customerId: "ada", kind: "data_request" } })).report!);
    expect(report.member.feedback).toEqual([{ at: "2026-10-03T10:00:00.000Z", score: 5, comment: "Love it" }]);
    await redactCustomer(db, owner, "ada");
    const kept = await db.feedbackAnswer.findFirstOrThrow({ where: { shopId: owner, score: 5 } });
    expect(kept.comment).toBeNull();
  });
});

describe("the recommended next reward", () => {
  it("is in the state and on the loyalty page: the closest reward to reach, with the points to go in the shopper's language", async () => {
    const shop = (await installTestShop(db, "recommend.myshopify.com", { currencyCode: "USD" })).id;
    const make = (name: string, pointsCost: number) => db.reward.create({ data: { shopId: shop, name, type: "fixed_amount", pointsCost, valueMinor: 500 } });
    const coffee = await make("Coffee", 300);
    await make("Hoodie", 2000);
    const m = await ensureMember(db, shop, { customerId: "8001" });
    await credit(db, { shopId: shop, memberId: m.id, kind: "adjust", key: "seed:8001", points: 250, reason: { code: "manual", params: { note: "seed" } } });
    const view = await state({ shop: "recommend.myshopify.com", customerId: "8001", query: { locale: "ru" } });
    expect(view.recommended).toEqual({ id: coffee.id, name: "Coffee", missing: 50, text: "Ваша следующая награда: Coffee, осталось 50 баллов" });
    expect((await state({ shop: "recommend.myshopify.com", customerId: null })).recommended).toBeNull();
    // The loyalty page says the same, in its member section.
    const { loader } = await import("../app/routes/proxy._index");
    const page = await (await loader({ request: proxyRequest("", { shop: "recommend.myshopify.com", customerId: "8001", query: { locale: "en" } }), params: {}, context: {} })).text();
    expect(page).toContain(`<p data-klub-recommended="${coffee.id}">Your next reward: Coffee, 50 points to go</p>`);
  });

  it("follows what members of the same tier redeemed lately, or the whole shop when they redeemed too little", async () => {
    const domain = "popular.myshopify.com";
    const shop = (await installTestShop(db, domain, { currencyCode: "USD" })).id;
    const make = (name: string, pointsCost: number) => db.reward.create({ data: { shopId: shop, name, type: "fixed_amount", pointsCost, valueMinor: 500 } });
    const coffee = await make("Coffee", 300);
    const mug = await make("Mug", 340); // 90 to go at 250 points: within twice the coffee's 50
    const gold = await db.tier.create({ data: { shopId: shop, name: "Gold", threshold: 5000 } });
    const silver = await db.tier.create({ data: { shopId: shop, name: "Silver", threshold: 1000 } });
    let n = 0;
    const peer = async (tierId: string | null, reward: { id: string }, times: number) => {
      for (let i = 0; i < times; i++) {
        const m = await ensureMember(db, shop, { customerId: String(9000 + ++n) });
        await db.member.update({ where: { id: m.id }, data: { tierId } });
        await db.redemption.create({ data: { shopId: shop, memberId: m.id, rewardId: reward.id, requestId: `p${n}`, pointsSpent: 300, status: "used", code: `P${n}` } });
      }
    };
    await peer(null, mug, 12); // members without a tier love the mug
    await peer(gold.id, coffee, 10); // Gold members, the coffee
    const shopper = async (customerId: string, tierId: string | null) => {
      const m = await ensureMember(db, shop, { customerId });
      await credit(db, { shopId: shop, memberId: m.id, kind: "adjust", key: `seed:${customerId}`, points: 250, reason: { code: "manual", params: { note: "seed" } } });
      await db.member.update({ where: { id: m.id }, data: { tierId } }); // after the credit, which places them by their points
      return (await state({ shop: domain, customerId })).recommended.id;
    };
    expect(await shopper("9901", null)).toBe(mug.id);
    expect(await shopper("9902", gold.id)).toBe(coffee.id);
    expect(await shopper("9903", silver.id)).toBe(mug.id); // no Silver redemptions: the shop's 12 mugs against 10 coffees
  });
});
