// Create or edit a reward: every type, its value, minimum subtotal, code expiry, combinations, and
// who it is for (a tier, a segment); free products chosen with the resource picker. A partner
// reward's page also takes uploads of its pool of codes and says how many are left.
import { failed, succeeded } from "../action-result";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { CheckboxField } from "../components/CheckboxField";
import db from "../db.server";
import { useFormValues } from "../form-values";
import { useFormat, useT } from "../i18n/I18nProvider";
import { LONGEST_CODE, MOST_CODES_PER_UPLOAD, PoolRefused, type PoolProblem } from "../loyalty/partner-codes";
import { addPartnerCodes, uploadLines } from "../loyalty/partner-codes.server";
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
  const pool =
    reward.type === "partner_code"
      ? await Promise.all([db.partnerCode.count({ where: { rewardId: reward.id, redemptionId: null } }), db.partnerCode.count({ where: { rewardId: reward.id, redemptionId: { not: null } } })]).then(([remaining, used]) => ({ remaining, used, lowAt: reward.poolLowAt }))
      : null;
  return { isNew: false, values: rewardFormValues(reward, shop.currencyCode), tiers, currency: shop.currencyCode, pool };
};

/** A new reward for an audience segment (the audience page's link): ?segment=&segmentThreshold=&segmentValue=. */
function segmentPrefill(params: URLSearchParams): Partial<Record<keyof RewardForm, string>> {
  const segment = params.get("segment");
  if (!isRewardSegment(segment)) return {};
  return { segment, segmentThreshold: params.get("segmentThreshold") ?? "", segmentValue: params.get("segmentValue") ?? "" };
}

const MOST_FILE_BYTES = 5 * 1024 * 1024;

/** An upload of partner codes: pasted and/or a file; added whole, or refused whole with what is wrong. */
async function uploadCodes(form: FormData, shopId: string, rewardId: string, actor: string) {
  const pasted = form.get("codes");
  const file = form.get("file");
  let upload: { name: string; text: string } | null = null;
  if (file instanceof File && file.size > 0) {
    if (file.size > MOST_FILE_BYTES || !/\.(txt|csv)$/i.test(file.name)) return failed<{ codes: PoolProblem[]; file: string }>({ file: "rewards.pool.errors.file" });
    upload = { name: file.name, text: await file.text() };
  }
  try {
    const added = await addPartnerCodes(db, { shopId, rewardId, lines: uploadLines(typeof pasted === "string" ? pasted : "", upload), actor });
    if (!added) throw new Response("No such reward", { status: 404 });
    return succeeded({ added: added.added, remaining: added.remaining });
  } catch (error) {
    if (error instanceof PoolRefused) return failed<{ codes: PoolProblem[]; file: string }>({ codes: error.problems });
    throw error;
  }
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") === "codes" && params.id !== "new") return uploadCodes(form, shop.id, params.id ?? "", staff);
  const parsed = parseReward(Object.fromEntries(form), shop.currencyCode);
  if ("errors" in parsed) return failed(parsed.errors, undefined, form);
  const existing = params.id === "new" ? null : await db.reward.findFirst({ where: { id: params.id ?? "", shopId: shop.id, deletedAt: null } });
  if (params.id !== "new" && !existing) throw new Response("No such reward", { status: 404 });
  // A pool's codes belong to a partner reward: another type would leave them, given or not, behind.
  if (existing?.type === "partner_code" && parsed.data.type !== "partner_code" && (await db.partnerCode.count({ where: { rewardId: existing.id } })) > 0) {
    return failed<RewardErrors>({ type: "rewards.errors.partnerType" }, undefined, form);
  }
  await saveReward(db, shop.id, params.id === "new" ? null : (params.id ?? null), parsed.data, staff);
  return redirect("/app/rewards?saved=1");
};

const CHECKBOXES = ["combinesWithOrder", "combinesWithProduct", "combinesWithShipping"] as const;

export default function RewardEditor() {
  const loaded = useLoaderData<typeof loader>();
  const { isNew, values: initial, tiers, currency } = loaded;
  const pool = "pool" in loaded ? loaded.pool : null;
  const answer = useActionData<typeof action>();
  // The upload of partner codes answers the same action: its answer is the pool card's.
  const uploaded = answer && ("codes" in answer.errors || "file" in answer.errors || (answer.ok && answer.data && "added" in answer.data)) ? (answer as UploadAnswer) : null;
  const result = uploaded ? undefined : (answer as Exclude<typeof answer, UploadAnswer> | undefined);
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
                {type === "partner_code" && text("poolLowAt", t("rewards.pool.lowAt"), "number", t("rewards.partnerHelp"))}
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
                {type !== "partner_code" && (
                  <>
                    <FormLayout.Group>
                      {text("minimumSubtotal", t("rewards.minimumSubtotal", { currency }))}
                      {text("codeExpiryDays", t("rewards.codeExpiryDays"), "number")}
                    </FormLayout.Group>
                    <Text as="h3" variant="headingSm">{t("rewards.combinations")}</Text>
                    {CHECKBOXES.map((field) => <CheckboxField key={field} name={field} label={t(`rewards.${field}`)} checked={Boolean(values[field])} onChange={set(field)} />)}
                  </>
                )}
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
            <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") !== "codes"}>{t("rewards.save")}</Button>
          </Layout.Section>
        </Layout>
      </Form>
      {type === "partner_code" && (
        <div style={{ marginTop: "var(--p-space-400)" }}>
          {pool ? <PoolCard pool={pool} answer={uploaded} /> : <Banner tone="info">{t("rewards.pool.saveFirst")}</Banner>}
        </div>
      )}
    </Page>
  );
}

type UploadAnswer = Awaited<ReturnType<typeof uploadCodes>>;

/** A partner reward's pool: how many codes are left (a warning when few or none), and an upload of more. */
function PoolCard({ pool, answer }: { pool: { remaining: number; used: number; lowAt: number }; answer: UploadAnswer | null }) {
  const t = useT();
  const format = useFormat();
  const navigation = useNavigation();
  const [pasted, setPasted] = useState("");
  // Added: the box and the file are emptied for the next upload (a refused one stays, to be corrected).
  const [answered, setAnswered] = useState(answer);
  const [round, setRound] = useState(0);
  if (answer !== answered) {
    setAnswered(answer);
    if (answer?.ok) {
      setPasted("");
      setRound((r) => r + 1);
    }
  }
  const count = (key: string, n: number, values: Record<string, unknown> = {}) => t(key, { count: n, formatted: format.number(n), ...values });
  const problems = answer && !answer.ok ? (answer.errors.codes ?? []) : [];
  const fileError = answer && !answer.ok && answer.errors.file ? t(answer.errors.file) : undefined;
  const problemText = (p: PoolProblem) => {
    const lines = p.count > p.lines.length ? t("rewards.pool.more", { lines: p.lines.join(", ") }) : p.lines.join(", ");
    return count(`rewards.pool.errors.${p.key}`, p.count, { lines, most: format.number(p.key === "tooMany" ? MOST_CODES_PER_UPLOAD : LONGEST_CODE) });
  };
  const uploading = navigation.state === "submitting" && navigation.formData?.get("intent") === "codes";
  return (
    <Card>
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="intent" value="codes" />
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">{t("rewards.pool.title")}</Text>
            <Text as="span" fontWeight="semibold" id="klub-pool-remaining">{count("rewards.pool.remaining", pool.remaining)}</Text>
            <Text as="span" tone="subdued">{count("rewards.pool.used", pool.used)}</Text>
          </InlineStack>
          {pool.remaining === 0 ? (
            <Banner tone="critical">{t("rewards.pool.none")}</Banner>
          ) : pool.remaining < pool.lowAt ? (
            <Banner tone="warning">{t("rewards.pool.low", { remaining: format.number(pool.remaining) })}</Banner>
          ) : null}
          {answer?.ok && answer.data && <Banner tone="success">{count("rewards.pool.added", answer.data.added)}</Banner>}
          {problems.length > 0 && (
            <Banner tone="critical" title={t("rewards.pool.errorsTitle")}>
              <BlockStack gap="100">{problems.map((p) => <Text as="p" key={p.key}>{problemText(p)}</Text>)}</BlockStack>
            </Banner>
          )}
          <TextField label={t("rewards.pool.paste")} name="codes" value={pasted} onChange={setPasted} multiline={6} autoComplete="off" monospaced />
          {/* A plain file field: it works before the page's script runs (decision 030). */}
          <BlockStack gap="100">
            <label htmlFor="klub-pool-file"><Text as="span">{t("rewards.pool.file")}</Text></label>
            <input key={round} id="klub-pool-file" type="file" name="file" accept=".txt,.csv,text/plain,text/csv" />
            {fileError && <Text as="p" tone="critical">{fileError}</Text>}
          </BlockStack>
          <InlineStack>
            <Button submit loading={uploading}>{t("rewards.pool.upload")}</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
