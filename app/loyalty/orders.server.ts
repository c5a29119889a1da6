// Orders and refunds as they arrive, in any order and any number of times. Each event merges its
// facts into what is known of the order, then reconciles: the ledger gets the difference between
// what the order should hold and what it holds, keyed by the business event.
import { randomUUID } from "node:crypto";
import { Prisma, type Member, type OrderSummary, type Redemption } from "@prisma/client";
import { campaignMultiplierPercent } from "./earning";
import { creditReferral, rememberContactKeys, withdrawReferralBonus } from "./referrals.server";
import { credit, clawback, type Posted } from "./ledger.server";
import { inTransaction, sql, type DbOrTx } from "./transactions.server";
import { happenedAt, lotExpiresAt, spendableFrom } from "./lot-dates";
import { emailFacts, ensureMember } from "./members.server";
import { RefusedEvent, type OrderEvent, type OrderSnapshot } from "./events";
import { isFullyRefunded, isSuspect, orderFactsSchema, pointsOrderShouldHold, refundLineSchema, type FrozenEarning, type RefundFacts } from "./order-points";
import { customerOrderFlags } from "./retention";
import { earningRulesOf, type ProgramRules } from "./program";
import { EARNING_KINDS, refreshTier, type TierSetup } from "./tier-progress.server";
import { shopSetupOrThrow, type ShopSetup } from "./shop-setup.server";

type Tx = Prisma.TransactionClient;

export type { OrderEvent, OrderSnapshot };

export interface OrderOutcome {
  /** The order is known (a refund may arrive before its order). */
  known: boolean;
  memberId: string | null;
  /** Points the order holds after this event. */
  held: number;
  posted: Posted[];
}

/**
 * Each change of an order posts under its own key, named by the event that made it: a later
 * increase is never swallowed by an earlier one's key, and a replay of the same event with a
 * different outcome is refused by the ledger (LedgerConflict).
 */
function eventKey(event: OrderEvent, orderId: string, direction: "earn" | "take"): string {
  if (event.type === "refund") return `refund:${event.refundId}:${direction}`;
  if (event.type === "cancelled") return `order:${orderId}:cancel:${direction}`;
  return `order:${orderId}:${event.type}:${direction}`;
}

/** The rules an order is held to, stored with it when first seen (older rows: the current rules). */
function frozenEarning(summary: OrderSummary, rules: ProgramRules, programEnabled: boolean): FrozenEarning {
  const multiplierPercents = JSON.parse(summary.multiplierPercents ?? "[100, 100]") as number[];
  if (summary.earningRules) return { ...(JSON.parse(summary.earningRules) as Omit<FrozenEarning, "multiplierPercents">), multiplierPercents };
  return { rules: earningRulesOf(rules), maxPointsPerOrder: rules.maxPointsPerOrder, programEnabled, multiplierPercents };
}

async function memberForOrder(tx: Tx, shopId: string, rules: ProgramRules, order: OrderSnapshot, now: Date) {
  const customer = order.customer;
  if (!customer) return null;
  const [existing] = await sql(tx).query<Pick<Member, "id" | "tierId" | "locale" | "emailConsent">>`
    SELECT "id", "tierId", "locale", "emailConsent" FROM "Member" WHERE "shopId" = ${shopId} AND "customerId" = ${customer.customerId}`;
  if (existing) {
    // The language they shop in and their consent, as their latest order says.
    const facts = emailFacts(customer);
    const changed = (facts.locale && facts.locale !== existing.locale) || (facts.emailConsent && facts.emailConsent !== existing.emailConsent);
    return changed ? tx.member.update({ where: { id: existing.id }, data: facts, select: { id: true, tierId: true } }) : existing;
  }
  if (rules.enrollment !== "all") return null;
  return ensureMember(tx, shopId, customer, now, happenedAt(order.processedAt, now));
}

/** Records the order as first seen, or stamps what happened to it since. Returns it, and whether anything changed. */
async function recordSnapshot(
  tx: Tx,
  shopId: string,
  programEnabled: boolean,
  rules: ProgramRules,
  tierSetup: TierSetup,
  campaigns: ShopSetup["campaigns"],
  event: Extract<OrderEvent, { order: OrderSnapshot }>,
  now: Date,
): Promise<{ summary: OrderSummary; changed: boolean }> {
  const { order } = event;
  const stamps = {
    ...(event.type === "paid" ? { paidAt: now } : {}),
    ...(event.type === "fulfilled" ? { fulfilledAt: now } : {}),
    ...(event.type === "cancelled" || order.cancelledAt ? { cancelledAt: order.cancelledAt ?? now } : {}),
  };
  const [existing] = await sql(tx).query<OrderSummary>`SELECT * FROM "OrderSummary" WHERE "shopId" = ${shopId} AND "orderId" = ${order.orderId}`;
  if (existing) {
    // Facts are kept as first seen; only what happened to the order since is added.
    const update = Object.fromEntries(Object.entries(stamps).filter(([field]) => existing[field as keyof typeof stamps] === null));
    if (!Object.keys(update).length) return { summary: existing, changed: false };
    const summary = await tx.orderSummary.update({ where: { id: existing.id }, data: update });
    if ("cancelledAt" in update && summary.customerId) await refreshCustomerOrders(tx, shopId, summary.customerId);
    return { summary, changed: true };
  }
  // While the program is off, orders are recorded (analytics) but make no one a member.
  const member = programEnabled ? await memberForOrder(tx, shopId, rules, order, now) : null;
  const codes = order.discountCodes.map((code) => code.toUpperCase());
  // A partner's voucher is used at the partner: an order's discount code of the same letters is not it.
  const [redemption] = codes.length
    ? await sql(tx).query<Pick<Redemption, "id" | "status">>`SELECT "id", "status" FROM "Redemption" WHERE "shopId" = ${shopId} AND "code" IN (${Prisma.join(codes)})
        AND NOT EXISTS (SELECT 1 FROM "PartnerCode" WHERE "PartnerCode"."redemptionId" = "Redemption"."id") LIMIT 1`
    : [];
  if (redemption && redemption.status === "issued") {
    await tx.redemption.update({ where: { id: redemption.id }, data: { status: "used", orderId: order.orderId } });
  }
  // Multipliers are frozen when the order is first seen, so that refunds recompute the same way.
  const placedAt = order.facts.placedAt;
  const tier = tierSetup.tiers.find((t) => t.id === member?.tierId);
  const multipliers = [tier?.multiplierPercent ?? 100, campaignMultiplierPercent(campaigns, placedAt)];
  // Typed SQL (every new order). The id is a UUID: unique and opaque, as the cuid() Prisma would make.
  const created = new Date();
  const [summary] = await sql(tx).query<OrderSummary>`
    INSERT INTO "OrderSummary" ("id", "shopId", "orderId", "name", "customerId", "memberId", "currencyCode", "totalMinor", "subtotalMinor",
      "discountMinor", "discountCodes", "redemptionId", "isTest", "earningFacts", "multiplierPercents", "earningRules", "suspect",
      "processedAt", "paidAt", "fulfilledAt", "cancelledAt", "countryCode", "provinceCode", "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${shopId}, ${order.orderId}, ${order.name}, ${order.customer?.customerId ?? null}, ${member?.id ?? null}, ${order.currency},
      ${order.totalMinor}, ${order.subtotalMinor}, ${order.discountMinor}, ${JSON.stringify(order.discountCodes)}, ${redemption?.id ?? null},
      ${order.facts.isTest}, ${JSON.stringify(order.facts)}, ${JSON.stringify(multipliers)},
      ${JSON.stringify({ rules: earningRulesOf(rules), maxPointsPerOrder: rules.maxPointsPerOrder, programEnabled })}, ${isSuspect(order.facts)},
      ${order.processedAt}, ${stamps.paidAt ?? null}, ${stamps.fulfilledAt ?? null}, ${stamps.cancelledAt ?? null},
      ${order.location?.countryCode ?? null}, ${order.location?.provinceCode ?? null}, ${created}, ${created})
    RETURNING *`;
  if (summary.customerId) await refreshCustomerOrders(tx, shopId, summary.customerId);
  return { summary, changed: true };
}

/** Keeps the refund; returns false when it was known already. */
async function recordRefund(tx: Tx, shopId: string, event: Extract<OrderEvent, { type: "refund" }>): Promise<boolean> {
  const known = await tx.orderRefund.findUnique({ where: { shopId_refundId: { shopId, refundId: event.refundId } } });
  if (known) return false;
  await tx.orderRefund.create({
    data: {
      shopId,
      refundId: event.refundId,
      orderId: event.orderId,
      lines: JSON.stringify(event.lines),
      amountMinor: event.amountMinor,
      unallocatedMinor: event.unallocatedMinor,
      refundedAt: event.refundedAt,
    },
  });
  return true;
}

async function pointsHeld(tx: Tx, memberId: string, orderId: string): Promise<number> {
  const [row] = await sql(tx).query<{ held: number | bigint | null }>`
    SELECT SUM("amount") AS "held" FROM "LedgerEntry" WHERE "memberId" = ${memberId} AND "orderId" = ${orderId} AND "kind" IN (${Prisma.join(EARNING_KINDS)})`;
  return Number(row.held ?? 0);
}

/** Gives back the points spent on a reward used in an order that was cancelled or fully refunded. */
async function returnRedeemedPoints(tx: Tx, summary: OrderSummary, memberId: string, rules: ProgramRules, tierSetup: TierSetup, now: Date, occurredAt: Date) {
  if (!summary.redemptionId || !rules.returnPointsOnRefund) return null;
  const redemption = await tx.redemption.findUnique({ where: { id: summary.redemptionId } });
  if (!redemption || redemption.memberId !== memberId || redemption.pointsSpent <= 0 || redemption.status === "returned") return null;
  await tx.redemption.update({ where: { id: redemption.id }, data: { status: "returned" } });
  return credit(tx, {
    shopId: summary.shopId,
    memberId,
    kind: "reversal",
    key: `redemption:${redemption.id}:return`,
    points: redemption.pointsSpent,
    reason: { code: summary.cancelledAt ? "reward_returned_cancelled" : "reward_returned_refunded", params: { order: summary.name ?? summary.orderId } },
    orderId: summary.orderId,
    now,
    occurredAt,
    expiresAt: lotExpiresAt(occurredAt, rules),
    tierSetup,
  });
}

/** The order's refunded amount, and its member's lifetime spend, order count and last order, after the order changed. */
async function updateSpend(tx: Tx, summary: OrderSummary, refundedMinor: number): Promise<OrderSummary> {
  const updated =
    refundedMinor === summary.refundedMinor
      ? summary
      : await tx.orderSummary.update({ where: { id: summary.id }, data: { refundedMinor } });
  if (summary.memberId) await refreshMemberOrders(tx, summary.memberId);
  return updated;
}

/**
 * Marks the customer's first counted order, and whether it was retained (the analytics' repeat
 * figures; the rollups follow by trigger). Called when an order is recorded or cancelled: what
 * makes an order count or not.
 */
export async function refreshCustomerOrders(tx: Tx, shopId: string, customerId: string) {
  const orders = await sql(tx).query<Pick<OrderSummary, "id" | "processedAt" | "cancelledAt" | "isTest" | "firstOrder" | "retained" | "secondOrder" | "firstOrderAt">>`
    SELECT "id", "processedAt", "cancelledAt", "isTest", "firstOrder", "retained", "secondOrder", "firstOrderAt" FROM "OrderSummary" WHERE "shopId" = ${shopId} AND "customerId" = ${customerId}`;
  const flags = customerOrderFlags(orders);
  for (const order of orders) {
    const want = flags.get(order.id)!;
    const sameFirstAt = (want.firstOrderAt?.getTime() ?? null) === (order.firstOrderAt ? new Date(order.firstOrderAt).getTime() : null);
    if (want.firstOrder !== order.firstOrder || want.retained !== order.retained || want.secondOrder !== order.secondOrder || !sameFirstAt) {
      await sql(tx).execute`UPDATE "OrderSummary" SET "firstOrder" = ${want.firstOrder}, "retained" = ${want.retained}, "secondOrder" = ${want.secondOrder}, "firstOrderAt" = ${want.firstOrderAt}, "updatedAt" = ${new Date()} WHERE "id" = ${order.id}`;
    }
  }
}

/**
 * A member's lifetime spend, order count and last order, from their paid orders (not cancelled, not
 * tests), and where they are: the country and region of their latest order that names one.
 */
export async function refreshMemberOrders(tx: Tx, memberId: string) {
  // One statement (typed SQL: every order event passes here, docs/benchmarks.md).
  const counted = Prisma.sql`FROM "OrderSummary" WHERE "memberId" = ${memberId} AND "paidAt" IS NOT NULL AND "cancelledAt" IS NULL AND "isTest" = ${false}`;
  const located = (column: "countryCode" | "provinceCode") =>
    Prisma.sql`SELECT ${Prisma.raw(`"${column}"`)} FROM "OrderSummary" WHERE "memberId" = ${memberId} AND "countryCode" IS NOT NULL ORDER BY "processedAt" DESC, "id" DESC LIMIT 1`;
  await sql(tx).execute`
    UPDATE "Member" SET
      "lifetimeSpentMinor" = (SELECT COALESCE(SUM("totalMinor"), 0) - COALESCE(SUM("refundedMinor"), 0) ${counted}),
      "orderCount" = (SELECT COUNT(*) ${counted}),
      "lastOrderAt" = (SELECT MAX("processedAt") ${counted}),
      "countryCode" = COALESCE((${located("countryCode")}), "countryCode"),
      "provinceCode" = CASE WHEN (${located("countryCode")}) IS NULL THEN "provinceCode" ELSE (${located("provinceCode")}) END,
      "updatedAt" = ${new Date()}
    WHERE "id" = ${memberId}`;
}

/** Amounts are kept in the shop's currency: an event in another is refused, never mis-scaled. */
function assertShopCurrency(event: OrderEvent, shopCurrency: string) {
  const currency = event.type === "refund" ? event.currency : event.order.currency;
  if (currency !== null && currency !== shopCurrency) {
    const what = event.type === "refund" ? `refund ${event.refundId} of order ${event.orderId}` : `order ${event.order.orderId}`;
    throw new RefusedEvent(`${what} is in ${currency}, the shop's currency is ${shopCurrency}: not applied`);
  }
}

export async function applyOrderEvent(db: DbOrTx, shopId: string, event: OrderEvent, now = new Date()): Promise<OrderOutcome> {
  return inTransaction(db, async (tx) => {
    const shop = await shopSetupOrThrow(tx, shopId);
    assertShopCurrency(event, shop.currencyCode);
    const rules = shop.rules;
    if (!rules) throw new Error(`shop ${shopId} has no program settings`);
    const tierSetup: TierSetup = { basis: rules.tierBasis, window: rules.tierWindow, tiers: shop.tiers };
    const orderId = event.type === "refund" ? event.orderId : event.order.orderId;
    let summary: OrderSummary | null;
    let changed: boolean;
    if (event.type === "refund") {
      changed = await recordRefund(tx, shopId, event);
      summary = await tx.orderSummary.findUnique({ where: { shopId_orderId: { shopId, orderId } } });
    } else {
      ({ summary, changed } = await recordSnapshot(tx, shopId, shop.programEnabled, rules, tierSetup, shop.campaigns, event, now));
    }
    if (!summary) return { known: false, memberId: null, held: 0, posted: [] };
    const refundRows = await sql(tx).query<{ lines: string; unallocatedMinor: number; amountMinor: number }>`
      SELECT "lines", "unallocatedMinor", "amountMinor" FROM "OrderRefund" WHERE "shopId" = ${shopId} AND "orderId" = ${orderId}`;
    if (changed) summary = await updateSpend(tx, summary, refundRows.reduce((sum, r) => sum + r.amountMinor, 0));
    const memberId = summary.memberId;
    if (!memberId) return { known: true, memberId: null, held: 0, posted: [] };

    const facts = orderFactsSchema.parse(JSON.parse(summary.earningFacts));
    const refunds: RefundFacts[] = refundRows.map((r) => ({
      lines: refundLineSchema.array().parse(JSON.parse(r.lines)),
      unallocatedMinor: r.unallocatedMinor,
    }));
    const earnedAt = rules.awardOn === "paid" ? summary.paidAt : summary.fulfilledAt;
    const earnable = earnedAt !== null && summary.cancelledAt === null;
    const frozen = frozenEarning(summary, rules, shop.programEnabled);
    const held = await pointsHeld(tx, memberId, orderId);
    const delta = (earnable ? pointsOrderShouldHold(facts, refunds, frozen) : 0) - held;
    const posted: Posted[] = [];
    // Business time: points are earned when the order was placed, taken back when it was refunded or cancelled.
    const orderedAt = happenedAt(summary.processedAt, now);
    const undoneAt = happenedAt(event.type === "refund" ? event.refundedAt : summary.cancelledAt, now);
    if (delta > 0) {
      const availableAt = spendableFrom(rules.awardOn === "paid" ? summary.processedAt : earnedAt!, rules);
      posted.push(
        await credit(tx, {
          shopId, memberId, kind: "earn", key: eventKey(event, orderId, "earn"), points: delta,
          reason: { code: "order", params: { order: summary.name ?? orderId } }, orderId, now, occurredAt: orderedAt, availableAt,
          expiresAt: lotExpiresAt(availableAt, rules), tierSetup,
        }),
      );
    } else if (delta < 0) {
      posted.push(
        await clawback(tx, {
          shopId, memberId, kind: summary.cancelledAt ? "cancel" : "clawback", key: eventKey(event, orderId, "take"),
          points: -delta, orderId, allowNegativeBalance: rules.allowNegativeBalance, now, occurredAt: undoneAt, tierSetup,
          reason: { code: summary.cancelledAt ? "order_cancelled" : "order_refunded", params: { order: summary.name ?? orderId } },
        }),
      );
    }
    if (summary.cancelledAt || isFullyRefunded(facts, refunds)) {
      const returned = await returnRedeemedPoints(tx, summary, memberId, rules, tierSetup, now, undoneAt);
      if (returned) posted.push(returned);
      await withdrawReferralBonus(tx, { shopId, friendId: memberId, orderId, tierSetup, now, occurredAt: undoneAt });
    }
    // A friend's first paid order through a referral link pays both bonuses (not part of the order's points).
    const paid = summary.paidAt !== null && summary.cancelledAt === null && (!summary.isTest || rules.rewardTestOrders);
    if (event.type === "paid" && paid && frozen.programEnabled) {
      await creditReferral(tx, { shopId, friendId: memberId, code: event.order.referralCode ?? null, orderId, contactKeys: event.order.contactKeys ?? null, rules, tierSetup, now, orderedAt });
    }
    if (event.type === "paid" && event.order.contactKeys) await rememberContactKeys(tx, memberId, event.order.contactKeys);
    // Spend-based tiers move with the order even when no points did.
    if (changed && !posted.length && tierSetup.basis === "spend") {
      await refreshTier(tx, await tx.member.findUniqueOrThrow({ where: { id: memberId } }), now, tierSetup);
    }
    const heldNow = held + posted.filter((p) => !p.replayed && EARNING_KINDS.includes(p.entry.kind)).reduce((sum, p) => sum + p.entry.amount, 0);
    return { known: true, memberId, held: heldNow, posted };
  });
}
