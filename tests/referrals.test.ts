// Referrals through the orders/paid webhook: a friend's first paid order carrying a member's code
// (the cart attribute the storefront script sets) pays both bonuses, once, and never to oneself.
import { beforeAll, describe, expect, it } from "vitest";
import { ensureMember } from "../app/loyalty/members.server";
import { linkReferral, referralCodeOf } from "../app/loyalty/referrals.server";
import { inTransaction } from "../app/loyalty/transactions.server";
import { shopperState } from "../app/loyalty/shopper.server";
import { installTestShop } from "./support/shop";
import { REFERRAL_ATTRIBUTE } from "../app/shopify/payloads";
import { useFreshAppDatabase } from "./support/app";
import { deliver, fixture, type Payload } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "referrals.myshopify.com";
let shopId = "";
let seq = 9000;

const order = (customer: { id: number; email: string }, code: string | null, extra: Payload = {}) => {
  const base = fixture("orders-paid");
  return {
    ...base,
    id: ++seq,
    name: `#${seq}`,
    customer: { ...base.customer, id: customer.id, email: customer.email },
    note_attributes: code ? [{ name: REFERRAL_ATTRIBUTE, value: code }] : [],
    ...extra,
  };
};
const referralEntries = (customerId: string) => db.ledgerEntry.findMany({ where: { shopId, member: { customerId }, reason: { startsWith: "referral_" } }, orderBy: { id: "asc" } });

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
  await db.programSettings.update({ where: { shopId }, data: { referrerBonus: 500, refereeBonus: 250 } });
});

describe("referrals", () => {
  it("pays both sides on the friend's first paid order, once, however often it is delivered", async () => {
    const ola = await ensureMember(db, shopId, { customerId: "100", email: "ola@example.com" });
    expect(ola.referralCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const first = order({ id: 200, email: "ivan@example.com" }, ola.referralCode!.toLowerCase()); // codes are read in any case
    await deliver("orders/paid", first, { shop: SHOP });
    await deliver("orders/paid", first, { shop: SHOP, webhookId: "another-delivery" });
    expect((await referralEntries("200")).map((e) => [e.amount, e.reason])).toEqual([[250, "referral_welcome"]]);
    expect((await referralEntries("100")).map((e) => [e.amount, e.reason])).toEqual([[500, "referral_friend"]]);
    const ivan = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: "200" } } });
    expect(ivan.referredById).toBe(ola.id);

    // The friend's next order, with the code again, pays no one.
    await deliver("orders/paid", order({ id: 200, email: "ivan@example.com" }, ola.referralCode), { shop: SHOP });
    expect(await referralEntries("100")).toHaveLength(1);
  });

  it("pays nothing for referring oneself, by the same customer or the same email", async () => {
    const eva = await ensureMember(db, shopId, { customerId: "300", email: "eva@example.com" });
    await deliver("orders/paid", order({ id: 300, email: "eva@example.com" }, eva.referralCode), { shop: SHOP });
    await deliver("orders/paid", order({ id: 301, email: "EVA@example.com" }, eva.referralCode), { shop: SHOP }); // a second account
    expect(await referralEntries("300")).toEqual([]);
    expect(await referralEntries("301")).toEqual([]);
  });

  it("pays nothing for an unknown code, a friend who ordered before, or a cancelled order", async () => {
    const max = await ensureMember(db, shopId, { customerId: "400", email: "max@example.com" });
    await deliver("orders/paid", order({ id: 500, email: "lea@example.com" }, "NOSUCHCODE"), { shop: SHOP });
    await deliver("orders/paid", order({ id: 500, email: "lea@example.com" }, max.referralCode), { shop: SHOP }); // Lea's second order
    await deliver("orders/paid", order({ id: 600, email: "tom@example.com" }, max.referralCode, { cancelled_at: "2026-11-21T10:00:00Z" }), { shop: SHOP });
    expect(await referralEntries("400")).toEqual([]);
  });

  it("pays nothing when the friend's first order goes to the referrer's address or phone", async () => {
    const home = { address1: "ul. Długa 5", zip: "80-831", country_code: "PL", phone: null };
    const kim = await ensureMember(db, shopId, { customerId: "700", email: "kim@example.com" });
    await deliver("orders/paid", order({ id: 700, email: "kim@example.com" }, null, { shipping_address: home, phone: "+48 601 222 333" }), { shop: SHOP });
    // The same street written differently, under a new account and email.
    await deliver("orders/paid", order({ id: 701, email: "kim.second@example.com" }, kim.referralCode, { shipping_address: { ...home, address1: "UL. DŁUGA 5" } }), { shop: SHOP });
    // Another address, but Kim's phone (without the country code).
    await deliver("orders/paid", order({ id: 702, email: "k3@example.com" }, kim.referralCode, { shipping_address: { ...home, address1: "Ogarna 2" }, phone: "601222333" }), { shop: SHOP });
    expect(await referralEntries("700")).toEqual([]);
    // A real friend elsewhere is paid.
    await deliver("orders/paid", order({ id: 703, email: "jan@example.com" }, kim.referralCode, { shipping_address: { ...home, address1: "Ogarna 2" }, phone: "+48 700 800 900" }), { shop: SHOP });
    expect((await referralEntries("700")).map((e) => e.amount)).toEqual([500]);
  });

  it("keeps the referrer's bonus pending for the pending period, and withdraws it if the friend's order is cancelled meanwhile", async () => {
    await db.programSettings.update({ where: { shopId }, data: { pendingDays: 14 } });
    try {
      const ana = await ensureMember(db, shopId, { customerId: "800", email: "ana@example.com" });
      const away = { shipping_address: { address1: "Rynek 1", zip: "31-001", country_code: "PL" } };
      const cancelled = order({ id: 801, email: "f1@example.com" }, ana.referralCode, away);
      await deliver("orders/paid", cancelled, { shop: SHOP });
      const pending = await db.member.findUniqueOrThrow({ where: { id: ana.id } });
      expect([pending.balance, pending.pendingPoints]).toEqual([0, 500]);
      await deliver("orders/cancelled", { ...cancelled, cancelled_at: "2026-11-30T10:00:00Z" }, { shop: SHOP });
      const withdrawn = await db.member.findUniqueOrThrow({ where: { id: ana.id } });
      expect([withdrawn.balance, withdrawn.pendingPoints]).toEqual([0, 0]);
      expect((await referralEntries("800")).map((e) => [e.amount, e.reason])).toEqual([
        [500, "referral_friend"],
        [-500, "referral_withdrawn"],
      ]);

      // Past the pending period the bonus is the referrer's, whatever happens to the order.
      const kept = order({ id: 802, email: "f2@example.com" }, ana.referralCode, away);
      await deliver("orders/paid", kept, { shop: SHOP });
      const { releaseDuePending } = await import("../app/loyalty/expiry.server");
      expect(await releaseDuePending(db, shopId, new Date(Date.now() + 15 * 86_400_000))).toBeGreaterThanOrEqual(1);
      await deliver("orders/cancelled", { ...kept, cancelled_at: "2026-11-30T10:00:00Z" }, { shop: SHOP });
      const after = await db.member.findUniqueOrThrow({ where: { id: ana.id } });
      expect([after.balance, after.pendingPoints]).toEqual([500, 0]);
    } finally {
      await db.programSettings.update({ where: { shopId }, data: { pendingDays: 0 } });
    }
  });
});

describe("the invite a shopper sees through a friend's link", () => {
  const inviteFor = async (customerId: string | null, code: string) => (await shopperState(db, SHOP, customerId, new Date(), code))!.invite;

  it("is offered to a guest and to a member who has not ordered and was not invited before, never to the inviting member", async () => {
    const zoe = await ensureMember(db, shopId, { customerId: "900", email: "zoe@example.com" });
    const welcome = { welcomeReward: null, firstOrderPoints: 250 };
    expect(await inviteFor(null, zoe.referralCode!)).toEqual(welcome);
    await ensureMember(db, shopId, { customerId: "901", email: "new@example.com" });
    expect(await inviteFor("901", zoe.referralCode!)).toEqual(welcome);
    expect(await inviteFor("900", zoe.referralCode!)).toBeNull(); // herself
    await ensureMember(db, shopId, { customerId: "902", email: "zoe@EXAMPLE.com" }); // herself under another account
    expect(await inviteFor("902", zoe.referralCode!)).toBeNull();
    const buyer = await ensureMember(db, shopId, { customerId: "903", email: "buyer@example.com" });
    await db.member.update({ where: { id: buyer.id }, data: { orderCount: 1 } });
    expect(await inviteFor("903", zoe.referralCode!)).toBeNull();
    const invited = await ensureMember(db, shopId, { customerId: "904", email: "invited@example.com" });
    await db.member.update({ where: { id: invited.id }, data: { referredById: buyer.id } });
    expect(await inviteFor("904", zoe.referralCode!)).toBeNull();
  });

  it("is not offered when the friend would get nothing", async () => {
    const code = (await ensureMember(db, shopId, { customerId: "905", email: "otto@example.com" })).referralCode!;
    await db.programSettings.update({ where: { shopId }, data: { refereeBonus: 0 } });
    try {
      expect(await inviteFor(null, code)).toBeNull();
    } finally {
      await db.programSettings.update({ where: { shopId }, data: { refereeBonus: 250 } });
    }
  });
});

describe("a member's referral code", () => {
  it("is made once: a member read before another request gave it a code gets that code, and no one else changes", async () => {
    const member = await ensureMember(db, shopId, { customerId: "920", email: "ida@example.com" });
    const other = await ensureMember(db, shopId, { customerId: "921", email: "jon@example.com" });
    await db.member.updateMany({ where: { id: { in: [member.id, other.id] } }, data: { referralCode: null } });
    const made = await referralCodeOf(db, { id: member.id, referralCode: null });
    expect(made).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    // Read before the code was made (another request made it meanwhile): the stored code, not a new one.
    expect(await referralCodeOf(db, { id: member.id, referralCode: null })).toBe(made);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).referralCode).toBe(made);
    expect((await db.member.findUniqueOrThrow({ where: { id: other.id } })).referralCode).toBeNull();
  });
});

describe("linking a friend at signup", () => {
  it("links nobody while the program is off, and the same friend once it is on", async () => {
    const off = await installTestShop(db, "referrals-off.myshopify.com", { programEnabled: false });
    const referrer = await ensureMember(db, off.id, { customerId: "1", email: "ref@example.com" });
    const friend = await ensureMember(db, off.id, { customerId: "2", email: "friend@example.com" });
    const link = () => inTransaction(db, (tx) => linkReferral(tx, { shopId: off.id, customerId: "2", code: referrer.referralCode!, now: new Date() }));
    expect(await link()).toEqual({ linked: false, welcome: null });
    expect((await db.member.findUniqueOrThrow({ where: { id: friend.id } })).referredById).toBeNull();
    await db.shop.update({ where: { id: off.id }, data: { programEnabled: true } });
    expect(await link()).toEqual({ linked: true, welcome: null });
    expect((await db.member.findUniqueOrThrow({ where: { id: friend.id } })).referredById).toBe(referrer.id);
  });
});
