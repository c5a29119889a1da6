// Reminders before points expire: for each member whose next points expire within the shop's
// reminder days (30 and 7 by default), one email per threshold and expiry date. After downtime
// only the most urgent threshold is sent (a member 5 days from expiry hears once, not twice).
import type { PrismaClient } from "@prisma/client";
import { addMonths } from "date-fns";
import { reminderDays } from "./notices";
import { FLOW_TRIGGERS } from "./flow-events";
import { announce } from "./flow-events.server";
import { soonestPerMember } from "./next-expiry.server";
import { notify } from "./notices.server";
import { programRules } from "./program";
import { utcDay } from "./lot-dates";

const DAY = 86_400_000;

/** The threshold a member `daysLeft` from expiry is reminded at: the smallest that has been reached. */
export function thresholdFor(days: number[], daysLeft: number): number | null {
  const reached = days.filter((d) => daysLeft <= d);
  return reached.length ? Math.min(...reached) : null;
}

interface Expiring {
  memberId: string;
  customerId: string;
  expiresAt: Date;
  points: number;
}

/** Per member, their soonest expiry within the horizon and the points that expire then. */
async function expiringSoon(db: PrismaClient, shopId: string, mode: string, months: number, now: Date, horizon: Date): Promise<Expiring[]> {
  if (mode === "lot") {
    const lots = await db.pointLot.findMany({
      where: { shopId, pending: false, remaining: { gt: 0 }, expiresAt: { gt: now, lte: horizon }, member: { redactedAt: null } },
      select: { memberId: true, expiresAt: true, remaining: true, member: { select: { customerId: true } } },
      orderBy: { expiresAt: "asc" },
    });
    const customers = new Map(lots.map((l) => [l.memberId, l.member.customerId]));
    return [...soonestPerMember(lots)].map(([memberId, next]) => ({ memberId, customerId: customers.get(memberId)!, expiresAt: next.at, points: next.points }));
  }
  if (mode === "inactivity") {
    // The whole balance expires `months` after the member's last activity.
    const members = await db.member.findMany({
      where: { shopId, redactedAt: null, balance: { gt: 0 }, lastActivityAt: { gt: addMonths(now, -months), lte: addMonths(horizon, -months) } },
      select: { id: true, customerId: true, lastActivityAt: true, balance: true },
    });
    return members.map((m) => ({ memberId: m.id, customerId: m.customerId, expiresAt: addMonths(m.lastActivityAt, months), points: m.balance }));
  }
  return [];
}

/** Queues the reminders that are due in every shop that sends them. Returns how many were queued (or already were). */
export async function queueExpiryReminders(db: PrismaClient, now = new Date()): Promise<number> {
  const shops = await db.programSettings.findMany({
    where: { expiryMode: { not: "none" }, shop: { uninstalledAt: null, programEnabled: true, OR: [{ mailServer: { isNot: null } }, { flowTriggers: { some: { handle: FLOW_TRIGGERS.pointsExpiring, enabled: true } } }] } },
  });
  let queued = 0;
  for (const settings of shops) {
    const days = reminderDays(settings.emailReminderDays);
    if (!days.length) continue;
    const rules = programRules(settings);
    const horizon = new Date(now.getTime() + days[0] * DAY);
    for (const expiring of await expiringSoon(db, settings.shopId, rules.expiryMode, rules.expiryMonths, now, horizon)) {
      const daysLeft = Math.max(1, Math.ceil((expiring.expiresAt.getTime() - now.getTime()) / DAY));
      const threshold = thresholdFor(days, daysLeft);
      if (threshold === null) continue;
      const key = `expiring:${expiring.memberId}:${utcDay(expiring.expiresAt)}:${threshold}`;
      const facts = { points: expiring.points, expiresAt: expiring.expiresAt.toISOString(), days: daysLeft };
      await notify(db, { shopId: settings.shopId, memberId: expiring.memberId, type: "pointsExpiring", now, key, facts });
      await announce(db, { shopId: settings.shopId, customerId: expiring.customerId, trigger: "pointsExpiring", now, key, fields: facts });
      queued++;
    }
  }
  return queued;
}
