// Redeem and cancel as every shopper surface answers them (app proxy today; checkout and customer
// account call the same): the body checked, the one redeem of app/shopify/redeem.server.ts, and
// each refusal worded in the shopper's language in the one action shape.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { failed, succeeded } from "../action-result";
import { translator, type Locale } from "../i18n/i18n";
import { logger } from "../logger.server";
import { installedShop } from "../loyalty/program.server";
import { isRewardSegment } from "../loyalty/reward-audience";
import { RedeemRefused } from "../loyalty/redeem.server";
import { linkReferral } from "../loyalty/referrals.server";
import { inTransaction } from "../loyalty/transactions.server";
import { shopperState } from "../loyalty/shopper.server";
import type { AdminGraphql } from "../shopify/outbox-worker.server";
import { cancelCode, redeem, RewardNotIssued } from "../shopify/redeem.server";
import { codeView, formatPoints, memberView, type Wording } from "./shopper-view";

export interface Shopper {
  shop: string;
  customerId: string | null;
  locale: Locale;
  graphql: AdminGraphql | null;
}

const redeemBody = z.object({
  rewardId: z.string().min(1).max(64),
  requestId: z.string().min(8).max(100),
  points: z.number().int().positive().optional(),
});

const NO_STORE = { "Cache-Control": "no-store" };

function refusal(status: number, locale: Locale, key: string, values: Record<string, unknown> = {}) {
  return Response.json(failed({ form: translator(locale)(`storefront.errors.${key}`, values) }), { status, headers: NO_STORE });
}

async function body(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

/** The shopper, their shop and its Admin API, or the answer that says why not. */
async function spender(db: PrismaClient, shopper: Shopper) {
  if (!shopper.customerId) return { refusal: refusal(401, shopper.locale, "guest") } as const;
  const shop = await installedShop(db, shopper.shop);
  if (!shop || !shopper.graphql) return { refusal: refusal(503, shopper.locale, "program_off") } as const;
  const wording: Wording = { t: translator(shopper.locale), locale: shopper.locale, currency: shop.currencyCode };
  return { refusal: null, shop, customerId: shopper.customerId, graphql: shopper.graphql, wording } as const;
}

async function answer(db: PrismaClient, shopper: Shopper, wording: Wording, redemption: { id: string }) {
  const state = await shopperState(db, shopper.shop, shopper.customerId);
  const code = state?.codes.find((c) => c.id === redemption.id);
  return Response.json(succeeded({ code: code ? codeView(code, wording) : null, member: state?.member ? memberView(state.member, wording) : null }), { headers: NO_STORE });
}

function refused(error: unknown, wording: Wording): Response {
  const { locale } = wording;
  if (error instanceof RewardNotIssued) return refusal(502, locale, "not_issued");
  if (!(error instanceof RedeemRefused)) throw error;
  switch (error.reason) {
    case "insufficient":
      return refusal(409, locale, "insufficient", { missing: formatPoints((error.details.required ?? 0) - (error.details.balance ?? 0), wording) });
    case "no_member":
      return refusal(409, locale, "no_member");
    case "not_cancellable":
      return refusal(409, locale, "not_cancellable");
    case "no_reward":
      return refusal(404, locale, "no_reward");
    case "tier":
      return refusal(403, locale, "tier");
    case "segment":
      return refusal(403, locale, isRewardSegment(error.details.segment ?? null) ? `segment_${error.details.segment}` : "segment");
    case "program_off":
      return refusal(403, locale, "program_off");
    case "sold_out":
      return refusal(409, locale, "sold_out");
    case "points_out_of_range":
      return refusal(400, locale, "points_out_of_range", { min: formatPoints(error.details.min ?? 0, wording), max: formatPoints(error.details.max ?? 0, wording) });
  }
}

/** POST redeem: { rewardId, requestId, points? } -> { ok, errors, data: { code, member } }. */
export async function redeemFor(db: PrismaClient, shopper: Shopper, request: Request): Promise<Response> {
  const who = await spender(db, shopper);
  if (who.refusal) return who.refusal;
  const parsed = redeemBody.safeParse(await body(request));
  if (!parsed.success) return refusal(400, shopper.locale, "bad_request");
  try {
    const redemption = await redeem(db, who.graphql, { shopId: who.shop.id, customerId: who.customerId, ...parsed.data });
    return answer(db, shopper, who.wording, redemption);
  } catch (error) {
    return refused(error, who.wording);
  }
}

/** POST cancel of the shopper's own unused code -> { ok, errors, data: { code, member } }. */
export async function cancelFor(db: PrismaClient, shopper: Shopper, redemptionId: string): Promise<Response> {
  const who = await spender(db, shopper);
  if (who.refusal) return who.refusal;
  try {
    const redemption = await cancelCode(db, who.graphql, { shopId: who.shop.id, customerId: who.customerId, redemptionId });
    return answer(db, shopper, who.wording, redemption);
  } catch (error) {
    if (error instanceof RedeemRefused) return refused(error, who.wording);
    logger.warn({ err: error, redemption: redemptionId }, "Shopify did not deactivate a code; nothing was changed");
    return refusal(502, shopper.locale, "not_cancelled");
  }
}

const referralBody = z.object({ code: z.string().trim().min(4).max(64) });

/** POST referral: { code } -> { ok, errors, data: { linked, code } } (the welcome offer's code, once Shopify made it). */
export async function referralFor(db: PrismaClient, shopper: Shopper, request: Request): Promise<Response> {
  const who = await spender(db, shopper);
  if (who.refusal) return who.refusal;
  const parsed = referralBody.safeParse(await body(request));
  if (!parsed.success) return refusal(400, shopper.locale, "bad_request");
  const { linked, welcome } = await inTransaction(db, (tx) => linkReferral(tx, { shopId: who.shop.id, customerId: who.customerId, code: parsed.data.code, now: new Date() }));
  const state = linked ? await shopperState(db, shopper.shop, who.customerId) : null;
  const code = welcome ? state?.codes.find((c) => c.id === welcome.id) : undefined;
  return Response.json(succeeded({ linked, code: code ? codeView(code, who.wording) : null }), { headers: NO_STORE });
}
