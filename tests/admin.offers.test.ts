// Exclusive offers for members through their route and the outbox, against a stand-in of Shopify's
// Admin API over HTTP: created (the segment, then the automatic discount for it), refused with
// Shopify's words and retried, made once after a lost answer, kept in step with the ladder, ended;
// and the member sync keeping each member's tags in step as they join, change tier and are erased.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api";
import { installTestShop } from "./support/shop";
import { translator } from "../app/i18n/i18n";
import { listActivity } from "../app/loyalty/activity.server";
import { credit, clawback } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { parseOffer, MEMBER_OFFER } from "../app/loyalty/member-offers.server";
import { redactCustomer } from "../app/loyalty/privacy.server";
import { LadderRefused, saveLadder } from "../app/loyalty/tier-ladder.server";
import { drainMemberOffers, drainMemberUntags } from "../app/shopify/member-offers.server";
import { drainOutbox } from "../app/shopify/outbox-worker.server";

const { db } = useFreshAppDatabase();
const SHOP = "offers-owner.myshopify.com";
let shopId = "";
let fake: FakeAdminApi;
let gold = "";
let platinum = "";
let silver = "";

const route = () => import("../app/routes/app.offers");
const post = async (fields: Record<string, string>) => (await route()).action({ request: adminRequest("/app/offers", SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: {}, context: {} });
const load = async () => (await route()).loader({ request: adminRequest("/app/offers", SHOP), params: {}, context: {} });
const today = () => new Date().toISOString().slice(0, 10);
const base = () => ({ intent: "create", title: "Gold members: 10% off", kind: "percentage", percentage: "10", value: "", minimumSubtotal: "", audience: gold, startsOn: today(), endsOn: "", combinesWithRewards: "false" });
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
const offerMessages = () => db.outboxMessage.count({ where: { shopId, kind: MEMBER_OFFER } });

beforeAll(async () => {
  fake = await startFakeAdminApi();
  shopId = (await installTestShop(db, SHOP, { timezone: "Europe/Warsaw" })).id;
  await storeOfflineSession(db, SHOP);
  await saveLadder(db, shopId, { basis: "points", window: "lifetime", tiers: [
    { name: "Silver", threshold: 100, multiplierPercent: 100, entryRewardId: null },
    { name: "Gold", threshold: 500, multiplierPercent: 100, entryRewardId: null },
    { name: "Platinum", threshold: 2000, multiplierPercent: 100, entryRewardId: null },
  ] }, "staff");
  const tiers = await db.tier.findMany({ where: { shopId } });
  [silver, gold, platinum] = ["Silver", "Gold", "Platinum"].map((name) => tiers.find((t) => t.name === name)!.id);
});
afterAll(() => fake.close());

describe("the offer form", () => {
  it("answers errors per field, each in the owner's language", async () => {
    const answer = await post({ ...base(), title: " ", percentage: "150", audience: "nope", startsOn: "2020-01-01", endsOn: "2019-12-31" });
    expect(answer).toMatchObject({ ok: false, errors: { title: "offers.errors.required", percentage: "offers.errors.percent", audience: "offers.errors.choose", startsOn: "offers.errors.past" } });
    for (const key of Object.values(answer.errors) as string[]) {
      for (const locale of ["en", "pl", "ru"] as const) expect(translator(locale)(key), `${locale} ${key}`).not.toBe(key);
    }
    expect(answer.sent).toContainEqual(["title", " "]); // re-filled on a plain POST
    expect(await db.memberOffer.count({ where: { shopId } })).toBe(0);
  });

  it("takes amounts in the shop's currency and days on the shop's clock", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    const parsed = parseOffer({ ...base(), kind: "fixed_amount", value: "12,50", minimumSubtotal: "50", startsOn: "2026-12-05", endsOn: "2026-12-31", audience: "all" }, { currencyCode: "USD", timezone: "Europe/Warsaw" }, [], now);
    expect(parsed).toEqual({
      data: expect.objectContaining({ kind: "fixed_amount", valueMinor: 1250, percentage: null, minimumSubtotalMinor: 5000, tierId: null, startsAt: new Date("2026-12-04T23:00:00Z"), endsAt: new Date("2026-12-31T23:00:00Z") }),
    });
    // Today starts now; a fixed amount needs its amount.
    expect(parseOffer({ ...base(), startsOn: "2026-12-02" }, { currencyCode: "USD", timezone: null }, [gold], now)).toMatchObject({ data: { startsAt: now, percentage: 10, tierId: gold } });
    expect(parseOffer({ ...base(), kind: "fixed_amount", value: "" }, { currencyCode: "USD", timezone: null }, [gold], now)).toEqual({ errors: { value: "offers.errors.required" } });
  });
});

describe("an offer on Shopify", () => {
  it("is made as a segment of the tier and those above, then an automatic discount for it", async () => {
    expect(await post(base())).toEqual({ ok: true, errors: {}, data: { intent: "create" } });
    const offer = await db.memberOffer.findFirstOrThrow({ where: { shopId } });
    expect(offer).toMatchObject({ status: "pending", percentage: 10, tierId: gold });
    expect((await load()).offers[0]).toMatchObject({ title: "Gold members: 10% off", status: "pending", tier: "Gold" });

    expect(await drainMemberOffers(db, fake.adminFor, later(1))).toBe(1);
    const made = await db.memberOffer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(made).toMatchObject({ status: "active", lastError: null });
    const segment = fake.segments.get(made.segmentId!)!;
    expect(segment.query).toBe(`customer_tags CONTAINS 'klub-tier-${gold}' OR customer_tags CONTAINS 'klub-tier-${platinum}'`);
    expect(segment.name).toContain(offer.id);
    const discount = fake.automaticDiscounts.get(made.discountNodeId!)!;
    expect(discount.input).toMatchObject({
      title: "Gold members: 10% off",
      context: { customerSegments: { add: [made.segmentId] } },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      startsAt: offer.startsAt.toISOString(),
    });
    expect((await load()).offers[0]).toMatchObject({ status: "active" });
    const logged = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "offer.created" } });
    expect(JSON.parse(logged.after!)).toMatchObject({ name: "Gold members: 10% off", tierId: gold, percentage: 10 });
  });

  it("follows the ladder: a tier added above changes the segment, a tier with a live offer stays", async () => {
    const offer = await db.memberOffer.findFirstOrThrow({ where: { shopId, status: "active" } });
    const ladder = (await db.tier.findMany({ where: { shopId } })).map(({ id, name, threshold, multiplierPercent, entryRewardId }) => ({ id, name, threshold, multiplierPercent, entryRewardId }));
    await saveLadder(db, shopId, { basis: "points", window: "lifetime", tiers: [...ladder, { name: "Diamond", threshold: 5000, multiplierPercent: 100, entryRewardId: null }] }, "staff");
    const diamond = (await db.tier.findFirstOrThrow({ where: { shopId, name: "Diamond" } })).id;
    await drainMemberOffers(db, fake.adminFor, later(2));
    expect(fake.segments.get(offer.segmentId!)!.query).toBe([gold, platinum, diamond].map((id) => `customer_tags CONTAINS 'klub-tier-${id}'`).join(" OR "));
    expect(fake.automaticDiscounts.size).toBe(1);
    await expect(saveLadder(db, shopId, { basis: "points", window: "lifetime", tiers: ladder.filter((t) => t.id !== gold) }, "staff")).rejects.toThrow(LadderRefused);
  });

  it("shows Shopify's refusal to the owner, and is made once when retried", async () => {
    fake.failOffers(1, "refuse");
    expect(await post({ ...base(), title: "Everyone: $5 off", kind: "fixed_amount", value: "5", audience: "all" })).toMatchObject({ ok: true });
    await drainMemberOffers(db, fake.adminFor, later(3));
    const offer = await db.memberOffer.findFirstOrThrow({ where: { shopId, title: "Everyone: $5 off" } });
    expect(offer).toMatchObject({ status: "failed", lastError: "Title is too long for Shopify today" });
    expect((await load()).offers.find((o) => o.id === offer.id)).toMatchObject({ status: "failed", lastError: "Title is too long for Shopify today" });
    expect(await offerMessages()).toBe(0); // nothing retries by itself: the owner decides

    expect(await post({ intent: "retry", id: offer.id })).toMatchObject({ ok: true, data: { intent: "retry" } });
    await drainMemberOffers(db, fake.adminFor, later(4));
    const made = await db.memberOffer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(made).toMatchObject({ status: "active", lastError: null });
    // The segment made on the first try is the one used: one per offer.
    expect([...fake.segments.values()].filter((s) => s.name.includes(offer.id))).toHaveLength(1);
    expect(fake.segments.get(made.segmentId!)!.query).toBe("customer_tags CONTAINS 'klub-member'");
    expect(fake.automaticDiscounts.get(made.discountNodeId!)!.input).toMatchObject({ customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } } } });
    expect(await db.activityLog.count({ where: { shopId, action: "offer.retried" } })).toBe(1);
  });

  it("is made once when Shopify's answer was lost", async () => {
    fake.failOffers(1, "lose_answer");
    await post({ ...base(), title: "Free shipping for members", kind: "free_shipping", audience: "all" });
    const before = fake.automaticDiscounts.size;
    expect(await drainMemberOffers(db, fake.adminFor, later(5))).toBe(0); // the answer never came: tried again later
    const offer = await db.memberOffer.findFirstOrThrow({ where: { shopId, title: "Free shipping for members" } });
    expect(offer.status).toBe("pending");
    expect(fake.automaticDiscounts.size).toBe(before + 1); // yet Shopify made it
    expect(await drainMemberOffers(db, fake.adminFor, later(3600))).toBe(1);
    const made = await db.memberOffer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(made.status).toBe("active");
    expect(fake.automaticDiscounts.size).toBe(before + 1);
    expect(fake.automaticDiscounts.get(made.discountNodeId!)!.input).toMatchObject({ destination: { all: true }, context: { customerSegments: { add: [made.segmentId] } } });
  });

  it("ends: Shopify deactivates its discount, and the owner sees it ended", async () => {
    const offer = await db.memberOffer.findFirstOrThrow({ where: { shopId, title: "Gold members: 10% off" } });
    expect(await post({ intent: "end", id: offer.id })).toMatchObject({ ok: true, data: { intent: "end" } });
    expect((await load()).offers.find((o) => o.id === offer.id)).toMatchObject({ status: "ending" });
    await drainMemberOffers(db, fake.adminFor, later(3700));
    expect(fake.automaticDiscounts.get(offer.discountNodeId!)!.active).toBe(false);
    expect((await load()).offers.find((o) => o.id === offer.id)).toMatchObject({ status: "ended" });
    // Ended twice: nothing to end.
    expect(await post({ intent: "end", id: offer.id })).toMatchObject({ ok: false, errors: { form: "offers.errors.gone" } });
    expect(await db.activityLog.count({ where: { shopId, action: "offer.ended" } })).toBe(1);
  });

  it("reads in the activity log in the owner's words: the offer's name, each field under its label", async () => {
    const { entries } = await listActivity(db, shopId);
    const created = entries.find((e) => e.action === "offer.created" && e.subject && "text" in e.subject && e.subject.text === "Gold members: 10% off")!;
    expect(created.changes).toEqual(expect.arrayContaining([
      { label: { key: "offers.kind" }, after: { word: "offers.kinds.percentage" } },
      { label: { key: "offers.percentage" }, after: { percent: 10 } },
      { label: { key: "offers.audience" }, after: { text: "Gold" } },
    ]));
    const ended = entries.find((e) => e.action === "offer.ended")!;
    expect(ended.changes).toContainEqual({ label: { key: "offers.state" }, before: { word: "offers.status.active" }, after: { word: "offers.status.ending" } });
    for (const entry of entries.filter((e) => e.action.startsWith("offer."))) {
      for (const locale of ["en", "pl", "ru"] as const) {
        const t = translator(locale);
        expect(t(`activity.actions.${entry.action.replace(".", "_")}`)).not.toMatch(/^activity\./);
        for (const change of entry.changes) if ("label" in change && change.label.key) expect(t(change.label.key), change.label.key).not.toBe(change.label.key);
      }
    }
  });
});

describe("members' tags", () => {
  const tagsOf = (customerId: string) => [...(fake.tags.get(`gid://shopify/Customer/${customerId}`) ?? [])].sort();

  it("follow members as they join, change tier and are erased, with a call only when they change", async () => {
    const now = new Date();
    const member = await ensureMember(db, shopId, { customerId: "501" }, now);
    await drainOutbox(db, fake.adminFor, later(3800));
    expect(tagsOf("501")).toEqual(["klub-member"]);

    const order = { shopId, memberId: member.id, orderId: "o1", reason: { code: "order" as const, params: { order: "#1" } } };
    await credit(db, { ...order, kind: "earn", key: "order:o1:paid:earn", points: 600, now: later(3801) }); // Gold
    await drainOutbox(db, fake.adminFor, later(3900));
    expect(tagsOf("501")).toEqual(["klub-member", `klub-tier-${gold}`]);

    const calls = fake.tagCalls.length;
    await credit(db, { ...order, kind: "earn", orderId: "o2", key: "order:o2:paid:earn", points: 10, now: later(3901) }); // still Gold
    await drainOutbox(db, fake.adminFor, later(4000));
    expect(fake.tagCalls.length).toBe(calls);

    await clawback(db, { ...order, kind: "clawback", key: "refund:r1:take", points: 400, allowNegativeBalance: false, now: later(4001) }); // down to Silver
    await drainOutbox(db, fake.adminFor, later(4100));
    expect(tagsOf("501")).toEqual(["klub-member", `klub-tier-${silver}`]);

    await redactCustomer(db, shopId, "501", later(4101));
    expect(await drainMemberUntags(db, fake.adminFor, later(4200))).toBe(1);
    expect(tagsOf("501")).toEqual([]);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ shopifyTags: null });
  });

  it("tags members who never had tags when an offer is created, and skips customers Shopify does not have", async () => {
    const old = await db.member.create({ data: { shopId, customerId: "502", referralCode: "OLD502", tierId: platinum } });
    const gone = await db.member.create({ data: { shopId, customerId: "503", referralCode: "OLD503" } });
    fake.missingOwners.add("gid://shopify/Customer/503");
    await post({ ...base(), title: "Platinum night", audience: platinum });
    await drainOutbox(db, fake.adminFor, later(4300));
    expect(tagsOf("502")).toEqual(["klub-member", `klub-tier-${platinum}`]);
    expect(await db.member.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ shopifyTags: `klub-member klub-tier-${platinum}` });
    expect(await db.outboxMessage.count({ where: { shopId, dedupeKey: `member:${gone.id}` } })).toBe(0); // dropped, not retried for ever
  });
});
