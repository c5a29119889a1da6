// POST /apps/klub/feedback: the signed-in member answers "how do you like the program?" (asked in
// the panel after a redemption, at most once a quarter); the shop's bonus is credited once a quarter.
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { requireProxy } from "../shopify/proxy-context.server";
import { feedbackFor } from "../storefront/feedback.server";

export const action = async ({ request }: ActionFunctionArgs) => feedbackFor(db, await requireProxy(request, db, { once: true }), request);
