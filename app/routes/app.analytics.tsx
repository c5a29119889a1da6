// Analytics: does the program pay? Figures and charts over a chosen date range.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import chartStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { format, parseISO } from "date-fns";
import { chosenRange } from "../analytics-range";
import { RangeForm } from "../components/RangeForm";
import { memo, type CSSProperties, type ReactNode } from "react";
import { Chart } from "../components/Chart";
import db from "../db.server";
import { useFormat, useLocale, useT } from "../i18n/I18nProvider";
import { programAnalytics } from "../loyalty/analytics.server";
import { satisfactionReport } from "../loyalty/feedback.server";
import { SatisfactionCard } from "../components/SatisfactionCard";
import { formatMoney, toDecimalString } from "../loyalty/money";
import { requireAdmin } from "../shopify/admin-context.server";

// The chart library's own styles (legends, tooltips), loaded with the page that draws charts.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: chartStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const today = parseISO(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const range = chosenRange(new URL(request.url).searchParams, today);
  const [figures, satisfaction] = await Promise.all([
    programAnalytics(db, shop.id, shop.currencyCode, { from: range.from, to: range.to }),
    satisfactionReport(db, shop.id, { from: range.from, to: range.to }),
  ]);
  return { figures, satisfaction, currencyCode: shop.currencyCode, chosen: range.text, errors: range.errors, today: format(today, "yyyy-MM-dd") };
};

export default function Analytics() {
  const { figures, satisfaction, currencyCode, chosen, errors, today } = useLoaderData<typeof loader>();
  const t = useT();

  return (
    <Page title={t("analytics.title")} backAction={{ url: "/app" }} fullWidth>
      <BlockStack gap="400">
        <RangeForm chosen={chosen} errors={errors} today={today} />

        <AnalyticsReport figures={figures} currencyCode={currencyCode} />
        <SatisfactionCard report={satisfaction} chosen={chosen} />
      </BlockStack>
    </Page>
  );
}

/**
 * The figures and charts. Memoised: they change only with the loader's data, so choosing a range
 * above (every key and choice re-renders the form) leaves the charts alone. Drawing them again made
 * choosing a preset take about 200 ms to the next paint; now 30-45 ms (npm run bench:vitals).
 */
const AnalyticsReport = memo(function AnalyticsReport({ figures, currencyCode }: { figures: ReturnType<typeof useLoaderData<typeof loader>>["figures"]; currencyCode: string }) {
  const t = useT();
  const locale = useLocale();
  const number = (n: number) => n.toLocaleString(locale);
  const { percent } = useFormat();
  const money = (minor: number | null) => (minor === null ? "—" : formatMoney(minor, currencyCode, locale));
  // Money along an axis, short ("$90", "90 $", "1,2 tys. zł"): ten of them share a chart's width.
  const moneyAxis = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode, currencyDisplay: "narrowSymbol", notation: "compact" });
  const count = (v: number | string | null) => (v === null ? "—" : number(Number(v)));
  // A bucket's label: its day (a week by its Monday), or its month, in the owner's language.
  const dayLabel = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const monthLabel = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  const bucketLabel = (bucket: string) => (figures.bucket === "month" ? monthLabel.format(new Date(`${bucket}-01T00:00:00Z`)) : dayLabel.format(new Date(`${bucket}T00:00:00Z`)));
  const { members, points, orders } = figures;
  // A band's numbers only ("3–4"): the chart's title names them, and short labels are drawn whole.
  const band = (range: string) => range.replace("-", "–");
  return (
    <>
      <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
        <Figure label={t("analytics.members")} value={number(members.total)} detail={t("analytics.newMembers", { count: members.new, n: number(members.new) })} />
        <Figure label={t("analytics.participation")} value={percent(figures.participation.rate)} detail={t("analytics.participationDetail", { members: number(figures.participation.memberOrders), orders: number(figures.participation.orders) })} />
        <Figure label={t("analytics.outstanding")} value={number(points.outstanding)} detail={figures.liability.minor === null ? t("analytics.noPointValue") : t("analytics.liability", { amount: money(figures.liability.minor) })} />
        <Figure label={t("analytics.redemptionRate")} value={percent(points.redemptionRate)} detail={t("analytics.redemptionDetail", { redeemed: number(points.redeemed), issued: number(points.issued) })} />
        <Figure label={t("analytics.retention")} value={percent(figures.retention.rate)} detail={t("analytics.retentionDetail", { retained: number(figures.retention.retained), cohort: number(figures.retention.cohort) })} />
        <Figure label={t("analytics.rewardRevenue")} value={money(figures.rewardOrders.revenueMinor)} detail={t("analytics.rewardOrders", { count: figures.rewardOrders.orders, n: number(figures.rewardOrders.orders) })} />
        <Figure label={t("analytics.expired")} value={number(points.expired)} detail={t("analytics.takenBack", { points: number(points.takenBack) })} />
        <Figure label={t("analytics.issued")} value={number(points.issued)} detail={t("analytics.redeemedPoints", { points: number(points.redeemed) })} />
      </InlineGrid>

      <Layout>
        <Layout.Section>
          <ChartCard title={t("analytics.pointsOverTime")}>
            <Chart
              label={t("analytics.pointsOverTime")}
              // Lines: their axis shows as many dates as fit, each whole; a bar chart's many bars stand
              // their dates on end, and polaris-viz cuts the longest short ("14 w…").
              kind="line"
              emptyText={t("analytics.empty")} formatValue={count}
              data={(["issued", "redeemed", "expired"] as const).map((key) => ({ name: t(`analytics.${key}`), data: figures.series.map((b) => ({ key: bucketLabel(b.bucket), value: b[key] })) }))}
            />
          </ChartCard>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <ChartCard title={t("analytics.newMembersOverTime")}>
            <Chart label={t("analytics.newMembersOverTime")} kind="line" emptyText={t("analytics.empty")} formatValue={count} data={[{ name: t("analytics.newMembersSeries"), data: figures.series.map((b) => ({ key: bucketLabel(b.bucket), value: b.newMembers })) }]} />
          </ChartCard>
        </Layout.Section>
      </Layout>

      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <style dangerouslySetInnerHTML={{ __html: VALUE_AXIS_CSS }} />
        <Comparison
          title={t("analytics.averageOrder")}
          detail={t("analytics.averageOrderDetail", { members: money(orders.members.averageOrderMinor), others: money(orders.nonMembers.averageOrderMinor) })}
          members={orders.members.averageOrderMinor}
          others={orders.nonMembers.averageOrderMinor}
          format={(v) => moneyAxis.format(Number(toDecimalString(Math.round(v), currencyCode)))}
        />
        <Comparison
          title={t("analytics.repeatRate")}
          detail={t("analytics.repeatDetail", { members: percent(orders.members.returningRate), others: percent(orders.nonMembers.returningRate) })}
          members={orders.members.returningRate === null ? null : orders.members.returningRate * 100}
          others={orders.nonMembers.returningRate === null ? null : orders.nonMembers.returningRate * 100}
          format={(v) => percent(v / 100)}
        />
        <ChartCard title={t("analytics.frequency")}>
          <Chart label={t("analytics.frequency")} kind="bar" emptyText={t("analytics.empty")} formatValue={count} data={[{ name: t("analytics.membersLabel"), data: figures.frequency.map((f) => ({ key: band(f.orders), value: f.members })) }]} />
        </ChartCard>
        <ChartCard title={t("analytics.recency")}>
          <Chart label={t("analytics.recency")} kind="bar" emptyText={t("analytics.empty")} formatValue={count} data={[{ name: t("analytics.membersLabel"), data: figures.recency.map((r) => ({ key: r.lastOrder === "never" ? t("analytics.never") : band(r.lastOrder), value: r.members })) }]} />
        </ChartCard>
      </InlineGrid>
      <Text as="p" tone="subdued">{t("analytics.footnote")}</Text>
    </>
  );
});

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">{label}</Text>
        <Text as="p" variant="headingXl">{value}</Text>
        <Text as="p" tone="subdued">{detail}</Text>
      </BlockStack>
    </Card>
  );
}

// Lying bars put the values on the x axis, and polaris-viz centres its first and last labels on
// the chart's edges (and slants them, when they are long, to the left of their tick): half of each
// was cut off. Each side of such a chart gets room for its widest label, about 4.5 px a character
// at the axis's 11 px (the last tick up to a quarter above the largest value), inside the chart's
// box: the chart draws narrower.
const VALUE_AXIS_CSS = ".klub-value-axis [role=figure] > div { padding-inline: var(--klub-axis-room) !important; }";
const valueAxisRoom = (format: (value: number) => string, largest: number) =>
  Math.ceil(Math.max(format(0).length, format(largest * 1.25).length) * 4.5) + 4;

/** Members against non-members on one measure, as two bars. */
function Comparison({ title, detail, members, others, format }: { title: string; detail: string; members: number | null; others: number | null; format: (value: number) => string }) {
  const t = useT();
  return (
    <ChartCard title={title} detail={detail}>
      <div className="klub-value-axis" style={{ "--klub-axis-room": `${valueAxisRoom(format, Math.max(members ?? 0, others ?? 0))}px` } as CSSProperties}>
        <Chart
          label={title}
          kind="bar"
          horizontal
          emptyText={t("analytics.empty")}
          formatValue={(v) => (v === null ? "—" : format(Number(v)))}
          data={[{ name: title, data: [{ key: t("analytics.membersLabel"), value: members }, { key: t("analytics.nonMembersLabel"), value: others }] }]}
        />
      </div>
    </ChartCard>
  );
}

function ChartCard({ title, detail, children }: { title: string; detail?: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{title}</Text>
        {detail ? <Text as="p" tone="subdued">{detail}</Text> : null}
        {children}
      </BlockStack>
    </Card>
  );
}
