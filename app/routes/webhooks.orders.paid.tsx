import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { applyOrderEvent } from "../loyalty/orders.server";
import { orderPayload, orderSnapshot } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "orders/paid", orderPayload, ({ shop, payload }) =>
    applyOrderEvent(db, shop.id, { type: "paid", order: orderSnapshot(payload) }),
  );
