import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseDuePending, expireDuePoints } from "../app/loyalty/expiry.server";
import { clawback, credit, debit, expireLot, InsufficientPoints, LedgerConflict, LedgerError, releaseLot } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";

const { db } = freshDatabase();
let shopId = "";
let otherShopId = "";
let customerSeq = 0;

beforeAll(async () => {
  shopId = (await installTestShop(db, "ledger.myshopify.com")).id;
  otherShopId = (await installTestShop(db, "other.myshopify.com")).id;
});
afterAll(() => db.$disconnect());

const newMember = async (shop = shopId) => (await ensureMember(db, shop, { customerId: String(++customerSeq) })).id;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);

async function expectSound(memberId: string) {
  const state = await memberState(db, memberId);
  expect(brokenInvariants(state)).toEqual([]);
  return state;
}

describe("posting exactly once", () => {
  it("returns the first entry for a replayed key and changes nothing", async () => {
    const memberId = await newMember();
    const first = await credit(db, { shopId, memberId, kind: "earn", key: "order:1:earn", points: 120, reason: { code: "manual", params: { note: "Order #1001" } } });
    const again = await credit(db, { shopId, memberId, kind: "earn", key: "order:1:earn", points: 120, reason: { code: "manual", params: { note: "replay" } } });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ entry: first.entry, replayed: true });
    expect(await expectSound(memberId)).toMatchObject({ balance: 120, lifetimePoints: 120, entriesSum: 120 });
    expect(await db.pointLot.count({ where: { memberId } })).toBe(1);
  });

  it("refuses a replayed key with a different amount, kind or member, and changes nothing", async () => {
    const memberId = await newMember();
    const someoneElse = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "order:2:earn", points: 120, reason: { code: "manual", params: { note: "Order #1002" } } });
    await expect(credit(db, { shopId, memberId, kind: "earn", key: "order:2:earn", points: 999, reason: { code: "manual", params: { note: "replay" } } })).rejects.toMatchObject({
      name: "LedgerConflict", field: "amount", first: 120, again: 999,
    });
    await expect(credit(db, { shopId, memberId, kind: "adjust", key: "order:2:earn", points: 120, reason: { code: "manual", params: { note: "replay" } } })).rejects.toMatchObject({ field: "kind" });
    await expect(credit(db, { shopId, memberId: someoneElse, kind: "earn", key: "order:2:earn", points: 120, reason: { code: "manual", params: { note: "replay" } } })).rejects.toMatchObject({ field: "member" });
    // A clawback that took less than it asked (no negative balances) replays by what it asked.
    await debit(db, { shopId, memberId, kind: "redeem", key: "redeem:r2", points: 100, reason: { code: "manual", params: { note: "spent" } } });
    const taken = await clawback(db, { shopId, memberId, kind: "clawback", key: "refund:2", points: 120, orderId: "2", allowNegativeBalance: false, reason: { code: "manual", params: { note: "refund" } } });
    expect(taken.entry).toMatchObject({ amount: -20, requested: -120 });
    expect((await clawback(db, { shopId, memberId, kind: "clawback", key: "refund:2", points: 120, orderId: "2", allowNegativeBalance: false, reason: { code: "manual", params: { note: "refund" } } })).replayed).toBe(true);
    await expect(clawback(db, { shopId, memberId, kind: "clawback", key: "refund:2", points: 20, orderId: "2", allowNegativeBalance: false, reason: { code: "manual", params: { note: "refund" } } })).rejects.toMatchObject({ field: "amount" });
    expect(await expectSound(memberId)).toMatchObject({ balance: 0, entriesSum: 0 });
    expect(await expectSound(someoneElse)).toMatchObject({ balance: 0, entriesSum: 0 });
  });

  it("scopes keys by shop", async () => {
    const here = await newMember();
    const there = await newMember(otherShopId);
    await credit(db, { shopId, memberId: here, kind: "earn", key: "order:7:earn", points: 10, reason: { code: "manual", params: { note: "x" } } });
    const other = await credit(db, { shopId: otherShopId, memberId: there, kind: "earn", key: "order:7:earn", points: 20, reason: { code: "manual", params: { note: "x" } } });
    expect(other.replayed).toBe(false);
    expect((await memberState(db, there)).balance).toBe(20);
  });

  it("refuses a member of another shop, and non-positive or fractional points", async () => {
    const there = await newMember(otherShopId);
    await expect(credit(db, { shopId, memberId: there, kind: "earn", key: "k1", points: 5, reason: { code: "manual", params: { note: "x" } } })).rejects.toThrow(LedgerError);
    const memberId = await newMember();
    for (const points of [0, -5, 1.5, Number.NaN]) {
      await expect(credit(db, { shopId, memberId, kind: "earn", key: `bad:${points}`, points, reason: { code: "manual", params: { note: "x" } } })).rejects.toThrow(LedgerError);
    }
    expect(await db.ledgerEntry.count({ where: { memberId } })).toBe(0);
  });
});

describe("spending", () => {
  it("debits when the balance covers it and refuses with a clear error when not", async () => {
    const memberId = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "o:2", points: 500, reason: { code: "manual", params: { note: "Order" } } });
    const spent = await debit(db, { shopId, memberId, kind: "redeem", key: "redeem:a", points: 300, reason: { code: "manual", params: { note: "$3 off" } } });
    expect(spent.entry).toMatchObject({ amount: -300, balanceAfter: 200, kind: "redeem" });
    const short = debit(db, { shopId, memberId, kind: "redeem", key: "redeem:b", points: 201, reason: { code: "manual", params: { note: "$2 off" } } });
    await expect(short).rejects.toThrow(InsufficientPoints);
    await expect(short).rejects.toThrow("Not enough points: 200 available, 201 needed");
    expect(await db.ledgerEntry.count({ where: { shopId, idempotencyKey: "redeem:b" } })).toBe(0);
    expect(await expectSound(memberId)).toMatchObject({ balance: 200, lifetimePoints: 500 });
  });

  it("consumes lots soonest-expiring first, then oldest", async () => {
    const memberId = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "l:1", points: 100, reason: { code: "manual", params: { note: "a" } }, expiresAt: day(300) });
    await credit(db, { shopId, memberId, kind: "earn", key: "l:2", points: 100, reason: { code: "manual", params: { note: "b" } }, expiresAt: day(100) });
    await credit(db, { shopId, memberId, kind: "earn", key: "l:3", points: 100, reason: { code: "manual", params: { note: "c" } } });
    await debit(db, { shopId, memberId, kind: "redeem", key: "l:spend", points: 150, reason: { code: "manual", params: { note: "spend" } } });
    const lots = await db.pointLot.findMany({ where: { memberId }, orderBy: { id: "asc" } });
    expect(lots.map((l) => l.remaining)).toEqual([50, 0, 100]);
    await expectSound(memberId);
  });

  it("among lots that expire together (or never), takes the oldest first", async () => {
    const memberId = await newMember();
    for (const [key, expiresAt] of [["n:1", null], ["n:2", null], ["n:3", day(200)], ["n:4", day(200)]] as const) {
      await credit(db, { shopId, memberId, kind: "earn", key, points: 100, reason: { code: "manual", params: { note: key } }, expiresAt });
    }
    await debit(db, { shopId, memberId, kind: "redeem", key: "n:spend", points: 150, reason: { code: "manual", params: { note: "spend" } } });
    await debit(db, { shopId, memberId, kind: "redeem", key: "n:spend2", points: 100, reason: { code: "manual", params: { note: "spend" } } });
    const lots = await db.pointLot.findMany({ where: { memberId }, orderBy: { id: "asc" } });
    // The dated lots go first, the older of the two before the newer; then the older undated one.
    expect(lots.map((l) => l.remaining)).toEqual([50, 100, 0, 0]);
    await expectSound(memberId);
  });
});

describe("clawback", () => {
  it("takes back from the order's own lot first", async () => {
    const memberId = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "order:10:earn", orderId: "10", points: 100, reason: { code: "manual", params: { note: "#10" } } });
    await credit(db, { shopId, memberId, kind: "earn", key: "order:11:earn", orderId: "11", points: 100, reason: { code: "manual", params: { note: "#11" } } });
    await clawback(db, { shopId, memberId, kind: "clawback", key: "refund:1", orderId: "11", points: 40, reason: { code: "manual", params: { note: "refund" } }, allowNegativeBalance: true });
    const lots = await db.pointLot.findMany({ where: { memberId }, orderBy: { id: "asc" } });
    expect(lots.map((l) => l.remaining)).toEqual([100, 60]);
    expect(await expectSound(memberId)).toMatchObject({ balance: 160, lifetimePoints: 160 });
  });

  it("goes below zero after the points were spent when allowed, and future earning repays the debt", async () => {
    const memberId = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "order:20:earn", orderId: "20", points: 100, reason: { code: "manual", params: { note: "#20" } } });
    await debit(db, { shopId, memberId, kind: "redeem", key: "redeem:20", points: 100, reason: { code: "manual", params: { note: "reward" } } });
    const taken = await clawback(db, { shopId, memberId, kind: "cancel", key: "order:20:cancel", orderId: "20", points: 100, reason: { code: "manual", params: { note: "cancelled" } }, allowNegativeBalance: true });
    expect(taken.entry).toMatchObject({ amount: -100, balanceAfter: -100 });
    await expectSound(memberId);
    await credit(db, { shopId, memberId, kind: "earn", key: "order:21:earn", orderId: "21", points: 150, reason: { code: "manual", params: { note: "#21" } } });
    const state = await expectSound(memberId);
    expect(state.balance).toBe(50);
    expect(state.spendableLots).toBe(50);
  });

  it("stops at zero when negative balances are off, and records what it took", async () => {
    const memberId = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "order:30:earn", orderId: "30", points: 100, reason: { code: "manual", params: { note: "#30" } } });
    await debit(db, { shopId, memberId, kind: "redeem", key: "redeem:30", points: 70, reason: { code: "manual", params: { note: "reward" } } });
    const taken = await clawback(db, { shopId, memberId, kind: "clawback", key: "refund:30", orderId: "30", points: 100, reason: { code: "manual", params: { note: "refund" } }, allowNegativeBalance: false });
    expect(taken.entry.amount).toBe(-30);
    expect(await expectSound(memberId)).toMatchObject({ balance: 0, lifetimePoints: 70 });
  });

  it("takes pending points of the order back before they were ever spendable", async () => {
    const memberId = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "order:40:earn", orderId: "40", points: 80, reason: { code: "manual", params: { note: "#40" } }, now: day(0), availableAt: day(14) });
    expect(await expectSound(memberId)).toMatchObject({ balance: 0, pendingPoints: 80 });
    await clawback(db, { shopId, memberId, kind: "clawback", key: "refund:40", orderId: "40", points: 30, reason: { code: "manual", params: { note: "refund" } }, allowNegativeBalance: true, now: day(2) });
    expect(await expectSound(memberId)).toMatchObject({ balance: 0, pendingPoints: 50 });
  });
});

describe("pending points", () => {
  it("cannot be spent until released, then can", async () => {
    const shopId = (await installTestShop(db, "pending.myshopify.com")).id;
    const memberId = await newMember(shopId);
    await credit(db, { shopId, memberId, kind: "earn", key: "order:50:earn", orderId: "50", points: 200, reason: { code: "manual", params: { note: "#50" } }, now: day(0), availableAt: day(14) });
    await expect(debit(db, { shopId, memberId, kind: "redeem", key: "redeem:50a", points: 100, reason: { code: "manual", params: { note: "x" } }, now: day(1) })).rejects.toThrow(InsufficientPoints);
    expect(await releaseDuePending(db, shopId, day(13))).toBe(0);
    expect(await releaseDuePending(db, shopId, day(14))).toBe(1);
    expect(await releaseDuePending(db, shopId, day(15))).toBe(0);
    expect(await expectSound(memberId)).toMatchObject({ balance: 200, pendingPoints: 0 });
    await debit(db, { shopId, memberId, kind: "redeem", key: "redeem:50b", points: 100, reason: { code: "manual", params: { note: "x" } }, now: day(15) });
    expect((await expectSound(memberId)).balance).toBe(100);
  });
});

describe("expiry", () => {
  it("expires a lot once, whatever is left of it", async () => {
    const memberId = await newMember();
    const { entry } = await credit(db, { shopId, memberId, kind: "earn", key: "e:1", points: 100, reason: { code: "manual", params: { note: "x" } }, expiresAt: day(30) });
    await debit(db, { shopId, memberId, kind: "redeem", key: "e:spend", points: 40, reason: { code: "manual", params: { note: "x" } } });
    const lot = await db.pointLot.findUniqueOrThrow({ where: { entryId: entry.id } });
    const expired = await expireLot(db, { shopId, lotId: lot.id, now: day(31) });
    const again = await expireLot(db, { shopId, lotId: lot.id, now: day(32) });
    expect(expired.entry).toMatchObject({ kind: "expire", amount: -60, idempotencyKey: `expire:${lot.id}` });
    expect(again.replayed).toBe(true);
    expect(await expectSound(memberId)).toMatchObject({ balance: 0, lifetimePoints: 100 });
  });

  it("expires due lots in per-lot mode and idle members' lots in inactivity mode", async () => {
    const lotShop = (await installTestShop(db, "expiry-lot.myshopify.com")).id;
    await db.programSettings.update({ where: { shopId: lotShop }, data: { expiryMode: "lot", expiryMonths: 1 } });
    const a = await newMember(lotShop);
    await credit(db, { shopId: lotShop, memberId: a, kind: "earn", key: "x:1", points: 10, reason: { code: "manual", params: { note: "old" } }, now: day(0), expiresAt: day(31) });
    await credit(db, { shopId: lotShop, memberId: a, kind: "earn", key: "x:2", points: 20, reason: { code: "manual", params: { note: "new" } }, now: day(20), expiresAt: day(51) });
    expect(await expireDuePoints(db, lotShop, day(40))).toBe(1);
    expect(await expireDuePoints(db, lotShop, day(40))).toBe(0);
    expect(await expectSound(a)).toMatchObject({ balance: 20 });

    const idleShop = (await installTestShop(db, "expiry-idle.myshopify.com")).id;
    await db.programSettings.update({ where: { shopId: idleShop }, data: { expiryMode: "inactivity", expiryMonths: 6 } });
    const idle = await newMember(idleShop);
    const active = await newMember(idleShop);
    await credit(db, { shopId: idleShop, memberId: idle, kind: "earn", key: "i:1", points: 10, reason: { code: "manual", params: { note: "x" } }, now: day(0) });
    await credit(db, { shopId: idleShop, memberId: idle, kind: "earn", key: "i:2", points: 15, reason: { code: "manual", params: { note: "x" } }, now: day(1) });
    await credit(db, { shopId: idleShop, memberId: active, kind: "earn", key: "i:3", points: 30, reason: { code: "manual", params: { note: "x" } }, now: day(150) });
    expect(await expireDuePoints(db, idleShop, day(200))).toBe(2);
    expect((await expectSound(idle)).balance).toBe(0);
    expect((await expectSound(active)).balance).toBe(30);
  });
});

describe("tiers follow the ledger", () => {
  it("moves a member up and down with lifetime points, in the posting transaction", async () => {
    const tierShop = (await installTestShop(db, "tiers.myshopify.com")).id;
    const silver = await db.tier.create({ data: { shopId: tierShop, name: "Silver", threshold: 500, multiplierPercent: 125 } });
    const bronze = await db.tier.create({ data: { shopId: tierShop, name: "Bronze", threshold: 0 } });
    const memberId = await newMember(tierShop);
    await credit(db, { shopId: tierShop, memberId, kind: "earn", key: "t:1", orderId: "1", points: 400, reason: { code: "manual", params: { note: "x" } } });
    expect(await db.member.findUniqueOrThrow({ where: { id: memberId } })).toMatchObject({ tierId: bronze.id, tierProgress: 400 });
    await credit(db, { shopId: tierShop, memberId, kind: "earn", key: "t:2", orderId: "2", points: 100, reason: { code: "manual", params: { note: "x" } } });
    expect(await db.member.findUniqueOrThrow({ where: { id: memberId } })).toMatchObject({ tierId: silver.id, tierProgress: 500 });
    // spending does not lower tier progress; a clawback of earned points does
    await debit(db, { shopId: tierShop, memberId, kind: "redeem", key: "t:spend", points: 300, reason: { code: "manual", params: { note: "x" } } });
    expect((await db.member.findUniqueOrThrow({ where: { id: memberId } })).tierId).toBe(silver.id);
    await clawback(db, { shopId: tierShop, memberId, kind: "clawback", key: "t:refund", orderId: "2", points: 50, reason: { code: "manual", params: { note: "x" } }, allowNegativeBalance: true });
    expect(await db.member.findUniqueOrThrow({ where: { id: memberId } })).toMatchObject({ tierId: bronze.id, tierProgress: 450 });
  });

  it("counts only the window's points with a rolling 12 month window", async () => {
    const tierShop = (await installTestShop(db, "tiers-rolling.myshopify.com")).id;
    await db.programSettings.update({ where: { shopId: tierShop }, data: { tierWindow: "rolling12" } });
    const gold = await db.tier.create({ data: { shopId: tierShop, name: "Gold", threshold: 300 } });
    const memberId = await newMember(tierShop);
    await credit(db, { shopId: tierShop, memberId, kind: "earn", key: "r:1", points: 200, reason: { code: "manual", params: { note: "x" } }, now: day(0) });
    await credit(db, { shopId: tierShop, memberId, kind: "earn", key: "r:2", points: 200, reason: { code: "manual", params: { note: "x" } }, now: day(400) });
    expect(await db.member.findUniqueOrThrow({ where: { id: memberId } })).toMatchObject({ tierId: null, tierProgress: 200, lifetimePoints: 400 });
    await credit(db, { shopId: tierShop, memberId, kind: "earn", key: "r:3", points: 100, reason: { code: "manual", params: { note: "x" } }, now: day(401) });
    expect(await db.member.findUniqueOrThrow({ where: { id: memberId } })).toMatchObject({ tierId: gold.id, tierProgress: 300 });
  });
});

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("errors say what went wrong", () => {
  it("names each error class and gives its exact message", async () => {
    const memberId = await newMember();
    const bad = await rejection(credit(db, { shopId, memberId, kind: "earn", key: "msg:bad", points: 0, reason: { code: "manual", params: { note: "x" } } }));
    expect(bad).toBeInstanceOf(LedgerError);
    expect([bad.name, bad.message]).toEqual(["LedgerError", "Points must be a positive whole number, got 0"]);

    await credit(db, { shopId, memberId, kind: "earn", key: "msg:earn", points: 120, reason: { code: "manual", params: { note: "x" } } });
    const conflict = await rejection(credit(db, { shopId, memberId, kind: "earn", key: "msg:earn", points: 999, reason: { code: "manual", params: { note: "x" } } }));
    expect(conflict).toBeInstanceOf(LedgerConflict);
    expect([conflict.name, conflict.message]).toEqual(["LedgerConflict", "Ledger key msg:earn exists with a different amount: posted 120, now 999"]);

    const short = await rejection(debit(db, { shopId, memberId, kind: "redeem", key: "msg:spend", points: 121, reason: { code: "manual", params: { note: "x" } } }));
    expect(short).toBeInstanceOf(InsufficientPoints);
    expect(short).toMatchObject({ balance: 120, required: 121 });
    expect([short.name, short.message]).toEqual(["InsufficientPoints", "Not enough points: 120 available, 121 needed"]);
    expect(await expectSound(memberId)).toMatchObject({ balance: 120, entriesSum: 120 });
  });

  it("refuses to credit, debit or claw back a member of another shop, naming the member", async () => {
    const there = await newMember(otherShopId);
    await credit(db, { shopId: otherShopId, memberId: there, kind: "earn", key: "msg:there", orderId: "1", points: 50, reason: { code: "manual", params: { note: "x" } } });
    const posts = [
      () => credit(db, { shopId, memberId: there, kind: "earn", key: "msg:c", points: 5, reason: { code: "manual", params: { note: "x" } } }),
      () => debit(db, { shopId, memberId: there, kind: "redeem", key: "msg:d", points: 5, reason: { code: "manual", params: { note: "x" } } }),
      () => clawback(db, { shopId, memberId: there, kind: "clawback", key: "msg:k", orderId: "1", points: 5, reason: { code: "manual", params: { note: "x" } }, allowNegativeBalance: true }),
    ];
    for (const post of posts) {
      const error = await rejection(post());
      expect(error).toBeInstanceOf(LedgerError);
      expect([error.name, error.message]).toEqual(["LedgerError", `No member ${there} in this shop`]);
    }
    expect(await expectSound(there)).toMatchObject({ balance: 50, entriesSum: 50 });
  });
});

describe("lots refused and lots not due", () => {
  it("refuses to expire a lot of another shop, an unknown lot or a pending one, and posts nothing", async () => {
    const memberId = await newMember();
    const pending = await credit(db, { shopId, memberId, kind: "earn", key: "lots:p", orderId: "p", points: 70, reason: { code: "manual", params: { note: "x" } }, now: day(0), availableAt: day(14) });
    const pendingLot = await db.pointLot.findUniqueOrThrow({ where: { entryId: pending.entry.id } });
    const there = await newMember(otherShopId);
    const theirs = await credit(db, { shopId: otherShopId, memberId: there, kind: "earn", key: "lots:t", points: 30, reason: { code: "manual", params: { note: "x" } } });
    const theirLot = await db.pointLot.findUniqueOrThrow({ where: { entryId: theirs.entry.id } });
    const unknownLot = theirLot.id + 1_000_000;

    const refusals: [number, string][] = [
      [theirLot.id, `No lot ${theirLot.id} in this shop`],
      [unknownLot, `No lot ${unknownLot} in this shop`],
      [pendingLot.id, `Lot ${pendingLot.id} is still pending and cannot expire`],
    ];
    for (const [lotId, message] of refusals) {
      const error = await rejection(expireLot(db, { shopId, lotId, now: day(1) }));
      expect(error).toBeInstanceOf(LedgerError);
      expect([error.name, error.message]).toEqual(["LedgerError", message]);
      expect(await db.ledgerEntry.count({ where: { idempotencyKey: `expire:${lotId}` } })).toBe(0);
    }
    expect(await db.pointLot.findUniqueOrThrow({ where: { id: pendingLot.id } })).toMatchObject({ pending: true, remaining: 70 });
    expect(await expectSound(memberId)).toMatchObject({ balance: 0, pendingPoints: 70 });
    expect(await expectSound(there)).toMatchObject({ balance: 30 });
  });

  it("records an expiry with its reason", async () => {
    const memberId = await newMember();
    const { entry } = await credit(db, { shopId, memberId, kind: "earn", key: "lots:e", points: 25, reason: { code: "manual", params: { note: "x" } }, expiresAt: day(30) });
    const lot = await db.pointLot.findUniqueOrThrow({ where: { entryId: entry.id } });
    const expired = await expireLot(db, { shopId, lotId: lot.id, now: day(31) });
    expect(expired.entry).toMatchObject({ kind: "expire", amount: -25, reason: "expired", balanceAfter: 0, occurredAt: day(30) }); // on its date, though expired a day later
  });

  it("releases only a known pending lot that is due, and changes nothing otherwise", async () => {
    const memberId = await newMember();
    const spendable = await credit(db, { shopId, memberId, kind: "earn", key: "rel:s", points: 40, reason: { code: "manual", params: { note: "x" } }, now: day(0) });
    const pending = await credit(db, { shopId, memberId, kind: "earn", key: "rel:p", orderId: "rp", points: 60, reason: { code: "manual", params: { note: "x" } }, now: day(0), availableAt: day(14) });
    const spendableLot = await db.pointLot.findUniqueOrThrow({ where: { entryId: spendable.entry.id } });
    const pendingLot = await db.pointLot.findUniqueOrThrow({ where: { entryId: pending.entry.id } });

    expect(await releaseLot(db, pendingLot.id + 1_000_000, day(20))).toBe(false);
    expect(await releaseLot(db, spendableLot.id, day(20))).toBe(false);
    expect(await releaseLot(db, pendingLot.id, day(13))).toBe(false);
    expect(await expectSound(memberId)).toMatchObject({ balance: 40, pendingPoints: 60 });
    expect(await db.pointLot.findUniqueOrThrow({ where: { id: spendableLot.id } })).toMatchObject({ pending: false, remaining: 40 });
    expect(await db.pointLot.findUniqueOrThrow({ where: { id: pendingLot.id } })).toMatchObject({ pending: true, remaining: 60 });

    expect(await releaseLot(db, pendingLot.id, day(14))).toBe(true);
    expect(await releaseLot(db, pendingLot.id, day(15))).toBe(false);
    expect(await expectSound(memberId)).toMatchObject({ balance: 100, pendingPoints: 0 });
  });

  it("creates no lot for a credit that only repays a debt", async () => {
    const memberId = await newMember();
    await credit(db, { shopId, memberId, kind: "earn", key: "debt:earn", orderId: "d1", points: 100, reason: { code: "manual", params: { note: "x" } } });
    await debit(db, { shopId, memberId, kind: "redeem", key: "debt:spend", points: 100, reason: { code: "manual", params: { note: "x" } } });
    await clawback(db, { shopId, memberId, kind: "cancel", key: "debt:cancel", orderId: "d1", points: 100, reason: { code: "manual", params: { note: "x" } }, allowNegativeBalance: true });
    expect(await expectSound(memberId)).toMatchObject({ balance: -100 });
    const repay = await credit(db, { shopId, memberId, kind: "earn", key: "debt:repay", orderId: "d2", points: 100, reason: { code: "manual", params: { note: "x" } } });
    expect(repay.entry).toMatchObject({ amount: 100, balanceAfter: 0 });
    expect(await db.pointLot.count({ where: { entryId: repay.entry.id } })).toBe(0);
    expect(await db.pointLot.findMany({ where: { memberId }, select: { amount: true, remaining: true } })).toEqual([{ amount: 100, remaining: 0 }]);
    expect(await expectSound(memberId)).toMatchObject({ balance: 0, entriesSum: 0, spendableLots: 0 });
  });
});
