// The domain's one way into a transaction: a function takes the client or a transaction already
// open, and joins it, so that callers compose domain calls into one atomic change. (The client
// itself is app/db.server.ts: the domain is handed it, never imports it.)
import { Prisma, type PrismaClient } from "@prisma/client";

export type Tx = Prisma.TransactionClient;

/** The client, or a transaction already open. */
export type DbOrTx = PrismaClient | Tx;

export function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(work) : work(db);
}

/** Prisma's answer to an update or delete of a row that is not there (P2025). */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";
}
