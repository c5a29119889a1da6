// Every member of a shop as CSV, read in keyset batches so a million members stream in constant memory.
import type { PrismaClient } from "@prisma/client";
import { membersCsv } from "./member-csv";
import { queryUnsafe } from "./sql-dialect.server";

const BATCH = 2000;

/**
 * `only`: a condition on the member row `m` (an audience segment, app/loyalty/audience.server.ts);
 * its members' ids are found a batch at a time in id order, then read as the whole export reads them.
 */
export async function* exportMembersCsv(db: PrismaClient, shopId: string, only?: { sql: string; args: (string | number)[] }): AsyncGenerator<string> {
  const tiers = new Map((await db.tier.findMany({ where: { shopId }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  let after: string | undefined;
  let first = true;
  for (;;) {
    const ids = only
      ? (
          await queryUnsafe<{ id: string }>(db, {
            sql: `SELECT m."id" FROM "Member" m WHERE m."shopId" = ? AND m."redactedAt" IS NULL AND m."id" > ? AND (${only.sql}) ORDER BY m."id" LIMIT ${BATCH}`,
            args: [shopId, after ?? "", ...only.args],
          })
        ).map((row) => row.id)
      : null;
    const members = await db.member.findMany({
      where: { shopId, redactedAt: null, ...(ids ? { id: { in: ids } } : after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (members.length === 0 && !first) return;
    yield membersCsv(
      members.map((m) => ({
        customer_id: m.customerId,
        email: m.email ?? "",
        first_name: m.firstName ?? "",
        last_name: m.lastName ?? "",
        points_balance: m.balance,
        birthday: m.birthday ?? "",
        pending_points: m.pendingPoints,
        lifetime_points: m.lifetimePoints,
        tier: m.tierId ? (tiers.get(m.tierId) ?? "") : "",
        enrolled_at: m.enrolledAt.toISOString(),
        last_activity_at: m.lastActivityAt.toISOString(),
      })),
      first,
    );
    first = false;
    if (members.length < BATCH) return;
    after = members.at(-1)!.id;
  }
}
