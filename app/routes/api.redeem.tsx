// POST /api/redeem: checkout and customer account redeem through the storefront's one redeem.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { postOnly, requireExtension, withCors } from "../shopify/extension-context.server";
import { redeemFor } from "../storefront/spend.server";

export const action = async ({ request }: ActionFunctionArgs) => withCors(await redeemFor(db, await requireExtension(request, db), request));

// The browser's CORS preflight goes to the loader (Remix never hands OPTIONS to an action).
export const loader = postOnly;
