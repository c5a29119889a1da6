// npm run migration:new -- <name>
// Writes, for each database, the difference between the schema its newest migration was made from
// (kept beside it as schema.prisma) and the schema now, offline:
//   SQLite:     prisma/schema.prisma (the one source)   -> prisma/migrations/<timestamp>_<name>/
//   PostgreSQL: prisma/postgres/schema.prisma, made from it here -> prisma/postgres/migrations/<timestamp>_<name>/
// `prisma migrate dev` does not work offline with a driver adapter, nor does diffing from the
// migrations folder (its in-memory shadow database loses tables): see docs/decisions/002-prisma-libsql.md
// and 054-postgresql.md. What Prisma does not model (triggers, partial indexes) is added by hand to
// both migrations, each in its own database's SQL.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { POSTGRES_SCHEMA, postgresSchema, SOURCE } from "./postgres-schema.mjs";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <name_in_snake_case>");
  process.exit(2);
}

writeFileSync(POSTGRES_SCHEMA, postgresSchema());
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

for (const { schema, migrationsDir, provider } of [
  { schema: SOURCE, migrationsDir: "prisma/migrations", provider: "sqlite" },
  { schema: POSTGRES_SCHEMA, migrationsDir: "prisma/postgres/migrations", provider: "postgresql" },
]) {
  const newest = existsSync(migrationsDir)
    ? readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1)
    : undefined;
  const from = newest ? ["--from-schema-datamodel", join(migrationsDir, newest, "schema.prisma")] : ["--from-empty"];
  const sql = execFileSync("prisma", ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], { encoding: "utf8" });
  if (!/\b(CREATE|ALTER|DROP|INSERT)\b/.test(sql)) {
    console.log(`${schema} matches the newest migration in ${migrationsDir}: nothing to write.`);
    continue;
  }
  const dir = join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  copyFileSync(schema, join(dir, "schema.prisma"));
  if (!existsSync(join(migrationsDir, "migration_lock.toml"))) writeFileSync(join(migrationsDir, "migration_lock.toml"), `provider = "${provider}"\n`);
  console.log(`Wrote ${dir}/migration.sql (${provider})`);
}
console.log("Apply with: npx prisma migrate deploy (DATABASE_URL chooses the database)");
