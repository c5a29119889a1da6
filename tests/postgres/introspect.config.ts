// A Prisma config for `prisma db pull` on PostgreSQL (tests/postgres/migrations-schema.test.ts):
// @prisma/adapter-pg 6.19 cannot read the catalog's "char" columns (type 18) that the schema engine
// selects. This pool hands them to the adapter as text, and the adapter's answer then names them as
// the one-character columns they are (driver-adapter-utils' ColumnTypeEnum.Character).
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

const CHAR_OID = 18;
const TEXT_OID = 25;
const CHARACTER = 6;
const charColumns = new WeakMap<object, number[]>();

class CatalogPool extends pg.Pool {
  // @ts-expect-error: pg's overloads; the adapter calls the promise form
  override query(...args: unknown[]) {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((r: pg.QueryResult) => {
      const chars: number[] = [];
      (r.fields ?? []).forEach((field, i) => {
        if (field.dataTypeID !== CHAR_OID) return;
        field.dataTypeID = TEXT_OID;
        chars.push(i);
      });
      if (chars.length) charColumns.set(r.rows, chars);
      return r;
    });
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: fileURLToPath(new URL("../../prisma/postgres/schema.prisma", import.meta.url)),
  async adapter() {
    const factory = new PrismaPg(new CatalogPool({ connectionString: process.env.DATABASE_URL }) as unknown as pg.Pool);
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      const queryRaw = adapter.queryRaw.bind(adapter);
      adapter.queryRaw = async (query) => {
        const result = await queryRaw(query);
        for (const i of charColumns.get(result.rows) ?? []) (result.columnTypes as number[])[i] = CHARACTER;
        return result;
      };
      return adapter;
    };
    return factory;
  },
});
