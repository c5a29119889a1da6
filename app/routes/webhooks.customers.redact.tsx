import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { redactCustomer } from "../loyalty/privacy.server";
import { customerRedactPayload } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(
    request,
    "customers/redact",
    customerRedactPayload,
    ({ shop, payload }) => redactCustomer(db, shop.id, payload.customer.id),
    { forUninstalledShops: true },
  );
