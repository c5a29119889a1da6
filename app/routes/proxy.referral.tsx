// POST /apps/klub/referral { code }: a signed-in shopper who came through a friend's invite link is
// linked to that friend and gets the shop's welcome offer (the storefront script sends it once
// after the shopper signs in).
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireProxy } from "../shopify/proxy-context.server";
import { referralFor } from "../storefront/spend.server";

export const action = async ({ request }: ActionFunctionArgs) => referralFor(db, await requireProxy(request, db, { once: true }), request);
