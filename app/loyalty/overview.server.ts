// The headline figures of a shop's program, and its setup checklist, for the admin's home page.
import type { PrismaClient } from "@prisma/client";

const DAY = 86_400_000;

export async function programOverview(db: PrismaClient, shopId: string, now = new Date()) {
  const since = new Date(now.getTime() - 30 * DAY);
  const [shop, members, balances, issued, redeemed, rewards, settingsChanges] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId } }),
    db.member.count({ where: { shopId, redactedAt: null } }),
    db.member.aggregate({ where: { shopId }, _sum: { balance: true } }),
    db.ledgerEntry.aggregate({ where: { shopId, kind: "earn", occurredAt: { gte: since } }, _sum: { amount: true } }),
    db.ledgerEntry.aggregate({ where: { shopId, kind: "redeem", occurredAt: { gte: since } }, _sum: { amount: true } }),
    db.reward.count({ where: { shopId, deletedAt: null } }),
    db.activityLog.count({ where: { shopId, action: "settings.updated" } }),
  ]);
  return {
    programEnabled: shop.programEnabled,
    currencyCode: shop.currencyCode,
    members,
    outstanding: Math.max(0, balances._sum.balance ?? 0),
    issued30: issued._sum.amount ?? 0,
    redeemed30: Math.abs(redeemed._sum.amount ?? 0),
    rewards,
    earningConfigured: settingsChanges > 0,
  };
}

export type SetupStep = "earning" | "reward" | "embed";

/**
 * The steps a new program needs, in order, each done or not. Whether the storefront shows Klub
 * (the theme's app embed) is a fact the caller reads from the shop's theme.
 */
export function setupSteps(overview: { earningConfigured: boolean; rewards: number }, storefrontEmbedOn: boolean): { step: SetupStep; done: boolean }[] {
  return [
    { step: "earning", done: overview.earningConfigured },
    { step: "reward", done: overview.rewards > 0 },
    { step: "embed", done: storefrontEmbedOn },
  ];
}
