// tests/migrations-schema.test.ts for PostgreSQL: the migrations in prisma/postgres/migrations make
// the schema prisma/postgres/schema.prisma describes (read back from a copy of the migrated template with
// `prisma db pull`, compared by `prisma migrate diff`), and every trigger the SQLite migrations keep
// has its counterpart of the same name (docs/decisions/055-postgresql-sql-dialects.md). Member search's
// table, which Prisma does not model on either database, is set aside.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { freshDatabase } from "../support/database";
import { tempDir } from "../support/temp";

// adapter-pg cannot read the catalog's "char" columns as Prisma's own config sets it up (see the file).
const CONFIG = "tests/postgres/introspect.config.ts";
const UNMODELLED = /^member_search$/;

// A copy of the migrated template (CREATE DATABASE ... TEMPLATE copies its schema whole), not the
// template itself: PostgreSQL refuses to copy a database while anyone is connected to it, and the
// other test files copy it as this one reads.
const migrated = freshDatabase("postgres");
afterAll(() => migrated.db.$disconnect());

it("makes exactly the schema that prisma/postgres/schema.prisma describes", () => {
  const env = { ...process.env, DATABASE_URL: migrated.url };
  const pulled = execFileSync("prisma", ["db", "pull", "--print", "--config", CONFIG], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const models = pulled.slice(pulled.indexOf("generator ")); // after the notice that the adapter's URL is used
  const set: string[] = [];
  const kept = models.replace(/^(?:\/\/\/.*\n)*model (\w+) \{\n[\s\S]*?^\}\n/gm, (block, name: string) => (UNMODELLED.test(name) ? (set.push(name), "") : block));
  expect(set).toEqual(["member_search"]);
  const file = join(tempDir("klub-schema-"), "migrated.prisma");
  writeFileSync(file, kept);
  const diff = spawnSync("prisma", ["migrate", "diff", "--from-schema-datamodel", file, "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--exit-code", "--config", CONFIG], {
    env,
    encoding: "utf8",
  });
  expect(diff.stdout.replace(/^Loaded Prisma config.*\n/m, "").trim(), diff.stderr).toBe("No difference detected.");
  expect(diff.status).toBe(0);
});

/** The triggers the SQLite migrations made and kept (as tests/migrations-schema.test.ts reads them). */
function sqliteTriggers() {
  const made = new Set<string>();
  for (const dir of readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const sql = readFileSync(join("prisma/migrations", dir.name, "migration.sql"), "utf8");
    for (const [, name] of sql.matchAll(/CREATE TRIGGER (?:IF NOT EXISTS )?"?(\w+)"?/g)) made.add(name);
    for (const [, name] of sql.matchAll(/DROP TRIGGER (?:IF EXISTS )?"?(\w+)"?/g)) made.delete(name);
  }
  return [...made].sort();
}

async function migratedQuery<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: migrated.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

it("has a trigger of the same name for every trigger the SQLite migrations keep", async () => {
  const want = sqliteTriggers();
  expect(want.length).toBeGreaterThanOrEqual(27);
  const rows = await migratedQuery<{ name: string }>(`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`);
  expect(rows.map((r) => r.name).sort()).toEqual(want);
});

it("has the SQLite migrations' partial indexes, with the same conditions", async () => {
  const rows = await migratedQuery<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '% WHERE %' ORDER BY 1`,
  );
  expect(rows.map((r) => r.name)).toEqual(["Member_shopId_tierProgress_idx", "OrderSummary_first_orders_idx", "OrderSummary_second_orders_idx"]);
  expect(rows.map((r) => r.def.slice(r.def.indexOf(" WHERE ")))).toEqual([
    ` WHERE (("tierProgress" > 0) AND ("redactedAt" IS NULL))`,
    ` WHERE ("firstOrder" = true)`,
    ` WHERE ("secondOrder" = true)`,
  ]);
});
