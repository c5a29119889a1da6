// A real SQLite file per test file, copied from the migrated template (see global-setup.ts).
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { tempDir } from "./temp";

export interface TestDatabase {
  url: string;
  db: Db;
}

export function freshDatabase(): TestDatabase {
  const file = join(tempDir("klub-db-"), "test.sqlite");
  copyFileSync(inject("templateDatabase"), file);
  const url = `file:${file}`;
  return { url, db: createDb(url) };
}
