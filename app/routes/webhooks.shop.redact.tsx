import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { eraseShop } from "../loyalty/privacy.server";
import { receiveWebhook } from "../shopify/webhooks.server";

// Sent 48 hours after uninstall: everything Klub holds for the shop goes.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "shop/redact", z.object({ shop_domain: z.string() }).loose(), ({ domain }) => eraseShop(db, domain), {
    forUninstalledShops: true,
  });
