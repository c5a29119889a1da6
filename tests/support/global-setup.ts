// Builds one migrated SQLite file with the real `prisma migrate deploy`; each test file copies it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "klub-test-"));
  const template = join(dir, "template.sqlite");
  execFileSync("prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: "pipe",
  });
  // Fold the WAL into the file so that a plain copy is complete.
  const client = createClient({ url: `file:${template}` });
  await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  await client.execute("PRAGMA journal_mode = DELETE");
  client.close();
  project.provide("templateDatabase", template);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
