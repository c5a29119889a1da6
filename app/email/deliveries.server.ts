// The email outbox carried out, after the transactions that wrote it: each pending delivery is
// composed in its member's language as they are now (a member who unsubscribed, withdrew consent
// or was redacted meanwhile is skipped), sent through the shop's mail server with the one-click
// unsubscribe headers of RFC 8058, and marked sent; a refusal is tried again later, with backoff,
// up to MAX_ATTEMPTS. At most the shop's daily cap a day (UTC): the rest wait for the next day.
import type { EmailDelivery, Member, PrismaClient } from "@prisma/client";
import { supportedLocale, type Locale } from "../i18n/i18n";
import { backoffMs } from "../loyalty/backoff";
import { nextReward } from "../loyalty/next-reward.server";
import { isNoticeType, NEEDS_CONSENT, ON_BY_DEFAULT, type NoticeFacts } from "../loyalty/notices";
import { logger } from "../logger.server";
import { parseWords, wordsFor } from "./email-words";
import { emailHtml } from "./layout";
import { sendEmail, type Email, type SendResult } from "./mail-server.server";
import { brandOf } from "./brand";
import { composeEmail, plainText, type EmailFacts, type EmailType } from "./messages";
import type { SkipReason } from "./skip-reasons";
import { unsubscribeUrl } from "./unsubscribe.server";

export const MAX_ATTEMPTS = 8;
const BATCH = 50;

type MailServer = NonNullable<Awaited<ReturnType<PrismaClient["mailServer"]["findUnique"]>>>;
export type Send = (server: MailServer, key: Buffer, email: Email) => Promise<SendResult>;

export interface SendRun {
  sent: number;
  skipped: number;
  failed: number;
  /** Waiting for tomorrow: the shop reached its daily cap. */
  deferred: number;
}

const startOfDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/** The language an email is written in: the member's, else the shop's, else English. */
export function emailLocale(memberLocale: string | null, shopLocale: string): Locale {
  return supportedLocale(memberLocale?.split("-")[0]) ?? supportedLocale(shopLocale.split("-")[0]) ?? "en";
}

/** Why this delivery must not go to this member now, or null when it may. */
function reasonToSkip(delivery: EmailDelivery, member: Member, enabled: boolean): SkipReason | null {
  if (member.redactedAt) return "redacted";
  if (!member.email) return "noAddress";
  if (member.emailUnsubscribedAt) return "unsubscribed";
  if (!enabled) return "typeOff";
  if ((NEEDS_CONSENT as readonly string[]).includes(delivery.type) && member.emailConsent !== "subscribed") return "noConsent";
  return null;
}

export async function sendDueEmails(db: PrismaClient, key: Buffer | null, now = new Date(), send: Send = sendEmail): Promise<SendRun> {
  const run: SendRun = { sent: 0, skipped: 0, failed: 0, deferred: 0 };
  const due = await db.emailDelivery.findMany({ where: { status: "pending", nextAttemptAt: { lte: now } }, orderBy: { id: "asc" }, take: BATCH, include: { member: { include: { tier: true } } } });
  for (const [shopId, deliveries] of Map.groupBy(due, (d) => d.shopId)) {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, include: { settings: true, mailServer: true, emailTemplates: true } });
    const server = shop.mailServer;
    if (!server || !key || shop.uninstalledAt) {
      await db.emailDelivery.updateMany({ where: { id: { in: deliveries.map((d) => d.id) } }, data: { status: "skipped", note: !key ? "noSecretsKey" : shop.uninstalledAt ? "uninstalled" : "noServer" } satisfies { note: SkipReason; status: string } });
      run.skipped += deliveries.length;
      continue;
    }
    let room = (shop.settings?.emailDailyCap ?? 1000) - (await db.emailDelivery.count({ where: { shopId, status: "sent", sentAt: { gte: startOfDay(now) } } }));
    const { brand, storefrontUrl } = brandOf(shop, shop.settings);
    for (const delivery of deliveries) {
      if (!isNoticeType(delivery.type)) continue;
      const template = shop.emailTemplates.find((t) => t.type === delivery.type);
      const skip = reasonToSkip(delivery, delivery.member, template ? template.enabled : ON_BY_DEFAULT.includes(delivery.type));
      if (skip) {
        await db.emailDelivery.update({ where: { id: delivery.id }, data: { status: "skipped", note: skip } });
        run.skipped++;
        continue;
      }
      if (room <= 0) {
        await db.emailDelivery.update({ where: { id: delivery.id }, data: { nextAttemptAt: new Date(startOfDay(now).getTime() + 86_400_000) } });
        run.deferred++;
        continue;
      }
      const locale = emailLocale(delivery.member.locale, shop.locale);
      const next = await nextReward(db, delivery.member, now);
      const nextRewardFacts = next && { name: next.reward.name, missing: next.missing };
      const facts = { ...(JSON.parse(delivery.facts) as NoticeFacts[EmailType]), balance: delivery.member.balance, nextReward: nextRewardFacts } as EmailFacts[EmailType];
      const unsubscribe = unsubscribeUrl(storefrontUrl, shopId, delivery.memberId, locale);
      const body = composeEmail(delivery.type, facts, { firstName: delivery.member.firstName, locale }, brand, unsubscribe, wordsFor(parseWords(template?.words), locale));
      const result = await send(server, key, {
        to: delivery.member.email!,
        subject: body.subject,
        text: plainText(body),
        html: emailHtml(body, brand),
        headers: {
          "List-Unsubscribe": `<${unsubscribe}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        // The same id on every attempt: a receiver that got an attempt whose answer was lost can tell.
        messageId: `<klub-email-${delivery.id}@${shop.domain}>`,
      });
      if (result.sent) {
        await db.emailDelivery.update({ where: { id: delivery.id }, data: { status: "sent", sentAt: now, note: result.answer.slice(0, 500), attempts: { increment: 1 } } });
        run.sent++;
        room--;
      } else {
        const attempts = delivery.attempts + 1;
        const gaveUp = attempts >= MAX_ATTEMPTS;
        await db.emailDelivery.update({
          where: { id: delivery.id },
          data: { attempts, note: result.answer.slice(0, 500), ...(gaveUp ? { status: "failed" } : { nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) }) },
        });
        logger.warn({ shop: shop.domain, delivery: delivery.id, answer: result.answer, gaveUp }, "email not sent");
        run.failed++;
      }
    }
  }
  return run;
}
