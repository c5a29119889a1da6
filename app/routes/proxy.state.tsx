// GET /apps/klub/state: what the storefront panel and cart block show, for the signed-in shopper.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { translator } from "../i18n/i18n";
import { shopperState } from "../loyalty/shopper.server";
import { proxyError, requireProxy } from "../shopify/proxy-context.server";
import { shopperView } from "../storefront/shopper-view";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const proxy = await requireProxy(request, db, { once: true });
  const ref = new URL(request.url).searchParams.get("ref");
  const state = await shopperState(db, proxy.shop, proxy.customerId, new Date(), ref ? ref.slice(0, 64) : null);
  if (!state) return proxyError(404, proxy.locale, "program_off");
  const view = shopperView(state, { t: translator(proxy.locale), locale: proxy.locale, currency: state.currency });
  return Response.json({ ...view, programEnabled: state.programEnabled }, { headers: { "Cache-Control": "private, no-store" } });
};
