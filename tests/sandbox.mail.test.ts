// The sandbox's mail server, as Klub reaches it: plain SMTP on this machine, any login; each
// message kept with its envelope, text, HTML and headers, and shown in the sandbox admin's Mail
// pages (the list, and one email: its HTML in a frame without scripts, its text, its headers).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxMail } from "../sandbox/mail";
import { createSandboxServer } from "../sandbox/server";
import { Store } from "../sandbox/state";
import type { WebhookSender } from "../sandbox/webhooks";
import { tempDir } from "./support/temp";

const mail = new SandboxMail();
let mailPort = 0;
let server: Server;
let url = "";

beforeAll(async () => {
  mailPort = await mail.listen(0);
  const store = new Store(join(tempDir("klub-sandbox-mail-"), "shopify.json"));
  const sender = { send: () => undefined, idle: async () => undefined } as unknown as WebhookSender;
  server = createSandboxServer({ store, sender, appUrl: "http://localhost:1", apiKey: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c", apiSecret: "s", mail: { server: mail, port: mailPort } });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((closed) => server.close(() => closed()));
  await mail.close();
});

describe("the sandbox's mail server", () => {
  it("receives what is sent with a login, and keeps its envelope, text, HTML and headers", async () => {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: mailPort, secure: false, ignoreTLS: true, auth: { user: "anyone", pass: "anything" } });
    const info = await transport.sendMail({
      from: { name: "Klub Demo Store", address: "loyalty@klub-demo.example" },
      to: "ola@example.com",
      subject: "Twoje punkty <wygasają>",
      text: "Masz 250 punktów.",
      html: "<p>Masz <b>250</b> punktów.</p><script>parent.alert(1)</script>",
      headers: { "List-Unsubscribe": "<https://example.com/u>" },
    });
    transport.close();
    expect(info.response).toMatch(/^250 /);
    expect(mail.messages).toHaveLength(1);
    expect(mail.messages[0]).toMatchObject({ id: 1, from: "loyalty@klub-demo.example", to: ["ola@example.com"], subject: "Twoje punkty <wygasają>", text: "Masz 250 punktów." });
    expect(mail.messages[0].headers).toContainEqual(["List-Unsubscribe", "<https://example.com/u>"]);
  });

  it("lists each email in the admin and shows one escaped, its HTML in a frame without scripts", async () => {
    const list = await (await fetch(`${url}/admin/mail`)).text();
    expect(list).toContain(`127.0.0.1:${mailPort}`);
    expect(list).toContain(`<a href="/admin/mail/1">Twoje punkty &#60;wygasają&#62;</a>`);
    const one = await fetch(`${url}/admin/mail/1`);
    const page = await one.text();
    expect(one.status).toBe(200);
    expect(page).toMatch(/<iframe title="Email \(HTML\)" sandbox srcdoc="&#60;p&#62;Masz &#60;b&#62;250&#60;\/b&#62; punktów\.&#60;\/p&#62;&#60;script&#62;/);
    expect(page).toContain(`<pre style="white-space:pre-wrap" aria-label="Email (text)">Masz 250 punktów.</pre>`);
    expect(page).toContain("<th>List-Unsubscribe</th><td>&#60;https://example.com/u&#62;</td>");
    expect((await fetch(`${url}/admin/mail/2`)).status).toBe(404);
  });
});
