// When expiry reminders go out, and how many emails a day the shop sends at most.
import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, Text } from "@shopify/polaris";
import { TextField } from "./fields";
import { useFormValues } from "../form-values";
import { useFormat, useLocale, useT } from "../i18n/I18nProvider";

export type EmailProgramValues = { reminderDays: string; dailyCap: string };

export function EmailProgramCard({ saved, sent, errors, loading }: { saved: EmailProgramValues; sent?: [string, string][]; errors: Partial<Record<keyof EmailProgramValues, string>>; loading: boolean }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const { form, values, set } = useFormValues(saved, sent);
  const error = (field: keyof EmailProgramValues) => (errors[field] ? t(errors[field]!) : undefined);
  // What is saved, in words: "Reminders go 30 and 7 days before points expire." (the noun agrees with the last number)
  const days = saved.reminderDays.split(",").map((d) => Number(d.trim()));
  const cap = Number(saved.dailyCap);
  const dayList = new Intl.ListFormat(locale, { type: "conjunction" }).format(days.map(format.number));
  return (
    <Card>
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="program" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">{t("email.program")}</Text>
          <Text as="p" tone="subdued">{t("email.reminderSummary", { count: days.at(-1) ?? 0, days: dayList })}</Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField label={t("email.reminderDays")} name="reminderDays" value={values.reminderDays} onChange={set("reminderDays")} error={error("reminderDays")} helpText={t("email.reminderDaysHelp")} autoComplete="off" />
              <TextField label={t("email.dailyCap")} name="dailyCap" inputMode="numeric" value={values.dailyCap} onChange={set("dailyCap")} error={error("dailyCap")} helpText={t("email.dailyCapHelp", { count: cap, formatted: format.number(cap) })} autoComplete="off" />
            </FormLayout.Group>
            <Button submit loading={loading}>{t("email.save")}</Button>
          </FormLayout>
        </BlockStack>
      </Form>
    </Card>
  );
}
