// Create or edit a reward: every type, its value, minimum subtotal, code expiry, combinations, and
// who it is for (a tier, a segment); free products chosen with the resource picker.
import { failed } from "../action-result";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { CheckboxField } from "../components/CheckboxField";
import db from "../db.server";
import { useFormValues } from "../form-values";
import { useT } from "../i18n/I18nProvider";
import { isRewardSegment, REWARD_SEGMENTS, SEGMENT_UNIT } from "../loyalty/reward-audience";
import { REWARD_TYPES } from "../loyalty/reward-types";
import { newRewardValues, parseReward, rewardFormValues, saveReward, type RewardErrors, type RewardForm } from "../loyalty/rewards.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const tiers = await db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: "asc" }, select: { id: true, name: true } });
  if (params.id === "new") return { isNew: true, values: { ...newRewardValues(shop.currencyCode), ...segmentPrefill(new URL(request.url).searchParams) }, tiers, currency: shop.currencyCode };
  const reward = await db.reward.findFirst({ where: { id: params.id ?? "", shopId: shop.id, deletedAt: null } });
  if (!reward) throw new Response("No such reward", { status: 404 });
  return { isNew: false, values: rewardFormValues(reward, shop.currencyCode), tiers, currency: shop.currencyCode };
};

/** A new reward for an audience segment (the audience page's link): ?segment=&segmentThreshold=&segmentValue=. */
function segmentPrefill(params: URLSearchParams): Partial<Record<keyof RewardForm, string>> {
  const segment = params.get("segment");
  if (!isRewardSegment(segment)) return {};
  return { segment, segmentThreshold: params.get("segmentThreshold") ?? "", segmentValue: params.get("segmentValue") ?? "" };
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = await request.formData();
  const parsed = parseReward(Object.fromEntries(form), shop.currencyCode);
  if ("errors" in parsed) return failed(parsed.errors, undefined, form);
  if (params.id !== "new" && !(await db.reward.findFirst({ where: { id: params.id ?? "", shopId: shop.id, deletedAt: null } }))) {
    throw new Response("No such reward", { status: 404 });
  }
  await saveReward(db, shop.id, params.id === "new" ? null : (params.id ?? null), parsed.data, staff);
  return redirect("/app/rewards?saved=1");
};

const CHECKBOXES = ["combinesWithOrder", "combinesWithProduct", "combinesWithShipping"] as const;

export default function RewardEditor() {
  const { isNew, values: initial, tiers, currency } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const t = useT();
  const { form, values, setValues, set } = useFormValues(initial, result?.sent);
  const [productTitle, setProductTitle] = useState<string | null>(null);
  const errors: RewardErrors = result?.errors ?? {};
  const error = (field: keyof RewardForm) => (errors[field] ? t(errors[field]!) : undefined);
  const text = (field: keyof RewardForm, label: string, type: "text" | "number" = "text", helpText?: string) => (
    <TextField label={label} name={field} type={type} value={String(values[field])} onChange={set(field)} error={error(field)} helpText={helpText} autoComplete="off" />
  );
  const type = String(values.type);
  const segment = String(values.segment);

  const chooseProduct = async () => {
    const selection = (await shopify.resourcePicker({ type: "product" })) as { title: string; variants: { id: string }[] }[] | undefined;
    const product = selection?.[0];
    if (!product) return;
    setValues((v) => ({ ...v, productVariantId: product.variants[0].id }));
    setProductTitle(product.title);
  };

  return (
    <Page title={t(isNew ? "rewards.new" : "rewards.edit")} backAction={{ url: "/app/rewards" }}>
      <Form method="post" ref={form}>
        <input type="hidden" name="productVariantId" value={String(values.productVariantId)} />
        <Layout>
          {Object.keys(errors).length > 0 && (
            <Layout.Section>
              <Banner tone="critical" title={t("rewards.errorsTitle")} />
            </Layout.Section>
          )}
          <Layout.Section>
            <Card>
              <FormLayout>
                {text("name", t("rewards.name"))}
                <Select label={t("rewards.type")} name="type" value={type} onChange={set("type")} error={error("type")} options={REWARD_TYPES.map((value) => ({ value, label: t(`rewards.types.${value}`) }))} />
                {text("pointsCost", t("rewards.cost"), "number", type === "points_slider" ? t("rewards.sliderCostHelp") : undefined)}
                {(type === "fixed_amount" || type === "store_credit") && text("value", t("rewards.value", { currency }))}
                {type === "free_shipping" && text("value", t("rewards.shippingCap", { currency }))}
                {type === "percentage" && text("percentage", t("rewards.percentage"), "number")}
                {type === "free_product" && (
                  <BlockStack gap="100">
                    <Text as="p">{t("rewards.product")}</Text>
                    <InlineStack gap="200" blockAlign="center">
                      <Button onClick={chooseProduct}>{t("rewards.chooseProduct")}</Button>
                      <Text as="span" tone={errors.productVariantId ? "critical" : "subdued"}>
                        {productTitle ?? (values.productVariantId ? String(values.productVariantId) : error("productVariantId") ?? t("rewards.noProduct"))}
                      </Text>
                    </InlineStack>
                  </BlockStack>
                )}
                {type === "points_slider" && (
                  <FormLayout.Group>
                    {text("sliderMinPoints", t("rewards.sliderMin"), "number")}
                    {text("sliderMaxPoints", t("rewards.sliderMax"), "number")}
                  </FormLayout.Group>
                )}
              </FormLayout>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <FormLayout>
                <FormLayout.Group>
                  {text("minimumSubtotal", t("rewards.minimumSubtotal", { currency }))}
                  {text("codeExpiryDays", t("rewards.codeExpiryDays"), "number")}
                </FormLayout.Group>
                <Text as="h3" variant="headingSm">{t("rewards.combinations")}</Text>
                {CHECKBOXES.map((field) => <CheckboxField key={field} name={field} label={t(`rewards.${field}`)} checked={Boolean(values[field])} onChange={set(field)} />)}
                <Select label={t("rewards.tier")} name="tierId" value={String(values.tierId)} onChange={set("tierId")} options={[{ label: t("rewards.everyone"), value: "" }, ...tiers.map((x) => ({ label: x.name, value: x.id }))]} />
                <FormLayout.Group>
                  <Select label={t("rewards.segment")} name="segment" value={segment} onChange={set("segment")} error={error("segment")} helpText={t("rewards.segmentHelp")}
                    options={[{ label: t("rewards.segmentAny"), value: "" }, ...REWARD_SEGMENTS.map((value) => ({ value, label: t(`rewards.segments.${value}`) }))]} />
                  {isRewardSegment(segment) &&
                    (SEGMENT_UNIT[segment] === "value" ? text("segmentValue", t("rewards.segmentCountry"), "text", t("rewards.segmentCountryHelp")) : text("segmentThreshold", t(`rewards.segmentThreshold.${segment}`), "number"))}
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Button submit variant="primary" loading={navigation.state === "submitting"}>{t("rewards.save")}</Button>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
