// The one redeem for every surface: reserve the points (app/loyalty/redeem.server.ts), create the
// code or store credit on Shopify, confirm; give the points back when Shopify refuses or does not
// answer. And the shopper's cancel of an unused code: deactivate it on Shopify, then give back.
import type { PrismaClient, Redemption, Reward } from "@prisma/client";
import { cancellableRedemption, confirmRedemption, RedeemRefused, reserveRedemption, returnRedemption, type RedeemInput } from "../loyalty/redeem.server";
import { logger } from "../logger.server";
import type { AdminGraphql } from "./outbox-worker.server";
import { deactivateCode, issueOnShopify } from "./reward-issuer.server";

/** Shopify refused the reward or did not answer; the points were given back. */
export class RewardNotIssued extends Error {
  override name = "RewardNotIssued";
  constructor(readonly redemption: Redemption) {
    super(`Reward not issued: redemption ${redemption.id}`);
  }
}

export type RedeemedReward = Redemption & { reward: Reward };

/**
 * Redeems a reward for a customer. A retry with the same request id answers with the first
 * redemption: issued, still being issued (a double click), or failed again.
 */
export async function redeem(db: PrismaClient, graphql: AdminGraphql, input: RedeemInput): Promise<RedeemedReward> {
  const now = input.now ?? new Date();
  const { redemption, replayed } = await reserveRedemption(db, { ...input, now });
  if (redemption.status === "failed") throw new RewardNotIssued(redemption);
  // A partner's voucher was given out with the points (nothing to make on Shopify).
  if (replayed || redemption.status === "issued") return redemption;
  const shop = await db.shop.findUniqueOrThrow({ where: { id: input.shopId }, select: { currencyCode: true } });
  let outcome;
  try {
    outcome = await issueOnShopify(graphql, redemption, input.customerId, shop.currencyCode, now);
  } catch (error) {
    logger.warn({ err: error, redemption: redemption.id }, "Shopify did not answer a redeem; the points were given back");
    throw new RewardNotIssued(await returnRedemption(db, redemption.id, "failed", { now, revoke: true }));
  }
  if (!outcome.issued) {
    logger.warn({ redemption: redemption.id, userErrors: outcome.userErrors }, "Shopify refused a redeem; the points were given back");
    throw new RewardNotIssued(await returnRedemption(db, redemption.id, "failed", { now }));
  }
  return { ...(await confirmRedemption(db, redemption.id, outcome)), reward: redemption.reward };
}

/** The shopper cancels their unused code: it stops working on Shopify first, then the points come back. */
export async function cancelCode(db: PrismaClient, graphql: AdminGraphql, input: { shopId: string; customerId: string; redemptionId: string; now?: Date }): Promise<RedeemedReward> {
  const now = input.now ?? new Date();
  const redemption = await cancellableRedemption(db, input.shopId, input.customerId, input.redemptionId, now);
  await deactivateCode(graphql, redemption);
  const cancelled = await returnRedemption(db, redemption.id, "cancelled", { now });
  if (cancelled.status !== "cancelled") throw new RedeemRefused("not_cancellable"); // used meanwhile
  return cancelled;
}
