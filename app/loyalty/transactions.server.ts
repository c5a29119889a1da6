// The domain's one way into a transaction, and into typed SQL: a function takes the client or a
// transaction already open, and joins it, so that callers compose domain calls into one atomic
// change. (The client itself is app/db.server.ts: the domain is handed it, never imports it.)
import { Prisma, type PrismaClient } from "@prisma/client";

export type Tx = Prisma.TransactionClient;

/** The client, or a transaction already open. */
export type DbOrTx = PrismaClient | Tx;

/** Typed SQL run on the connection of a transaction open now, with the values Prisma's raw queries give and take. */
export interface DirectSql {
  query(sql: string, values: unknown[]): Promise<unknown[]>;
  execute(sql: string, values: unknown[]): Promise<number>;
}

/**
 * Set on a client by app/db.server.ts when it can run typed SQL without Prisma's per-statement
 * cost: in the transaction open now, or outside any (null while it cannot).
 */
export const DIRECT_SQL = Symbol.for("klub.directSql");
export interface DirectSqlOfClient {
  inTransaction(): DirectSql | null;
  outside(): DirectSql | null;
}
type WithDirectSql = { [DIRECT_SQL]?: DirectSqlOfClient };

const directInTransaction = new WeakMap<Tx, DirectSql>();

export function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!("$transaction" in db)) return work(db);
  const direct = (db as WithDirectSql)[DIRECT_SQL];
  return db.$transaction((tx) => {
    const inIt = direct?.inTransaction();
    if (inIt) directInTransaction.set(tx, inIt);
    return work(tx);
  });
}

/**
 * Typed SQL: `sql(tx).query<Member>\`SELECT ... WHERE "id" = ${id}\`` and `sql(tx).execute\`UPDATE ...\``,
 * values bound as parameters (Prisma.join and Prisma.sql fragments too). On a client that allows it,
 * and in the transactions `inTransaction` opens on it, run straight on its connection (an order
 * event makes about twenty such statements, a webhook delivery two: decision 043); otherwise
 * through Prisma's `$queryRaw`/`$executeRaw`, with the same values.
 */
export function sql(db: DbOrTx) {
  // A transaction's client has no $transaction; one opened otherwise than by inTransaction goes through Prisma.
  const direct = "$transaction" in db ? (db as WithDirectSql)[DIRECT_SQL]?.outside() : directInTransaction.get(db);
  return {
    query<T>(strings: TemplateStringsArray, ...values: Prisma.Sql["values"]): Promise<T[]> {
      const statement = Prisma.sql(strings, ...values);
      return direct ? (direct.query(statement.sql, statement.values) as Promise<T[]>) : db.$queryRaw<T[]>(statement);
    },
    execute(strings: TemplateStringsArray, ...values: Prisma.Sql["values"]): Promise<number> {
      const statement = Prisma.sql(strings, ...values);
      return direct ? direct.execute(statement.sql, statement.values) : db.$executeRaw(statement);
    },
  };
}
