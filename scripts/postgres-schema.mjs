// prisma/postgres/schema.prisma is prisma/schema.prisma for PostgreSQL: the same models, another
// datasource, and a client generated beside @prisma/client (Prisma bakes the provider into its
// client). Written by `npm run migration:new`; tests/migrations-schema.test.ts fails when stale.
import { readFileSync } from "node:fs";

export const SOURCE = "prisma/schema.prisma";
export const POSTGRES_SCHEMA = "prisma/postgres/schema.prisma";

const HEADER =
  "// Made from prisma/schema.prisma by scripts/postgres-schema.mjs (npm run migration:new): edit that file, not this one.\n";

export function postgresSchema(source = readFileSync(SOURCE, "utf8")) {
  const datasource = /datasource db \{[^}]*\}/;
  const generator = /generator client \{([^}]*)\}/;
  if (!datasource.test(source) || !generator.test(source)) throw new Error(`${SOURCE}: no datasource db or generator client`);
  return (
    HEADER +
    source
      .replace(datasource, 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL") // as prisma.config.ts and app/db.server.ts read it, through the pg adapter\n}')
      .replace(generator, (_, body) => `generator client {${body.replace(/\n$/, "")}\n  output     = "../../node_modules/.prisma/client-postgres"\n}`)
  );
}
