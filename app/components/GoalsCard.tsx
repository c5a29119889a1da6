// The owner's goals, each with how far it has come: on the home page (tracking) and the program
// health page (where goals are set and removed).
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, FormLayout, InlineStack, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useFormat, useT } from "../i18n/I18nProvider";
import { AUDIENCE_METRICS, GOAL_AUDIENCES, GOAL_METRICS, type GoalAudience, type GoalMetric, type GoalStatus } from "../loyalty/program-goals";
import { IS_RATE } from "../loyalty/program-health";

export interface GoalView {
  id: string;
  metric: GoalMetric;
  audience: GoalAudience | null;
  baseline: number | null;
  target: number;
  due: string;
  current: number | null;
  progress: number | null;
  status: GoalStatus;
}

const TONE: Record<GoalStatus, "success" | "attention" | "critical" | "info" | undefined> = { reached: "success", on_track: "info", behind: "attention", missed: "critical", measuring: undefined };

export function GoalsCard({ goals, currencyCode, editable = false }: { goals: GoalView[]; currencyCode: string; editable?: boolean }) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher<{ ok: boolean; errors: Record<string, string> }>();
  const [metric, setMetric] = useState<GoalMetric>("repeatRate");
  const [target, setTarget] = useState("");
  const [due, setDue] = useState("");
  const [audience, setAudience] = useState("");
  const errors = fetcher.data?.errors ?? {};
  const error = (field: string) => (errors[field] ? t(errors[field]) : undefined);
  const shown = (m: GoalMetric, v: number | null) =>
    v === null ? "—" : IS_RATE[m] ? format.percent(v) : format.money(Math.round(v), currencyCode);

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">{t("goals.title")}</Text>
        {goals.length === 0 ? <Text as="p" tone="subdued">{t(editable ? "goals.emptyHere" : "goals.empty")}</Text> : null}
        {goals.map((g) => (
          <BlockStack key={g.id} gap="100">
            <InlineStack gap="200" align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {t(`health.metrics.${g.metric}`)}
                {g.audience ? ` · ${t("goals.among", { group: t(`goals.audiences.${g.audience}`) })}` : ""}
              </Text>
              <InlineStack gap="200" blockAlign="center">
                <Badge tone={TONE[g.status]}>{t(`goals.status.${g.status}`)}</Badge>
                {editable ? (
                  <fetcher.Form method="post">
                    <input type="hidden" name="intent" value="deleteGoal" />
                    <input type="hidden" name="id" value={g.id} />
                    <Button submit variant="plain" tone="critical" accessibilityLabel={t("goals.deleteOne", { metric: t(`health.metrics.${g.metric}`) })}>{t("goals.delete")}</Button>
                  </fetcher.Form>
                ) : null}
              </InlineStack>
            </InlineStack>
            <ProgressBar progress={Math.round((g.progress ?? 0) * 100)} tone={g.status === "reached" ? "success" : "primary"} size="small" />
            <Text as="p" tone="subdued">
              {t("goals.line", { current: shown(g.metric, g.current), baseline: shown(g.metric, g.baseline), target: shown(g.metric, g.target), due: format.date(g.due) })}
            </Text>
          </BlockStack>
        ))}
        {editable ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="addGoal" />
            <FormLayout>
              {error("form") ? <Text as="p" tone="critical">{error("form")}</Text> : null}
              <FormLayout.Group>
                <Select label={t("goals.metric")} name="metric" value={metric} onChange={(v) => setMetric(v as GoalMetric)} error={error("metric")}
                  options={GOAL_METRICS.map((m) => ({ value: m, label: t(`health.metrics.${m}`) }))} />
                <TextField label={IS_RATE[metric] ? t("goals.targetPercent") : t("goals.targetAmount", { currency: currencyCode })} name="target" value={target} onChange={setTarget} error={error("target")} autoComplete="off" />
                <TextField label={t("goals.due")} name="due" type="date" value={due} onChange={setDue} error={error("due")} autoComplete="off" />
              </FormLayout.Group>
              {AUDIENCE_METRICS.includes(metric) ? (
                <Select label={t("goals.audience")} name="audience" value={audience} onChange={setAudience} error={error("audience")}
                  options={[{ value: "", label: t("goals.audiences.all") }, ...GOAL_AUDIENCES.map((a) => ({ value: a, label: t(`goals.audiences.${a}`) }))]} />
              ) : null}
              <Button submit loading={fetcher.state !== "idle"}>{t("goals.add")}</Button>
            </FormLayout>
          </fetcher.Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}
