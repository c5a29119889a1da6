// A follow claim as the storefront answers it: the shopper checked (logged_in_customer_id only),
// the one claim of app/loyalty/social.server.ts, and the answer worded in the shopper's language
// in the one action shape.
import type { PrismaClient } from "@prisma/client";
import { failed, succeeded } from "../action-result";
import { translator, type Locale } from "../i18n/i18n";
import { installedShop } from "../loyalty/program.server";
import { isSocialNetwork, NETWORK_NAMES } from "../loyalty/social";
import { claimFollow, FollowRefused } from "../loyalty/social.server";
import { formatPoints } from "./shopper-view";
import type { Shopper } from "./spend.server";

const NO_STORE = { "Cache-Control": "no-store" };

function refusal(status: number, locale: Locale, key: string) {
  return Response.json(failed({ form: translator(locale)(key) }), { status, headers: NO_STORE });
}

/** POST social/<network> -> { ok, errors, data: { network, credited, alreadyClaimed, message } }. */
export async function followFor(db: PrismaClient, shopper: Omit<Shopper, "graphql">, network: string): Promise<Response> {
  const { locale } = shopper;
  if (!isSocialNetwork(network)) return refusal(404, locale, "storefront.social.errors.not_set_up");
  if (!shopper.customerId) return refusal(401, locale, "storefront.social.errors.guest");
  const shop = await installedShop(db, shopper.shop);
  if (!shop) return refusal(403, locale, "storefront.errors.program_off");
  try {
    const claim = await claimFollow(db, shop.id, shopper.customerId, network, new Date());
    const t = translator(locale);
    const message = claim.alreadyClaimed
      ? t("storefront.social.already", { network: NETWORK_NAMES[network] })
      : t("storefront.social.credited", { points: formatPoints(claim.credited, { t, locale, currency: shop.currencyCode }) });
    return Response.json(succeeded({ network, credited: claim.credited, alreadyClaimed: claim.alreadyClaimed, message }), { headers: NO_STORE });
  } catch (error) {
    if (!(error instanceof FollowRefused)) throw error;
    switch (error.reason) {
      case "program_off":
        return refusal(403, locale, "storefront.errors.program_off");
      case "not_set_up":
        return refusal(404, locale, "storefront.social.errors.not_set_up");
      case "no_member":
        return refusal(409, locale, "storefront.social.errors.no_member");
    }
  }
}
