// GET /apps/klub: the loyalty page, as Liquid that Shopify renders inside the shop's theme.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { translator } from "../i18n/i18n";
import { shopperHistory, shopperState } from "../loyalty/shopper.server";
import { requireProxy } from "../shopify/proxy-context.server";
import { loyaltyPage } from "../storefront/loyalty-page";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const proxy = await requireProxy(request, db, { once: false });
  const state = await shopperState(db, proxy.shop, proxy.customerId);
  if (!state) return proxy.liquid("", { status: 404 });
  const history = state.member && proxy.customerId ? await shopperHistory(db, proxy.shop, proxy.customerId) : [];
  const page = loyaltyPage(state, history, { t: translator(proxy.locale), locale: proxy.locale, currency: state.currency });
  return proxy.liquid(page, { headers: { "Cache-Control": "private, no-store" } });
};
