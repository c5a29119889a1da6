// POST /apps/klub/social/<network>: the signed-in member followed the shop's account (the
// storefront opened the profile in a new tab); the points are credited once per member and network.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireProxy } from "../shopify/proxy-context.server";
import { followFor } from "../storefront/social.server";

export const action = async ({ request, params }: ActionFunctionArgs) => followFor(db, await requireProxy(request, db, { once: true }), params.network ?? "");
