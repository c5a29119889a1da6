// npm run migration:new -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql, the difference between the schema the
// newest migration was made from (kept beside it as schema.prisma) and prisma/schema.prisma.
// `prisma migrate dev` does not work offline with the libSQL adapter, nor does diffing from the
// migrations folder (its in-memory shadow database loses tables): see docs/decisions/002-prisma-libsql.md.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <name_in_snake_case>");
  process.exit(2);
}

const migrationsDir = "prisma/migrations";
const schema = "prisma/schema.prisma";
const newest = existsSync(migrationsDir)
  ? readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1)
  : undefined;
const from = newest
  ? ["--from-schema-datamodel", join(migrationsDir, newest, "schema.prisma")]
  : ["--from-empty"];

const sql = execFileSync(
  "prisma",
  ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
  { encoding: "utf8" },
);
if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql)) {
  console.log("prisma/schema.prisma matches the newest migration: nothing to write.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
copyFileSync(schema, join(dir, "schema.prisma"));
if (!existsSync(join(migrationsDir, "migration_lock.toml"))) {
  writeFileSync(join(migrationsDir, "migration_lock.toml"), 'provider = "sqlite"\n');
}
console.log(`Wrote ${dir}/migration.sql; apply it with: npx prisma migrate deploy`);
