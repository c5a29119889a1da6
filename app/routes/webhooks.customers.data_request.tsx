import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { recordDataRequest } from "../loyalty/privacy.server";
import { dataRequestPayload } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(
    request,
    "customers/data_request",
    dataRequestPayload,
    ({ shop, payload }) =>
      recordDataRequest(db, shop.id, { customerId: payload.customer.id, requestId: payload.data_request?.id ?? null }),
    { forUninstalledShops: true },
  );
