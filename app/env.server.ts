// The app's environment, read once and checked: a missing or malformed variable is a clear
// start-up error, not a failure deep inside a request. Names follow Shopify's app template.
// The only module that reads process.env: the others ask it.
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

const schema = z.object({
  SHOPIFY_API_KEY: z.string().regex(/^[0-9a-f]{32}$/, "SHOPIFY_API_KEY must be the app's 32-hex client id"),
  SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required"),
  SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be the app's public URL"),
  SCOPES: z
    .string()
    .min(1)
    .transform((s) => s.split(",").map((scope) => scope.trim()).filter(Boolean)),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must be a SQLite file (file:...) or a PostgreSQL server (postgres://...)")
    .default(DEFAULT_DATABASE_URL),
});

export type AppEnv = z.infer<typeof schema>;

export function appEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Klub's environment is incomplete (see .env.example):\n${problems}`);
  }
  return parsed.data;
}

/** The database, read when asked (tests point each file at its own). */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

/** PostgreSQL (postgres:// or postgresql://) rather than the embedded SQLite file (docs/decisions/054-postgresql.md). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** pino's level: LOG_LEVEL, else silent under test and info otherwise. */
export function logLevel(): string {
  return process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info");
}

/**
 * KLUB_SECRETS_KEY: 32 random bytes, base64 (`openssl rand -base64 32`), that seal the secrets
 * owners give Klub (their mail server's password). Null when unset: Klub then keeps no such secret.
 */
export function secretsKey(): Buffer | null {
  const text = process.env.KLUB_SECRETS_KEY;
  if (!text) return null;
  const key = Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error("KLUB_SECRETS_KEY must be 32 bytes, base64 encoded (openssl rand -base64 32)");
  return key;
}

/** KLUB_OUTBOX_WORKER=off keeps effects on Shopify queued (tests drive the outbox themselves). */
export function outboxWorkerOn(): boolean {
  return process.env.KLUB_OUTBOX_WORKER !== "off";
}

/** KLUB_SANDBOX_URL: the local sandbox standing in for Shopify (honoured by a development server only). */
export function sandboxUrlSetting(): string | null {
  return process.env.KLUB_SANDBOX_URL || null;
}

/** App Bridge's address when it is not Shopify's CDN (the sandbox's stand-in); the library reads the same variable. */
export function appBridgeUrl(): string | undefined {
  return process.env.APP_BRIDGE_URL;
}

export function setAppBridgeUrl(url: string) {
  process.env.APP_BRIDGE_URL = url;
}
