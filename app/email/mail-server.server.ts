// The owner's mail server: its settings (the password sealed, never shown again), and the one
// place Klub speaks SMTP, through nodemailer. Without a server set up, email is off.
import type { MailServer, PrismaClient } from "@prisma/client";
import nodemailer from "nodemailer";
import { z } from "zod";
import { logActivity } from "../loyalty/activity.server";
import { inTransaction } from "../loyalty/transactions.server";
import { SECURITY } from "./mail-security";
import { open, seal } from "./secret-box.server";


const text = (max: number) => z.string().trim().max(max, { error: "email.errors.tooLong" });
const schema = z.object({
  host: text(253).min(1, { error: "email.errors.required" }).regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, { error: "email.errors.host" }),
  port: z.string().trim().regex(/^\d{1,5}$/, { error: "email.errors.port" }).transform(Number).refine((n) => n >= 1 && n <= 65535, { error: "email.errors.port" }),
  security: z.enum(SECURITY, { error: "email.errors.choose" }),
  username: text(254),
  password: z.string().max(1000, { error: "email.errors.tooLong" }),
  fromAddress: z.email({ error: "email.errors.address" }),
  fromName: text(100),
});

export type MailServerInput = z.infer<typeof schema>;
export type MailServerErrors = Partial<Record<keyof MailServerInput, string>>;

export function parseMailServer(form: Record<string, unknown>): { data: MailServerInput } | { errors: MailServerErrors } {
  const parsed = schema.safeParse(form);
  if (parsed.success) return { data: parsed.data };
  const errors: MailServerErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as keyof MailServerInput] ??= issue.message;
  return { errors };
}

/** The settings as the form shows them: never the password, only whether one is kept. */
export async function mailServerForm(db: PrismaClient, shopId: string) {
  const server = await db.mailServer.findUnique({ where: { shopId } });
  return {
    configured: server !== null,
    values: {
      host: server?.host ?? "",
      port: String(server?.port ?? 587),
      security: server?.security ?? "starttls",
      username: server?.username ?? "",
      password: "",
      fromAddress: server?.fromAddress ?? "",
      fromName: server?.fromName ?? "",
    },
    hasPassword: Boolean(server?.passwordSealed),
  };
}

/**
 * Saves the server. A blank password keeps the one kept (the form never shows it); a server
 * without a user name keeps none. Logged without the password.
 */
export async function saveMailServer(db: PrismaClient, shopId: string, input: MailServerInput, key: Buffer, actor: string) {
  return inTransaction(db, async (tx) => {
    const before = await tx.mailServer.findUnique({ where: { shopId } });
    const passwordSealed = !input.username ? null : input.password ? seal(input.password, key) : (before?.passwordSealed ?? null);
    const fields = { host: input.host, port: input.port, security: input.security, username: input.username || null, passwordSealed, fromAddress: input.fromAddress, fromName: input.fromName || null };
    const after = await tx.mailServer.upsert({ where: { shopId }, create: { shopId, ...fields }, update: fields });
    const shown = (s: MailServer | null) => s && { host: s.host, port: s.port, security: s.security, username: s.username, fromAddress: s.fromAddress, fromName: s.fromName };
    await logActivity(tx, { shopId, actor, action: "mailServer.updated", before: shown(before), after: { ...shown(after), ...(input.password ? { passwordChanged: true } : {}) } });
    return after;
  });
}

function transportFor(server: MailServer, key: Buffer) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === "tls",
    requireTLS: server.security === "starttls",
    ignoreTLS: server.security === "none",
    auth: server.username ? { user: server.username, pass: server.passwordSealed ? open(server.passwordSealed, key) : "" } : undefined,
    // An owner waits on the test: a server that does not answer is said so within seconds.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  messageId?: string;
}

/** What the server answered: its reply line when it took the message, or why it did not. */
export type SendResult = { sent: true; answer: string; messageId: string } | { sent: false; answer: string };

export async function sendEmail(server: MailServer, key: Buffer, email: Email): Promise<SendResult> {
  const transport = transportFor(server, key);
  try {
    const info = await transport.sendMail({ from: { name: server.fromName ?? "", address: server.fromAddress }, ...email });
    return { sent: true, answer: info.response, messageId: info.messageId };
  } catch (error) {
    const failure = error as Error & { response?: string; code?: string };
    return { sent: false, answer: failure.response ?? [failure.code, failure.message].filter(Boolean).join(": ") };
  } finally {
    transport.close();
  }
}

export function mailServerOf(db: PrismaClient, shopId: string) {
  return db.mailServer.findUnique({ where: { shopId } });
}
