import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { ensureShop } from "../loyalty/program.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await ensureShop(db, session.shop);
  const members = await db.member.count({ where: { shopId: shop.id } });
  return { shop: shop.domain, programEnabled: shop.programEnabled, members };
};

export default function AdminHome() {
  const { shop, programEnabled, members } = useLoaderData<typeof loader>();
  return (
    <Page title="Klub">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {shop}
              </Text>
              <Text as="p">Program {programEnabled ? "on" : "off"}: {members} members.</Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
