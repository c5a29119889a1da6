import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { enrolNewCustomer } from "../loyalty/customers.server";
import { customerDetails, customerPayload } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "customers/create", customerPayload, ({ shop, payload }) =>
    enrolNewCustomer(db, shop.id, customerDetails(payload)),
  );
