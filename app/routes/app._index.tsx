// Home: the program on or off, the setup checklist for a new shop, the headline figures, and how
// far each of the owner's goals has come.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Layout, Link, List, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import db from "../db.server";
import { useFormat, useT } from "../i18n/I18nProvider";
import { GoalsCard } from "../components/GoalsCard";
import { programOverview, setupSteps, type SetupStep } from "../loyalty/overview.server";
import { goalsWithProgress } from "../loyalty/program-goals.server";
import { setProgramEnabled } from "../loyalty/program-settings.server";
import { failed, succeeded } from "../action-result";
import { appEnv } from "../env.server";
import { requireAdmin } from "../shopify/admin-context.server";
import { appEmbedStatus, themeEditorUrl } from "../shopify/theme-embed.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  // The theme is read beside the database, not after it: the page waits for the slower of the two.
  const [overview, embed, goals] = await Promise.all([programOverview(db, shop.id), appEmbedStatus(shop.domain, admin.graphql), goalsWithProgress(db, shop.id, shop.currencyCode)]);
  return { ...overview, goals, setup: setupSteps(overview, embed === "on"), themeEditorUrl: themeEditorUrl(appEnv().SHOPIFY_API_KEY) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = z.object({ enabled: z.enum(["true", "false"]) }).safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return failed<{ enabled: string }, { enabled: boolean }>({ enabled: "home.badSwitch" });
  const enabled = form.data.enabled === "true";
  await setProgramEnabled(db, shop.id, enabled, staff);
  return succeeded({ enabled });
};

export default function Home() {
  const overview = useLoaderData<typeof loader>();
  const toggle = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const t = useT();
  const format = useFormat();
  const enabled = toggle.formData ? toggle.formData.get("enabled") === "true" : overview.programEnabled;
  const result = toggle.data;

  useEffect(() => {
    if (result?.ok && result.data) shopify.toast.show(t(result.data.enabled ? "home.turnedOn" : "home.turnedOff"));
  }, [result, shopify, t]);

  // Each step links to where it is done; the embed is switched on in Shopify's theme editor, outside the app's frame.
  const links: Record<SetupStep, { label: string; url: string; top?: boolean }> = {
    earning: { label: t("home.stepEarning"), url: "/app/settings" },
    reward: { label: t("home.stepReward"), url: "/app/rewards/new" },
    embed: { label: t("home.stepEmbed"), url: overview.themeEditorUrl, top: true },
  };
  const steps = overview.setup.map((s) => ({ ...s, ...links[s.step] }));
  const done = steps.filter((s) => s.done).length;
  const figures = [
    { label: t("home.members"), value: overview.members },
    { label: t("home.outstanding"), value: overview.outstanding },
    { label: t("home.issued30"), value: overview.issued30 },
    { label: t("home.redeemed30"), value: overview.redeemed30 },
  ];

  return (
    <Page title={t("home.title")}>
      <Layout>
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center" gap="400">
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t(enabled ? "home.programOn" : "home.programOff")}
                  </Text>
                  <Badge tone={enabled ? "success" : undefined}>{t(enabled ? "home.on" : "home.off")}</Badge>
                </InlineStack>
                <Text as="p" tone="subdued">
                  {t(enabled ? "home.programOnHelp" : "home.programOffHelp")}
                </Text>
              </BlockStack>
              <toggle.Form method="post">
                <input type="hidden" name="enabled" value={String(!enabled)} />
                <Button submit variant={enabled ? "secondary" : "primary"} loading={toggle.state !== "idle"}>
                  {t(enabled ? "home.turnOff" : "home.turnOn")}
                </Button>
              </toggle.Form>
            </InlineStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("home.setup")}
              </Text>
              <Text as="p" tone="subdued">
                {t("home.setupProgress", { done, total: steps.length })}
              </Text>
              <ProgressBar progress={(done / steps.length) * 100} size="small" tone={done === steps.length ? "success" : "highlight"} />
              <List type="number">
                {steps.map((step) => (
                  <List.Item key={step.step}>
                    {step.done ? "✓ " : ""}
                    <Link url={step.url} target={step.top ? "_top" : undefined}>
                      {step.label}
                    </Link>
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("home.figures")}
            </Text>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              {figures.map((figure) => (
                <Card key={figure.label}>
                  <BlockStack gap="100">
                    <Text as="p" tone="subdued">
                      {figure.label}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {format.number(figure.value)}
                    </Text>
                  </BlockStack>
                </Card>
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <GoalsCard goals={overview.goals} currencyCode={overview.currencyCode} />
          <Box paddingBlockStart="200">
            <Link url="/app/health">{t("goals.setThem")}</Link>
          </Box>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
