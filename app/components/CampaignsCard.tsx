// The program's bonus campaigns: the list with their state, a form to add one, delete.
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, FormLayout, InlineStack, Text } from "@shopify/polaris";
import { TextField } from "./fields";
import { useFormValues } from "../form-values";
import { useFormat, useT } from "../i18n/I18nProvider";
import type { action } from "../routes/app.settings.campaigns";

export interface CampaignRow {
  id: string;
  name: string;
  multiplierPercent: number;
  startsAt: string;
  endsAt: string;
}

const ACTION = "/app/settings/campaigns";
const empty = { name: "", multiplierPercent: "200", startsOn: "", endsOn: "" };

export function CampaignsCard({ campaigns, now }: { campaigns: CampaignRow[]; now: string }) {
  const t = useT();
  const { date } = useFormat();
  const lastDay = (iso: string) => date(new Date(new Date(iso).getTime() - 86_400_000).toISOString());
  const state = (c: CampaignRow) => (c.endsAt <= now ? "ended" : c.startsAt > now ? "scheduled" : "running");
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">{t("campaigns.title")}</Text>
        <Text as="p" tone="subdued">{t("campaigns.help")}</Text>
        {campaigns.length === 0 ? <Text as="p">{t("campaigns.none")}</Text> : null}
        {campaigns.map((c) => (
          <CampaignLine key={c.id} campaign={c} state={state(c)} dates={`${date(c.startsAt)} – ${lastDay(c.endsAt)}`} />
        ))}
        {/* A new list (a campaign added) starts an empty form. */}
        <NewCampaign key={campaigns.map((c) => c.id).join()} />
      </BlockStack>
    </Card>
  );
}

function NewCampaign() {
  const t = useT();
  const adding = useFetcher<typeof action>();
  const { form, values, set } = useFormValues(empty);
  const errors = adding.data?.errors ?? {};
  const error = (field: keyof typeof empty) => (errors[field] ? t(errors[field]!) : undefined);
  return (
    <adding.Form method="post" ref={form} action={ACTION}>
      <FormLayout>
        <FormLayout.Group>
          <TextField label={t("campaigns.name")} name="name" value={values.name} onChange={set("name")} error={error("name")} autoComplete="off" />
          <TextField label={t("campaigns.multiplier")} name="multiplierPercent" type="number" suffix="%" value={values.multiplierPercent} onChange={set("multiplierPercent")} error={error("multiplierPercent")} helpText={t("campaigns.multiplierHelp")} autoComplete="off" />
        </FormLayout.Group>
        <FormLayout.Group>
          <TextField label={t("campaigns.startsOn")} name="startsOn" type="date" value={values.startsOn} onChange={set("startsOn")} error={error("startsOn")} autoComplete="off" />
          <TextField label={t("campaigns.endsOn")} name="endsOn" type="date" value={values.endsOn} onChange={set("endsOn")} error={error("endsOn")} autoComplete="off" />
        </FormLayout.Group>
        <Button submit loading={adding.state !== "idle"}>{t("campaigns.add")}</Button>
      </FormLayout>
    </adding.Form>
  );
}

function CampaignLine({ campaign, state, dates }: { campaign: CampaignRow; state: "ended" | "scheduled" | "running"; dates: string }) {
  const t = useT();
  const remove = useFetcher();
  return (
    <InlineStack align="space-between" blockAlign="center">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" fontWeight="semibold">{campaign.name}</Text>
        <Text as="span">{t("campaigns.times", { percent: campaign.multiplierPercent })}</Text>
        <Text as="span" tone="subdued">{dates}</Text>
        <Badge tone={state === "running" ? "success" : state === "scheduled" ? "info" : undefined}>{t(`campaigns.${state}`)}</Badge>
      </InlineStack>
      <Button variant="plain" tone="critical" loading={remove.state !== "idle"} accessibilityLabel={t("campaigns.deleteNamed", { name: campaign.name })} onClick={() => remove.submit({ intent: "delete", id: campaign.id }, { method: "post", action: ACTION })}>
        {t("campaigns.delete")}
      </Button>
    </InlineStack>
  );
}
