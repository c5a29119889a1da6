import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import adminStyles from "../styles/admin.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { polarisTranslations, translator } from "../i18n/i18n";
import { I18nProvider } from "../i18n/I18nProvider";
import { adminLocale } from "../i18n/locale.server";
import { appBridgeUrl, appEnv } from "../env.server";
import { authenticate } from "../shopify.server";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: adminStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const { locale, cookie } = adminLocale(request);
  return data(
    // APP_BRIDGE_URL is set only when developing against the sandbox (app/sandbox-switch.server.ts).
    { apiKey: appEnv().SHOPIFY_API_KEY, appBridgeUrl: appBridgeUrl(), locale },
    cookie ? { headers: { "Set-Cookie": cookie } } : undefined,
  );
};

export default function AdminLayout() {
  const { apiKey, appBridgeUrl, locale } = useLoaderData<typeof loader>();
  const t = translator(locale);
  return (
    <AppProvider
      isEmbeddedApp
      apiKey={apiKey}
      i18n={polarisTranslations(locale)}
      {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}
    >
      <I18nProvider locale={locale}>
        <NavMenu>
          <Link to="/app" rel="home">
            {t("nav.home")}
          </Link>
          <Link to="/app/rewards">{t("nav.rewards")}</Link>
          <Link to="/app/offers">{t("nav.offers")}</Link>
          <Link to="/app/analytics">{t("nav.analytics")}</Link>
          <Link to="/app/health">{t("nav.health")}</Link>
          <Link to="/app/audience">{t("nav.audience")}</Link>
          <Link to="/app/tiers">{t("nav.tiers")}</Link>
          <Link to="/app/members">{t("nav.members")}</Link>
          <Link to="/app/settings">{t("nav.settings")}</Link>
          <Link to="/app/email">{t("nav.email")}</Link>
          <Link to="/app/activity">{t("nav.activity")}</Link>
          <Link to="/app/privacy">{t("nav.privacy")}</Link>
        </NavMenu>
        <Outlet />
      </I18nProvider>
    </AppProvider>
  );
}

// Shopify needs its own error and header handling for embedded-app bounces.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
