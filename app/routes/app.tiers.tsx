// VIP tiers: what they are measured by, the ladder, each tier's benefits, and the progress of the
// recompute that follows a change.
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { memo, useCallback, useEffect, useMemo, useRef } from "react";
import { Select, TextField } from "../components/fields";
import db from "../db.server";
import { useStateFromPage } from "../form-values";
import { useFormat, useT } from "../i18n/I18nProvider";
import { GRANTABLE_TYPES } from "../loyalty/grants.server";
import { LadderRefused, parseLadder, saveLadder, thresholdText, type LadderErrors, type TierRowForm } from "../loyalty/tier-ladder.server";
import { latestTierRecompute } from "../loyalty/tier-recompute.server";
import { MAX_TIERS } from "../loyalty/tiers";
import { requireAdmin } from "../shopify/admin-context.server";
import { kickJobs } from "../workers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [settings, tiers, rewards, counts, job] = await Promise.all([
    db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } }),
    db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: "asc" } }),
    db.reward.findMany({ where: { shopId: shop.id, deletedAt: null }, select: { id: true, name: true, tierId: true, type: true }, orderBy: { name: "asc" } }),
    db.member.groupBy({ by: ["tierId"], where: { shopId: shop.id }, _count: true }),
    latestTierRecompute(db, shop.id),
  ]);
  return {
    currencyCode: shop.currencyCode,
    basis: settings.tierBasis,
    window: settings.tierWindow,
    tiers: tiers.map((t) => ({
      id: t.id,
      name: t.name,
      threshold: thresholdText(t.threshold, settings.tierBasis, shop.currencyCode),
      multiplierPercent: String(t.multiplierPercent),
      entryRewardId: t.entryRewardId ?? "",
      members: counts.find((c) => c.tierId === t.id)?._count ?? 0,
      tierOnlyRewards: rewards.filter((r) => r.tierId === t.id).map((r) => ({ id: r.id, name: r.name })),
    })),
    // A points slider needs the shopper to choose an amount: it cannot be given on entry.
    rewards: rewards.filter((r) => GRANTABLE_TYPES.includes(r.type)).map((r) => ({ id: r.id, name: r.name })),
    recompute: job && { status: job.status, processed: job.processed, total: job.total, changed: job.changed },
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  // The page posts its form; the ladder may also come as JSON (the sandbox's demo set-up sends it so).
  const form = request.headers.get("Content-Type")?.includes("application/json") ? undefined : await request.formData();
  const body = form ? ladderFromForm(form) : await request.json().catch(() => null);
  if (body === null) throw new Response("Expected the tiers as JSON", { status: 400 });
  const parsed = parseLadder(body, shop.currencyCode);
  if ("errors" in parsed) return failed(parsed.errors, undefined, form);
  try {
    const saved = await saveLadder(db, shop.id, parsed.data, staff);
    if (saved.recompute) kickJobs();
    return succeeded();
  } catch (error) {
    if (error instanceof LadderRefused) return failed<LadderErrors>({ form: error.key, tierName: error.tierName } as LadderErrors, undefined, form);
    throw error;
  }
};

/** The page's form as the ladder: its own fields, and each tier's fields once per tier, in order. */
function ladderFromForm(form: Pick<URLSearchParams, "get" | "getAll"> | FormData) {
  const column = (field: string) => form.getAll(field).map(String);
  const [names, thresholds, multipliers, entryRewards] = [column("name"), column("threshold"), column("multiplierPercent"), column("entryRewardId")];
  return {
    basis: form.get("basis"),
    window: form.get("window"),
    tiers: column("tierId").map((id, i) => ({ id: id || null, name: names[i] ?? "", threshold: thresholds[i] ?? "", multiplierPercent: multipliers[i] ?? "", entryRewardId: entryRewards[i] ?? "" })),
  };
}

type Row = TierRowForm & { key: string };
type Ladder = { basis: string; window: string; rows: Row[] };

/**
 * The ladder as a form holds it (see ladderFromForm): what was typed before the page's script ran,
 * or what a refused plain POST sent (ActionResult.sent).
 */
function heldLadder(form: Parameters<typeof ladderFromForm>[0], current: Ladder): Ladder {
  const held = ladderFromForm(form);
  if (held.tiers.length !== current.rows.length) return current;
  const rows = current.rows.map((row, i) => ({ ...row, ...held.tiers[i], id: row.id }));
  const same = String(held.basis) === current.basis && String(held.window) === current.window && JSON.stringify(rows) === JSON.stringify(current.rows);
  return same ? current : { basis: String(held.basis), window: String(held.window), rows };
}

export default function Tiers() {
  const data = useLoaderData<typeof loader>();
  // A saved ladder (new ids) starts a fresh form; the recompute's refreshes keep the one being edited.
  const saved = JSON.stringify([data.basis, data.window, data.tiers.map((t) => [t.id, t.name, t.threshold, t.multiplierPercent, t.entryRewardId])]);
  const result = useActionData<typeof action>();
  const shopify = useAppBridge();
  const t = useT();
  const toasted = useRef<unknown>(null); // once per save, even when effects run twice (StrictMode)
  useEffect(() => {
    if (!result?.ok || toasted.current === result) return;
    toasted.current = result;
    shopify.toast.show(t("tiers.saved"));
  }, [result, shopify, t]);
  return <TiersForm key={saved} />;
}

function TiersForm() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const t = useT();
  const format = useFormat();
  const [ladder, setLadder, form] = useStateFromPage<Ladder>(
    () => {
      const saved = { basis: data.basis, window: data.window, rows: data.tiers.map(({ id, name, threshold, multiplierPercent, entryRewardId }) => ({ id, name, threshold, multiplierPercent, entryRewardId, key: id })) };
      return result?.sent ? heldLadder(new URLSearchParams(result.sent), saved) : saved;
    },
    (element, current) => heldLadder(new FormData(element), current),
  );
  const { basis, window: tierWindow, rows } = ladder;
  const errors: LadderErrors = result?.errors ?? {};
  const running = data.recompute?.status === "running";

  // The recompute runs in the background: follow it while it runs.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  // Stable callbacks and option lists: a change to one row renders that row again, not every row.
  const setRows = useCallback((change: (rows: Row[]) => Row[]) => setLadder((current) => ({ ...current, rows: change(current.rows) })), [setLadder]);
  const update = useCallback((key: string, field: keyof TierRowForm, value: string) => setRows((current) => current.map((r) => (r.key === key ? { ...r, [field]: value } : r))), [setRows]);
  const remove = useCallback((key: string) => setRows((current) => current.filter((r) => r.key !== key)), [setRows]);
  const add = () => setRows((current) => [...current, { key: `new-${Date.now()}`, name: "", threshold: "", multiplierPercent: "100", entryRewardId: "" }]);
  const setBasis = useCallback((value: string) => setLadder((current) => ({ ...current, basis: value })), [setLadder]);
  const setWindow = useCallback((value: string) => setLadder((current) => ({ ...current, window: value })), [setLadder]);
  // The page's header action is outside the form: it submits it as the form's own Save does.
  const save = () => form.current?.requestSubmit();
  const unit = basis === "spend" ? data.currencyCode : t("tiers.points");
  const options = useMemo(
    () => ({
      basis: [{ label: t("tiers.basisPoints"), value: "points" }, { label: t("tiers.basisSpend"), value: "spend" }],
      window: [{ label: t("tiers.windowLifetime"), value: "lifetime" }, { label: t("tiers.windowRolling12"), value: "rolling12" }, { label: t("tiers.windowCalendarYear"), value: "calendar_year" }],
      rewards: [{ label: t("tiers.noEntryReward"), value: "" }, ...data.rewards.map((r) => ({ label: r.name, value: r.id }))],
    }),
    [t, data.rewards],
  );

  return (
    <Page title={t("tiers.title")} backAction={{ url: "/app" }} primaryAction={{ content: t("tiers.save"), onAction: save, loading: navigation.state === "submitting" }}>
      <Form method="post" ref={form}>
        <Layout>
          {data.recompute && data.recompute.status !== "superseded" ? (
            <Layout.Section>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">{t(running ? "tiers.recomputing" : "tiers.recomputed")}</Text>
                  <ProgressBar progress={data.recompute.total ? Math.min(100, Math.round((data.recompute.processed * 100) / data.recompute.total)) : 100} tone={running ? "highlight" : "success"} />
                  <Text as="p" tone="subdued">{t("tiers.recomputeProgress", { processed: format.number(data.recompute.processed), total: format.number(data.recompute.total), changed: format.number(data.recompute.changed) })}</Text>
                </BlockStack>
              </Card>
            </Layout.Section>
          ) : null}
          {errors.form ? (
            <Layout.Section>
              <Banner tone="critical">{t(errors.form, { tier: errors.tierName ?? "" })}</Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Card>
              <FormLayout>
                <FormLayout.Group>
                  <Select label={t("tiers.basis")} options={options.basis} name="basis" value={basis} onChange={setBasis} helpText={t("tiers.basisHelp")} />
                  <Select label={t("tiers.window")} options={options.window} name="window" value={tierWindow} onChange={setWindow} />
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </Layout.Section>
          {rows.map((row, index) => (
            <TierRow key={row.key} row={row} errors={errors.rows?.[index]} stored={data.tiers.find((tier) => tier.id === row.id)} unit={unit} rewardOptions={options.rewards} update={update} remove={remove} />
          ))}
          <Layout.Section>
            <InlineStack gap="200">
              <Button onClick={add} disabled={rows.length >= MAX_TIERS}>{t("tiers.add")}</Button>
              <Button variant="primary" submit loading={navigation.state === "submitting"}>{t("tiers.save")}</Button>
            </InlineStack>
          </Layout.Section>
          <Layout.Section>
            <Text as="p" tone="subdued">{t("tiers.tierOnlyHelp")}</Text>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

type StoredTier = ReturnType<typeof useLoaderData<typeof loader>>["tiers"][number];

/** One tier's card; memoised (see components/fields), so that adding or editing a tier renders only that tier. */
const TierRow = memo(function TierRow({ row, errors, stored, unit, rewardOptions, update, remove }: {
  row: Row;
  errors: NonNullable<LadderErrors["rows"]>[number] | undefined;
  stored: StoredTier | undefined;
  unit: string;
  rewardOptions: { label: string; value: string }[];
  update: (key: string, field: keyof TierRowForm, value: string) => void;
  remove: (key: string) => void;
}) {
  const t = useT();
  const error = (field: keyof TierRowForm) => (errors?.[field] ? t(errors[field]!) : undefined);
  const change = (field: keyof TierRowForm) => (value: string) => update(row.key, field, value);
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingSm">{row.name || t("tiers.newTier")}</Text>
            <InlineStack gap="200" blockAlign="center">
              {stored ? <Text as="span" tone="subdued">{t("tiers.memberCount", { count: stored.members })}</Text> : null}
              <Button tone="critical" variant="plain" onClick={() => remove(row.key)} accessibilityLabel={t("tiers.removeNamed", { tier: row.name || t("tiers.newTier") })}>{t("tiers.remove")}</Button>
            </InlineStack>
          </InlineStack>
          <input type="hidden" name="tierId" value={row.id ?? ""} />
          <FormLayout>
            <FormLayout.Group>
              <TextField label={t("tiers.name")} name="name" value={row.name} onChange={change("name")} error={error("name")} autoComplete="off" />
              <TextField label={t("tiers.threshold", { unit })} name="threshold" value={String(row.threshold)} onChange={change("threshold")} error={error("threshold")} autoComplete="off" inputMode="decimal" />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField label={t("tiers.multiplier")} name="multiplierPercent" type="number" value={String(row.multiplierPercent)} onChange={change("multiplierPercent")} error={error("multiplierPercent")} helpText={t("tiers.multiplierHelp")} autoComplete="off" suffix="%" />
              <Select label={t("tiers.entryReward")} name="entryRewardId" options={rewardOptions} value={row.entryRewardId ?? ""} onChange={change("entryRewardId")} error={error("entryRewardId")} />
            </FormLayout.Group>
          </FormLayout>
          {stored?.tierOnlyRewards.length ? <Text as="p" tone="subdued">{t("tiers.tierOnlyRewards", { rewards: stored.tierOnlyRewards.map((r) => r.name).join(", ") })}</Text> : null}
        </BlockStack>
      </Card>
    </Layout.Section>
  );
});
