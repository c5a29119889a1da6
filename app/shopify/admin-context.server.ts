// One call gives an admin route what it needs (as the Epic Stack's requireUserId does): the shop,
// the Admin API client, the staff member who acts, and the translator in their language.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { translator } from "../i18n/i18n";
import { adminLocale } from "../i18n/locale.server";
import { installedShop } from "../loyalty/program.server";
import { authenticate } from "../shopify.server";
import { installShopFromShopify } from "./install.server";
import { learnStaffName } from "./staff-name.server";
import { staffActor } from "./staff.server";

export async function requireAdmin(request: LoaderFunctionArgs["request"]) {
  const { session, admin, sessionToken } = await authenticate.admin(request);
  // hooks.afterAuth installs the shop at the token exchange; a session kept from before that
  // (an older install) is installed here once.
  const shop = (await installedShop(db, session.shop)) ?? (await installShopFromShopify(admin, session));
  await learnStaffName(db, request, shop, sessionToken?.sub); // for the activity log: once a day, on opening Klub
  const { locale } = adminLocale(request);
  return { shop, admin, session, staff: staffActor(sessionToken), locale, t: translator(locale) };
}

export type AdminContext = Awaited<ReturnType<typeof requireAdmin>>;
