// A member's page in the admin: who they are (a redacted member shown as such), their tier and the
// next one from this shop's tiers only, the lots still holding points, and nothing of other members.
import { expect, it } from "vitest";
import { memberDetail } from "../app/loyalty/members-query.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();

it("shows the member's name, tier, progress and live lots, and only this shop's tiers", async () => {
  const shop = await installTestShop(db, "detail.myshopify.com");
  const other = await installTestShop(db, "other-detail.myshopify.com");
  const silver = await db.tier.create({ data: { shopId: shop.id, name: "Silver", threshold: 100 } });
  await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 500 } });
  await db.tier.create({ data: { shopId: other.id, name: "Other shop's Bronze", threshold: 200 } });
  const member = await db.member.create({ data: { shopId: shop.id, customerId: "1", firstName: "Ada", lastName: null, tierId: silver.id, tierProgress: 300, balance: 70 } });
  const entry = (key: string, amount: number) => db.ledgerEntry.create({ data: { shopId: shop.id, memberId: member.id, kind: "earn", amount, balanceAfter: 0, reason: "order", idempotencyKey: key, occurredAt: new Date() } });
  const at = new Date("2026-11-01T00:00:00Z");
  const lot = async (key: string, remaining: number, pending: boolean) => {
    const e = await entry(key, 50);
    return db.pointLot.create({ data: { shopId: shop.id, memberId: member.id, entryId: e.id, amount: 50, remaining, pending, availableAt: at, earnedAt: at } });
  };
  const spendable = await lot("a", 30, false);
  await lot("b", 0, false); // spent: not shown
  const pending = await lot("c", 0, true); // pending with nothing left (a debt repaid): still shown

  const detail = (await memberDetail(db, shop.id, member.id))!;
  expect(detail).toMatchObject({ name: "Ada", redacted: false, tier: "Silver", hasTiers: true, progress: { next: "Gold", toNext: 200, percent: 50 } });
  expect(detail.lots.map((l) => l.id)).toEqual([spendable.id, pending.id]);
  expect(detail.entries.map((e) => e.amount)).toEqual([50, 50, 50]);
  expect(await memberDetail(db, other.id, member.id)).toBeNull();

  const lone = await db.member.create({ data: { shopId: other.id, customerId: "2", redactedAt: at } });
  expect(await memberDetail(db, other.id, lone.id)).toMatchObject({ name: "", redacted: true, tier: null, hasTiers: true, lots: [], entries: [] });
  const bare = await installTestShop(db, "no-tiers-detail.myshopify.com");
  const plain = await db.member.create({ data: { shopId: bare.id, customerId: "3", firstName: "Bo", lastName: "Li" } });
  expect(await memberDetail(db, bare.id, plain.id)).toMatchObject({ name: "Bo Li", hasTiers: false, tier: null });
});
