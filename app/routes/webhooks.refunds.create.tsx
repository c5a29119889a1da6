import type { ActionFunctionArgs } from "@remix-run/node";
import { refundEvent, refundPayload } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "refunds/create", refundPayload, (payload, { currencyCode }) => ({
    kind: "order",
    event: refundEvent(payload, currencyCode),
  }));
