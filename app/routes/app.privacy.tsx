// Privacy requests Shopify forwarded (customers/data_request, customers/redact): what was asked,
// when it was done, and for data requests what Klub holds on the customer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { useFormat, useT } from "../i18n/I18nProvider";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await db.shop.findUnique({ where: { domain: session.shop } });
  const requests = shop
    ? await db.privacyRequest.findMany({ where: { shopId: shop.id }, orderBy: { receivedAt: "desc" }, take: 100 })
    : [];
  return {
    requests: requests.map((r) => ({
      id: r.id,
      kind: r.kind,
      customerId: r.customerId,
      receivedAt: r.receivedAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
      report: r.report ? (JSON.stringify(JSON.parse(r.report), null, 2) as string) : null,
    })),
  };
};

export default function PrivacyRequests() {
  const { requests } = useLoaderData<typeof loader>();
  const t = useT();
  const { dateTime: when } = useFormat();
  return (
    <Page title={t("privacy.title")} backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          {requests.length === 0 ? (
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("privacy.none")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("privacy.noneHelp")}
                </Text>
              </BlockStack>
            </Card>
          ) : (
            <BlockStack gap="400">
              {requests.map((r) => (
                <Card key={r.id}>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {t(`privacy.kinds.${r.kind}`, { customer: r.customerId })}
                    </Text>
                    <Text as="p" tone="subdued">
                      {r.completedAt ? t("privacy.receivedAnswered", { received: when(r.receivedAt), answered: when(r.completedAt) }) : t("privacy.received", { received: when(r.receivedAt) })}
                    </Text>
                    {r.report ? (
                      <pre style={{ whiteSpace: "pre-wrap", margin: 0, fontSize: 12 }} aria-label={t("privacy.report")}>
                        {r.report}
                      </pre>
                    ) : r.kind === "data_request" ? (
                      <Text as="p">{t("privacy.erasedSince")}</Text>
                    ) : null}
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
