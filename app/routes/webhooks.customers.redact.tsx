import type { ActionFunctionArgs } from "@remix-run/node";
import { customerRedactPayload, sameShop } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(
    request,
    "customers/redact",
    customerRedactPayload,
    (payload, delivery) => (sameShop(payload, delivery), { kind: "customer_redact", customerId: payload.customer.id }),
    { forUninstalledShops: true },
  );
