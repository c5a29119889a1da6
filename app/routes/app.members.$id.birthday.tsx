// Sets or clears a member's birthday (the birthday card on the member's page posts here).
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { parseBirthday } from "../loyalty/birthday";
import { setBirthday } from "../loyalty/birthdays.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const text = String((await request.formData()).get("birthday") ?? "").trim();
  const birthday = text === "" ? null : parseBirthday(text);
  if (text !== "" && !birthday) return failed<{ birthday: string }>({ birthday: "member.birthdayInvalid" });
  if (!(await setBirthday(db, shop.id, params.id ?? "", birthday, staff))) throw new Response("No such member", { status: 404 });
  return succeeded();
};
