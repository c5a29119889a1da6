// POST /api/codes/<id>/cancel: checkout (a removed reward) and customer account cancel an unused
// code through the storefront's one cancel; the points return.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { postOnly, requireExtension, withCors } from "../shopify/extension-context.server";
import { cancelFor } from "../storefront/spend.server";

export const action = async ({ request, params }: ActionFunctionArgs) => withCors(await cancelFor(db, await requireExtension(request, db), params.id ?? ""));

// The browser's CORS preflight goes to the loader (Remix never hands OPTIONS to an action).
export const loader = postOnly;
