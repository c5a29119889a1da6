// The migrations make the schema that prisma/schema.prisma describes. Prisma reads the database the
// tests start from (every migration applied to an empty file, tests/support/global-setup.ts) and
// `prisma migrate diff` compares what it read with schema.prisma: a model changed without a
// migration, or a migration that makes something else, fails here. Tables Prisma cannot model are
// set aside: member search's FTS5 table and its shadow tables (decision 028). Triggers and partial
// indexes Prisma does not read at all; the tests of their features check them.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createClient } from "@libsql/client";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { tempDir } from "./support/temp";

const UNMODELLED = /^member_search(_(config|data|docsize|idx|content))?$/;

it("makes exactly the schema that schema.prisma describes", () => {
  const env = { ...process.env, DATABASE_URL: `file:${inject("templateDatabase")}` };
  const pulled = execFileSync("prisma", ["db", "pull", "--print"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const models = pulled.slice(pulled.indexOf("generator ")); // after the notice that the adapter's URL is used
  const set = new Set<string>();
  const kept = models.replace(/^(?:\/\/\/.*\n)*model (\w+) \{\n[\s\S]*?^\}\n/gm, (block, name: string) => (UNMODELLED.test(name) ? (set.add(name), "") : block));
  expect([...set].sort()).toEqual(["member_search", "member_search_config", "member_search_data", "member_search_docsize", "member_search_idx"]);
  const file = join(tempDir("klub-schema-"), "migrated.prisma");
  writeFileSync(file, kept);
  const diff = spawnSync("prisma", ["migrate", "diff", "--from-schema-datamodel", file, "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"], { env, encoding: "utf8" });
  expect(diff.stdout.replace(/^Loaded Prisma config.*\n/m, "").trim(), diff.stderr).toBe("No difference detected.");
  expect(diff.status).toBe(0);
});

// SQLite drops a table's triggers with the table, and Prisma rebuilds a table (create, copy, drop,
// rename) for many changes: a later migration can silently lose a trigger the app relies on (the
// analytics rollups, member search, the shop setup's version). Every trigger a migration made must
// still be there, or be re-created by the migration that rebuilt its table.
it("keeps every trigger its migrations made", async () => {
  const made = new Set<string>();
  for (const dir of readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const sql = readFileSync(join("prisma/migrations", dir.name, "migration.sql"), "utf8");
    for (const [, name] of sql.matchAll(/CREATE TRIGGER (?:IF NOT EXISTS )?"?(\w+)"?/g)) made.add(name);
    for (const [, name] of sql.matchAll(/DROP TRIGGER (?:IF EXISTS )?"?(\w+)"?/g)) made.delete(name);
  }
  expect(made.size).toBeGreaterThanOrEqual(27);
  const client = createClient({ url: `file:${inject("templateDatabase")}` });
  try {
    const { rows } = await client.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
    expect(rows.map((r) => String(r.name))).toEqual([...made].sort());
  } finally {
    client.close();
  }
});

// PostgreSQL's schema is made from schema.prisma (scripts/postgres-schema.mjs, run by `npm run
// migration:new`): a model changed without making it again fails here; tests/postgres/ check that
// PostgreSQL's migrations make it.
it("has PostgreSQL's schema made from schema.prisma", async () => {
  const { POSTGRES_SCHEMA, postgresSchema } = await import("../scripts/postgres-schema.mjs");
  expect(readFileSync(POSTGRES_SCHEMA, "utf8"), "run `npm run migration:new -- <name>`").toBe(postgresSchema());
});
