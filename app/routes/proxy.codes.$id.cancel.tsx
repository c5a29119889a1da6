// POST /apps/klub/codes/<id>/cancel: the signed-in shopper cancels an unused code; the points return.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { limitSpends, requireProxy } from "../shopify/proxy-context.server";
import { cancelFor } from "../storefront/spend.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const proxy = await requireProxy(request, db, { once: true });
  if (proxy.customerId) await limitSpends(proxy);
  return cancelFor(db, proxy, params.id ?? "");
};
