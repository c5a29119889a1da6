// The home page's headline figures (app/loyalty/overview.server.ts): the last 30 days, to the instant.
import { afterAll, expect, it } from "vitest";
import { credit, debit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { programOverview, setupSteps } from "../app/loyalty/overview.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const DAY = 86_400_000;
const now = new Date("2026-06-30T12:00:00Z");
const ago = (days: number, ms = 0) => new Date(now.getTime() - days * DAY + ms);

it("counts what was issued and redeemed in the last 30 days, the first instant included, and the balances outstanding", async () => {
  const shopId = (await installTestShop(db, "overview.myshopify.com")).id;
  const memberId = (await ensureMember(db, shopId, { customerId: "1" })).id;
  const note = { code: "manual", params: { note: "test" } } as const;
  await credit(db, { shopId, memberId, kind: "earn", key: "old", points: 1000, reason: note, now: ago(30, -1) });
  await credit(db, { shopId, memberId, kind: "earn", key: "edge", points: 200, reason: note, now: ago(30) });
  await credit(db, { shopId, memberId, kind: "earn", key: "recent", points: 30, reason: note, now: ago(1) });
  await debit(db, { shopId, memberId, kind: "redeem", key: "spent-old", points: 400, reason: note, now: ago(31) });
  await debit(db, { shopId, memberId, kind: "redeem", key: "spent", points: 50, reason: note, now: ago(2) });

  expect(await programOverview(db, shopId, now)).toMatchObject({ members: 1, outstanding: 780, issued30: 230, redeemed30: 50, rewards: 0, earningConfigured: false });
});

it("counts only this shop's members, rewards and settings changes, and no erased member or deleted reward", async () => {
  const shopId = (await installTestShop(db, "overview-own.myshopify.com")).id;
  const otherId = (await installTestShop(db, "overview-other.myshopify.com")).id;
  for (const [shop, customerId] of [[shopId, "1"], [shopId, "2"], [otherId, "1"], [otherId, "2"], [otherId, "3"]]) {
    const { id } = await ensureMember(db, shop, { customerId });
    await db.member.update({ where: { id }, data: { balance: 100 } });
  }
  await db.member.updateMany({ where: { shopId, customerId: "2" }, data: { redactedAt: now } });
  const reward = { type: "fixed_amount", pointsCost: 100, valueMinor: 500 };
  await db.reward.createMany({ data: [{ shopId, name: "Kept", ...reward }, { shopId, name: "Deleted", ...reward, deletedAt: now }, { shopId: otherId, name: "Theirs", ...reward }] });
  await db.activityLog.createMany({ data: [{ shopId, actor: "staff:1", action: "program.enabled" }, { shopId: otherId, actor: "staff:1", action: "settings.updated" }] });

  expect(await programOverview(db, shopId, now)).toMatchObject({ members: 1, outstanding: 200, rewards: 1, earningConfigured: false });
  await db.activityLog.create({ data: { shopId, actor: "staff:1", action: "settings.updated" } });
  expect((await programOverview(db, shopId, now)).earningConfigured).toBe(true);
});

it("lists a new program's steps in order, the reward step done once there is a reward", () => {
  expect(setupSteps({ earningConfigured: true, rewards: 0 }, false)).toEqual([
    { step: "earning", done: true },
    { step: "reward", done: false },
    { step: "embed", done: false },
  ]);
  expect(setupSteps({ earningConfigured: false, rewards: 1 }, true).map((s) => s.done)).toEqual([false, true, true]);
});
