// A real database per test file: a copy of the migrated SQLite template (global-setup.ts), or, in
// the PostgreSQL project, a database made from the migrated template on the run's PostgreSQL server
// (postgres-setup.ts).
import { execFileSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { tempDir } from "./temp";

export interface TestDatabase {
  url: string;
  db: Db;
}

/** Which database the tests of this project run on (the project sets KLUB_TEST_DATABASE). */
export const testDatabaseKind: "sqlite" | "postgres" = process.env.KLUB_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

let made = 0;

/** A fresh database of `kind`: the project's own, or the other (the postgres project also has the SQLite template). */
export function freshDatabaseUrl(kind: "sqlite" | "postgres" = testDatabaseKind): string {
  if (kind === "postgres") {
    const template = new URL(inject("postgresTemplate"));
    const name = `klub_${process.pid}_${++made}`;
    // Synchronous, as test files call this at the top: a short node process makes the copy.
    const script = `const pg = require("pg"); const c = new pg.Client({ connectionString: process.argv[1] });
      c.connect().then(() => c.query(process.argv[2])).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`;
    const admin = new URL(template);
    admin.pathname = "/postgres";
    execFileSync(process.execPath, ["-e", script, admin.href, `CREATE DATABASE "${name}" TEMPLATE "${template.pathname.slice(1)}"`], { stdio: "pipe" });
    template.pathname = `/${name}`;
    return template.href;
  }
  const file = join(tempDir("klub-db-"), "test.sqlite");
  copyFileSync(inject("templateDatabase"), file);
  return `file:${file}`;
}

export function freshDatabase(kind: "sqlite" | "postgres" = testDatabaseKind): TestDatabase {
  const url = freshDatabaseUrl(kind);
  return { url, db: createDb(url) };
}
