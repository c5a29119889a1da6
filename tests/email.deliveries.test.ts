// The program's emails from event to inbox: order webhooks through the real route modules (signed,
// duplicated, reordered), the email outbox written in the event's transaction and sent after it
// through the sandbox's SMTP server (what the shop's would be), read back as a member gets them.
// Consent, one-click unsubscribe through a signed app proxy request, retries, the daily cap, and
// the scheduled keeping's catch-up after days of downtime.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, sendDueEmails } from "../app/email/deliveries.server";
import { saveMailServer } from "../app/email/mail-server.server";
import { secretsKey } from "../app/env.server";
import { credit } from "../app/loyalty/ledger.server";
import { confirmRedemption, reserveRedemption } from "../app/loyalty/redeem.server";
import { runScheduledWork } from "../app/loyalty/scheduled.server";
import { SandboxMail, type ReceivedMail } from "../sandbox/mail";
import { useFreshAppDatabase } from "./support/app";
import { proxyRequest } from "./support/proxy";
import { installTestShop } from "./support/shop";
import { deliver, fixture, type Payload } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "klub-demo.myshopify.com";
const key = secretsKey()!;
const mail = new SandboxMail();
let shopId = "";
let mailPort = 0;
let orderSeq = 7000;
let customerSeq = 9100;

function order(customer: Payload, overrides: Payload = {}): Payload {
  const paid = fixture("orders-paid");
  return { ...paid, id: ++orderSeq, name: `#${orderSeq}`, customer: { ...paid.customer, ...customer }, ...overrides };
}
const newCustomer = (overrides: Payload = {}) => {
  const id = ++customerSeq;
  return { id, email: `member${id}@example.com`, first_name: `Member${id}`, ...overrides };
};
const to = (address: string) => mail.messages.filter((m) => m.to.includes(address));
const header = (message: ReceivedMail, name: string) => message.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
const memberOf = (customerId: number) => db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: String(customerId) } } });
const switchOn = (type: string, enabled = true) => db.emailTemplate.upsert({ where: { shopId_type: { shopId, type } }, update: { enabled }, create: { shopId, type, enabled } });

async function useServer(port: number) {
  await saveMailServer(db, shopId, { host: "127.0.0.1", port, security: "none", username: "", password: "", fromAddress: "rewards@klub-demo.example", fromName: "Klub Demo" }, key, "test");
}

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { name: "Kawa & Herbata", storefrontUrl: "https://kawa.example" })).id;
  mailPort = await mail.listen(0);
  await useServer(mailPort);
});
afterAll(() => mail.close());

describe("emails from events", () => {
  it("says nothing while the shop has no mail server: nothing is queued", async () => {
    await db.mailServer.delete({ where: { shopId } });
    const customer = newCustomer();
    await deliver("orders/paid", order(customer));
    expect(await db.emailDelivery.count({ where: { member: { customerId: String(customer.id) } } })).toBe(0);
    await useServer(mailPort);
  });

  it("welcomes a member who joins with an order, in the order's language, once under duplicate and reordered deliveries", async () => {
    await switchOn("pointsEarned");
    const customer = newCustomer({ first_name: "Ola" });
    const paid = order(customer);
    // Fulfilled first, then paid twice (a retry) and from a second subscription: one member, one welcome, one points email.
    await deliver("orders/fulfilled", { ...paid, fulfillment_status: "fulfilled" });
    await deliver("orders/paid", paid, { webhookId: "paid-1" });
    await deliver("orders/paid", paid, { webhookId: "paid-1" });
    await deliver("orders/paid", paid, { webhookId: "paid-2" });
    expect(await sendDueEmails(db, key)).toMatchObject({ sent: 2, failed: 0 });
    expect(await sendDueEmails(db, key)).toMatchObject({ sent: 0 });

    const received = to(customer.email);
    expect(received.map((m) => m.subject).sort()).toEqual(["Otrzymujesz 121 punktów", "Witamy w programie lojalnościowym Kawa & Herbata"]);
    const earned = received.find((m) => m.subject.startsWith("Otrzymujesz"))!;
    expect(earned.text).toContain(`Zamówienie #${orderSeq}: 121 punktów.`);
    expect(earned.text).toContain("Twoje saldo: 121 punktów.");
    expect(earned.from).toBe("rewards@klub-demo.example");
    // The button leads to the shop's loyalty page; the HTML says the same words.
    expect(earned.text).toContain("https://kawa.example/apps/klub");
    expect(earned.html).toContain("Twoje saldo: 121 punktów.");
    // One-click unsubscribe (RFC 8058), to this member's signed link through the app proxy.
    expect(header(earned, "List-Unsubscribe")).toMatch(/^<https:\/\/kawa\.example\/apps\/klub\/unsubscribe\?t=[\w-]+\.[\w-]+&locale=pl>$/);
    expect(header(earned, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    await switchOn("pointsEarned", false);
  });

  it("speaks the shop's language to a member whose orders say none", async () => {
    const customer = newCustomer({ first_name: "Sam" });
    await deliver("orders/paid", order(customer, { customer_locale: null }));
    await sendDueEmails(db, key);
    expect(to(customer.email).map((m) => m.subject)).toEqual(["Welcome to Kawa & Herbata's loyalty program"]);
  });

  it("sends a reward's code, and tells a member who reaches a tier once, however often they climb to it", async () => {
    const gold = await db.tier.create({ data: { shopId, name: "Gold", threshold: 200, multiplierPercent: 150 } });
    const customer = newCustomer({ first_name: "Ira" });
    await deliver("orders/paid", order(customer, { customer_locale: "ru" })); // 121 points
    const member = await memberOf(customer.id);
    await credit(db, { shopId, memberId: member.id, kind: "earn", key: `gold-${member.id}`, points: 100, reason: { code: "signup" } });
    await sendDueEmails(db, key);
    const tier = to(customer.email).find((m) => m.subject.includes("Gold"));
    expect(tier?.subject).toBe("Ваш новый уровень: Gold");
    expect(tier?.text).toContain("Теперь ваш уровень — Gold.");
    const before = to(customer.email).length;
    // Down (a refund of the adjustment) and up again: no second email for Gold.
    await db.$transaction(async (tx) => {
      await tx.member.update({ where: { id: member.id }, data: { tierId: null } });
    });
    await credit(db, { shopId, memberId: member.id, kind: "earn", key: `gold-again-${member.id}`, points: 1, reason: { code: "signup" } });
    await sendDueEmails(db, key);
    expect(to(customer.email).length).toBe(before);
    await db.tier.delete({ where: { id: gold.id } });

    // A reward redeemed: its code once Shopify made it, valid until its date, the balance after.
    const reward = await db.reward.create({ data: { shopId, name: "Скидка 10 $", type: "fixed_amount", pointsCost: 200, valueMinor: 1000 } });
    const { redemption } = await reserveRedemption(db, { shopId, customerId: String(customer.id), rewardId: reward.id, requestId: `redeem-${customer.id}` });
    await confirmRedemption(db, redemption.id, { code: "KLUB-7QX2-M4PA", discountNodeId: null, expiresAt: new Date("2027-01-31T00:00:00Z") });
    await confirmRedemption(db, redemption.id, { code: "KLUB-7QX2-M4PA", discountNodeId: null, expiresAt: new Date("2027-01-31T00:00:00Z") });
    await sendDueEmails(db, key);
    const codes = to(customer.email).filter((m) => m.text.includes("KLUB-7QX2-M4PA"));
    expect(codes).toHaveLength(1);
    // Then what the points lead to next: the one reward, 178 points away.
    expect(codes[0].text).toContain("Скидка 10 $ за 200 баллов.\n\nВаш баланс: 22 балла.\n\nВаша следующая награда: Скидка 10 $, осталось 178 баллов\n\nВаш код: KLUB-7QX2-M4PA\n\nДействует до 31 янв. 2027 г.");
  });
});

describe("consent and unsubscribe", () => {
  it("keeps the language and marketing consent the member's latest order gives", async () => {
    const customer = newCustomer({ email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: null } });
    await deliver("orders/paid", order(customer, { customer_locale: "pl" }));
    expect(await memberOf(customer.id)).toMatchObject({ locale: "pl", emailConsent: "subscribed" });
    const unsubscribed = { ...customer, email_marketing_consent: { state: "unsubscribed", opt_in_level: null, consent_updated_at: null } };
    await deliver("orders/paid", order(unsubscribed, { customer_locale: "pl" }));
    expect(await memberOf(customer.id)).toMatchObject({ locale: "pl", emailConsent: "unsubscribed" });
    await deliver("orders/paid", order(unsubscribed, { customer_locale: "ru" }));
    expect(await memberOf(customer.id)).toMatchObject({ locale: "ru", emailConsent: "unsubscribed" });
    await sendDueEmails(db, key);
  });

  it("sends birthday emails only to members who consented to email marketing", async () => {
    await db.programSettings.update({ where: { shopId }, data: { birthdayBonus: 50 } });
    const today = new Date();
    const birthday = `--${String(today.getUTCMonth() + 1).padStart(2, "0")}-${String(today.getUTCDate()).padStart(2, "0")}`;
    const consenting = newCustomer({ email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: null } });
    const silent = newCustomer({ email_marketing_consent: { state: "not_subscribed", opt_in_level: null, consent_updated_at: null } });
    for (const c of [consenting, silent]) {
      await deliver("orders/paid", order(c, { customer_locale: "en" }));
      await db.member.update({ where: { id: (await memberOf(c.id)).id }, data: { birthday } });
    }
    await db.dailyRun.deleteMany();
    await runScheduledWork(db, today);
    await sendDueEmails(db, key);
    expect(to(consenting.email).map((m) => m.subject)).toContain("Happy birthday from Kawa & Herbata");
    expect(to(silent.email).map((m) => m.subject)).not.toContain("Happy birthday from Kawa & Herbata");
    const skipped = await db.emailDelivery.findFirstOrThrow({ where: { type: "birthday", member: { customerId: String(silent.id) } } });
    expect(skipped).toMatchObject({ status: "skipped", note: "noConsent" });
    // Both got their points: consent is about email, not about the program.
    expect((await memberOf(silent.id)).balance).toBe(121 + 50);
    await db.programSettings.update({ where: { shopId }, data: { birthdayBonus: 0 } });
  });

  it("unsubscribes with one POST to the signed link, in the member's language, and sends them nothing more", async () => {
    await switchOn("pointsEarned");
    const customer = newCustomer();
    await deliver("orders/paid", order(customer));
    await sendDueEmails(db, key);
    const link = new URL(header(to(customer.email)[0], "List-Unsubscribe")!.slice(1, -1));
    const { loader, action } = await import("../app/routes/proxy.unsubscribe");
    const query = Object.fromEntries(link.searchParams);
    // Opening the link only asks (a mail scanner's GET unsubscribes no one).
    const asked = await loader({ request: proxyRequest("/unsubscribe", { shop: SHOP, query }), params: {}, context: {} });
    expect(await asked.text()).toContain("Przestać wysyłać na adres");
    expect((await memberOf(customer.id)).emailUnsubscribedAt).toBeNull();
    // The mail client's one-click POST (no login: the signed token names the member).
    const done = await action({ request: proxyRequest("/unsubscribe", { shop: SHOP, query, method: "POST", body: "List-Unsubscribe=One-Click" }), params: {}, context: {} });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Wypisano Cię: program lojalnościowy Kawa &amp; Herbata nie będzie już wysyłać Ci e-maili.");
    expect((await memberOf(customer.id)).emailUnsubscribedAt).not.toBeNull();

    const sentBefore = to(customer.email).length;
    await deliver("orders/paid", order(customer));
    expect(await sendDueEmails(db, key)).toMatchObject({ sent: 0, skipped: 1 });
    expect(to(customer.email).length).toBe(sentBefore);
    await switchOn("pointsEarned", false);
  });

  it("refuses a token that is not Klub's or is another shop's, and changes nothing", async () => {
    const { action } = await import("../app/routes/proxy.unsubscribe");
    const member = await db.member.findFirstOrThrow({ where: { shopId, emailUnsubscribedAt: null } });
    const forged = await action({ request: proxyRequest("/unsubscribe", { shop: SHOP, query: { t: `${member.id}.forged-signature` }, method: "POST" }), params: {}, context: {} });
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain("This unsubscribe link is not valid.");
    const other = await installTestShop(db, "other-shop.myshopify.com");
    const { unsubscribeToken } = await import("../app/email/unsubscribe.server");
    const crossShop = await action({ request: proxyRequest("/unsubscribe", { shop: "other-shop.myshopify.com", query: { t: unsubscribeToken(shopId, member.id) }, method: "POST" }), params: {}, context: {} });
    expect(crossShop.status).toBe(404);
    expect(other.id).not.toBe(shopId);
    expect(await db.member.count({ where: { emailUnsubscribedAt: { not: null } } })).toBe(1);
    // An unsigned request never reaches the token.
    const unsigned = await action({ request: new Request(`http://localhost:3000/proxy/unsubscribe?shop=${SHOP}&t=${unsubscribeToken(shopId, member.id)}`, { method: "POST" }), params: {}, context: {} }).catch((e: unknown) => e as Response);
    expect(unsigned.status).toBe(401);
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).emailUnsubscribedAt).toBeNull();
  });
});

describe("redaction", () => {
  it("sends a redacted customer nothing more and keeps no server answer that may name them", async () => {
    const customer = newCustomer();
    await deliver("orders/paid", order(customer));
    await sendDueEmails(db, key); // the welcome: sent, with the server's answer
    const member = await memberOf(customer.id);
    await db.emailDelivery.create({ data: { shopId, memberId: member.id, type: "pointsReminder", eventKey: `flow:redact-${member.id}`, facts: "{}" } });
    const redact = { ...fixture("customers-redact"), customer: { id: customer.id, email: customer.email, phone: null }, orders_to_redact: [] };
    expect((await deliver("customers/redact", redact)).status).toBe(200);
    const deliveries = await db.emailDelivery.findMany({ where: { memberId: member.id }, orderBy: { id: "asc" } });
    expect(deliveries.map((d) => [d.type, d.status, d.note])).toEqual([
      ["welcome", "sent", null],
      ["pointsReminder", "skipped", "redacted"],
    ]);
    expect(await sendDueEmails(db, key)).toMatchObject({ sent: 0 });
  });
});

describe("sending", () => {
  // Each test counts its own emails: what earlier tests left waiting is set aside.
  beforeEach(() => db.emailDelivery.updateMany({ where: { status: "pending" }, data: { status: "skipped" } }));

  it("retries a refused email with growing waits, sends it once when the server takes it, and gives up at the limit", async () => {
    let refuse = true;
    const flaky = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onRcptTo: (_address, _session, done) => (refuse ? done(Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 })) : done()),
      onData: (stream, _session, done) => {
        stream.resume();
        stream.on("end", () => done());
      },
    });
    await new Promise<void>((listening) => flaky.listen(0, "127.0.0.1", listening));
    try {
      await useServer((flaky.server.address() as AddressInfo).port);
      const customer = newCustomer();
      await deliver("orders/paid", order(customer));
      const t0 = new Date();
      expect(await sendDueEmails(db, key, t0)).toMatchObject({ sent: 0, failed: 1 });
      const waiting = await db.emailDelivery.findFirstOrThrow({ where: { member: { customerId: String(customer.id) } } });
      expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
      expect(waiting.note).toContain("451");
      const firstWait = waiting.nextAttemptAt.getTime() - t0.getTime();
      expect(firstWait).toBeGreaterThan(0);
      // Not before its time.
      expect(await sendDueEmails(db, key, new Date(t0.getTime() + firstWait - 1))).toMatchObject({ sent: 0, failed: 0 });
      const t1 = new Date(waiting.nextAttemptAt);
      expect(await sendDueEmails(db, key, t1)).toMatchObject({ failed: 1 });
      const again = await db.emailDelivery.findUniqueOrThrow({ where: { id: waiting.id } });
      expect(again.nextAttemptAt.getTime() - t1.getTime()).toBeGreaterThan(firstWait);
      refuse = false;
      expect(await sendDueEmails(db, key, again.nextAttemptAt)).toMatchObject({ sent: 1 });
      expect(await sendDueEmails(db, key, new Date(again.nextAttemptAt.getTime() + 86_400_000))).toMatchObject({ sent: 0 });
      expect(await db.emailDelivery.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: "sent", attempts: 3 });

      // A server that never takes it: failed for good after MAX_ATTEMPTS, with the last answer.
      refuse = true;
      const other = newCustomer();
      await deliver("orders/paid", order(other));
      let at = new Date();
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        await sendDueEmails(db, key, at);
        at = new Date((await db.emailDelivery.findFirstOrThrow({ where: { member: { customerId: String(other.id) } } })).nextAttemptAt.getTime() + 1);
      }
      expect(await db.emailDelivery.findFirstOrThrow({ where: { member: { customerId: String(other.id) } } })).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    } finally {
      await useServer(mailPort);
      await new Promise<void>((closed) => flaky.close(closed));
    }
  });

  it("sends at most the shop's daily cap a day; the rest goes the next day", async () => {
    const now = new Date("2027-03-10T12:00:00Z");
    await db.programSettings.update({ where: { shopId }, data: { emailDailyCap: 1 } });
    const [a, b] = [newCustomer(), newCustomer()];
    await deliver("orders/paid", order(a));
    await deliver("orders/paid", order(b));
    await db.emailDelivery.updateMany({ where: { status: "pending" }, data: { nextAttemptAt: now } });
    expect(await sendDueEmails(db, key, now)).toMatchObject({ sent: 1, deferred: 1 });
    expect(await sendDueEmails(db, key, new Date("2027-03-10T23:59:00Z"))).toMatchObject({ sent: 0 });
    expect(await sendDueEmails(db, key, new Date("2027-03-11T00:00:00Z"))).toMatchObject({ sent: 1, deferred: 0 });
    expect(to(a.email).length + to(b.email).length).toBe(2);
    await db.programSettings.update({ where: { shopId }, data: { emailDailyCap: 1000 } });
  });
});

describe("scheduled keeping after downtime", () => {
  it("credits the birthdays of the days it missed once, and reminds of expiring points at the most urgent threshold only", async () => {
    await db.programSettings.update({ where: { shopId }, data: { birthdayBonus: 20, expiryMode: "lot", expiryMonths: 12 } });
    const consent = { email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: null } };
    const customer = newCustomer(consent);
    await deliver("orders/paid", order(customer, { customer_locale: "en" }));
    const member = await memberOf(customer.id);
    await db.member.update({ where: { id: member.id }, data: { birthday: "1990-06-02" } });
    // Points that expire on 9 June: 30 and 7 days before are 10 May and 2 June.
    await credit(db, { shopId, memberId: member.id, kind: "earn", key: `expiring-${member.id}`, points: 40, reason: { code: "signup" }, now: new Date("2026-06-09T00:00:00Z"), expiresAt: new Date("2027-06-09T09:00:00Z") });

    // Last run on 29 May; back on 4 June (5 days from expiry): the birthday on 2 June is credited, one reminder (7 days).
    await db.dailyRun.upsert({ where: { job: "birthdays" }, update: { lastDay: "2027-05-29" }, create: { job: "birthdays", lastDay: "2027-05-29" } });
    const back = new Date("2027-06-04T08:00:00Z");
    const run = await runScheduledWork(db, back);
    expect(run.birthdayDays).toEqual(["2027-05-30", "2027-05-31", "2027-06-01", "2027-06-02", "2027-06-03", "2027-06-04"]);
    const reminders = await db.emailDelivery.findMany({ where: { memberId: member.id, type: "pointsExpiring" } });
    expect(reminders.map((r) => r.eventKey)).toEqual([`expiring:${member.id}:2027-06-09:7`]);
    expect(JSON.parse(reminders[0].facts)).toEqual({ points: 40, expiresAt: "2027-06-09T09:00:00.000Z", days: 6 });
    const birthdayEntries = await db.ledgerEntry.findMany({ where: { memberId: member.id, reason: "birthday" } });
    expect(birthdayEntries.map((e) => [e.amount, e.occurredAt.toISOString()])).toEqual([[20, "2027-06-02T00:00:00.000Z"]]);

    // Again the same day and the next: nothing twice.
    const later = await runScheduledWork(db, new Date("2027-06-05T08:00:00Z"));
    expect(later.birthdayDays).toEqual(["2027-06-05"]);
    expect(await db.ledgerEntry.count({ where: { memberId: member.id, reason: "birthday" } })).toBe(1);
    expect(await db.emailDelivery.count({ where: { memberId: member.id, type: "pointsExpiring" } })).toBe(1);
    await sendDueEmails(db, key, new Date("2027-06-05T08:00:00Z"));
    const subjects = to(customer.email).map((m) => m.subject);
    expect(subjects).toContain("Your points expire on Jun 9, 2027");
    expect(subjects).toContain("Happy birthday from Kawa & Herbata");
    const reminder = to(customer.email).find((m) => m.subject === "Your points expire on Jun 9, 2027")!;
    expect(reminder.text).toContain("Points expiring: 40, on Jun 9, 2027 (in 6 days).");

    // After the date, the points expire (the keeping runs even when the app was down that day).
    await runScheduledWork(db, new Date("2027-06-12T08:00:00Z"));
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(121 + 20);
    await db.programSettings.update({ where: { shopId }, data: { birthdayBonus: 0, expiryMode: "none" } });
  });
});
