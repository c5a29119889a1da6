import { createClient, type Client, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

import { databaseUrl } from "./env.server";

// Set on every SQLite connection. WAL lets readers run beside the writer; busy_timeout makes a
// writer wait for the lock instead of failing; foreign keys are off in SQLite unless asked for.
const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA busy_timeout = 10000",
  "PRAGMA foreign_keys = ON",
];

/**
 * A libSQL client whose connections are tuned, and whose transactions take the write lock when
 * they begin (BEGIN IMMEDIATE). The Prisma adapter asks for deferred transactions: one that reads
 * and then writes fails at once with SQLITE_BUSY when another connection wrote in between, while
 * an immediate one waits its turn. @libsql/client hands its connection to each transaction and
 * opens a new one afterwards, so the pragmas are applied again whenever that happens.
 * See docs/decisions/002-prisma-libsql.md.
 */
function tunedLibsqlClient(url: string): Client {
  const client = createClient({ url });
  let connectionIsNew = true;
  const tune = async () => {
    if (!connectionIsNew) return;
    for (const pragma of CONNECTION_PRAGMAS) await client.execute(pragma);
    connectionIsNew = false;
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === "transaction") {
        return async (_mode?: TransactionMode) => {
          await tune();
          const transaction = await target.transaction("write");
          connectionIsNew = true;
          return transaction;
        };
      }
      if (property === "execute" || property === "batch" || property === "executeMultiple") {
        return async (...args: unknown[]) => {
          await tune();
          return (target[property] as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

class TunedPrismaLibSQL extends PrismaLibSQL {
  override createClient(config: { url: string }): Client {
    return tunedLibsqlClient(config.url);
  }
}

export function createDb(url: string = databaseUrl()) {
  return new PrismaClient({
    adapter: new TunedPrismaLibSQL({ url }),
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
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
