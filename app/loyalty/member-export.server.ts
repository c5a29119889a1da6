// Every member of a shop as CSV, read in keyset batches so a million members stream in constant memory.
import type { PrismaClient } from "@prisma/client";
import { membersCsv } from "./member-csv";

const BATCH = 2000;

export async function* exportMembersCsv(db: PrismaClient, shopId: string): AsyncGenerator<string> {
  const tiers = new Map((await db.tier.findMany({ where: { shopId }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  let after: string | undefined;
  let first = true;
  for (;;) {
    const members = await db.member.findMany({
      where: { shopId, redactedAt: null, ...(after ? { id: { gt: after } } : {}) },
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
