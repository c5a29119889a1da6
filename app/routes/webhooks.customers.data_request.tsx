import type { ActionFunctionArgs } from "@remix-run/node";
import { dataRequestPayload, sameShop } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(
    request,
    "customers/data_request",
    dataRequestPayload,
    (payload, delivery) => (
      sameShop(payload, delivery), { kind: "data_request", customerId: payload.customer.id, requestId: payload.data_request?.id ?? null }
    ),
    { forUninstalledShops: true },
  );
