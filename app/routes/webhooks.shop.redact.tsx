import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { sameShop } from "../shopify/payloads";
import { receiveWebhook } from "../shopify/webhooks.server";

export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(
    request,
    "shop/redact",
    z.object({ shop_domain: z.string() }).loose(),
    (payload, delivery) => (sameShop(payload, delivery), { kind: "shop_redact" }),
    // Sent 48 hours after uninstall: everything Klub holds for the shop goes.
    { forUninstalledShops: true, endsWaiting: true },
  );
