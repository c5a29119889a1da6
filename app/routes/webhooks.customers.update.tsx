import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { updateCustomerDetails } from "../loyalty/customers.server";
import { customerDetails, customerPayload } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "customers/update", customerPayload, ({ shop, payload }) =>
    updateCustomerDetails(db, shop.id, customerDetails(payload)),
  );
