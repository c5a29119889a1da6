// Adds or deletes a bonus campaign (the campaigns card on the program settings page posts here).
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { addCampaign, deleteCampaign, parseCampaign } from "../loyalty/campaigns.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const actor = staff;
  if (form.intent === "delete") {
    if (typeof form.id !== "string" || !(await deleteCampaign(db, shop.id, form.id, actor))) throw new Response("No such campaign", { status: 404 });
    return succeeded();
  }
  const parsed = parseCampaign(form);
  if ("errors" in parsed) return failed(parsed.errors);
  await addCampaign(db, shop.id, parsed.data, actor);
  return succeeded();
};
