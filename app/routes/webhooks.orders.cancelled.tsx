import type { ActionFunctionArgs } from "@remix-run/node";
import { orderPayload, orderSnapshot } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "orders/cancelled", orderPayload, (payload) => ({
    kind: "order",
    event: { type: "cancelled", order: orderSnapshot(payload) },
  }));
