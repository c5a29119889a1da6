import type { ActionFunctionArgs } from "@remix-run/node";
import { orderPayload, orderSnapshot } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "orders/paid", orderPayload, (payload) => ({
    kind: "order",
    event: { type: "paid", order: orderSnapshot(payload) },
  }));
