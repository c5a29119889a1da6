// GET /api/orders/<order id>: the points of one of the signed-in customer's orders and their state
// (thank-you page, order status), with the customer's balance.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { succeeded } from "../action-result";
import db from "../db.server";
import { translator } from "../i18n/i18n";
import { shopperOrderPoints, shopperState } from "../loyalty/shopper.server";
import { requireExtension, withCors } from "../shopify/extension-context.server";
import { formatPoints, memberView } from "../storefront/shopper-view";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const shopper = await requireExtension(request, db);
  const orderId = /^\d{1,20}$/.exec(params.id ?? "")?.[0];
  if (!orderId) return withCors(Response.json({ ok: false, errors: { form: translator(shopper.locale)("storefront.errors.bad_request") } }, { status: 400 }));
  const state = await shopperState(db, shopper.shop, shopper.customerId);
  if (!state || !shopper.customerId) return withCors(Response.json(succeeded({ points: 0, pointsText: "", state: "none", stateText: "", member: null })));
  const order = await shopperOrderPoints(db, shopper.shop, shopper.customerId, orderId);
  const wording = { t: translator(shopper.locale), locale: shopper.locale, currency: state.currency };
  const pointsText = formatPoints(order.points, wording);
  const date = order.availableAt ? new Intl.DateTimeFormat(shopper.locale, { dateStyle: "medium", timeZone: "UTC" }).format(order.availableAt) : "";
  return withCors(
    Response.json(
      succeeded({
        points: order.points,
        pointsText,
        state: order.state,
        stateText: wording.t(`storefront.order.${order.state}`, { points: pointsText, date }),
        member: state.member ? memberView(state.member, wording) : null,
      }),
    ),
  );
};
