import type { Client } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

import { databaseUrl } from "./env.server";
import { sqliteClient } from "./sqlite-connection.server";
import { writeTurns } from "./write-turns.server";

/** Prisma's libSQL adapter over one kept, tuned connection (./sqlite-connection.server.ts). */
class TunedPrismaLibSQL extends PrismaLibSQL {
  override createClient(config: { url: string }): Client {
    return sqliteClient(config.url, writeTurns);
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
