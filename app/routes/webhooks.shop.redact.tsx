import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "shop/redact", z.object({ shop_domain: z.string() }).loose(), () => ({ kind: "shop_redact" }), {
    // Sent 48 hours after uninstall: everything Klub holds for the shop goes.
    forUninstalledShops: true,
  });
