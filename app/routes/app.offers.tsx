// Exclusive offers for members (decision 051): the owner creates an automatic discount that only
// members (or a tier and the tiers above it) get, sees where it stands on Shopify (waiting, live,
// refused with Shopify's words and a retry), and ends it.
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useMemo, useRef } from "react";
import { CheckboxField } from "../components/CheckboxField";
import { Select, TextField } from "../components/fields";
import db from "../db.server";
import { useFormValues } from "../form-values";
import { useFormat, useT } from "../i18n/I18nProvider";
import { zoneOffsetMinutes } from "../loyalty/audience";
import { utcDay } from "../loyalty/lot-dates";
import { OFFER_KINDS, shownStatus } from "../loyalty/member-offers";
import { createOffer, endOffer, listOffers, parseOffer, retryOffer, type OfferErrors } from "../loyalty/member-offers.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const now = new Date();
  const [offers, tiers] = await Promise.all([listOffers(db, shop.id), db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: "asc" }, select: { id: true, name: true } })]);
  const today = utcDay(new Date(now.getTime() + (shop.timezone ? zoneOffsetMinutes(shop.timezone, now) : 0) * 60_000));
  return {
    currency: shop.currencyCode,
    today,
    tiers,
    offers: offers.map((o) => ({
      id: o.id,
      title: o.title,
      kind: o.kind,
      percentage: o.percentage,
      valueMinor: o.valueMinor,
      minimumSubtotalMinor: o.minimumSubtotalMinor,
      tier: o.tierId ? (o.tier?.name ?? null) : null,
      forTier: o.tierId !== null,
      combinesWithRewards: o.combinesWithRewards,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt?.toISOString() ?? null,
      status: shownStatus(o, now),
      lastError: o.lastError,
    })),
  };
};

type Intent = "create" | "end" | "retry";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "create") as Intent;
  if (intent === "end" || intent === "retry") {
    const id = String(form.get("id") ?? "");
    const done = intent === "end" ? await endOffer(db, shop.id, id, staff) : await retryOffer(db, shop.id, id, staff);
    if (!done) return failed<OfferErrors, { intent: Intent }>({ form: "offers.errors.gone" }, { intent });
    return succeeded({ intent });
  }
  const tierIds = (await db.tier.findMany({ where: { shopId: shop.id }, select: { id: true } })).map((t) => t.id);
  const parsed = parseOffer(Object.fromEntries(form), shop, tierIds, new Date());
  if ("errors" in parsed) return failed<OfferErrors, { intent: Intent }>(parsed.errors, { intent }, form);
  // The outbox carries it to Shopify at its next run, within seconds; the page watches for it.
  await createOffer(db, shop.id, parsed.data, staff);
  return succeeded({ intent });
};

type Field = "title" | "kind" | "percentage" | "value" | "minimumSubtotal" | "audience" | "startsOn" | "endsOn" | "combinesWithRewards";

const STATUS_TONE: Record<string, "success" | "info" | "critical" | "attention" | undefined> = { active: "success", scheduled: "info", pending: "attention", ending: "attention", failed: "critical" };

function OfferRow({ offer, currency }: { offer: ReturnType<typeof useLoaderData<typeof loader>>["offers"][number]; currency: string }) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher<typeof action>();
  const value =
    offer.kind === "percentage" ? t("offers.percentOff", { value: format.percent((offer.percentage ?? 0) / 100) })
    : offer.kind === "fixed_amount" ? t("offers.amountOff", { value: format.money(offer.valueMinor ?? 0, currency) })
    : t("offers.kinds.free_shipping");
  const audience = offer.forTier ? (offer.tier ? t("offers.tierAndAbove", { tier: offer.tier }) : t("offers.tierGone")) : t("offers.allMembers");
  const busy = fetcher.state !== "idle";
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center" align="space-between">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">{offer.title}</Text>
            <Badge tone={STATUS_TONE[offer.status]}>{t(`offers.status.${offer.status}`)}</Badge>
          </InlineStack>
          <InlineStack gap="200">
            {offer.status === "failed" && (
              <Button loading={busy && fetcher.formData?.get("intent") === "retry"} onClick={() => fetcher.submit({ intent: "retry", id: offer.id }, { method: "post" })}>{t("offers.retry")}</Button>
            )}
            {["pending", "active", "scheduled", "failed"].includes(offer.status) && (
              <Button tone="critical" loading={busy && fetcher.formData?.get("intent") === "end"} onClick={() => fetcher.submit({ intent: "end", id: offer.id }, { method: "post" })}>{t("offers.end")}</Button>
            )}
          </InlineStack>
        </InlineStack>
        <Text as="p">
          {[value, audience, offer.minimumSubtotalMinor ? t("offers.minimum", { value: format.money(offer.minimumSubtotalMinor, currency) }) : null, offer.combinesWithRewards ? t("offers.combinesShort") : null].filter(Boolean).join(" · ")}
        </Text>
        <Text as="p" tone="subdued">
          {offer.endsAt ? t("offers.fromTo", { from: format.dateTime(offer.startsAt), to: format.dateTime(offer.endsAt) }) : t("offers.from", { from: format.dateTime(offer.startsAt) })}
        </Text>
        {offer.status === "failed" && offer.lastError && (
          <Banner tone="critical" title={t("offers.refused")}>
            <p>{offer.lastError}</p>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}

export default function Offers() {
  const { offers, tiers, currency, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const t = useT();
  const initial = useMemo(() => ({ title: "", kind: "percentage", percentage: "10", value: "", minimumSubtotal: "", audience: "all", startsOn: today, endsOn: "", combinesWithRewards: false }), [today]);
  const { form, values, setValues, set } = useFormValues<Record<Field, string | boolean>>(initial, result?.sent);
  const errors: OfferErrors = result && !result.ok ? result.errors : {};
  const error = (field: Field) => (errors[field] ? t(errors[field]!) : undefined);
  const kindOptions = useMemo(() => OFFER_KINDS.map((value) => ({ value, label: t(`offers.kinds.${value}`) })), [t]);
  const audienceOptions = useMemo(() => [{ value: "all", label: t("offers.allMembers") }, ...tiers.map((x) => ({ value: x.id, label: t("offers.tierAndAbove", { tier: x.name }) }))], [t, tiers]);
  const toasted = useRef<unknown>(null);
  useEffect(() => {
    if (!result?.ok || toasted.current === result) return;
    toasted.current = result;
    shopify.toast.show(t("offers.created"));
    setValues(initial);
  }, [result, shopify, t, setValues, initial]);
  // While an offer waits for Shopify, the page asks again every few seconds.
  const revalidator = useRevalidator();
  const waiting = offers.some((o) => o.status === "pending" || o.status === "ending");
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [waiting, revalidator]);
  const kind = String(values.kind);
  const text = (field: Field, label: string, type: "text" | "number" | "date" = "text", helpText?: string) => (
    <TextField label={label} name={field} type={type} value={String(values[field])} onChange={set(field)} error={error(field)} helpText={helpText} autoComplete="off" />
  );
  return (
    <Page title={t("offers.title")} subtitle={t("offers.subtitle")} backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            {offers.length === 0 && <Card><Text as="p" tone="subdued">{t("offers.empty")}</Text></Card>}
            {offers.map((offer) => <OfferRow key={offer.id} offer={offer} currency={currency} />)}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Form method="post" ref={form}>
            <input type="hidden" name="intent" value="create" />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t("offers.new")}</Text>
                {errors.form && <Banner tone="critical" title={t(errors.form)} />}
                <FormLayout>
                  {text("title", t("offers.offerTitle"), "text", t("offers.titleHelp"))}
                  <Select label={t("offers.kind")} name="kind" value={kind} onChange={set("kind")} error={error("kind")} options={kindOptions} />
                  {kind === "percentage" && text("percentage", t("offers.percentage"), "number")}
                  {kind === "fixed_amount" && text("value", t("offers.value", { currency }))}
                  {text("minimumSubtotal", t("offers.minimumSubtotal", { currency }))}
                  <Select label={t("offers.audience")} name="audience" value={String(values.audience)} onChange={set("audience")} error={error("audience")} options={audienceOptions} helpText={t("offers.audienceHelp")} />
                  <FormLayout.Group>
                    {text("startsOn", t("offers.startsOn"), "date")}
                    {text("endsOn", t("offers.endsOn"), "date")}
                  </FormLayout.Group>
                  <CheckboxField name="combinesWithRewards" label={t("offers.combinesWithRewards")} checked={Boolean(values.combinesWithRewards)} onChange={set("combinesWithRewards")} />
                  <Button submit variant="primary" loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "create"}>{t("offers.create")}</Button>
                </FormLayout>
              </BlockStack>
            </Card>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
