// What the owner decides about the program's emails: which types go out (a type without a row
// keeps Klub's default), their own subject and opening line per language (blank keeps Klub's),
// the days before expiry that reminders go, and the daily cap; and what was sent lately. Changes are
// logged (activity-changes.ts words them). Also the emails the owner sends themselves as tests:
// laid out as members' are, with sample facts.
import type { PrismaClient, ProgramSettings, Shop } from "@prisma/client";
import { z } from "zod";
import { LOCALES, translator, type Locale } from "../i18n/i18n";
import { logActivity } from "../loyalty/activity.server";
import { NEEDS_CONSENT, NOTICE_TYPES, ON_BY_DEFAULT, reminderDays, type NoticeType } from "../loyalty/notices";
import { inTransaction } from "../loyalty/transactions.server";
import { parseWords, wordsFor, wordsSchema, type TemplateWords } from "./email-words";
import { emailHtml } from "./layout";
import { mailServerOf, sendEmail, type Email, type SendResult } from "./mail-server.server";
import { composeEmail, plainText, type Brand, type EmailBody, type EmailFacts, type OwnWords } from "./messages";
import { brandOf } from "./brand";

/** The languages an owner writes their words in, as form fields spell them (subjectEn, openingPl). */
const WORD_LANGUAGES = LOCALES.map((l) => [l, `${l[0].toUpperCase()}${l.slice(1)}` as Capitalize<Locale>] as const);

export interface EmailTypeSetting {
  type: NoticeType;
  enabled: boolean;
  onByDefault: boolean;
  /** Marketing: sent only to customers who accept email marketing. */
  needsConsent: boolean;
  words: TemplateWords;
}

function settingOf(type: NoticeType, row: { enabled: boolean; words: string } | undefined): EmailTypeSetting {
  const onByDefault = ON_BY_DEFAULT.includes(type);
  return { type, enabled: row ? row.enabled : onByDefault, onByDefault, needsConsent: NEEDS_CONSENT.includes(type), words: parseWords(row?.words) };
}

/** Every type, in NOTICE_TYPES' order, as the shop has it. */
export async function listEmailTypes(db: PrismaClient, shopId: string): Promise<EmailTypeSetting[]> {
  const rows = await db.emailTemplate.findMany({ where: { shopId } });
  return NOTICE_TYPES.map((type) => settingOf(type, rows.find((r) => r.type === type)));
}

export async function emailTypeSetting(db: PrismaClient, shopId: string, type: NoticeType): Promise<EmailTypeSetting> {
  return settingOf(type, (await db.emailTemplate.findUnique({ where: { shopId_type: { shopId, type } } })) ?? undefined);
}

// --- A type: on or off, and the owner's words --------------------------------------------------

const subject = z
  .string()
  .trim()
  .max(200, { error: "email.errors.subjectTooLong" })
  .transform((s) => s.replace(/\s+/g, " ")); // one header line
const opening = z.string().trim().max(1000, { error: "email.errors.openingTooLong" });
const typeSchema = z.object({
  enabled: z.enum(["true", "false"], { error: "email.errors.choose" }).optional(),
  subjectEn: subject.optional(),
  openingEn: opening.optional(),
  subjectPl: subject.optional(),
  openingPl: opening.optional(),
  subjectRu: subject.optional(),
  openingRu: opening.optional(),
});

type WordField = `${"subject" | "opening"}${(typeof WORD_LANGUAGES)[number][1]}`;
export type EmailTypeField = "enabled" | WordField;
export type EmailTypeErrors = Partial<Record<EmailTypeField, string>>;
/** What the form sent; a field it did not send keeps what is saved. */
export type EmailTypeInput = { enabled?: boolean } & Partial<Record<WordField, string>>;

export function parseEmailType(form: Record<string, unknown>): { data: EmailTypeInput } | { errors: EmailTypeErrors } {
  const parsed = typeSchema.safeParse(form);
  if (parsed.success) {
    const { enabled, ...words } = parsed.data;
    return { data: { ...words, ...(enabled ? { enabled: enabled === "true" } : {}) } };
  }
  const errors: EmailTypeErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as EmailTypeField] ??= issue.message;
  return { errors };
}

/** The form's fields for a type: whether it is sent, and each language's words ("" = Klub's). */
export function emailTypeForm(setting: EmailTypeSetting): Record<EmailTypeField, string | boolean> {
  const values: Record<string, string | boolean> = { enabled: setting.enabled };
  for (const [locale, L] of WORD_LANGUAGES) {
    values[`subject${L}`] = setting.words[locale]?.subject ?? "";
    values[`opening${L}`] = setting.words[locale]?.opening ?? "";
  }
  return values as Record<EmailTypeField, string | boolean>;
}

/** The log's view of a type: each field under the type's name, so that an entry says which email changed. */
function logged(type: NoticeType, setting: Pick<EmailTypeSetting, "enabled" | "words">) {
  const row: Record<string, string | boolean | null> = { [`${type}Enabled`]: setting.enabled };
  for (const [locale, L] of WORD_LANGUAGES) {
    row[`${type}Subject${L}`] = setting.words[locale]?.subject ?? null;
    row[`${type}Opening${L}`] = setting.words[locale]?.opening ?? null;
  }
  return row;
}

/** Saves a type whole (a row from now on, even where it matches the default); logs what changed. */
export async function saveEmailType(db: PrismaClient, shopId: string, type: NoticeType, input: EmailTypeInput, actor: string): Promise<EmailTypeSetting> {
  return inTransaction(db, async (tx) => {
    const row = await tx.emailTemplate.findUnique({ where: { shopId_type: { shopId, type } } });
    const before = settingOf(type, row ?? undefined);
    const words: TemplateWords = {};
    for (const [locale, L] of WORD_LANGUAGES) {
      const own: OwnWords = {};
      const s = input[`subject${L}`] ?? before.words[locale]?.subject ?? "";
      const o = input[`opening${L}`] ?? before.words[locale]?.opening ?? "";
      if (s) own.subject = s;
      if (o) own.opening = o;
      if (own.subject || own.opening) words[locale] = own;
    }
    const enabled = input.enabled ?? before.enabled;
    const fields = { enabled, words: JSON.stringify(wordsSchema.parse(words)) };
    await tx.emailTemplate.upsert({ where: { shopId_type: { shopId, type } }, create: { shopId, type, ...fields }, update: fields });
    const after = { ...before, enabled, words };
    const [was, now] = [logged(type, before), logged(type, after)];
    const changed = Object.keys(now).filter((k) => was[k] !== now[k]);
    if (changed.length) {
      await logActivity(tx, { shopId, actor, action: "emailTemplate.updated", before: Object.fromEntries(changed.map((k) => [k, was[k]])), after: Object.fromEntries(changed.map((k) => [k, now[k]])) });
    }
    return after;
  });
}

// --- Reminders and the daily cap (ProgramSettings) ---------------------------------------------

export interface EmailProgramInput {
  /** Largest first, no repeats. */
  reminderDays: number[];
  dailyCap: number;
}
export type EmailProgramErrors = Partial<Record<"reminderDays" | "dailyCap", string>>;

const daysSchema = z
  .string({ error: "email.errors.reminderDays" })
  .trim()
  .refine((s) => /^\d{1,3}(\s*,\s*\d{1,3})*$/.test(s), { error: "email.errors.reminderDays" })
  .transform((s) => s.split(",").map((d) => Number(d.trim())))
  .refine((days) => days.every((d) => d >= 1 && d <= 365), { error: "email.errors.reminderDays" })
  .transform((days) => [...new Set(days)].sort((a, b) => b - a));
const capSchema = z
  .string({ error: "email.errors.dailyCap" })
  .trim()
  .regex(/^\d{1,6}$/, { error: "email.errors.dailyCap" })
  .transform(Number)
  .refine((n) => n >= 1 && n <= 100_000, { error: "email.errors.dailyCap" });
const programSchema = z.object({ reminderDays: daysSchema, dailyCap: capSchema });

export function parseEmailProgram(form: Record<string, unknown>): { data: EmailProgramInput } | { errors: EmailProgramErrors } {
  const parsed = programSchema.safeParse(form);
  if (parsed.success) return { data: parsed.data };
  const errors: EmailProgramErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as keyof EmailProgramErrors] ??= issue.message;
  return { errors };
}

/** As the form shows them: "30, 7" and "1000". */
export function emailProgramForm(settings: Pick<ProgramSettings, "emailReminderDays" | "emailDailyCap">) {
  return { reminderDays: reminderDays(settings.emailReminderDays).join(", "), dailyCap: String(settings.emailDailyCap) };
}

/** Saves both in ProgramSettings, logged as a settings change (only what changed). */
export async function saveEmailProgram(db: PrismaClient, shopId: string, input: EmailProgramInput, actor: string) {
  return inTransaction(db, async (tx) => {
    const settings = await tx.programSettings.findUniqueOrThrow({ where: { shopId } });
    const was = { emailReminderDays: settings.emailReminderDays, emailDailyCap: settings.emailDailyCap };
    const now = { emailReminderDays: input.reminderDays.join(","), emailDailyCap: input.dailyCap };
    const changed = (Object.keys(now) as (keyof typeof now)[]).filter((k) => was[k] !== now[k]);
    if (!changed.length) return;
    await tx.programSettings.update({ where: { shopId }, data: now });
    await logActivity(tx, { shopId, actor, action: "settings.updated", before: Object.fromEntries(changed.map((k) => [k, was[k]])), after: Object.fromEntries(changed.map((k) => [k, now[k]])) });
  });
}

// --- What was sent -----------------------------------------------------------------------------

export const RECENT_DELIVERIES = 50;

/**
 * The shop's latest emails, newest first: to whom, what, and how it went. A server's answer may
 * name the address it refused: a redacted member's shows only Klub's own reasons (skipped).
 */
export async function recentDeliveries(db: PrismaClient, shopId: string) {
  const rows = await db.emailDelivery.findMany({ where: { shopId }, orderBy: { id: "desc" }, take: RECENT_DELIVERIES, include: { member: { select: { email: true, redactedAt: true } } } });
  return rows.map((d) => ({
    id: d.id,
    type: d.type,
    email: d.member.email,
    status: d.status,
    note: d.member.redactedAt && d.status !== "skipped" ? null : d.note,
    attempts: d.attempts,
    sentAt: d.sentAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}

// --- The owner's test emails ---------------------------------------------------------------------

/**
 * Where a sample's unsubscribe link leads: the storefront's unsubscribe page, without a member
 * (a test unsubscribes no one).
 */
export const sampleUnsubscribeUrl = (storefrontUrl: string) => new URL("/apps/klub/unsubscribe", storefrontUrl).toString();

const DAY_MS = 86_400_000;

/**
 * What a type's preview and test tell, in one language: the shop's own reward, tier and bonuses
 * where it has them, else plausible ones.
 */
export async function sampleFacts(db: PrismaClient, shopId: string, type: NoticeType, locale: Locale, now = new Date()): Promise<{ facts: EmailFacts[NoticeType]; firstName: string }> {
  const t = translator(locale);
  const settings = await db.programSettings.findUnique({ where: { shopId } });
  const days = reminderDays(settings?.emailReminderDays ?? "30,7")[0] ?? 30;
  const at = (d: number) => new Date(now.getTime() + d * DAY_MS).toISOString();
  const facts = async (): Promise<EmailFacts[NoticeType]> => {
    switch (type) {
      case "welcome":
        return { balance: settings?.signupBonus || 100 };
      case "rewardRedeemed": {
        const reward = await db.reward.findFirst({ where: { shopId, deletedAt: null, active: true }, orderBy: { pointsCost: "asc" } });
        return { reward: reward?.name ?? t("email.sample.reward"), code: "KLUB-7Q2M-X4PA", points: reward?.pointsCost ?? 500, expiresAt: at(30), balance: 250 };
      }
      case "tierReached": {
        const tier = await db.tier.findFirst({ where: { shopId }, orderBy: { threshold: "desc" } });
        return { tier: tier?.name ?? t("email.sample.tier"), multiplierPercent: tier?.multiplierPercent ?? 150, balance: 1200 };
      }
      case "pointsExpiring":
        return { points: 120, expiresAt: at(days), days, balance: 340 };
      case "birthday":
        return { points: settings?.birthdayBonus || 100, balance: 440 };
      case "referralSucceeded":
        return { points: settings?.referrerBonus || 200, balance: 540 };
      case "pointsEarned":
        return { points: 45, order: "#1001", balance: 385 };
      case "pointsReminder":
        return { balance: 640 };
    }
  };
  return { facts: await facts(), firstName: t("email.sample.firstName") };
}

/** A type's email with sample facts, in one language, with the owner's words for it (or none). */
export function sampleEmail(type: NoticeType, sample: { facts: EmailFacts[NoticeType]; firstName: string }, locale: Locale, brand: Brand, unsubscribeUrl: string, own: OwnWords = {}): EmailBody {
  return composeEmail(type, sample.facts, { firstName: sample.firstName, locale }, brand, unsubscribeUrl, own);
}

/** An email as it leaves: subject, text and HTML of one body. */
export function emailOf(to: string, body: EmailBody, brand: Brand): Email {
  return { to, subject: body.subject, text: plainText(body), html: emailHtml(body, brand) };
}

/** The mail server test: a short note in the owner's language, laid out as members' emails are. */
export function serverTestEmail(to: string, locale: Locale, brand: Brand, storefrontUrl: string): Email {
  const t = translator(locale);
  const shop = brand.shopName;
  const body: EmailBody = {
    locale,
    subject: t("email.testSubject", { shop }),
    heading: t("email.testHeading"),
    paragraphs: [t("email.testText", { shop })],
    code: null,
    action: { label: t("email.testAction"), url: brand.loyaltyUrl },
    footer: t("email.testFooter", { shop }),
    unsubscribe: { label: t("emails.unsubscribe"), url: sampleUnsubscribeUrl(storefrontUrl) },
  };
  return emailOf(to, body, brand);
}

/** A type as the preview shows it, per language: its sample, and the email with the saved words and with none (Klub's). */
export async function previewEmailType(db: PrismaClient, shop: Shop, setting: EmailTypeSetting, now = new Date()) {
  const { brand, storefrontUrl } = brandOf(shop, await db.programSettings.findUnique({ where: { shopId: shop.id } }));
  const unsubscribeUrl = sampleUnsubscribeUrl(storefrontUrl);
  const languages = await Promise.all(
    WORD_LANGUAGES.map(async ([locale]) => {
      const sample = await sampleFacts(db, shop.id, setting.type, locale, now);
      const saved = sampleEmail(setting.type, sample, locale, brand, unsubscribeUrl, wordsFor(setting.words, locale));
      const klubs = sampleEmail(setting.type, sample, locale, brand, unsubscribeUrl);
      return [locale, { sample, subject: saved.subject, html: emailHtml(saved, brand), defaults: { subject: klubs.subject, opening: klubs.paragraphs[0] } }] as const;
    }),
  );
  return { brand, unsubscribeUrl, languages: Object.fromEntries(languages) as Record<Locale, (typeof languages)[number][1]> };
}

/** A type's test: sample facts and the saved words, in one language. */
export async function typeTestEmail(db: PrismaClient, shop: Shop, type: NoticeType, locale: Locale, to: string, now = new Date()): Promise<Email> {
  const [setting, settings] = await Promise.all([emailTypeSetting(db, shop.id, type), db.programSettings.findUnique({ where: { shopId: shop.id } })]);
  const { brand, storefrontUrl } = brandOf(shop, settings);
  const body = sampleEmail(type, await sampleFacts(db, shop.id, type, locale, now), locale, brand, sampleUnsubscribeUrl(storefrontUrl), wordsFor(setting.words, locale));
  return emailOf(to, body, brand);
}

/** The mail server test, for a shop. */
export async function shopTestEmail(db: PrismaClient, shop: Shop, locale: Locale, to: string): Promise<Email> {
  const { brand, storefrontUrl } = brandOf(shop, await db.programSettings.findUnique({ where: { shopId: shop.id } }));
  return serverTestEmail(to, locale, brand, storefrontUrl);
}

/**
 * Sends a test the owner asked for: to an address (checked here), through the shop's server.
 * Refused before sending when the address is not one, there is no key or no server.
 */
export async function sendTestEmail(db: PrismaClient, shopId: string, key: Buffer | null, to: string, make: (to: string) => Promise<Email>): Promise<{ refused: { to?: string; form?: string } } | { to: string; result: SendResult }> {
  if (!key) return { refused: { form: "email.noSecretsKey" } };
  const address = to.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) return { refused: { to: "email.errors.address" } };
  const server = await mailServerOf(db, shopId);
  if (!server) return { refused: { form: "email.off" } };
  return { to: address, result: await sendEmail(server, key, await make(address)) };
}
