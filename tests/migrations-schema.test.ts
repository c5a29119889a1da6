// The migrations make the schema that prisma/schema.prisma describes. Prisma reads the database the
// tests start from (every migration applied to an empty file, tests/support/global-setup.ts) and
// `prisma migrate diff` compares what it read with schema.prisma: a model changed without a
// migration, or a migration that makes something else, fails here. Tables Prisma cannot model are
// set aside: member search's FTS5 table and its shadow tables (decision 028). Triggers Prisma does
// not read at all; the tests of their features check them.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
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
