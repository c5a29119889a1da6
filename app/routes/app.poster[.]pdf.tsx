// GET /app/poster.pdf?locale=en|pl|ru: the printable in-store poster (A4, a QR code to the loyalty
// page) in the chosen language; without one, in the owner's.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { supportedLocale } from "../i18n/i18n";
import { loadProgramRules } from "../loyalty/program.server";
import { posterPdf } from "../poster/poster.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale: ownerLocale } = await requireAdmin(request);
  const locale = supportedLocale(new URL(request.url).searchParams.get("locale")) ?? ownerLocale;
  const [rules, settings] = await Promise.all([loadProgramRules(db, shop.id), db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id }, select: { widgetAccent: true } })]);
  // The loyalty page speaks the language its link asks for (app/routes/proxy._index.tsx).
  const loyaltyUrl = new URL(`/apps/klub?locale=${locale}`, shop.storefrontUrl ?? `https://${shop.domain}`).toString();
  const pdf = await posterPdf({ shopName: shop.name || shop.domain.replace(/\.myshopify\.com$/, ""), loyaltyUrl, rules, currency: shop.currencyCode, accent: settings.widgetAccent, locale });
  return new Response(pdf, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="klub-poster-${locale}.pdf"`,
      "Cache-Control": "no-store",
    },
  });
};
