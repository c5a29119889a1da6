// GET /api/state: what the checkout and customer account extensions show the signed-in customer
// (the storefront panel's state, with the earning rules for an order's estimate and the history).
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { translator } from "../i18n/i18n";
import { campaignMultiplierPercent } from "../loyalty/earning";
import { shopperHistory, shopperState } from "../loyalty/shopper.server";
import { requireExtension, withCors } from "../shopify/extension-context.server";
import { formatNumber, shopperView } from "../storefront/shopper-view";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const shopper = await requireExtension(request, db);
  const now = new Date();
  const state = await shopperState(db, shopper.shop, shopper.customerId, now);
  if (!state) return withCors(Response.json({ programEnabled: false }));
  const t = translator(shopper.locale);
  const view = shopperView(state, { t, locale: shopper.locale, currency: state.currency });
  const history = state.member && shopper.customerId ? await shopperHistory(db, shopper.shop, shopper.customerId) : [];
  const date = new Intl.DateTimeFormat(shopper.locale, { dateStyle: "medium", timeZone: "UTC" });
  return withCors(
    Response.json({
      ...view,
      programEnabled: state.programEnabled,
      earning: {
        points: state.rules.earnPoints,
        per_minor: state.rules.earnPerAmountMinor,
        excluded_product_ids: [...state.rules.excludedProductIds, ...state.rules.excludedCollectionProductIds],
        // Tier and campaign multiply, as app/loyalty/earning.ts applies them to an order.
        multiplier_percent: ((state.member?.tier?.multiplierPercent ?? 100) * campaignMultiplierPercent(state.campaigns, now)) / 100,
        // Whether an order earns after its discounts (the estimate takes them off) or before.
        subtract_discounts: state.rules.subtractDiscounts,
      },
      history: history.map((h) => ({ id: h.id, kind: h.kind, amount: h.amount, text: t(`storefront.kinds.${h.kind}`), date: date.format(h.createdAt), amountText: (h.amount > 0 ? "+" : "") + formatNumber(h.amount, shopper.locale) })),
    }),
  );
};
