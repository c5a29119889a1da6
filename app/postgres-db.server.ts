// Prisma on PostgreSQL (docs/decisions/054-postgresql.md): the client generated from
// prisma/postgres/schema.prisma, through @prisma/adapter-pg's pool. Transactions are SERIALIZABLE,
// as every SQLite transaction is (one writer at a time): the domain's read-then-write steps (is the
// key posted? is the balance enough?) stay correct with several app instances, and one that lost a
// race to another is run again, as SQLite's writer would have waited its turn.
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaClient } from "@prisma/client";

/**
 * Prisma bakes the provider into its client: the PostgreSQL one is a second client, generated
 * beside @prisma/client (npm run generate), with the same models and so the same types. Loaded
 * only when PostgreSQL is used.
 */
function postgresPrismaClient(): typeof PrismaClient {
  return (createRequire(import.meta.url)(".prisma/client-postgres") as { PrismaClient: typeof PrismaClient }).PrismaClient;
}

/** A serialization failure or deadlock: PostgreSQL's word that the transaction may simply run again. */
const RETRYABLE = /\b(40001|40P01)\b|could not serialize access|deadlock detected|write conflict or a deadlock/;

export function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: { code?: string } } | null;
  return e?.code === "P2034" || RETRYABLE.test(`${e?.meta?.code ?? ""} ${e?.message ?? ""}`);
}

const ATTEMPTS = 30;

/** Runs `work` again, after a short random pause, while PostgreSQL says it lost a race. */
export async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
}

export function createPostgresDb(url: string, poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10)): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  const PostgresPrismaClient = postgresPrismaClient();
  const client = new PostgresPrismaClient({
    adapter,
    transactionOptions: { isolationLevel: "Serializable", maxWait: 10_000, timeout: 20_000 },
  });
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  // Both forms (a function, or an array of queries) run again whole when PostgreSQL asks.
  Object.defineProperty(client, "$transaction", { value: (...args: unknown[]) => retried(() => transaction(...args)), configurable: true, writable: true });
  return client;
}
