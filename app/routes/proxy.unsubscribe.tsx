// /apps/klub/unsubscribe?t=<token>: the link in every email. GET asks (a link scanner that opens
// it unsubscribes no one); POST unsubscribes, from the page's button or from the mail client's
// one-click unsubscribe (RFC 8058: List-Unsubscribe-Post), without a login: the signed token
// names the member, and only Klub can sign one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { memberOfToken } from "../email/unsubscribe.server";
import { translator } from "../i18n/i18n";
import { installedShop } from "../loyalty/program.server";
import { unsubscribe } from "../loyalty/notices.server";
import { requireProxy, type ProxyContext } from "../shopify/proxy-context.server";
import { inert } from "../storefront/loyalty-page";

async function memberOf(request: Request, proxy: ProxyContext) {
  const shop = await installedShop(db, proxy.shop);
  const token = new URL(request.url).searchParams.get("t") ?? "";
  const memberId = shop ? memberOfToken(shop.id, token) : null;
  const member = memberId ? await db.member.findFirst({ where: { id: memberId, shopId: shop!.id, redactedAt: null } }) : null;
  return member && shop ? { shop, member } : null;
}

function page(proxy: ProxyContext, status: number, title: string, text: string, form = "") {
  const body = `<div class="klub-page" data-klub-unsubscribe><h1>${inert(title)}</h1><p>${inert(text)}</p>${form}</div>`;
  return proxy.liquid(body, { status, headers: { "Cache-Control": "private, no-store" } });
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const proxy = await requireProxy(request, db, { once: false });
  const t = translator(proxy.locale);
  const found = await memberOf(request, proxy);
  if (!found) return page(proxy, 404, t("storefront.unsubscribe.title"), t("storefront.unsubscribe.invalid"));
  const { shop, member } = found;
  if (member.emailUnsubscribedAt) return page(proxy, 200, t("storefront.unsubscribe.title"), t("storefront.unsubscribe.done", { shop: shop.name }));
  const action = `/apps/klub/unsubscribe?${new URLSearchParams({ t: new URL(request.url).searchParams.get("t") ?? "", locale: proxy.locale })}`;
  const form = `<form method="post" action="${inert(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" class="button" data-klub-unsubscribe-confirm>${inert(t("storefront.unsubscribe.confirm"))}</button></form>`;
  return page(proxy, 200, t("storefront.unsubscribe.title"), t("storefront.unsubscribe.ask", { shop: shop.name, email: member.email ?? "" }), form);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const proxy = await requireProxy(request, db, { once: false });
  const t = translator(proxy.locale);
  const found = await memberOf(request, proxy);
  if (!found) return page(proxy, 404, t("storefront.unsubscribe.title"), t("storefront.unsubscribe.invalid"));
  await unsubscribe(db, found.shop.id, found.member.id);
  return page(proxy, 200, t("storefront.unsubscribe.title"), t("storefront.unsubscribe.done", { shop: found.shop.name }));
};
