// Program settings: how points are earned, kept and given as bonuses, and who is a member.
// Validated as a whole; errors show next to their fields; saving is one transaction, logged.
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { CampaignsCard } from "../components/CampaignsCard";
import { CheckboxField } from "../components/CheckboxField";
import { DownloadButton } from "../components/DownloadButton";
import { Select, TextField } from "../components/fields";
import db from "../db.server";
import { useFormValues } from "../form-values";
import themeEn from "../../extensions/klub-theme/locales/en.default.json";
import themePl from "../../extensions/klub-theme/locales/pl.json";
import themeRu from "../../extensions/klub-theme/locales/ru.json";
import { useT } from "../i18n/I18nProvider";
import { parseSettingsInput, SettingsRefused, settingsForForm, updateProgramSettings, type FieldErrors, type SettingsForm } from "../loyalty/program-settings.server";
import { GRANTABLE_TYPES } from "../loyalty/grants.server";
import { listCampaigns } from "../loyalty/campaigns.server";
import { NETWORK_NAMES, PROFILE_EXAMPLES, SOCIAL_NETWORKS, socialField } from "../loyalty/social";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [settings, campaigns, rewards] = await Promise.all([
    db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } }),
    listCampaigns(db, shop.id),
    db.reward.findMany({ where: { shopId: shop.id, deletedAt: null, type: { in: GRANTABLE_TYPES } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    settings: settingsForForm(settings, shop.currencyCode),
    currencyCode: shop.currencyCode,
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, multiplierPercent: c.multiplierPercent, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString() })),
    now: new Date().toISOString(),
    welcomeRewards: rewards, // the rewards that can be given whole: the welcome offer's and the birthday reward's choices
    // Left empty, the widget says what the theme extension's own translations say.
    joinDefaults: { En: themeEn.launcher.join, Pl: themePl.launcher.join, Ru: themeRu.launcher.join },
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = await request.formData();
  const parsed = parseSettingsInput(Object.fromEntries(form), shop.currencyCode);
  if ("errors" in parsed) return failed(parsed.errors, undefined, form);
  try {
    await updateProgramSettings(db, shop.id, parsed.data, staff);
  } catch (error) {
    if (error instanceof SettingsRefused) return failed(error.errors, undefined, form);
    throw error;
  }
  return succeeded();
};

type Picked = { id: string; title: string }[];
type Values = Record<Exclude<keyof SettingsForm, "excludedProducts" | "excludedCollections">, string | boolean>;

/** The form's state for saved settings: what it starts from, and what Discard goes back to. */
function formState(settings: SettingsForm) {
  const { excludedProducts, excludedCollections, ...plain } = settings;
  const values = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, typeof v === "boolean" ? v : String(v)])) as Values;
  return { values, excluded: { products: excludedProducts as Picked, collections: excludedCollections as Picked } };
}

export default function Settings() {
  const { campaigns, now } = useLoaderData<typeof loader>();
  const t = useT();
  // The page's frame around the form: the form's state is its own, so that a change to a field
  // does not render the page's header (it measures its actions again) and the campaigns again.
  return (
    <Page title={t("settings.title")} backAction={{ url: "/app" }} secondaryActions={[{ content: t("activity.title"), url: "/app/activity" }]}>
      <SettingsForm />
      <div style={{ marginTop: "var(--p-space-400)" }}>
        <CampaignsCard campaigns={campaigns} now={now} />
      </div>
    </Page>
  );
}

function SettingsForm() {
  const { settings, currencyCode, joinDefaults, welcomeRewards } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const t = useT();
  const { form, values, setValues, set } = useFormValues<Values>(() => formState(settings).values, result?.sent);
  const [excluded, setExcluded] = useState(() => formState(settings).excluded);
  // App Bridge's save bar: Discard resets the form, and the form goes back to the saved settings.
  const discard = () => {
    const saved = formState(settings);
    setValues(saved.values);
    setExcluded(saved.excluded);
  };
  const pick = async (type: "product" | "collection") => {
    const key = type === "product" ? "products" : "collections";
    const selection = (await shopify.resourcePicker({ type, multiple: true, selectionIds: excluded[key].map(({ id }) => ({ id })) })) as Picked | undefined;
    if (selection) setExcluded((current) => ({ ...current, [key]: selection.map(({ id, title }) => ({ id, title })) }));
  };
  const errors: FieldErrors = result?.errors ?? {};
  const error = (field: keyof SettingsForm) => {
    const e = errors[field];
    return e ? t(e.key, { min: e.value, max: e.value }) : undefined;
  };
  const number = (field: keyof Values, label: string, helpText?: string) => (
    <TextField label={label} name={field} type="number" value={String(values[field])} onChange={set(field)} error={error(field)} helpText={helpText} autoComplete="off" />
  );
  const expires = values.expiryMode !== "none";
  // Made once, so that the selects are not rendered again on every change (components/fields).
  const options = useMemo(
    () => ({
      awardOn: [{ label: t("settings.awardOnPaid"), value: "paid" }, { label: t("settings.awardOnFulfilled"), value: "fulfilled" }],
      expiryMode: [{ label: t("settings.expiryNone"), value: "none" }, { label: t("settings.expiryLot"), value: "lot" }, { label: t("settings.expiryInactivity"), value: "inactivity" }],
      refereeReward: [{ label: t("settings.refereeRewardNone"), value: "" }, ...welcomeRewards.map((r) => ({ label: r.name, value: r.id }))],
      birthdayReward: [{ label: t("settings.birthdayRewardNone"), value: "" }, ...welcomeRewards.map((r) => ({ label: r.name, value: r.id }))],
      enrollment: [{ label: t("settings.enrollmentAll"), value: "all" }, { label: t("settings.enrollmentOptIn"), value: "opt_in" }],
      widgetPosition: [{ label: t("settings.widgetRight"), value: "right" }, { label: t("settings.widgetLeft"), value: "left" }],
    }),
    [t, welcomeRewards],
  );
  const accent = String(values.widgetAccent);
  const accentSwatch = useMemo(
    () => <span aria-hidden style={{ display: "inline-block", width: 16, height: 16, borderRadius: 4, background: /^#[0-9a-fA-F]{6}$/.test(accent) ? accent : "transparent", border: "1px solid var(--p-color-border)" }} />,
    [accent],
  );

  useEffect(() => {
    if (result?.ok) shopify.toast.show(t("settings.saved"));
  }, [result, shopify, t]);

  return (
    <>
      {/* data-save-bar: App Bridge shows the admin's contextual save bar while the form differs from what was loaded. */}
      <Form method="post" ref={form} data-save-bar="" onReset={discard}>
        <input type="hidden" name="excludedProducts" value={JSON.stringify(excluded.products)} />
        <input type="hidden" name="excludedCollections" value={JSON.stringify(excluded.collections)} />
        <Layout>
          {Object.keys(errors).length > 0 && (
            <Layout.Section>
              <Banner tone="critical" title={t("settings.errorsTitle")} />
            </Layout.Section>
          )}
          <Layout.Section>
            <SettingsCard title={t("settings.earning")}>
                <FormLayout>
                  <FormLayout.Group>
                    {number("earnPoints", t("settings.earnPoints"))}
                    <TextField label={t("settings.earnPerAmount", { currency: currencyCode })} name="earnPerAmount" inputMode="decimal" value={String(values.earnPerAmount)} onChange={set("earnPerAmount")} error={error("earnPerAmount")} helpText={t("settings.earnHelp")} autoComplete="off" />
                  </FormLayout.Group>
                  {number("maxPointsPerOrder", t("settings.maxPointsPerOrder"), t("settings.maxPointsHelp"))}
                  <Select label={t("settings.awardOn")} name="awardOn" value={String(values.awardOn)} onChange={set("awardOn")} error={error("awardOn")} options={options.awardOn} />
                  <Text as="h3" variant="headingSm">
                    {t("settings.counts")}
                  </Text>
                  {(["subtractDiscounts", "earnOnShipping", "earnOnTax", "earnOnGiftCards", "rewardTestOrders"] as const).map((field) => (
                    <CheckboxField key={field} name={field} label={t(`settings.${field}`)} checked={Boolean(values[field])} onChange={set(field)} />
                  ))}
                  {(["product", "collection"] as const).map((type) => {
                    const list = excluded[type === "product" ? "products" : "collections"];
                    return (
                      <InlineStack key={type} gap="200" blockAlign="center" wrap>
                        <Text as="span" fontWeight="medium">{t(type === "product" ? "settings.excludedProducts" : "settings.excludedCollections")}</Text>
                        <Text as="span" tone={list.length ? undefined : "subdued"}>{list.length ? list.map((r) => r.title).join(", ") : t("settings.noneExcluded")}</Text>
                        <Button onClick={() => pick(type)}>{t(type === "product" ? "settings.chooseProducts" : "settings.chooseCollections")}</Button>
                        {error(type === "product" ? "excludedProducts" : "excludedCollections") ? <Text as="span" tone="critical">{error(type === "product" ? "excludedProducts" : "excludedCollections")}</Text> : null}
                      </InlineStack>
                    );
                  })}
                </FormLayout>
            </SettingsCard>
          </Layout.Section>
          <Layout.Section>
            <SettingsCard title={t("settings.keeping")}>
                <FormLayout>
                  {number("pendingDays", t("settings.pendingDays"), t("settings.pendingHelp"))}
                  <FormLayout.Group>
                    <Select label={t("settings.expiryMode")} name="expiryMode" value={String(values.expiryMode)} onChange={set("expiryMode")} error={error("expiryMode")} options={options.expiryMode} />
                    {/* Months mean nothing while points never expire: kept as they are, not shown. */}
                    {expires ? number("expiryMonths", t("settings.expiryMonths")) : <input type="hidden" name="expiryMonths" value={String(values.expiryMonths)} />}
                  </FormLayout.Group>
                  <CheckboxField name="allowNegativeBalance" label={t("settings.allowNegativeBalance")} helpText={t("settings.allowNegativeHelp")} checked={Boolean(values.allowNegativeBalance)} onChange={set("allowNegativeBalance")} />
                  <CheckboxField name="returnPointsOnRefund" label={t("settings.returnPointsOnRefund")} checked={Boolean(values.returnPointsOnRefund)} onChange={set("returnPointsOnRefund")} />
                </FormLayout>
            </SettingsCard>
          </Layout.Section>
          <Layout.Section>
            <SettingsCard title={t("settings.bonuses")}>
                <FormLayout>
                  <FormLayout.Group>
                    {number("signupBonus", t("settings.signupBonus"))}
                    {number("birthdayBonus", t("settings.birthdayBonus"))}
                  </FormLayout.Group>
                  <FormLayout.Group>
                    {number("referrerBonus", t("settings.referrerBonus"))}
                    {number("refereeBonus", t("settings.refereeBonus"))}
                  </FormLayout.Group>
                  <Select
                    label={t("settings.refereeReward")}
                    helpText={t("settings.refereeRewardHelp")}
                    name="refereeRewardId"
                    value={String(values.refereeRewardId)}
                    onChange={set("refereeRewardId")}
                    error={error("refereeRewardId")}
                    options={options.refereeReward}
                  />
                  <Select
                    label={t("settings.birthdayReward")}
                    helpText={t("settings.birthdayRewardHelp")}
                    name="birthdayRewardId"
                    value={String(values.birthdayRewardId)}
                    onChange={set("birthdayRewardId")}
                    error={error("birthdayRewardId")}
                    options={options.birthdayReward}
                  />
                  <Select label={t("settings.enrollment")} name="enrollment" value={String(values.enrollment)} onChange={set("enrollment")} error={error("enrollment")} options={options.enrollment} />
                </FormLayout>
            </SettingsCard>
          </Layout.Section>
          <Layout.Section>
            <SettingsCard title={t("settings.feedback")}>
              <FormLayout>
                <CheckboxField name="feedbackEnabled" label={t("settings.feedbackEnabled")} helpText={t("settings.feedbackHelp")} checked={Boolean(values.feedbackEnabled)} onChange={set("feedbackEnabled")} />
                {number("feedbackBonus", t("settings.feedbackBonus"), t("settings.feedbackBonusHelp"))}
              </FormLayout>
            </SettingsCard>
          </Layout.Section>
          <Layout.Section>
            <SettingsCard title={t("settings.widget")}>
              <FormLayout>
                <Text as="p" tone="subdued">{t("settings.widgetHelp")}</Text>
                <FormLayout.Group>
                  <TextField
                    label={t("settings.widgetAccent")}
                    name="widgetAccent"
                    value={String(values.widgetAccent)}
                    onChange={set("widgetAccent")}
                    error={error("widgetAccent")}
                    autoComplete="off"
                    prefix={accentSwatch}
                  />
                  <Select label={t("settings.widgetPosition")} name="widgetPosition" value={String(values.widgetPosition)} onChange={set("widgetPosition")} error={error("widgetPosition")} options={options.widgetPosition} />
                </FormLayout.Group>
                {(["En", "Pl", "Ru"] as const).map((lang) => (
                  <TextField key={lang} label={t(`settings.widgetJoinText${lang}`)} name={`widgetJoinText${lang}`} value={String(values[`widgetJoinText${lang}`])} onChange={set(`widgetJoinText${lang}`)} error={error(`widgetJoinText${lang}`)} placeholder={joinDefaults[lang]} autoComplete="off" />
                ))}
              </FormLayout>
            </SettingsCard>
          </Layout.Section>
          <Layout.Section>
            <SettingsCard title={t("settings.social.title")}>
              <FormLayout>
                <Text as="p" tone="subdued">{t("settings.social.help")}</Text>
                {SOCIAL_NETWORKS.map((network) => {
                  const url = socialField(network, "Url");
                  const points = socialField(network, "Points");
                  return (
                    <FormLayout.Group key={network} condensed>
                      <TextField label={t("settings.social.url", { network: NETWORK_NAMES[network] })} name={url} type="url" value={String(values[url])} onChange={set(url)} error={error(url)} placeholder={PROFILE_EXAMPLES[network]} autoComplete="off" />
                      {number(points, t("settings.social.points"))}
                    </FormLayout.Group>
                  );
                })}
                <Text as="h3" variant="headingSm">{t("settings.social.poster")}</Text>
                <Text as="p" tone="subdued">{t("settings.social.posterHelp")}</Text>
                <InlineStack gap="200" wrap>
                  {(["En", "Pl", "Ru"] as const).map((lang) => (
                    <DownloadButton key={lang} url={`/app/poster.pdf?locale=${lang.toLowerCase()}`} fallbackName={`klub-poster-${lang.toLowerCase()}.pdf`} label={t(`settings.social.poster${lang}`)} failedText={t("settings.social.posterFailed")} />
                  ))}
                </InlineStack>
              </FormLayout>
            </SettingsCard>
          </Layout.Section>
          <Layout.Section>
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              {t("settings.save")}
            </Button>
          </Layout.Section>
        </Layout>
      </Form>
    </>
  );
}

function SettingsCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}
