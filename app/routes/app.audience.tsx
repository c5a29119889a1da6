// Who the members are: by country (and a country's regions), age, purchase frequency, order value,
// recency, and when they buy; each segment's figures, its members as a CSV, a reward for it
// (app/loyalty/audience.ts, docs/decisions/050-audience-insight.md). The members' figures are a
// snapshot, recomputed hourly in the background and when the owner asks (053-audience-speed.md).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import chartStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, DataTable, InlineStack, Page, Text } from "@shopify/polaris";
import { format, parseISO } from "date-fns";
import type { ReactNode } from "react";
import { succeeded } from "../action-result";
import { chosenRange } from "../analytics-range";
import { Chart } from "../components/Chart";
import { DownloadButton } from "../components/DownloadButton";
import { RangeForm } from "../components/RangeForm";
import db from "../db.server";
import { useFormat, useLocale, useT } from "../i18n/I18nProvider";
import { UNKNOWN_PLACE, type Segment, type SegmentDimension, type TimeSlot } from "../loyalty/audience";
import { audienceReport, requestAudienceSnapshot } from "../loyalty/audience.server";
import { rewardForSegment } from "../loyalty/reward-audience";
import { requireAdmin } from "../shopify/admin-context.server";
import { kickJobs } from "../workers.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: chartStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const now = new Date();
  const today = parseISO(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const params = new URL(request.url).searchParams;
  const range = chosenRange(params, today);
  const country = /^[A-Z]{2}$/.test(params.get("country") ?? "") ? params.get("country")! : null;
  const report = await audienceReport(db, { shopId: shop.id, currency: shop.currencyCode, timezone: shop.timezone, from: range.from, to: range.to, now }, country);
  // None yet, or over an hour old: the background computes a fresh one (never this request).
  const refreshing = report.refreshing || (await requestAudienceSnapshot(db, shop.id, now));
  if (refreshing) kickJobs();
  return { ...report, asOf: report.asOf?.toISOString() ?? null, refreshing, currencyCode: shop.currencyCode, timezone: shop.timezone ?? "UTC", chosen: range.text, errors: range.errors, today: format(today, "yyyy-MM-dd") };
};

/** The owner asks for the members' figures as of now: computed in the background, shown on a later load. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  await requestAudienceSnapshot(db, shop.id, new Date(), true);
  kickJobs();
  return succeeded();
};

export default function Audience() {
  const { breakdowns, regions, when, orderValueBounds, currencyCode, timezone, chosen, errors, today, asOf, refreshing } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { number, percent, money, dateTime } = useFormat();
  const fetcher = useFetcher<typeof action>();
  const asking = refreshing || fetcher.state !== "idle" || fetcher.data?.ok === true;
  const places = new Intl.DisplayNames([locale], { type: "region" });
  const countryName = (code: string) => (code === UNKNOWN_PLACE ? t("audience.unknownPlace") : (places.of(code) ?? code));
  const valueLabel = (band: string) => {
    const i = Number(band.slice(1)) - 1;
    if (band === "none") return t("audience.bands.orderValue.none");
    if (i === 0) return t("audience.bands.orderValue.under", { amount: money(orderValueBounds[0], currencyCode) });
    if (i === orderValueBounds.length) return t("audience.bands.orderValue.over", { amount: money(orderValueBounds[i - 1], currencyCode) });
    return t("audience.bands.orderValue.between", { from: money(orderValueBounds[i - 1], currencyCode), to: money(orderValueBounds[i], currencyCode) });
  };
  const label = (dimension: SegmentDimension, key: string) => {
    switch (dimension) {
      case "country":
        return countryName(key);
      case "region":
        return key === UNKNOWN_PLACE ? t("audience.unknownPlace") : key;
      case "orderValue":
        return valueLabel(key);
      default:
        return t(`audience.bands.${dimension}.${key}`);
    }
  };
  const range = `from=${chosen.from}&to=${chosen.to}`;
  const rating = (s: Segment) => (s.satisfaction === null ? "—" : t("audience.score", { score: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(s.satisfaction), count: s.answers, answers: number(s.answers) }));

  const segmentsCard = (dimension: SegmentDimension, segments: Segment[], country: string | null, extra?: ReactNode) => {
    const title = dimension === "region" ? t("audience.breakdowns.region", { country: countryName(country ?? "") }) : t(`audience.breakdowns.${dimension}`);
    const exportUrl = (key: string) => `/app/audience/export?${new URLSearchParams({ dimension, segment: key, ...(country ? { country } : {}) })}`;
    return (
      <Card key={dimension} padding="0">
        <section data-audience={dimension} aria-label={title}>
          <Box padding="400">
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">{title}</Text>
              {extra}
              <Chart label={title} kind="bar" emptyText={t("analytics.empty")} formatValue={(v) => number(Number(v))}
                data={[{ name: t("audience.figures.members"), data: segments.map((s) => ({ key: label(dimension, s.key), value: s.members })) }]} />
            </BlockStack>
          </Box>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "text"]}
            headings={[t("audience.segment"), ...(["members", "repeatRate", "averageOrder", "pointsOutstanding", "redemptionRate", "satisfaction"] as const).map((f) => t(`audience.figures.${f}`)), ""]}
            rows={segments.map((s) => {
              const reward = rewardForSegment(dimension, s.key);
              return [
                dimension === "country" && s.key !== UNKNOWN_PLACE ? <Link key="regions" to={`/app/audience?${range}&country=${s.key}`}>{label(dimension, s.key)}</Link> : label(dimension, s.key),
                number(s.members),
                percent(s.repeatRate),
                s.averageOrderMinor === null ? "—" : money(s.averageOrderMinor, currencyCode),
                number(s.pointsOutstanding),
                percent(s.redemptionRate),
                rating(s),
                <InlineStack key="actions" gap="200" wrap={false}>
                  {s.members > 0 ? <DownloadButton url={exportUrl(s.key)} fallbackName="klub-audience.csv" label={t("audience.export")} failedText={t("import.exportFailed")} /> : null}
                  {reward ? <Link to={`/app/rewards/new?${new URLSearchParams(reward)}`}>{t("audience.makeReward")}</Link> : null}
                </InlineStack>,
              ];
            })}
          />
        </section>
      </Card>
    );
  };

  const weekday = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
  const hour = new Intl.DateTimeFormat(locale, { hour: "numeric", timeZone: "UTC" });
  // 2024-01-01 was a Monday: day 1 ... 7 of that week, and its hours.
  const slotLabel = (kind: "weekday" | "hour", key: number) => (kind === "weekday" ? weekday.format(Date.UTC(2024, 0, key)) : hour.format(Date.UTC(2024, 0, 1, key)));
  const timeCard = (kind: "weekday" | "hour", slots: TimeSlot[]) => {
    const title = t(`audience.when.${kind}`);
    return (
      <Card key={kind} padding="0">
        <section data-audience={kind} aria-label={title}>
          <Box padding="400">
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">{title}</Text>
              <Text as="p" tone="subdued">{t("audience.when.detail", { timezone })}</Text>
              <Chart label={title} kind="bar" emptyText={t("analytics.empty")} formatValue={(v) => number(Number(v))}
                data={[{ name: t("audience.when.orders"), data: slots.map((s) => ({ key: slotLabel(kind, s.key), value: s.orders })) }]} />
            </BlockStack>
          </Box>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric"]}
            headings={[t(`audience.when.${kind}Heading`), t("audience.when.orders"), t("audience.when.share"), t("audience.figures.averageOrder")]}
            rows={slots.map((s) => [slotLabel(kind, s.key), number(s.orders), percent(s.share), s.averageOrderMinor === null ? "—" : money(s.averageOrderMinor, currencyCode)])}
          />
        </section>
      </Card>
    );
  };

  return (
    <Page title={t("audience.title")} backAction={{ url: "/app" }} fullWidth>
      <BlockStack gap="400">
        <RangeForm chosen={chosen} errors={errors} today={today} />
        <Text as="p" tone="subdued">{t("audience.intro")}</Text>
        <section data-audience="asOf">
          {asOf === null ? (
            <Banner tone="info">{t("audience.snapshot.computing")}</Banner>
          ) : (
            <InlineStack gap="300" blockAlign="center">
              <Text as="p">{t("audience.snapshot.asOf", { time: dateTime(asOf) })}</Text>
              {asking ? (
                <Text as="p" tone="subdued">{t("audience.snapshot.refreshing")}</Text>
              ) : (
                <fetcher.Form method="post">
                  <Button submit variant="plain">{t("audience.snapshot.refresh")}</Button>
                </fetcher.Form>
              )}
            </InlineStack>
          )}
        </section>
        {breakdowns.map((b) =>
          segmentsCard(b.dimension, b.segments, null, b.dimension === "country" ? <Text as="p" tone="subdued">{t("audience.regionsHint")}</Text> : undefined),
        )}
        {regions ? segmentsCard("region", regions.segments, regions.country, <Link to={`/app/audience?${range}`}>{t("audience.allCountries")}</Link>) : null}
        {timeCard("weekday", when.byWeekday)}
        {timeCard("hour", when.byHour)}
      </BlockStack>
    </Page>
  );
}


