// Keeps a member's tier and tier progress in step with the ledger, inside the posting transaction.
import type { Member, Prisma, Tier } from "@prisma/client";
import { grantEntryReward } from "./grants.server";
import { enqueueMemberSync } from "./outbox.server";
import { shopSetup } from "./shop-setup.server";
import { tierFor, tierWindowStart, type TierBasis, type TierWindow } from "./tiers";
import { notify } from "./notices.server";
import { announce } from "./flow-events.server";

type Tx = Prisma.TransactionClient;

/** Entries that count as points earned (lifetime points, points-based tiers). */
export const EARNING_KINDS: string[] = ["earn", "clawback", "cancel"];

type MeasuredMember = Pick<Member, "id" | "lifetimePoints" | "lifetimeSpentMinor">;

/** The value tiers are measured by, per member: points earned or amount spent, over the tier window. */
export async function tierProgressValues(
  tx: Tx,
  members: MeasuredMember[],
  basis: TierBasis,
  window: TierWindow,
  now: Date,
): Promise<Map<string, number>> {
  const since = tierWindowStart(window, now);
  const memberId = { in: members.map((m) => m.id) };
  if (!since) return new Map(members.map((m) => [m.id, basis === "points" ? m.lifetimePoints : m.lifetimeSpentMinor]));
  const values = new Map(members.map((m) => [m.id, 0]));
  if (basis === "points") {
    const sums = await tx.ledgerEntry.groupBy({
      by: ["memberId"],
      where: { memberId, kind: { in: EARNING_KINDS }, occurredAt: { gte: since } },
      _sum: { amount: true },
    });
    for (const s of sums) values.set(s.memberId, s._sum.amount ?? 0);
  } else {
    const sums = await tx.orderSummary.groupBy({
      by: ["memberId"],
      where: { memberId, cancelledAt: null, isTest: false, processedAt: { gte: since } },
      _sum: { totalMinor: true, refundedMinor: true },
    });
    for (const s of sums) if (s.memberId) values.set(s.memberId, (s._sum.totalMinor ?? 0) - (s._sum.refundedMinor ?? 0));
  }
  return values;
}

/** What tier evaluation needs of a shop; loaded once per transaction by callers that post often. */
export interface TierSetup {
  basis: TierBasis;
  window: TierWindow;
  tiers: readonly Tier[];
}

export async function loadTierSetup(tx: Tx, shopId: string): Promise<TierSetup | null> {
  const setup = await shopSetup(tx, shopId);
  if (!setup?.rules) return null;
  return { basis: setup.rules.tierBasis, window: setup.rules.tierWindow, tiers: setup.tiers };
}

export async function refreshTier(tx: Tx, member: Member, now: Date, setup?: TierSetup | null): Promise<Member> {
  const program = setup === undefined ? await loadTierSetup(tx, member.shopId) : setup;
  // A shop without tiers has nothing to measure (and nothing to clear).
  if (!program || (program.tiers.length === 0 && member.tierId === null)) return member;
  const tierProgress = (await tierProgressValues(tx, [member], program.basis, program.window, now)).get(member.id) ?? 0;
  const tierId = tierFor(program.tiers, tierProgress)?.id ?? null;
  if (tierId === member.tierId && tierProgress === member.tierProgress) return member;
  const updated = await tx.member.update({ where: { id: member.id }, data: { tierId, tierProgress } });
  if (tierId !== member.tierId) await tierChanged(tx, updated, member.tierId, program.tiers, now);
  return updated;
}

/** A member moved tier: the storefront shows it, and reaching a higher tier gives its entry reward. */
export async function tierChanged(tx: Tx, member: Member, fromTierId: string | null, tiers: readonly Tier[], now: Date) {
  await enqueueMemberSync(tx, member, now);
  const to = tiers.find((t) => t.id === member.tierId);
  const from = tiers.find((t) => t.id === fromTierId);
  await announce(tx, {
    shopId: member.shopId, customerId: member.customerId, trigger: "tierChanged", now,
    key: `tier:${member.id}:${fromTierId ?? "none"}:${member.tierId ?? "none"}:${now.getTime()}`,
    fields: { tier: to?.name ?? "", previousTier: from?.name ?? "", promoted: (to?.threshold ?? -1) > (from?.threshold ?? -1) },
  });
  if (to && (!from || to.threshold > from.threshold)) {
    await grantEntryReward(tx, member, to, now);
    // Once per tier: a member who drops back and climbs again is not told twice.
    await notify(tx, { shopId: member.shopId, memberId: member.id, type: "tierReached", key: `tier:${member.id}:${to.id}`, facts: { tier: to.name, multiplierPercent: to.multiplierPercent }, now });
  }
}
