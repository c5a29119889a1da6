import type { ActionFunctionArgs } from "@remix-run/node";
import { customerDetails, customerPayload } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "customers/update", customerPayload, (payload) => ({
    kind: "customer_updated",
    customer: customerDetails(payload),
  }));
