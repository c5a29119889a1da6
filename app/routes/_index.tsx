// The app's public root: what Klub is, and the shop-domain form of the login page. Shopify opens
// the app here with ?shop=...: that goes on to the embedded admin.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { translator } from "../i18n/i18n";
import { adminLocale } from "../i18n/locale.server";

export const meta: MetaFunction = () => [{ title: "Klub" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { locale: adminLocale(request).locale };
};

export default function Landing() {
  const { locale } = useLoaderData<typeof loader>();
  const t = translator(locale);
  return (
    <main lang={locale} style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", padding: "0 1rem", lineHeight: 1.5, color: "#303030" }}>
      <h1>{t("login.landingTitle")}</h1>
      <p>{t("login.landingIntro")}</p>
      <ul>
        <li>{t("login.featureEarn")}</li>
        <li>{t("login.featureRedeem")}</li>
        <li>{t("login.featureTiers")}</li>
      </ul>
      <h2>{t("login.landingInstall")}</h2>
      <form method="post" action={`/auth/login?locale=${locale}`} style={{ display: "flex", gap: 8, flexWrap: "wrap", alignItems: "end" }}>
        <label style={{ display: "grid", gap: 4 }}>
          <span>{t("login.shopDomain")}</span>
          <input type="text" name="shop" placeholder="example.myshopify.com" autoComplete="on" style={{ padding: "6px 8px", minWidth: 260 }} />
        </label>
        <button type="submit" style={{ padding: "6px 14px" }}>
          {t("login.submit")}
        </button>
      </form>
    </main>
  );
}
