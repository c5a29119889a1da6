// Analytics' member satisfaction (decision 049): the average answer to "how do you like the
// program?" over the range, month by month, per tier, the latest comments, and the answers as CSV.
import { BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Link, Text } from "@shopify/polaris";
import type { SatisfactionReport } from "../loyalty/feedback.server";
import { useFormat, useLocale, useT } from "../i18n/I18nProvider";
import { Chart } from "./Chart";

type Report = Omit<SatisfactionReport, "comments"> & { comments: (Omit<SatisfactionReport["comments"][number], "createdAt"> & { createdAt: string | Date })[] };

export function SatisfactionCard({ report, chosen }: { report: Report; chosen: { from: string; to: string } }) {
  const t = useT();
  const locale = useLocale();
  const { number, percent, date } = useFormat();
  const score = (average: number | null) => (average === null ? "—" : t("analytics.satisfaction.scoreValue", { score: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(average) }));
  const monthLabel = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  const { overall } = report;
  const exportUrl = `/app/feedback/export?${new URLSearchParams(chosen)}`;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">{t("analytics.satisfaction.title")}</Text>
          {/* A download, not a page: the browser saves the file where the app stands. */}
          <Button url={exportUrl} target="_top" download disabled={overall.answers === 0}>{t("analytics.satisfaction.export")}</Button>
        </InlineStack>
        {overall.answers === 0 ? (
          <Text as="p" tone="subdued">{t("analytics.satisfaction.none")}</Text>
        ) : (
          <>
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              <Box data-satisfaction="average">
                <Text as="p" tone="subdued">{t("analytics.satisfaction.average")}</Text>
                <Text as="p" variant="headingXl">{score(overall.average)}</Text>
                <Text as="p" tone="subdued">{t("analytics.satisfaction.answers", { count: overall.answers, n: number(overall.answers) })}</Text>
              </Box>
              <Box data-satisfaction="satisfied">
                <Text as="p" tone="subdued">{t("analytics.satisfaction.satisfied")}</Text>
                <Text as="p" variant="headingXl">{percent(overall.satisfiedShare)}</Text>
              </Box>
              <Chart
                label={t("analytics.satisfaction.distribution")}
                kind="bar"
                height={140}
                emptyText={t("analytics.empty")}
                formatValue={(v) => (v === null ? "—" : number(Number(v)))}
                data={[{ name: t("analytics.satisfaction.answersLabel"), data: overall.distribution.map((count, i) => ({ key: number(i + 1), value: count })) }]}
              />
            </InlineGrid>
            <Chart
              label={t("analytics.satisfaction.overTime")}
              kind="line"
              emptyText={t("analytics.empty")}
              formatValue={(v) => (v === null ? "—" : score(Number(v)))}
              data={[{ name: t("analytics.satisfaction.average"), data: report.byMonth.map((m) => ({ key: monthLabel.format(new Date(`${m.month}-01T00:00:00Z`)), value: m.satisfaction.average })) }]}
            />
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[t("analytics.satisfaction.tier"), t("analytics.satisfaction.answersLabel"), t("analytics.satisfaction.average"), t("analytics.satisfaction.satisfied")]}
              rows={report.byTier.map((row) => [row.name ?? t("analytics.satisfaction.noTier"), number(row.satisfaction.answers), score(row.satisfaction.average), percent(row.satisfaction.satisfiedShare)])}
            />
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">{t("analytics.satisfaction.comments")}</Text>
              {report.comments.length === 0 ? (
                <Text as="p" tone="subdued">{t("analytics.satisfaction.noComments")}</Text>
              ) : (
                report.comments.map((c) => (
                  <Box key={c.id} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border" data-feedback-comment={c.id}>
                    <Text as="p" tone="subdued">
                      {[date(c.createdAt), score(c.score), c.tier].filter(Boolean).join(" · ")}
                      {" · "}
                      <Link url={`/app/members/${c.memberId}`}>{c.memberName ?? t("analytics.satisfaction.member")}</Link>
                    </Text>
                    <Text as="p">{c.comment}</Text>
                  </Box>
                ))
              )}
            </BlockStack>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
