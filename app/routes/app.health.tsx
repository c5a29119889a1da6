// Program health: the chosen period against the one before it, what to change, each with the figure
// behind it (app/loyalty/program-health.ts), and the owner's goals, set and removed here.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import chartStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, Page, Text } from "@shopify/polaris";
import { format, parseISO } from "date-fns";
import { chosenRange } from "../analytics-range";
import { failed, succeeded } from "../action-result";
import { Chart } from "../components/Chart";
import { GoalsCard } from "../components/GoalsCard";
import { RangeForm } from "../components/RangeForm";
import db from "../db.server";
import { useFormat, useLocale, useT } from "../i18n/I18nProvider";
import { addGoal, deleteGoal, goalsWithProgress, parseGoal } from "../loyalty/program-goals.server";
import { HEALTH_METRICS, IS_RATE, type Advice, type HealthMetric } from "../loyalty/program-health";
import { programHealthReport } from "../loyalty/program-health.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: chartStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const today = parseISO(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const range = chosenRange(new URL(request.url).searchParams, today);
  const [{ comparisons, advice }, goals] = await Promise.all([
    programHealthReport(db, shop.id, shop.currencyCode, { from: range.from, to: range.to }),
    goalsWithProgress(db, shop.id, shop.currencyCode),
  ]);
  return { comparisons, advice, goals, currencyCode: shop.currencyCode, chosen: range.text, errors: range.errors, today: format(today, "yyyy-MM-dd") };
};

/** Goals: set one (intent addGoal: metric, target, due) or remove one (intent deleteGoal: id). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "deleteGoal") {
    const deleted = await deleteGoal(db, shop.id, String(form.id ?? ""), staff);
    return deleted ? succeeded({ done: "deleted" }) : failed({ form: "goals.errors.gone" });
  }
  const parsed = parseGoal(form, shop.currencyCode, new Date());
  if ("errors" in parsed) return failed(parsed.errors);
  const refused = await addGoal(db, shop.id, shop.currencyCode, parsed.data, staff);
  return refused ? failed(refused) : succeeded({ done: "added" });
};

const RATES = HEALTH_METRICS.filter((m) => IS_RATE[m]);
const AMOUNTS = HEALTH_METRICS.filter((m) => !IS_RATE[m]);

export default function ProgramHealth() {
  const { comparisons, advice, goals, currencyCode, chosen, errors, today } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { percent, signedPercent, number, money: inCurrency } = useFormat();
  const points = (r: number) => t("health.percentagePoints", { value: new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(r * 100) });
  const money = (minor: number | null) => (minor === null ? "—" : inCurrency(minor, currencyCode));
  const shown = (m: HealthMetric, v: number | null) => (IS_RATE[m] ? percent(v) : money(v));
  const period = { current: t("health.thisPeriod"), previous: t("health.previousPeriod") };
  const series = (metrics: HealthMetric[], scale: (v: number) => number) =>
    (["current", "previous"] as const).map((when) => ({
      name: period[when],
      data: metrics.map((m) => ({ key: t(`health.metrics.${m}`), value: scale(comparisons.find((c) => c.metric === m)?.[when] ?? 0) })),
    }));

  const says = (a: Advice) => {
    switch (a.code) {
      case "redemption_low":
        return t("health.advice.redemption_low", { rate: percent(a.rate), redeemed: number(a.redeemed), issued: number(a.issued) });
      case "liability_outpaces_revenue":
        return t("health.advice.liability_outpaces_revenue", { liability: signedPercent(a.liabilityChange), revenue: signedPercent(a.revenueChange) });
      case "participation_low":
        return t("health.advice.participation_low", { rate: percent(a.rate), memberOrders: number(a.memberOrders), orders: number(a.orders) });
      case "retention_dropped":
        return t("health.advice.retention_dropped", { current: percent(a.current), previous: percent(a.previous) });
      case "near_tier":
        return t("health.advice.near_tier", { count: a.members, members: number(a.members), share: percent(a.share), tier: a.tier });
    }
  };

  return (
    <Page title={t("health.title")} backAction={{ url: "/app" }} fullWidth>
      <BlockStack gap="400">
        <RangeForm chosen={chosen} errors={errors} today={today} />
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">{t("health.whatToChange")}</Text>
            {advice.length ? (
              <ul data-health-advice>
                {advice.map((a) => <li key={`${a.code}:${"tier" in a ? a.tier : ""}`} data-advice={a.code}><Text as="span">{says(a)}</Text></li>)}
              </ul>
            ) : (
              <Text as="p" tone="subdued">{t("health.noAdvice")}</Text>
            )}
          </BlockStack>
        </Card>
        <GoalsCard goals={goals} currencyCode={currencyCode} editable />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Card>
            <Text as="h2" variant="headingMd">{t("health.rates")}</Text>
            <Chart label={t("health.rates")} kind="bar" emptyText={t("analytics.empty")} formatValue={(v) => percent(Number(v) / 100)} data={series(RATES, (v) => v * 100)} />
          </Card>
          <Card>
            <Text as="h2" variant="headingMd">{t("health.amounts")}</Text>
            <Chart label={t("health.amounts")} kind="bar" emptyText={t("analytics.empty")} formatValue={(v) => money(Number(v))} data={series(AMOUNTS, (v) => v)} />
          </Card>
        </InlineGrid>
        <Card padding="0">
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric"]}
            headings={[t("health.figure"), period.current, period.previous, t("health.change")]}
            rows={comparisons.map((c) => [
              t(`health.metrics.${c.metric}`),
              shown(c.metric, c.current),
              shown(c.metric, c.previous),
              c.change === null ? "—" : (
                <Badge key={c.metric} tone={c.verdict === "better" ? "success" : c.verdict === "worse" ? "critical" : undefined}>
                  {IS_RATE[c.metric] ? points(c.change) : signedPercent(c.change)}
                </Badge>
              ),
            ])}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}
