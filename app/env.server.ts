// The app's environment, read once and checked: a missing or malformed variable is a clear
// start-up error, not a failure deep inside a request. Names follow Shopify's app template.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db.server";

const schema = z.object({
  SHOPIFY_API_KEY: z.string().regex(/^[0-9a-f]{32}$/, "SHOPIFY_API_KEY must be the app's 32-hex client id"),
  SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required"),
  SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be the app's public URL"),
  SCOPES: z
    .string()
    .min(1)
    .transform((s) => s.split(",").map((scope) => scope.trim()).filter(Boolean)),
  DATABASE_URL: z.string().startsWith("file:").default(DEFAULT_DATABASE_URL),
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
