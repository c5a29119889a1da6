// Reminders before points expire (app/loyalty/reminders.server.ts): which threshold a member has
// reached, and who is reminded in inactivity mode.
import { addMonths } from "date-fns";
import { afterAll, describe, expect, it } from "vitest";
import { queueExpiryReminders, thresholdFor } from "../app/loyalty/reminders.server";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const DAY = 86_400_000;

describe("the threshold reached", () => {
  it("is the smallest reminder day the member is within, both edges included", () => {
    expect(thresholdFor([30, 7], 31)).toBeNull();
    expect(thresholdFor([30, 7], 30)).toBe(30);
    expect(thresholdFor([30, 7], 8)).toBe(30);
    expect(thresholdFor([30, 7], 7)).toBe(7);
    expect(thresholdFor([30, 7], 1)).toBe(7);
    expect(thresholdFor([], 1)).toBeNull();
  });
});

describe("inactivity mode", () => {
  it("reminds the members whose whole balance expires within the reminder days, once per threshold", async () => {
    const now = new Date("2026-08-15T12:00:00Z");
    const shop = await installTestShop(db, "reminders-idle.myshopify.com");
    await db.shop.update({ where: { id: shop.id }, data: { programEnabled: true } });
    await db.programSettings.update({ where: { shopId: shop.id }, data: { expiryMode: "inactivity", expiryMonths: 6, emailReminderDays: "30,7" } });
    await db.mailServer.create({ data: { shopId: shop.id, host: "127.0.0.1", port: 2525, security: "none", fromAddress: "rewards@example.com" } });
    const member = async (customerId: string, balance: number, lastActivityAt: Date, more: { redactedAt?: Date } = {}) => {
      const { id } = await ensureMember(db, shop.id, { customerId, email: `${customerId}@example.com` });
      await db.member.update({ where: { id }, data: { balance, lastActivityAt, ...more } });
      return id;
    };
    const sixMonthsBefore = (days: number) => addMonths(new Date(now.getTime() + days * DAY), -6); // its balance expires `days` from now
    const soon = await member("soon", 120, sixMonthsBefore(20)); // expires in 20 days: the 30-day reminder
    const urgent = await member("urgent", 80, sixMonthsBefore(3)); // in 3 days: the 7-day reminder only
    await member("later", 50, sixMonthsBefore(45)); // beyond the furthest reminder
    await member("gone", 50, sixMonthsBefore(0)); // expires at this instant: too late to remind
    await member("empty", 0, sixMonthsBefore(10));
    await member("erased", 70, sixMonthsBefore(10), { redactedAt: now });

    expect(await queueExpiryReminders(db, now)).toBe(2);
    const emails = await db.emailDelivery.findMany({ where: { shopId: shop.id, type: "pointsExpiring" } });
    const expiresIn = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
    expect(Object.fromEntries(emails.map((e) => [e.memberId, [JSON.parse(e.facts), e.eventKey.split(":").at(-1)]]))).toEqual({
      [soon]: [{ points: 120, expiresAt: expiresIn(20), days: 20 }, "30"],
      [urgent]: [{ points: 80, expiresAt: expiresIn(3), days: 3 }, "7"],
    });
    await queueExpiryReminders(db, now);
    expect(await db.emailDelivery.count({ where: { shopId: shop.id, type: "pointsExpiring" } })).toBe(2);
  });
});

describe("lot mode", () => {
  it("reminds each member of their soonest spendable lot within the reminder days, in shops that send reminders only", async () => {
    const now = new Date("2026-08-15T12:00:00Z");
    const inDays = (days: number) => new Date(now.getTime() + days * DAY);
    const sending = async (domain: string, extra: { programEnabled?: boolean; uninstalledAt?: Date; mail?: boolean } = {}) => {
      const shop = await installTestShop(db, domain, { programEnabled: extra.programEnabled ?? true });
      if (extra.uninstalledAt) await db.shop.update({ where: { id: shop.id }, data: { uninstalledAt: extra.uninstalledAt } });
      await db.programSettings.update({ where: { shopId: shop.id }, data: { expiryMode: "lot", expiryMonths: 12, emailReminderDays: "30,7" } });
      if (extra.mail ?? true) await db.mailServer.create({ data: { shopId: shop.id, host: "127.0.0.1", port: 2525, security: "none", fromAddress: "rewards@example.com" } });
      return shop.id;
    };
    const member = async (shopId: string, customerId: string, lots: { in: number; remaining: number; pending?: boolean }[], more: { redactedAt?: Date } = {}) => {
      const { id } = await ensureMember(db, shopId, { customerId, email: `${customerId}@example.com` });
      if (more.redactedAt) await db.member.update({ where: { id }, data: { redactedAt: more.redactedAt } });
      for (const [i, lot] of lots.entries()) {
        const { entry } = await credit(db, {
          shopId, memberId: id, kind: "earn", key: `${customerId}-${i}`, points: 100, reason: { code: "manual", params: { note: "fixture" } },
          now, availableAt: lot.pending ? inDays(1) : now, expiresAt: inDays(lot.in),
        });
        await db.pointLot.update({ where: { entryId: entry.id }, data: { remaining: lot.remaining } });
      }
      return id;
    };
    const before = await queueExpiryReminders(db, now); // the other tests' shops, reminded already
    const shopId = await sending("reminders-lots.myshopify.com");
    // Lots made in the opposite order of their expiry: the soonest counts, with all its points that day.
    const two = await member(shopId, "two", [{ in: 25, remaining: 40 }, { in: 5, remaining: 30 }, { in: 5, remaining: 20 }]);
    const one = await member(shopId, "one", [{ in: 20, remaining: 100 }]);
    await member(shopId, "pending", [{ in: 10, remaining: 100, pending: true }]);
    await member(shopId, "spent", [{ in: 10, remaining: 0 }]);
    await member(shopId, "expired", [{ in: 0, remaining: 100 }]);
    await member(shopId, "later", [{ in: 45, remaining: 100 }]);
    await member(shopId, "erased", [{ in: 10, remaining: 100 }], { redactedAt: now });
    // Shops that send nothing: the program off, uninstalled, no mail server and no Flow trigger.
    for (const [domain, extra] of [["reminders-off.myshopify.com", { programEnabled: false }], ["reminders-gone.myshopify.com", { uninstalledAt: now }], ["reminders-quiet.myshopify.com", { mail: false }]] as const) {
      await member(await sending(domain, extra), "elsewhere", [{ in: 10, remaining: 100 }]);
    }

    expect(await queueExpiryReminders(db, now)).toBe(before + 2);
    const emails = await db.emailDelivery.findMany({ where: { type: "pointsExpiring", member: { customerId: { in: ["one", "two", "pending", "spent", "expired", "later", "erased", "elsewhere"] } } } });
    expect(Object.fromEntries(emails.map((e) => [e.memberId, [JSON.parse(e.facts), e.eventKey.split(":").at(-1)]]))).toEqual({
      [one]: [{ points: 100, expiresAt: inDays(20).toISOString(), days: 20 }, "30"],
      [two]: [{ points: 50, expiresAt: inDays(5).toISOString(), days: 5 }, "7"],
    });
  });
});
