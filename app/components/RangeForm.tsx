// The date range of an analytics page: a preset (the last 30, 90, 365 days) or two dates, sent as
// ?from=&to=; a wrong range is said next to its field, and the page shows the last 90 days instead.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, Button, Card, InlineStack, Select, TextField } from "@shopify/polaris";
import { format, parseISO, subDays } from "date-fns";
import { useState } from "react";
import { PRESETS, type RangeErrors } from "../analytics-range";
import { useT } from "../i18n/I18nProvider";

export function RangeForm({ chosen, errors, today }: { chosen: { from: string; to: string }; errors: RangeErrors; today: string }) {
  const navigation = useNavigation();
  const t = useT();
  const [from, setFrom] = useState(chosen.from);
  const [to, setTo] = useState(chosen.to);
  // The preset the dates are, if any: the last N days up to today (the server's UTC day, as the range is).
  const lastDays = (days: number) => ({ from: format(subDays(parseISO(today), days - 1), "yyyy-MM-dd"), to: today });
  const chosenPreset = PRESETS.find((d) => lastDays(d).from === from && to === today);
  const preset = (days: number) => {
    setFrom(lastDays(days).from);
    setTo(lastDays(days).to);
  };
  return (
    <>
      <Card>
        <Form method="get">
          <InlineStack gap="300" blockAlign="end" wrap>
            <Select
              label={t("analytics.preset")}
              options={[{ label: t("analytics.custom"), value: "" }, ...PRESETS.map((d) => ({ label: t("analytics.lastDays", { count: d }), value: String(d) }))]}
              value={chosenPreset ? String(chosenPreset) : ""}
              onChange={(value) => value && preset(Number(value))}
            />
            <TextField label={t("analytics.from")} name="from" type="date" value={from} onChange={setFrom} error={errors.from ? t(errors.from) : undefined} autoComplete="off" />
            <TextField label={t("analytics.to")} name="to" type="date" value={to} onChange={setTo} error={errors.to ? t(errors.to) : undefined} autoComplete="off" />
            <Button submit loading={navigation.state === "loading"}>{t("analytics.apply")}</Button>
          </InlineStack>
        </Form>
      </Card>
      {Object.keys(errors).length ? <Banner tone="warning">{t("analytics.showingDefault")}</Banner> : null}
    </>
  );
}

