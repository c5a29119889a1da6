// The scheduled keeping of points (app/loyalty/expiry.server.ts) over more lots than one batch,
// beside other shops' lots and lots that are not due, which must stay as they are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireDuePoints, releaseDuePending } from "../app/loyalty/expiry.server";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const BEYOND_A_BATCH = 230; // the job reads 200 lots at a time
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
let seq = 0;
let otherShop = "";
let otherLots: { pending: number; spendable: number } = { pending: 0, spendable: 0 };

async function shopWith(expiry: { expiryMode: string; expiryMonths: number }) {
  const shopId = (await installTestShop(db, `expiry-${++seq}.myshopify.com`)).id;
  await db.programSettings.update({ where: { shopId }, data: expiry });
  return shopId;
}

const member = async (shopId: string) => (await ensureMember(db, shopId, { customerId: String(++seq) })).id;

async function earn(shopId: string, memberId: string, points: number, at: { now: Date; availableAt?: Date; expiresAt?: Date }) {
  const { entry } = await credit(db, { shopId, memberId, kind: "earn", key: `earn:${++seq}`, points, reason: { code: "manual", params: { note: "test" } }, ...at });
  return db.pointLot.findUniqueOrThrow({ where: { entryId: entry.id } });
}

/** Many one-point-or-more lots in one transaction (a commit each would take seconds). */
async function earnMany(shopId: string, memberId: string, count: number, at: (i: number) => { now: Date; availableAt?: Date; expiresAt?: Date }, points = 1) {
  await db.$transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      await credit(tx, { shopId, memberId, kind: "earn", key: `earn:${++seq}`, points, reason: { code: "manual", params: { note: "test" } }, ...at(i) });
    }
  });
}

async function lotsOf(memberId: string) {
  return db.pointLot.findMany({ where: { memberId }, orderBy: { id: "asc" }, select: { pending: true, remaining: true } });
}

async function sound(memberId: string) {
  const state = await memberState(db, memberId);
  expect(brokenInvariants(state)).toEqual([]);
  return state;
}

beforeAll(async () => {
  // Another shop's lots, due by any measure: no job for the shops below may touch them.
  otherShop = await shopWith({ expiryMode: "lot", expiryMonths: 1 });
  const other = await member(otherShop);
  otherLots = {
    pending: (await earn(otherShop, other, 5, { now: day(0), availableAt: day(1), expiresAt: day(2) })).id,
    spendable: (await earn(otherShop, other, 7, { now: day(0), expiresAt: day(2) })).id,
  };
});

async function otherShopUntouched() {
  expect(await db.pointLot.findUniqueOrThrow({ where: { id: otherLots.pending } })).toMatchObject({ pending: true, remaining: 5 });
  expect(await db.pointLot.findUniqueOrThrow({ where: { id: otherLots.spendable } })).toMatchObject({ pending: false, remaining: 7 });
}

describe("releasing pending points", () => {
  it("releases every due lot of the shop, beyond one batch, and no lot that is not due or of another shop", async () => {
    const shopId = await shopWith({ expiryMode: "none", expiryMonths: 12 });
    const memberId = await member(shopId);
    await earnMany(shopId, memberId, BEYOND_A_BATCH, () => ({ now: day(0), availableAt: day(14) }));
    await earn(shopId, memberId, 100, { now: day(0), availableAt: day(15) });

    expect(await releaseDuePending(db, shopId, day(14))).toBe(BEYOND_A_BATCH);
    expect(await sound(memberId)).toMatchObject({ balance: BEYOND_A_BATCH, pendingPoints: 100 });
    expect((await lotsOf(memberId)).filter((lot) => lot.pending)).toEqual([{ pending: true, remaining: 100 }]);
    await otherShopUntouched();
    expect(await releaseDuePending(db, shopId, day(14))).toBe(0);
  });
});

describe("expiring points", () => {
  it("expires every due lot of the shop in per-lot mode, beyond one batch, whatever order their dates are in", async () => {
    const shopId = await shopWith({ expiryMode: "lot", expiryMonths: 1 });
    const memberId = await member(shopId);
    // Later lots expire sooner, so the lots' ids and their expiry dates run in opposite orders.
    await earnMany(shopId, memberId, BEYOND_A_BATCH, (i) => ({ now: day(0), expiresAt: day(40 - i / 10) }));
    const notYet = await earn(shopId, memberId, 50, { now: day(0), expiresAt: day(60) });
    const stillPending = await earn(shopId, memberId, 20, { now: day(0), availableAt: day(90), expiresAt: day(30) });

    expect(await expireDuePoints(db, shopId, day(41))).toBe(BEYOND_A_BATCH);
    expect(await sound(memberId)).toMatchObject({ balance: 50, pendingPoints: 20 });
    expect(await db.pointLot.findUniqueOrThrow({ where: { id: notYet.id } })).toMatchObject({ remaining: 50 });
    expect(await db.pointLot.findUniqueOrThrow({ where: { id: stillPending.id } })).toMatchObject({ pending: true, remaining: 20 });
    await otherShopUntouched();
  });

  it("counts each lot once when two runs overlap", async () => {
    const shopId = await shopWith({ expiryMode: "lot", expiryMonths: 1 });
    const memberId = await member(shopId);
    await earnMany(shopId, memberId, 12, () => ({ now: day(0), expiresAt: day(30) }), 3);

    const counts = await Promise.all([expireDuePoints(db, shopId, day(31)), expireDuePoints(db, shopId, day(31))]);
    expect(counts[0] + counts[1]).toBe(12);
    expect((await sound(memberId)).balance).toBe(0);
    expect(await db.ledgerEntry.count({ where: { memberId, kind: "expire" } })).toBe(12);
  });

  it("expires all of an idle member's lots in inactivity mode, beyond one batch, and nothing of an active member", async () => {
    const shopId = await shopWith({ expiryMode: "inactivity", expiryMonths: 6 });
    const idle = await member(shopId);
    const active = await member(shopId);
    await earnMany(shopId, idle, BEYOND_A_BATCH, () => ({ now: day(0) }), 2);
    await earn(shopId, idle, 9, { now: day(0), availableAt: day(400) });
    await earn(shopId, active, 30, { now: day(150) });

    expect(await expireDuePoints(db, shopId, day(200))).toBe(BEYOND_A_BATCH);
    expect(await sound(idle)).toMatchObject({ balance: 0, pendingPoints: 9 });
    expect((await sound(active)).balance).toBe(30);
    await otherShopUntouched();
  });

  it("expires nothing when the shop's points do not expire", async () => {
    const shopId = await shopWith({ expiryMode: "none", expiryMonths: 1 });
    const memberId = await member(shopId);
    await earn(shopId, memberId, 40, { now: day(0), expiresAt: day(1) });

    expect(await expireDuePoints(db, shopId, day(900))).toBe(0);
    expect((await sound(memberId)).balance).toBe(40);
    await otherShopUntouched();
  });
});
