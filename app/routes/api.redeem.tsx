// POST /api/redeem: checkout and customer account redeem through the storefront's one redeem. (A
// CORS preflight reaches the action too and is answered 204 by requireExtension.)
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireExtension, withCors } from "../shopify/extension-context.server";
import { redeemFor } from "../storefront/spend.server";

export const action = async ({ request }: ActionFunctionArgs) => withCors(await redeemFor(db, await requireExtension(request, db), request));
