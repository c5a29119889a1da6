// The program's scheduled keeping, run hourly: pending points become spendable, due points expire,
// reminders before expiry are queued, birthdays are credited. Each step is idempotent (keyed by
// its event), so a second run changes nothing; after downtime, what is due is caught up once:
// expiry and release take everything past its date, reminders the most urgent threshold, and
// birthdays every day missed since the last run (up to a month), once a year per member. And the
// audience page's snapshot of each shop's members, recomputed when older than the hour.
import type { PrismaClient } from "@prisma/client";
import { refreshAudienceSnapshots } from "./audience.server";
import { awardBirthdays } from "./birthdays.server";
import { expireDuePoints, releaseDuePending } from "./expiry.server";
import { queueExpiryReminders } from "./reminders.server";
import { utcDay } from "./lot-dates";

const DAY = 86_400_000;
const MAX_CATCH_UP_DAYS = 31;

export interface ScheduledRun {
  released: number;
  expired: number;
  reminders: number;
  birthdays: number;
  /** The days whose birthdays were credited by this run (missed days first, then today). */
  birthdayDays: string[];
  /** The shops whose audience snapshot was recomputed. */
  audiences: number;
}

/** The days since the job last finished, oldest first, ending today (today alone on a first run). */
async function daysToRun(db: PrismaClient, job: string, now: Date): Promise<Date[]> {
  const today = new Date(`${utcDay(now)}T00:00:00.000Z`);
  const last = await db.dailyRun.findUnique({ where: { job } });
  if (last?.lastDay === utcDay(today)) return [];
  const from = last ? Math.max(new Date(`${last.lastDay}T00:00:00.000Z`).getTime() + DAY, today.getTime() - (MAX_CATCH_UP_DAYS - 1) * DAY) : today.getTime();
  const days: Date[] = [];
  for (let at = from; at <= today.getTime(); at += DAY) days.push(new Date(at));
  return days;
}

export async function runScheduledWork(db: PrismaClient, now = new Date()): Promise<ScheduledRun> {
  const run: ScheduledRun = { released: 0, expired: 0, reminders: 0, birthdays: 0, birthdayDays: [], audiences: 0 };
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
  for (const { id } of shops) {
    run.released += await releaseDuePending(db, id, now);
    run.expired += await expireDuePoints(db, id, now);
  }
  run.reminders = await queueExpiryReminders(db, now);
  for (const day of await daysToRun(db, "birthdays", now)) {
    run.birthdays += await awardBirthdays(db, now, day);
    run.birthdayDays.push(utcDay(day));
    await db.dailyRun.upsert({ where: { job: "birthdays" }, update: { lastDay: utcDay(day) }, create: { job: "birthdays", lastDay: utcDay(day) } });
  }
  run.audiences = await refreshAudienceSnapshots(db, now);
  return run;
}
