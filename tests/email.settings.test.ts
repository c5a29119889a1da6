// The owner's email settings on the Emails pages: which emails members get, their own words per
// language (seen in a test of the email, received by the sandbox's mail server), when reminders
// go and the daily cap, and the latest emails sent. Real requests through the route modules with
// session tokens, a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../app/i18n/i18n";
import { describeActivity } from "../app/loyalty/activity-changes";
import { NOTICE_TYPES, ON_BY_DEFAULT } from "../app/loyalty/notices";
import { SandboxMail } from "../sandbox/mail";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";

const { db } = useFreshAppDatabase();
const SHOP = "settings-owner.myshopify.com";
const mail = new SandboxMail();
let shopId = "";

const emailPage = () => import("../app/routes/app.email");
const typePage = () => import("../app/routes/app.email_.$type");
const load = async () => (await emailPage()).loader({ request: adminRequest("/app/email", SHOP), params: {}, context: {} });
const post = async (fields: Record<string, string>, locale = "en") => (await emailPage()).action({ request: adminRequest(`/app/email?locale=${locale}`, SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: {}, context: {} });
const loadType = async (type: string, locale = "en") => (await typePage()).loader({ request: adminRequest(`/app/email/${type}?locale=${locale}`, SHOP), params: { type }, context: {} });
const postType = async (type: string, fields: Record<string, string>, locale = "en") =>
  (await typePage()).action({ request: adminRequest(`/app/email/${type}?locale=${locale}`, SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: { type }, context: {} });

/** The type form as the page sends it: every field, Klub's words (blank) unless given. */
const typeForm = (fields: Record<string, string> = {}) => ({ intent: "save", enabled: "true", subjectEn: "", openingEn: "", subjectPl: "", openingPl: "", subjectRu: "", openingRu: "", ...fields });
const programSettings = () => db.programSettings.findUniqueOrThrow({ where: { shopId }, select: { emailReminderDays: true, emailDailyCap: true } });
const template = (type: string) => db.emailTemplate.findUnique({ where: { shopId_type: { shopId, type } } });

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { name: "Kawa & <Herbata>", storefrontUrl: "https://kawa.example" })).id;
  await storeOfflineSession(db, SHOP);
});
afterAll(() => mail.close());

describe("the emails members get", () => {
  it("lists every email with Klub's default while the owner has not chosen, even with email off", async () => {
    const loaded = await load();
    expect(loaded.configured).toBe(false);
    expect(loaded.types.map((t) => [t.type, t.enabled])).toEqual(NOTICE_TYPES.map((type) => [type, ON_BY_DEFAULT.includes(type)]));
    expect(loaded.types.find((t) => t.type === "pointsEarned")).toMatchObject({ enabled: false, onByDefault: false, needsConsent: false });
    expect(loaded.types.find((t) => t.type === "birthday")).toMatchObject({ enabled: true, onByDefault: true, needsConsent: true });

    const welcome = await loadType("welcome");
    expect(welcome).toMatchObject({ type: "welcome", configured: false });
    expect(welcome.values).toEqual({ enabled: true, subjectEn: "", openingEn: "", subjectPl: "", openingPl: "", subjectRu: "", openingRu: "" });
    // A preview in each language, Klub's words where the owner has none, the shop's name escaped.
    expect(welcome.preview.languages.pl.subject).toBe("Witamy w programie lojalnościowym Kawa & <Herbata>");
    expect(welcome.preview.languages.pl.html).toContain("Kawa &amp; &lt;Herbata&gt;");
    expect(welcome.preview.languages.ru.defaults.opening).toBe(translator("ru")("emails.welcome.opening"));
    expect(welcome.preview.languages.en.html).toMatch(/^<!doctype html><html lang="en">/);
  });

  it("answers 404 for an email Klub does not send", async () => {
    const refused = await loadType("newsletter").catch((response: unknown) => response);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
  });

  it("switches an email off and on, keeps the choice even where it is the default, and logs each change", async () => {
    expect(await template("welcome")).toBeNull();
    expect(await postType("welcome", typeForm({ enabled: "false" }))).toMatchObject({ ok: true, data: { saved: true } });
    expect(await template("welcome")).toMatchObject({ enabled: false, words: "{}" });
    expect((await load()).types.find((t) => t.type === "welcome")?.enabled).toBe(false);
    expect((await loadType("welcome")).values.enabled).toBe(false);

    expect(await postType("welcome", typeForm({ enabled: "true" }))).toMatchObject({ ok: true });
    expect(await template("welcome")).toMatchObject({ enabled: true });
    // Off by default, on by choice.
    expect(await postType("pointsEarned", typeForm({ enabled: "true" }))).toMatchObject({ ok: true });
    expect((await load()).types.filter((t) => t.enabled).map((t) => t.type)).toEqual([...NOTICE_TYPES]);

    const log = await db.activityLog.findMany({ where: { shopId, action: "emailTemplate.updated" }, orderBy: { id: "asc" } });
    expect(log.map((e) => [JSON.parse(e.before!), JSON.parse(e.after!)])).toEqual([
      [{ welcomeEnabled: true }, { welcomeEnabled: false }],
      [{ welcomeEnabled: false }, { welcomeEnabled: true }],
      [{ pointsEarnedEnabled: false }, { pointsEarnedEnabled: true }],
    ]);
    const names = { members: new Map(), rewards: new Map(), tiers: new Map() };
    expect(describeActivity("emailTemplate.updated", JSON.parse(log[0].before!), JSON.parse(log[0].after!), names).changes).toEqual([
      { label: { group: "email.types.welcome", key: "email.sendThis" }, before: { yes: true }, after: { yes: false } },
    ]);
    // Saving again what is saved logs nothing.
    expect(await postType("welcome", typeForm())).toMatchObject({ ok: true });
    expect(await db.activityLog.count({ where: { shopId, action: "emailTemplate.updated" } })).toBe(3);
  });

  it("keeps words per language (blank keeps Klub's), shows them in the preview and in a test received by the mail server", async () => {
    const port = await mail.listen(0);
    const server = { intent: "save", host: "127.0.0.1", port: String(port), security: "none", username: "", password: "", fromAddress: "rewards@kawa.example", fromName: "Kawa Rewards" };
    expect(await post(server)).toMatchObject({ ok: true });

    const words = typeForm({ subjectPl: "  Twoje punkty\n wkrótce znikną  ", openingPl: "Zajrzyj do nas, zanim przepadną.", openingRu: "Загляните к нам, пока они не сгорели." });
    expect(await postType("pointsExpiring", words)).toMatchObject({ ok: true });
    expect(JSON.parse((await template("pointsExpiring"))!.words)).toEqual({ pl: { subject: "Twoje punkty wkrótce znikną", opening: "Zajrzyj do nas, zanim przepadną." }, ru: { opening: "Загляните к нам, пока они не сгорели." } });

    const loaded = await loadType("pointsExpiring");
    expect(loaded.values).toMatchObject({ subjectPl: "Twoje punkty wkrótce znikną", openingRu: "Загляните к нам, пока они не сгорели.", subjectEn: "", subjectRu: "" });
    expect(loaded.preview.languages.pl.subject).toBe("Twoje punkty wkrótce znikną");
    expect(loaded.preview.languages.pl.html).toContain("Zajrzyj do nas, zanim przepadną.");
    expect(loaded.preview.languages.en.subject).toBe(loaded.preview.languages.en.defaults.subject);
    expect(loaded.preview.languages.en.subject).toMatch(/^Your points expire on /);

    const sent = await postType("pointsExpiring", { intent: "test", to: "owner@kawa.example", locale: "pl" });
    expect(sent).toMatchObject({ ok: true, data: { test: { to: "owner@kawa.example" } } });
    expect((sent as { data: { test: { answer: string } } }).data.test.answer).toMatch(/^250 /);
    const [polish] = mail.messages;
    expect(polish).toMatchObject({ from: "rewards@kawa.example", to: ["owner@kawa.example"], subject: "Twoje punkty wkrótce znikną" });
    expect(polish.text).toContain("Zajrzyj do nas, zanim przepadną.");
    expect(polish.html).toContain("Zajrzyj do nas, zanim przepadną.");

    // Russian: Klub's subject, the owner's opening line; English: all Klub's.
    expect(await postType("pointsExpiring", { intent: "test", to: "owner@kawa.example", locale: "ru" })).toMatchObject({ ok: true });
    expect(mail.messages[0].subject).toMatch(/^Ваши баллы сгорают /);
    expect(mail.messages[0].text).toContain("Загляните к нам, пока они не сгорели.");
    expect(await postType("pointsExpiring", { intent: "test", to: "owner@kawa.example", locale: "en" })).toMatchObject({ ok: true });
    expect(mail.messages[0].subject).toBe(loaded.preview.languages.en.subject);

    // Blank again: Klub's words again.
    expect(await postType("pointsExpiring", typeForm({ openingRu: "Загляните к нам, пока они не сгорели." }))).toMatchObject({ ok: true });
    expect(JSON.parse((await template("pointsExpiring"))!.words)).toEqual({ ru: { opening: "Загляните к нам, пока они не сгорели." } });
    const log = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "emailTemplate.updated" }, orderBy: { id: "desc" } });
    expect([JSON.parse(log.before!), JSON.parse(log.after!)]).toEqual([
      { pointsExpiringSubjectPl: "Twoje punkty wkrótce znikną", pointsExpiringOpeningPl: "Zajrzyj do nas, zanim przepadną." },
      { pointsExpiringSubjectPl: null, pointsExpiringOpeningPl: null },
    ]);
  });

  it("refuses words too long, saying which, and keeps what was saved", async () => {
    const before = await template("pointsExpiring");
    const refused = await postType("pointsExpiring", typeForm({ subjectRu: "С".repeat(201), openingEn: "x".repeat(1001) }));
    expect(refused).toMatchObject({ ok: false, errors: { subjectRu: "email.errors.subjectTooLong", openingEn: "email.errors.openingTooLong" } });
    expect(refused.sent).toContainEqual(["subjectRu", "С".repeat(201)]);
    expect(await template("pointsExpiring")).toEqual(before);
  });

  it("refuses a test to what is not an address, and sends nothing", async () => {
    const count = mail.messages.length;
    expect(await postType("welcome", { intent: "test", to: "owner", locale: "en" })).toMatchObject({ ok: false, errors: { to: "email.errors.address" } });
    expect(mail.messages).toHaveLength(count);
  });

  it("sends the mail server's test laid out as members' emails are, every value escaped", async () => {
    expect(await post({ intent: "test", to: "owner@kawa.example" }, "ru")).toMatchObject({ ok: true });
    const [test] = mail.messages;
    expect(test.subject).toBe("Тестовое письмо программы лояльности Kawa & <Herbata>");
    expect(test.text).toContain("Это тестовое письмо программы лояльности Kawa & <Herbata>.");
    expect(test.html).toMatch(/^<!doctype html><html lang="ru">/);
    expect(test.html).toContain("Kawa &amp; &lt;Herbata&gt;");
    expect(test.html).not.toContain("<Herbata>");
  });
});

describe("reminders and the daily cap", () => {
  it("refuses reminder days that are not whole days from 1 to 365, and a cap out of range, changing nothing", async () => {
    for (const reminderDays of ["", "0", "30, 400", "7.5", "thirty", "30,,7", "-7", "30 7"]) {
      const refused = await post({ intent: "program", reminderDays, dailyCap: "500" });
      expect(refused, reminderDays).toMatchObject({ ok: false, errors: { reminderDays: "email.errors.reminderDays" } });
      expect(refused.errors).not.toHaveProperty("dailyCap");
    }
    for (const dailyCap of ["0", "100001", "", "1e3", "12.5"]) {
      expect(await post({ intent: "program", reminderDays: "14", dailyCap }), dailyCap).toMatchObject({ ok: false, errors: { dailyCap: "email.errors.dailyCap" } });
    }
    expect(await programSettings()).toEqual({ emailReminderDays: "30,7", emailDailyCap: 1000 });
    expect(await db.activityLog.count({ where: { shopId, action: "settings.updated" } })).toBe(0);
  });

  it("stores the days largest first without repeats, and logs what changed", async () => {
    expect(await post({ intent: "program", reminderDays: " 7, 30,14 , 7", dailyCap: "250" })).toMatchObject({ ok: true, data: { programSaved: true } });
    expect(await programSettings()).toEqual({ emailReminderDays: "30,14,7", emailDailyCap: 250 });
    expect((await load()).program).toEqual({ reminderDays: "30, 14, 7", dailyCap: "250" });
    const log = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "settings.updated" } });
    expect([JSON.parse(log.before!), JSON.parse(log.after!)]).toEqual([
      { emailReminderDays: "30,7", emailDailyCap: 1000 },
      { emailReminderDays: "30,14,7", emailDailyCap: 250 },
    ]);
    // The cap alone: only the cap is logged.
    expect(await post({ intent: "program", reminderDays: "30, 14, 7", dailyCap: "300" })).toMatchObject({ ok: true });
    const last = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "settings.updated" }, orderBy: { id: "desc" } });
    expect([JSON.parse(last.before!), JSON.parse(last.after!)]).toEqual([{ emailDailyCap: 250 }, { emailDailyCap: 300 }]);
  });
});

describe("the latest emails", () => {
  it("lists the shop's last 50, newest first, with the member's address and how each went", async () => {
    const ola = await db.member.create({ data: { shopId, customerId: "501", email: "ola@example.com" } });
    const gone = await db.member.create({ data: { shopId, customerId: "502", email: null, redactedAt: new Date() } });
    const other = (await installTestShop(db, "another.myshopify.com")).id;
    const stranger = await db.member.create({ data: { shopId: other, customerId: "501", email: "stranger@example.com" } });
    const sentAt = new Date("2026-11-30T10:00:00Z");
    for (let i = 1; i <= 54; i++) {
      await db.emailDelivery.create({ data: { shopId, memberId: ola.id, type: "pointsEarned", eventKey: `order:${i}`, facts: "{}", status: "sent", sentAt, note: "250 2.0.0 Ok", attempts: 1 } });
    }
    await db.emailDelivery.create({ data: { shopId, memberId: gone.id, type: "welcome", eventKey: "welcome:502", facts: "{}", status: "failed", note: "550 5.1.1 <gone@example.com>: Recipient address rejected", attempts: 8 } });
    await db.emailDelivery.create({ data: { shopId, memberId: gone.id, type: "birthday", eventKey: "birthday:502", facts: "{}", status: "skipped", note: "redacted" } });
    await db.emailDelivery.create({ data: { shopId: other, memberId: stranger.id, type: "welcome", eventKey: "welcome:501", facts: "{}" } });

    const { deliveries } = await load();
    expect(deliveries).toHaveLength(50);
    expect(deliveries[0]).toMatchObject({ type: "birthday", email: null, status: "skipped", note: "redacted", sentAt: null });
    // A server's answer about a redacted member may name them: not shown.
    expect(deliveries[1]).toMatchObject({ type: "welcome", email: null, status: "failed", note: null });
    expect(deliveries[2]).toMatchObject({ type: "pointsEarned", email: "ola@example.com", status: "sent", note: "250 2.0.0 Ok", sentAt: sentAt.toISOString() });
    expect(deliveries.map((d) => d.id)).toEqual([...deliveries.map((d) => d.id)].sort((a, b) => b - a));
    expect(deliveries.some((d) => d.email === "stranger@example.com")).toBe(false);
  });
});
