// The kept SQLite connection under Prisma's adapter (app/sqlite-connection.server.ts): values and
// errors as @libsql/client gives them, transactions that always end, and the write turns.
import { LibsqlError } from "@libsql/client";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "./support/temp";
import { sqliteClient, type WriteTurns } from "../app/sqlite-connection.server";

const dir = tempDir("klub-conn-");
const clients: { close: () => void }[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

function client(turns?: WriteTurns) {
  const file = join(dir, `test-${clients.length}-${Date.now()}.sqlite`);
  const c = sqliteClient(`file:${file}`, turns);
  clients.push(c);
  return c;
}

describe("values and errors", () => {
  it("reads and writes as @libsql/client does, RETURNING included", async () => {
    const c = client();
    await c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER, at INTEGER, blob BLOB, big INTEGER, name TEXT UNIQUE)");
    const at = new Date("2026-11-30T12:00:00Z");
    const inserted = await c.execute({ sql: "INSERT INTO t (flag, at, blob, big, name) VALUES (?, ?, ?, ?, ?) RETURNING id", args: [true, at, new Uint8Array([1, 2, 3]).buffer, 2n ** 60n, "a"] });
    expect([inserted.columns, inserted.rows]).toEqual([["id"], [[1]]]);
    const written = await c.execute({ sql: "UPDATE t SET flag = ? WHERE id = ?", args: [false, 1] });
    expect([written.rowsAffected, written.rows]).toEqual([1, []]);
    const row = (await c.execute("SELECT flag, at, blob FROM t")).rows[0] as unknown as [number, number, ArrayBuffer];
    expect([row[0], row[1], [...new Uint8Array(row[2])]]).toEqual([0, at.getTime(), [1, 2, 3]]);
    // Beyond 2^53 an integer is an error, never a wrong number.
    await expect(c.execute("SELECT big FROM t")).rejects.toThrow(RangeError);
  });

  it("reports SQLite's error codes, which Prisma's adapter maps (a unique key is P2002)", async () => {
    const c = client();
    await c.execute("CREATE TABLE t (name TEXT UNIQUE)");
    await c.execute({ sql: "INSERT INTO t VALUES (?)", args: ["a"] });
    const error = await c.execute({ sql: "INSERT INTO t VALUES (?)", args: ["a"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlError);
    expect([(error as LibsqlError).code, (error as LibsqlError).rawCode]).toEqual(["SQLITE_CONSTRAINT_UNIQUE", 2067]);
  });
});

describe("transactions", () => {
  it("ends a transaction whose COMMIT fails, so that the connection is not left inside it", async () => {
    const c = client();
    await c.executeMultiple(`
      CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);`);
    const tx = await c.transaction("write");
    await tx.execute("INSERT INTO child VALUES (42)"); // no parent 42: the check waits for COMMIT
    await expect(tx.commit()).rejects.toThrow(/FOREIGN KEY/);
    expect(tx.closed).toBe(true);
    await expect(tx.execute("SELECT 1")).rejects.toThrow(/transaction is closed/);
    // The next transaction begins afresh, and the failed one's row is gone.
    const next = await c.transaction("write");
    await next.execute("INSERT INTO parent VALUES (1)");
    await next.commit();
    expect((await c.execute("SELECT (SELECT count(*) FROM child), (SELECT count(*) FROM parent)")).rows[0]).toEqual([0, 1]);
  });

  it("refuses statements once committed or rolled back", async () => {
    const c = client();
    await c.execute("CREATE TABLE t (x INTEGER)");
    const tx = await c.transaction("write");
    await tx.execute("INSERT INTO t VALUES (1)");
    await tx.rollback();
    await expect(tx.execute("INSERT INTO t VALUES (2)")).rejects.toThrow(/transaction is closed/);
    expect((await c.execute("SELECT count(*) FROM t")).rows[0]).toEqual([0]);
  });
});

describe("write turns", () => {
  it("takes a turn around each write and each transaction, never around a read, and always gives it back", async () => {
    const calls: string[] = [];
    const c = client({ beforeWrite: async () => void calls.push("before"), afterWrite: () => void calls.push("after") });
    await c.execute("CREATE TABLE t (x INTEGER UNIQUE)");
    await c.execute("SELECT * FROM t");
    await c.execute("  select count(*) from t");
    expect(calls).toEqual(["before", "after"]);
    const tx = await c.transaction("write");
    await tx.execute("INSERT INTO t VALUES (1)");
    await tx.commit();
    tx.close(); // closing after the commit gives nothing back twice
    await expect(c.execute("INSERT INTO t VALUES (1)")).rejects.toThrow(LibsqlError); // a failed write gives its turn back too
    expect(calls).toEqual(["before", "after", "before", "after", "before", "after"]);
  });
});
