import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { applyOrderEvent } from "../loyalty/orders.server";
import { refundEvent, refundPayload } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "refunds/create", refundPayload, ({ shop, payload }) =>
    applyOrderEvent(db, shop.id, refundEvent(payload, shop.currencyCode)),
  );
