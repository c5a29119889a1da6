// Sets or clears a member's birthday (the birthday card on the member's page posts here).
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { parseBirthday } from "../loyalty/birthday";
import { setBirthday } from "../loyalty/birthdays.server";
import { ensureShop } from "../loyalty/program.server";
import { staffActor } from "../shopify/staff.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const text = String((await request.formData()).get("birthday") ?? "").trim();
  const birthday = text === "" ? null : parseBirthday(text);
  if (text !== "" && !birthday) return { ok: false as const, error: "member.birthdayInvalid" };
  const shop = await ensureShop(db, session.shop);
  if (!(await setBirthday(db, shop.id, params.id ?? "", birthday, staffActor(sessionToken)))) throw new Response("No such member", { status: 404 });
  return { ok: true as const, error: null };
};
