// Shopify's Prisma session storage, with the lookup every admin request makes in typed SQL: Prisma's
// findUnique costs about ten times as much here (docs/decisions/042-applying-deliveries-together.md).
import type { PrismaClient, Session as SessionRow } from "@prisma/client";
import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { sql } from "../loyalty/transactions.server";

export class KlubSessionStorage extends PrismaSessionStorage<PrismaClient> {
  constructor(private readonly db: PrismaClient) {
    super(db);
  }

  override async loadSession(id: string): Promise<Session | undefined> {
    const [row] = await sql(this.db).query<SessionRow>`SELECT * FROM "Session" WHERE "id" = ${id}`;
    // The row as Prisma would give it, made a Session by the library's own conversion.
    return row ? (this["rowToSession"] as (row: SessionRow) => Session).call(this, row) : undefined;
  }
}
