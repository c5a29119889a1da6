// The hourly keeping across shops: what it released and expired, counted; an uninstalled shop left
// alone; a second run the same day doing nothing; birthdays caught up for at most a month.
import { expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { runScheduledWork } from "../app/loyalty/scheduled.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
const now = new Date("2026-11-10T12:00:00Z");
const day = 86_400_000;

async function shopWithDueLots(domain: string) {
  const shop = await installTestShop(db, domain);
  await db.programSettings.update({ where: { shopId: shop.id }, data: { expiryMode: "lot", expiryMonths: 1 } });
  const member = await ensureMember(db, shop.id, { customerId: "1" }, new Date(now.getTime() - 90 * day));
  const earned = new Date(now.getTime() - 60 * day);
  // Spendable since two months ago, expired a month later; and pending until yesterday.
  await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: "old", points: 100, reason: { code: "signup" }, now: earned, expiresAt: new Date(now.getTime() - 30 * day) });
  await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: "pending", points: 40, reason: { code: "signup" }, now: earned, availableAt: new Date(now.getTime() - day) });
  return { shop, member };
}

it("releases and expires what is due in installed shops only, counts it, and does nothing more the same day", async () => {
  const kept = await shopWithDueLots("kept-schedule.myshopify.com");
  const gone = await shopWithDueLots("gone-schedule.myshopify.com");
  await db.shop.update({ where: { id: gone.shop.id }, data: { uninstalledAt: new Date(now.getTime() - day) } });

  const first = await runScheduledWork(db, now);
  expect(first).toMatchObject({ released: 1, expired: 1 });
  expect(await db.member.findUniqueOrThrow({ where: { id: kept.member.id }, select: { balance: true, pendingPoints: true } })).toEqual({ balance: 40, pendingPoints: 0 });
  expect(await db.member.findUniqueOrThrow({ where: { id: gone.member.id }, select: { balance: true, pendingPoints: true } })).toEqual({ balance: 100, pendingPoints: 40 });

  expect(await runScheduledWork(db, new Date(now.getTime() + 60_000))).toEqual({ released: 0, expired: 0, reminders: 0, birthdays: 0, birthdayDays: [], audiences: 0 });
});

it("catches up the birthdays of every day missed since the last run, a month at most", async () => {
  await db.dailyRun.upsert({ where: { job: "birthdays" }, update: { lastDay: "2026-09-01" }, create: { job: "birthdays", lastDay: "2026-09-01" } });
  const later = new Date("2026-12-20T08:00:00Z");
  const run = await runScheduledWork(db, later);
  expect(run.birthdayDays).toHaveLength(31);
  expect([run.birthdayDays[0], run.birthdayDays.at(-1)]).toEqual(["2026-11-20", "2026-12-20"]);
  await db.dailyRun.update({ where: { job: "birthdays" }, data: { lastDay: "2026-12-18" } });
  expect((await runScheduledWork(db, later)).birthdayDays).toEqual(["2026-12-19", "2026-12-20"]);
});
