// Typed SQL run straight on the kept SQLite connection, in a transaction or outside one, with the values
// Prisma's `$queryRaw` gives and takes, without its per-statement cost (0.1-0.3 ms a statement
// through Prisma's client against a few microseconds here: docs/decisions/043-typed-sql-on-the-connection.md).
import type { InStatement, ResultSet } from "@libsql/client";
import type { DirectSql } from "./loyalty/transactions.server";

/** As Prisma's libSQL adapter writes a date (its default "iso8601" format), so stored dates compare alike. */
function toArg(value: unknown) {
  return value instanceof Date ? value.toISOString().replace("Z", "+00:00") : value;
}

const toDate = (value: unknown) => new Date(typeof value === "string" ? value : Number(value));
const toBoolean = (value: unknown) => Boolean(value);
const toBigInt = (value: unknown) => BigInt(value as number);

/** As Prisma reads a raw query's column by its declared type; expressions (no declared type) as SQLite gives them. */
function columnReader(declaredType: string): ((value: unknown) => unknown) | null {
  switch (declaredType.toUpperCase()) {
    case "DATETIME":
    case "TIMESTAMP":
      return toDate;
    case "BOOLEAN":
      return toBoolean;
    case "BIGINT":
    case "INT8":
    case "UNSIGNED BIG INT":
      return toBigInt;
    default:
      return null;
  }
}

export function directSql(execute: (statement: InStatement) => Promise<ResultSet>): DirectSql {
  const run = (sql: string, values: unknown[]) => execute({ sql, args: values.map(toArg) as never });
  return {
    async query(sql, values) {
      const { columns, columnTypes, rows } = await run(sql, values);
      const readers = columnTypes.map(columnReader); // once per statement, not per value (a page is thousands)
      return rows.map((row) => {
        const record: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) {
          const value = (row as unknown as unknown[])[i];
          const read = readers[i];
          record[columns[i]] = value === null || !read ? value : read(value);
        }
        return record;
      });
    },
    async execute(sql, values) {
      return (await run(sql, values)).rowsAffected;
    },
  };
}
