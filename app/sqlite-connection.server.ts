// The SQLite connection under Prisma's libSQL adapter: one connection per client, kept open, its
// pragmas set once and each statement prepared once. @libsql/client opens a new connection for
// every transaction (and leaves the old one to the garbage collector): SQLite then reads the whole
// schema again and every statement is prepared anew, which was most of the database time on the
// webhook path (docs/benchmarks.md). One connection is enough: the adapter runs one query at a
// time and holds its lock from a transaction's BEGIN to its COMMIT.
import { LibsqlError, type Client, type InStatement, type InValue, type ResultSet, type Transaction, type TransactionMode } from "@libsql/client";
import Database from "libsql";

// WAL lets readers run beside the writer; busy_timeout makes a writer wait for the lock instead of
// failing; foreign keys are off in SQLite unless asked for.
const CONNECTION_PRAGMAS = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 10000", "PRAGMA foreign_keys = ON"];

/** Statements kept prepared per connection; Prisma's queries have a few hundred shapes. */
const STATEMENT_CACHE_SIZE = 500;

type Statement = Database.Statement<unknown[]>;
type Row = unknown[];

class Result implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: never[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}
  toJSON() {
    return { columns: this.columns, columnTypes: this.columnTypes, rows: this.rows, rowsAffected: this.rowsAffected, lastInsertRowid: this.lastInsertRowid?.toString() ?? null };
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** As @libsql/client's "number" int mode: an integer beyond 2^53 is an error, never a wrong number. */
function fromSql(value: unknown): unknown {
  if (typeof value === "bigint") {
    if (value < MIN_SAFE || value > MAX_SAFE) throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
    return Number(value);
  }
  if (Buffer.isBuffer(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

function toSql(value: InValue): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

/** SQLite's errors as @libsql/client reports them: Prisma's adapter reads their codes (a unique constraint is P2002). */
function asLibsqlError(error: unknown): unknown {
  if (error instanceof Database.SqliteError) {
    const { code, rawCode } = error as unknown as { code: string; rawCode?: number };
    return new LibsqlError(error.message, code, rawCode, error);
  }
  return error;
}

class Connection {
  private readonly database: Database.Database;
  private readonly statements = new Map<string, { statement: Statement; reader: boolean; columns: string[]; columnTypes: string[] }>();

  constructor(path: string) {
    this.database = new Database(path);
    for (const pragma of CONNECTION_PRAGMAS) this.execute(pragma); // some answer with a row, which exec() refuses
  }

  private prepared(sql: string) {
    let entry = this.statements.get(sql);
    if (entry) {
      // Most recently used last, so that the oldest goes first when the cache is full.
      this.statements.delete(sql);
      this.statements.set(sql, entry);
      return entry;
    }
    const statement = this.database.prepare(sql);
    statement.safeIntegers(true);
    const reader = statement.reader;
    if (reader) statement.raw(true);
    const columns = reader ? (statement.columns() as { name: string; type: string | null }[]) : [];
    entry = { statement, reader, columns: columns.map((c) => c.name), columnTypes: columns.map((c) => c.type ?? "") };
    this.statements.set(sql, entry);
    if (this.statements.size > STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    return entry;
  }

  execute(statement: InStatement): ResultSet {
    const sql = typeof statement === "string" ? statement : statement.sql;
    const given = typeof statement === "string" ? [] : (statement.args ?? []);
    if (!Array.isArray(given)) throw new TypeError("Named arguments are not supported here");
    const args = given.map(toSql);
    try {
      const { statement: prepared, reader, columns, columnTypes } = this.prepared(sql);
      if (reader) {
        const rows = (prepared.all(args) as Row[]).map((row) => row.map(fromSql));
        return new Result(columns, columnTypes, rows as never[], 0, undefined);
      }
      const info = prepared.run(args) as { changes: number; lastInsertRowid: number | bigint };
      return new Result([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw asLibsqlError(error);
    }
  }

  exec(sql: string) {
    try {
      this.database.exec(sql);
    } catch (error) {
      throw asLibsqlError(error);
    }
  }

  get inTransaction(): boolean {
    return this.database.inTransaction;
  }

  close() {
    this.database.close();
  }
}

/** A transaction on the kept connection: closed once committed or rolled back, whatever SQLite did. */
class ConnectionTransaction {
  private done = false;
  private markClosed!: () => void;
  /** Settles once the transaction has ended. */
  readonly closing = new Promise<void>((resolve) => (this.markClosed = resolve));
  constructor(
    private readonly connection: Connection,
    private readonly ended: () => void,
  ) {}
  get closed() {
    return this.done || !this.connection.inTransaction;
  }
  private open() {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
    return this.connection;
  }
  async execute(statement: InStatement) {
    return this.open().execute(statement);
  }
  async batch(statements: InStatement[]) {
    return statements.map((s) => this.open().execute(s));
  }
  async executeMultiple(sql: string) {
    this.open().exec(sql);
  }
  async commit() {
    try {
      this.open().exec("COMMIT");
    } finally {
      // A COMMIT that failed (SQLITE_BUSY) leaves the transaction open: it must not hold the
      // connection, and the lock, for every statement after it.
      this.end();
    }
  }
  async rollback() {
    this.end();
  }
  close() {
    this.end();
  }
  private end() {
    if (this.done) return;
    this.done = true;
    try {
      if (this.connection.inTransaction) this.connection.exec("ROLLBACK");
    } finally {
      this.ended();
      this.markClosed();
    }
  }
}

/**
 * The client's transaction open now (null when none): app/db.server.ts runs a domain transaction's
 * typed SQL straight on it. Once that transaction ends, its statements fail ("The transaction is
 * closed"), so a late one cannot run in another transaction.
 */
export const OPEN_TRANSACTION = Symbol("openTransaction");

/** Runs a statement outside any transaction (as the client's execute), after the one open now, if any, has ended. */
export const OUTSIDE_TRANSACTION = Symbol("outsideTransaction");

export type KeptClient = Client & {
  [OPEN_TRANSACTION]: () => Transaction | null;
  [OUTSIDE_TRANSACTION]: (statement: InStatement) => Promise<ResultSet>;
};

/** Called around every write, so that writers in two threads take turns (app/write-turns.server.ts). */
export interface WriteTurns {
  beforeWrite: () => Promise<void>;
  afterWrite: () => void;
}

const NO_TURNS: WriteTurns = { beforeWrite: async () => undefined, afterWrite: () => undefined };

/** Statements that only read; anything else (INSERT ... RETURNING included) writes. */
const READ_ONLY = /^\s*(SELECT|PRAGMA|EXPLAIN)\b/i;

/**
 * A @libsql/client Client over one kept connection. Transactions take the write lock when they
 * begin (BEGIN IMMEDIATE): a deferred one that reads and then writes fails at once with
 * SQLITE_BUSY when another connection wrote in between, while an immediate one waits its turn
 * (docs/decisions/002-prisma-libsql.md).
 */
export function sqliteClient(url: string, turns: WriteTurns = NO_TURNS): KeptClient {
  const path = url.replace(/^file:(\/\/(?=\/))?/, "");
  let connection: Connection | null = null;
  let current: ConnectionTransaction | null = null;
  let closed = false;
  const open = () => {
    if (closed) throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
    return (connection ??= new Connection(path));
  };
  const client = {
    protocol: "file",
    get closed() {
      return closed;
    },
    async execute(statement: InStatement) {
      if (READ_ONLY.test(typeof statement === "string" ? statement : statement.sql)) return open().execute(statement);
      await turns.beforeWrite();
      try {
        return open().execute(statement);
      } finally {
        turns.afterWrite();
      }
    },
    async batch(statements: InStatement[]) {
      await turns.beforeWrite();
      const c = open();
      try {
        c.exec("BEGIN IMMEDIATE");
        const results = statements.map((s) => c.execute(s));
        c.exec("COMMIT");
        return results;
      } finally {
        if (c.inTransaction) c.exec("ROLLBACK");
        turns.afterWrite();
      }
    },
    async transaction(_mode?: TransactionMode): Promise<Transaction> {
      await turns.beforeWrite();
      const c = open();
      try {
        c.exec("BEGIN IMMEDIATE");
      } catch (error) {
        turns.afterWrite();
        throw error;
      }
      const transaction = new ConnectionTransaction(c, () => {
        current = null;
        turns.afterWrite();
      });
      current = transaction;
      return transaction as unknown as Transaction;
    },
    [OPEN_TRANSACTION]: () => current as unknown as Transaction | null,
    async [OUTSIDE_TRANSACTION](statement: InStatement) {
      // Only Prisma's adapter, which holds its lock from BEGIN to COMMIT, calls execute() above;
      // a caller beside it waits for the transaction open now, also one begun while it waited.
      for (;;) {
        if (current) {
          await current.closing;
          continue;
        }
        if (READ_ONLY.test(typeof statement === "string" ? statement : statement.sql)) return open().execute(statement);
        await turns.beforeWrite();
        try {
          if (!current) return open().execute(statement);
        } finally {
          turns.afterWrite();
        }
      }
    },
    async executeMultiple(sql: string) {
      await turns.beforeWrite();
      const c = open();
      try {
        c.exec(sql);
      } finally {
        if (c.inTransaction) c.exec("ROLLBACK");
        turns.afterWrite();
      }
    },
    async sync() {
      return undefined;
    },
    close() {
      connection?.close();
      connection = null;
      closed = true;
    },
  };
  return client as unknown as KeptClient;
}
