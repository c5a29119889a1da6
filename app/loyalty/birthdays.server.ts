// The birthday bonus: on a member's birthday (UTC), the shop's bonus points and its birthday reward
// (a code, given as grants are: app/loyalty/grants.server.ts), each once a year (app/loyalty/birthday.ts
// says what a birthday is and which are today's).
import type { PrismaClient } from "@prisma/client";
import { birthdaySuffixes } from "./birthday";
import { credit } from "./ledger.server";
import { lotExpiresAt } from "./lot-dates";
import { programRules } from "./program";
import { logActivity } from "./activity.server";
import { grantReward } from "./grants.server";
import { inTransaction } from "./transactions.server";

/**
 * Credits the birthdays of `day` (today, or a day missed while the app was down) in every shop that
 * gives a bonus or a reward; each member once a year, however often it runs. Returns how many
 * members got something new.
 */
export async function awardBirthdays(db: PrismaClient, now = new Date(), day = now): Promise<number> {
  const shops = await db.programSettings.findMany({
    where: { OR: [{ birthdayBonus: { gt: 0 } }, { birthdayRewardId: { not: null } }], shop: { programEnabled: true, uninstalledAt: null } },
  });
  let awarded = 0;
  for (const settings of shops) {
    const rules = programRules(settings);
    const members = await db.member.findMany({
      where: { shopId: settings.shopId, redactedAt: null, OR: birthdaySuffixes(day).map((suffix) => ({ birthday: { endsWith: suffix } })) },
      select: { id: true },
    });
    for (const member of members) {
      const year = day.getUTCFullYear();
      // Points and reward together. The code is made on Shopify after this commits (outbox
      // reward_issue); the member hears of it as of every issued reward (email, Flow). A reward that
      // cannot be given (gone, paused) gives nothing.
      const fresh = await inTransaction(db, async (tx) => {
        const granted = settings.birthdayRewardId ? await grantReward(tx, { id: member.id, shopId: settings.shopId }, settings.birthdayRewardId, `birthday-reward:${member.id}:${year}`, now) : null;
        if (settings.birthdayBonus <= 0) return granted !== null;
        const posted = await credit(tx, {
          shopId: settings.shopId,
          memberId: member.id,
          kind: "earn",
          key: `birthday:${member.id}:${year}`,
          points: settings.birthdayBonus,
          reason: { code: "birthday" },
          now,
          occurredAt: day,
          expiresAt: lotExpiresAt(day, rules),
        });
        return !posted.replayed || granted !== null;
      });
      if (fresh) awarded++;
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
