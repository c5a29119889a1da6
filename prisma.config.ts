import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma 6.19 runs its schema engine as WebAssembly through a driver adapter: no binary download.
// DATABASE_URL chooses the database, its schema and its migrations: SQLite (file:, the default) or
// PostgreSQL (postgres:// or postgresql://), docs/decisions/054-postgresql.md.
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  async adapter() {
    return postgres ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url });
  },
});
