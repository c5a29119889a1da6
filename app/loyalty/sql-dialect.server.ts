// The SQL that differs between SQLite and PostgreSQL, one module per database with the same exports
// (docs/decisions/055-postgresql-sql-dialects.md); SQL both take is written once where it is used.
import * as postgres from "./postgres-sql.server";
import * as sqlite from "./sqlite-sql.server";
import type { DbOrTx } from "./transactions.server";

export type Dialect = typeof sqlite;
// PostgreSQL's module must offer everything SQLite's does, with the same types.
const postgresDialect: Dialect = postgres;

/** The database a client or transaction talks to. */
export function databaseOf(db: DbOrTx): "sqlite" | "postgresql" {
  return (db as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}

export function dialect(db: DbOrTx): Dialect {
  return databaseOf(db) === "postgresql" ? postgresDialect : sqlite;
}

/** A statement written with `?` placeholders and its values (the admin's reads, bench/admin.ts runs them bare). */
export interface Query {
  sql: string;
  args: (string | number)[];
}

/** Runs a `?` statement on either database. */
export function queryUnsafe<T>(db: DbOrTx, query: Query): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(dialect(db).placeholders(query.sql), ...query.args);
}

/** Runs a `?` statement that changes rows on either database; how many. */
export function executeUnsafe(db: DbOrTx, query: Query): Promise<number> {
  return db.$executeRawUnsafe(dialect(db).placeholders(query.sql), ...query.args);
}
