// The owner sets up the mail server the program's emails leave through and sends a test email:
// real requests to the route module with session tokens, and a real SMTP server (smtp-server, as
// the owner's would be) that checks the login and receives the message.
import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open } from "../app/email/secret-box.server";
import { secretsKey } from "../app/env.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";

const { db } = useFreshAppDatabase();
const SHOP = "mail-owner.myshopify.com";
const PASSWORD = "correct horse battery staple";
let shopId = "";

/** The owner's mail server: takes a login of "klub" with PASSWORD only, and keeps what it receives. */
const received: { from: string; to: string; subject: string; text: string }[] = [];
const server = new SMTPServer({
  authOptional: false,
  allowInsecureAuth: true, // plain, on this machine only: the test's own server has no certificate
  disabledCommands: ["STARTTLS"],
  onAuth: (auth, _session, done) => (auth.username === "klub" && auth.password === PASSWORD ? done(null, { user: "klub" }) : done(Object.assign(new Error("Authentication failed"), { responseCode: 535 }))),
  onData: (stream, session, done) => {
    simpleParser(stream)
      .then((mail) => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address).join(), subject: mail.subject ?? "", text: mail.text ?? "" });
        done();
      })
      .catch(done);
  },
});
let port = 0;

const page = () => import("../app/routes/app.email");
const post = async (fields: Record<string, string>, locale = "en") => (await page()).action({ request: adminRequest(`/app/email?locale=${locale}`, SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: {}, context: {} });
const settings = (fields: Record<string, string> = {}) => ({ intent: "save", host: "127.0.0.1", port: String(port), security: "none", username: "klub", password: PASSWORD, fromAddress: "loyalty@mail-owner.example", fromName: "Mail Owner Rewards", ...fields });

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { name: "Mail Owner" })).id;
  await storeOfflineSession(db, SHOP);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((closed) => server.close(closed)));

describe("the mail server", () => {
  it("says email is off until a server is set up", async () => {
    const loaded = await (await page()).loader({ request: adminRequest("/app/email", SHOP), params: {}, context: {} });
    expect(loaded).toMatchObject({ configured: false, hasPassword: false, canKeepSecrets: true });
    expect(await post({ intent: "test", to: "owner@mail-owner.example" })).toMatchObject({ ok: false, errors: { form: "email.off" } });
  });

  it("refuses what is not a server, a port or an address, and saves nothing", async () => {
    const refused = await post(settings({ host: "smtp example com", port: "70000", security: "ssl", fromAddress: "nobody" }));
    expect(refused).toMatchObject({ ok: false, errors: { host: "email.errors.host", port: "email.errors.port", security: "email.errors.choose", fromAddress: "email.errors.address" } });
    expect(await db.mailServer.count()).toBe(0);
  });

  it("says email cannot be set up without a key to seal the password with, and saves nothing", async () => {
    const key = process.env.KLUB_SECRETS_KEY;
    delete process.env.KLUB_SECRETS_KEY;
    try {
      const loaded = await (await page()).loader({ request: adminRequest("/app/email", SHOP), params: {}, context: {} });
      expect(loaded).toMatchObject({ canKeepSecrets: false });
      expect(await post(settings())).toMatchObject({ ok: false, errors: { form: "email.noSecretsKey" } });
      expect(await db.mailServer.count()).toBe(0);
    } finally {
      process.env.KLUB_SECRETS_KEY = key;
    }
  });

  it("keeps the password sealed, never shows it, and keeps it when the form leaves it blank", async () => {
    expect(await post(settings())).toMatchObject({ ok: true });
    const stored = await db.mailServer.findUniqueOrThrow({ where: { shopId } });
    expect(stored.passwordSealed).not.toContain(PASSWORD);
    expect(open(stored.passwordSealed!, secretsKey()!)).toBe(PASSWORD);
    const { configured, hasPassword, canKeepSecrets, values } = await (await page()).loader({ request: adminRequest("/app/email", SHOP), params: {}, context: {} });
    expect({ configured, hasPassword, canKeepSecrets, values }).toEqual({ configured: true, hasPassword: true, canKeepSecrets: true, values: { host: "127.0.0.1", port: String(port), security: "none", username: "klub", password: "", fromAddress: "loyalty@mail-owner.example", fromName: "Mail Owner Rewards" } });
    expect(JSON.stringify(await db.activityLog.findMany({ where: { shopId } }))).not.toContain(PASSWORD);

    expect(await post(settings({ password: "", fromName: "Rewards" }))).toMatchObject({ ok: true });
    const kept = await db.mailServer.findUniqueOrThrow({ where: { shopId } });
    expect([kept.passwordSealed, kept.fromName]).toEqual([stored.passwordSealed, "Rewards"]);
  });

  it("sends a test email in the owner's language and reports the server's answer", async () => {
    const sent = await post({ intent: "test", to: "owner@mail-owner.example" }, "pl");
    expect(sent).toMatchObject({ ok: true, data: { test: { to: "owner@mail-owner.example" } } });
    expect((sent as { data: { test: { answer: string } } }).data.test.answer).toMatch(/^250 /);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: "loyalty@mail-owner.example", to: "owner@mail-owner.example", subject: "E-mail testowy programu lojalnościowego Mail Owner" });
    expect(received[0].text).toContain("To jest e-mail testowy programu lojalnościowego Mail Owner.");
  });

  it("says what the server answered when it refuses the login, and sends nothing", async () => {
    expect(await post(settings({ password: "wrong" }))).toMatchObject({ ok: true });
    const refused = await post({ intent: "test", to: "owner@mail-owner.example" });
    expect(refused).toMatchObject({ ok: false, errors: { form: "email.testFailed" }, data: { test: { to: "owner@mail-owner.example" } } });
    expect((refused as { data: { test: { answer: string } } }).data.test.answer).toMatch(/^535 /);
    expect(received).toHaveLength(1);
  });

  it("refuses a test to what is not an address", async () => {
    expect(await post({ intent: "test", to: "owner" })).toMatchObject({ ok: false, errors: { to: "email.errors.address" } });
  });
});
