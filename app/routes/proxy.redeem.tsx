// POST /apps/klub/redeem: the signed-in shopper spends points on a reward (storefront panel, cart block).
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { limitSpends, requireProxy } from "../shopify/proxy-context.server";
import { redeemFor } from "../storefront/spend.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const proxy = await requireProxy(request, db, { once: true });
  if (proxy.customerId) await limitSpends(proxy);
  return redeemFor(db, proxy, request);
};
