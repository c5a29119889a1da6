// Claims on PostgreSQL, where several app instances share the work (decision 054): a row locked
// FOR UPDATE SKIP LOCKED belongs to the transaction that locked it, which the others pass over.
import type { WebhookDelivery } from "@prisma/client";
import { sql, type Tx } from "./transactions.server";

/** Up to `limit` due deliveries, oldest first, that no other transaction holds: held until this one ends. */
export function claimDueDeliveries(tx: Tx, now: Date, limit: number): Promise<WebhookDelivery[]> {
  return sql(tx).query<WebhookDelivery>`
    SELECT * FROM "WebhookDelivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
    ORDER BY "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
}

/** The delivery, if it is still pending and no other transaction holds it: held until this one ends. */
export async function claimDelivery(tx: Tx, id: number, now: Date): Promise<WebhookDelivery | null> {
  const [delivery] = await sql(tx).query<WebhookDelivery>`
    SELECT * FROM "WebhookDelivery" WHERE "id" = ${id} AND "status" = 'pending' AND "nextAttemptAt" <= ${now} FOR UPDATE SKIP LOCKED`;
  return delivery ?? null;
}
