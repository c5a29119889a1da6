import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { markUninstalled } from "../loyalty/privacy.server";
import { receiveWebhook } from "../shopify/webhooks.server";

// Shopify may deliver this more than once, also after the shop was marked.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "app/uninstalled", z.object({}).loose(), ({ domain }) => markUninstalled(db, domain), {
    forUninstalledShops: true,
  });
