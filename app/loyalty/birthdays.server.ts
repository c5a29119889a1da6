// The birthday bonus: on a member's birthday (UTC), the shop's bonus, once a year (app/loyalty/birthday.ts
// says what a birthday is and which are today's).
import type { PrismaClient } from "@prisma/client";
import { birthdaySuffixes } from "./birthday";
import { credit } from "./ledger.server";
import { lotExpiresAt } from "./lot-dates";
import { programRules } from "./program";
import { logActivity } from "./activity.server";

/**
 * Credits the birthdays of `day` (today, or a day missed while the app was down) in every shop that
 * gives a bonus; each member once a year, however often it runs.
 */
export async function awardBirthdays(db: PrismaClient, now = new Date(), day = now): Promise<number> {
  const shops = await db.programSettings.findMany({ where: { birthdayBonus: { gt: 0 }, shop: { programEnabled: true, uninstalledAt: null } } });
  let awarded = 0;
  for (const settings of shops) {
    const rules = programRules(settings);
    const members = await db.member.findMany({
      where: { shopId: settings.shopId, redactedAt: null, OR: birthdaySuffixes(day).map((suffix) => ({ birthday: { endsWith: suffix } })) },
      select: { id: true },
    });
    for (const member of members) {
      const posted = await credit(db, {
        shopId: settings.shopId,
        memberId: member.id,
        kind: "earn",
        key: `birthday:${member.id}:${day.getUTCFullYear()}`,
        points: settings.birthdayBonus,
        reason: { code: "birthday" },
        now,
        occurredAt: day,
        expiresAt: lotExpiresAt(day, rules),
      });
      if (!posted.replayed) awarded++;
    }
  }
  return awarded;
}

/** The shop owner sets (or clears) a member's birthday; logged. False when there is no such member. */
export async function setBirthday(db: PrismaClient, shopId: string, memberId: string, birthday: string | null, actor: string) {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { id: memberId, shopId, redactedAt: null } });
    if (!member) return false;
    if (member.birthday === birthday) return true;
    await tx.member.update({ where: { id: member.id }, data: { birthday } });
    await logActivity(tx, { shopId, actor, action: "member.birthday", before: { memberId, birthday: member.birthday }, after: { memberId, birthday } });
    return true;
  });
}
