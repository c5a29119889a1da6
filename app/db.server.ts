import type { Client } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

import { databaseUrl, isPostgresUrl } from "./env.server";
import { DIRECT_SQL, type DirectSql, type DirectSqlOfClient } from "./loyalty/transactions.server";
import { OPEN_TRANSACTION, OUTSIDE_TRANSACTION, sqliteClient, type KeptClient } from "./sqlite-connection.server";
import { createPostgresDb } from "./postgres-db.server";
import { directSql } from "./sqlite-typed-sql.server";
import { writeTurns } from "./write-turns.server";

/** Prisma's libSQL adapter over one kept, tuned connection (./sqlite-connection.server.ts). */
class TunedPrismaLibSQL extends PrismaLibSQL {
  private client: KeptClient | null = null;

  override createClient(config: { url: string }): Client {
    this.client = sqliteClient(config.url, writeTurns);
    return this.client;
  }

  /** The domain's typed SQL run straight on the connection (app/loyalty/transactions.server.ts). */
  readonly directSql: DirectSqlOfClient = {
    inTransaction: () => {
      const transaction = this.client?.[OPEN_TRANSACTION]();
      return transaction ? directSql((statement) => transaction.execute(statement)) : null;
    },
    // Null until Prisma has connected (on its first query): Prisma's own path runs until then.
    outside: () => this.outsideSql,
  };

  private outsideSqlOf: DirectSql | null = null;
  private get outsideSql() {
    const client = this.client;
    if (client) this.outsideSqlOf ??= directSql((statement) => client[OUTSIDE_TRANSACTION](statement));
    return this.outsideSqlOf;
  }
}

/** The database DATABASE_URL names: PostgreSQL (postgres://), or the embedded SQLite file (file:). */
export function createDb(url: string = databaseUrl()): PrismaClient {
  return isPostgresUrl(url) ? createPostgresDb(url) : createSqliteDb(url);
}

function createSqliteDb(url: string) {
  const adapter = new TunedPrismaLibSQL({ url });
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
  Object.defineProperty(client, DIRECT_SQL, { value: adapter.directSql });
  return client;
}

export type Db = ReturnType<typeof createDb>;

// One client per process, made on first use (so that DATABASE_URL is read then, not at import)
// and kept across dev-server reloads so connections are not leaked.
const globalForDb = globalThis as unknown as { klubDb?: Db };

function instance(): Db {
  globalForDb.klubDb ??= createDb();
  return globalForDb.klubDb;
}

const db = new Proxy({} as Db, {
  get(_target, property) {
    const client = instance();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
  has: (_target, property) => Reflect.has(instance(), property),
});

export default db;
