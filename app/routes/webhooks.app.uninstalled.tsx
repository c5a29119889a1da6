import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "app/uninstalled", z.object({}).loose(), () => ({ kind: "app_uninstalled" }), {
    // Shopify may deliver this more than once, also after the shop was marked.
    forUninstalledShops: true,
    endsWaiting: true,
  });
