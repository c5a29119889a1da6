// The login page outside the Shopify admin (Shopify's app template: auth.login): the shop's
// domain, then the library's login() sends the owner to their admin, which installs and opens
// Klub. A missing or invalid domain is said next to the field, in the owner's language (?locale=).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { polarisTranslations, translator } from "../i18n/i18n";
import { adminLocale } from "../i18n/locale.server";
import { adaptLoginRedirectForSandbox } from "../sandbox-switch.server";
import { login } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const meta: MetaFunction = () => [{ title: "Klub" }];

/** The library's verdict on the shop field, as a translation key. */
function shopError(result: LoginError): string | null {
  if (result.shop === LoginErrorType.MissingShop) return "login.missingShop";
  if (result.shop === LoginErrorType.InvalidShop) return "login.invalidShop";
  return null;
}

async function attempt(request: Request) {
  try {
    return shopError(await login(request));
  } catch (thrown) {
    if (thrown instanceof Response) adaptLoginRedirectForSandbox(thrown);
    throw thrown;
  }
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { locale } = adminLocale(request);
  return { locale, shopError: await attempt(request) };
};

export const action = async ({ request }: ActionFunctionArgs) => ({ shopError: await attempt(request) });

export default function Login() {
  const { locale, shopError: loaded } = useLoaderData<typeof loader>();
  const answered = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const t = translator(locale);
  const error = (answered ?? { shopError: loaded }).shopError;
  return (
    <AppProvider i18n={polarisTranslations(locale)}>
      <Page narrowWidth>
        <Card>
          <Form method="post" action={`/auth/login?locale=${locale}`}>
            <FormLayout>
              <Text variant="headingMd" as="h1">
                {t("login.title")}
              </Text>
              <TextField
                type="text"
                name="shop"
                label={t("login.shopDomain")}
                helpText={t("login.shopDomainHelp")}
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error ? t(error) : undefined}
              />
              <Button submit>{t("login.submit")}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
