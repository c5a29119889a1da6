// Business time (issue 13): entries, lots and join dates carry when the order, refund or signup
// happened, beside when Klub recorded it, and analytics, tier windows and expiry count by it.
// Webhooks go through the real route modules, signed, on a real SQLite file.
import { beforeAll, describe, expect, it } from "vitest";
import { credit, debit } from "../app/loyalty/ledger.server";
import { expireDuePoints } from "../app/loyalty/expiry.server";
import { programOverview } from "../app/loyalty/overview.server";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";
import { deliver, fixture, type Payload, type Topic } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "business-time.myshopify.com";
const DAY = 86_400_000;
let shopId = "";
let seq = 880_000;

const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
/** Shopify's timestamp form, in the shop's offset (as Shopify sends them). */
const shopifyTime = (at: Date) => new Date(at.getTime() - 5 * 3_600_000).toISOString().replace(/\.\d+Z$/, "-05:00");
const send = (topic: Topic, payload: Payload) => deliver(topic, payload, { shop: SHOP });
const memberOf = (customerId: string) => db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });

function customer(createdAt: Date): Payload {
  const id = ++seq;
  return { ...fixture("customers-create"), id, email: `c${id}@example.com`, created_at: shopifyTime(createdAt) };
}
function paidOrder(customerPayload: Payload, processedAt: Date): Payload {
  const id = ++seq;
  return { ...fixture("orders-paid"), id, name: `#${id}`, customer: customerPayload, processed_at: shopifyTime(processedAt), created_at: shopifyTime(processedAt) };
}

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
  await db.programSettings.update({ where: { shopId }, data: { signupBonus: 50, expiryMode: "lot", expiryMonths: 12, pendingDays: 0, enrollment: "all" } });
});

describe("business time", () => {
  it("dates a signup by the customer's creation: the join date, the bonus and its expiry", async () => {
    const signedUp = daysAgo(100);
    const payload = customer(signedUp);
    expect((await send("customers/create", payload)).status).toBe(200);
    const member = await memberOf(String(payload.id));
    expect(member.enrolledAt.getTime()).toBe(Math.floor(signedUp.getTime() / 1000) * 1000);
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id }, include: { lot: true } });
    expect(entry.occurredAt).toEqual(member.enrolledAt);
    expect(entry.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000); // recorded now
    expect(entry.lot!.earnedAt).toEqual(member.enrolledAt);
    const expected = new Date(member.enrolledAt);
    expected.setMonth(expected.getMonth() + 12);
    expect(entry.lot!.expiresAt).toEqual(expected);
  });

  it("dates an order's points by when it was placed and a refund's by when it was made, and counts them on those days", async () => {
    const placed = daysAgo(90);
    const refunded = daysAgo(60);
    const buyer = customer(daysAgo(200));
    const order = paidOrder(buyer, placed);
    expect((await send("orders/paid", order)).status).toBe(200);
    const refund = { ...fixture("refunds-create-partial"), id: ++seq, order_id: order.id, created_at: shopifyTime(refunded), processed_at: shopifyTime(refunded) };
    expect((await send("refunds/create", refund)).status).toBe(200);

    const member = await memberOf(String(buyer.id));
    // Enrolled by this order: it joined when it ordered, not when Klub heard of it.
    expect(member.enrolledAt.getTime()).toBe(Math.floor(placed.getTime() / 1000) * 1000);
    const [earn, take] = await db.ledgerEntry.findMany({ where: { orderId: String(order.id) }, orderBy: { id: "asc" }, include: { lot: true } });
    expect(earn).toMatchObject({ kind: "earn", occurredAt: member.enrolledAt });
    expect(earn.lot!.earnedAt).toEqual(member.enrolledAt);
    expect(take.kind).toBe("clawback");
    expect(take.occurredAt.getTime()).toBe(Math.floor(refunded.getTime() / 1000) * 1000);

    const days = await db.rollupPoints.findMany({ where: { shopId, kind: { in: ["earn", "clawback"] } } });
    expect(days).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ day: earn.occurredAt.toISOString().slice(0, 10), kind: "earn", credit: earn.amount }),
        expect.objectContaining({ day: take.occurredAt.toISOString().slice(0, 10), kind: "clawback", debit: -take.amount }),
      ]),
    );
    expect(days.map((d) => d.day)).not.toContain(new Date().toISOString().slice(0, 10));
    // Nothing of this happened in the last 30 days.
    expect((await programOverview(db, shopId)).issued30).toBe(0);
  });

  it("never dates anything after now, whatever the sender's clock says", async () => {
    const order = paidOrder(customer(daysAgo(1)), new Date(Date.now() + 3 * DAY));
    expect((await send("orders/paid", order)).status).toBe(200);
    const earn = await db.ledgerEntry.findFirstOrThrow({ where: { orderId: String(order.id) } });
    expect(earn.occurredAt.getTime()).toBeLessThanOrEqual(earn.createdAt.getTime());
  });

  it("expires a lot on its date when the job catches up days later", async () => {
    const payload = customer(daysAgo(500));
    expect((await send("customers/create", payload)).status).toBe(200);
    const member = await memberOf(String(payload.id));
    const lot = await db.pointLot.findFirstOrThrow({ where: { memberId: member.id } });
    expect(lot.expiresAt!.getTime()).toBeLessThan(daysAgo(100).getTime()); // 12 months after a signup 500 days ago
    await expireDuePoints(db, shopId);
    const expired = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id, kind: "expire" } });
    expect(expired.occurredAt).toEqual(lot.expiresAt);
    expect(expired.amount).toBe(-50);
  });

  it("spends, among points that expire together, those earned first, even when recorded later", async () => {
    await db.programSettings.update({ where: { shopId }, data: { expiryMode: "none" } });
    const payload = customer(daysAgo(1));
    await db.programSettings.update({ where: { shopId }, data: { signupBonus: 0 } });
    expect((await send("customers/create", payload)).status).toBe(200);
    const member = await memberOf(String(payload.id));
    const recent = await credit(db, { shopId, memberId: member.id, kind: "earn", key: `bt:${member.id}:recent`, points: 30, reason: { code: "manual", params: { note: "x" } }, occurredAt: daysAgo(2) });
    const older = await credit(db, { shopId, memberId: member.id, kind: "earn", key: `bt:${member.id}:older`, points: 30, reason: { code: "manual", params: { note: "x" } }, occurredAt: daysAgo(40) });
    await debit(db, { shopId, memberId: member.id, kind: "redeem", key: `bt:${member.id}:spend`, points: 20, reason: { code: "manual", params: { note: "x" } } });
    const lots = await db.pointLot.findMany({ where: { memberId: member.id }, orderBy: { id: "asc" } });
    expect(lots.map((l) => [l.entryId, l.remaining])).toEqual([
      [recent.entry.id, 30],
      [older.entry.id, 10],
    ]);
  });
});
