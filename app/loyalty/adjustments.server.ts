// A manual correction by the shop owner: a ledger entry with a reason, once per submitted form.
import { credit, debit } from "./ledger.server";
import { inTransaction, type DbOrTx } from "./transactions.server";
import { lotExpiresAt } from "./lot-dates";
import { programRules } from "./program";
import { logActivity } from "./activity.server";

export async function adjustBalance(
  db: DbOrTx,
  input: { shopId: string; memberId: string; points: number; reason: string; actor: string; requestId: string; now?: Date },
) {
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const rules = programRules(await tx.programSettings.findUniqueOrThrow({ where: { shopId: input.shopId } }));
    const base = { shopId: input.shopId, memberId: input.memberId, kind: "adjust" as const, key: `adjust:${input.requestId}`, reason: { code: "manual" as const, params: { note: input.reason } }, actor: input.actor, now };
    const posted = input.points > 0
      ? await credit(tx, { ...base, points: input.points, expiresAt: lotExpiresAt(now, rules) })
      : await debit(tx, { ...base, points: -input.points });
    if (!posted.replayed) {
      await logActivity(tx, { shopId: input.shopId, actor: input.actor, action: "member.adjusted", after: { memberId: input.memberId, points: input.points, reason: input.reason } });
    }
    return posted;
  });
}
