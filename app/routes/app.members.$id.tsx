// A member: balance, pending points, tier and progress, lots and their expiry, the ledger with
// reasons, rewards redeemed, privacy requests, and a manual adjustment that needs a reason.
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Button, Card, DataTable, FormLayout, InlineGrid, Layout, Page, ProgressBar, Text, TextField } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import db from "../db.server";
import { useFormValues } from "../form-values";
import { useFormat, useT } from "../i18n/I18nProvider";
import { adjustBalance } from "../loyalty/adjustments.server";
import type { action as birthdayAction } from "./app.members.$id.birthday";
import { InsufficientPoints } from "../loyalty/ledger.server";
import { memberDetail } from "../loyalty/members-query.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const member = await memberDetail(db, shop.id, params.id ?? "");
  if (!member) throw new Response("No such member", { status: 404 });
  // A fresh id per rendered form: submitting the same form twice adjusts once.
  return { member, requestId: crypto.randomUUID() };
};

const adjustSchema = z.object({
  points: z.coerce.number().int().refine((n) => n !== 0 && Math.abs(n) <= 10_000_000),
  reason: z.string().trim().min(1).max(500),
  requestId: z.string().uuid(),
});

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = await request.formData();
  const parsed = adjustSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    return failed<AdjustErrors>({ ...(fields.has("points") ? { points: "member.pointsNonZero" } : {}), ...(fields.has("reason") ? { reason: "member.reasonRequired" } : {}) }, undefined, form);
  }
  const member = await db.member.findFirst({ where: { id: params.id ?? "", shopId: shop.id } });
  if (!member) throw new Response("No such member", { status: 404 });
  try {
    await adjustBalance(db, { shopId: shop.id, memberId: member.id, ...parsed.data, actor: staff });
  } catch (error) {
    if (!(error instanceof InsufficientPoints)) throw error;
    return failed<AdjustErrors, { balance: number }>({ points: "member.notEnough" }, { balance: error.balance }, form);
  }
  return succeeded();
};

type AdjustErrors = { points: string; reason: string };

// After a refused adjustment the page stays as it is, with what was typed and its error.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "ok" in actionResult && !actionResult.ok ? false : defaultShouldRevalidate;

export default function MemberPage() {
  const { member, requestId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const shopify = useAppBridge();
  const t = useT();
  // Here, not in the form: the form remounts after each adjustment and would toast again.
  useEffect(() => {
    if (result?.ok) shopify.toast.show(t("member.adjusted"));
  }, [result, shopify, t]);
  const format = useFormat();
  const date = (iso: string | null) => (iso ? format.date(iso) : t("member.never"));
  const figures = [
    { label: t("member.balance"), value: member.balance },
    { label: t("member.pending"), value: member.pendingPoints },
    { label: t("member.lifetime"), value: member.lifetimePoints },
  ];
  return (
    <Page title={member.redacted ? t("members.anonymous") : member.name || member.email || member.customerId} subtitle={member.redacted ? undefined : (member.email ?? undefined)} backAction={{ url: "/app/members" }}>
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            {figures.map((f) => (
              <Card key={f.label}>
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">{f.label}</Text>
                  <Text as="p" variant="headingLg">{format.number(f.value)}</Text>
                </BlockStack>
              </Card>
            ))}
            <Card>
              <BlockStack gap="200">
                <Text as="p" tone="subdued">{t("member.tier")}</Text>
                {member.hasTiers ? (
                  <>
                    <Text as="p" variant="headingLg">{member.tier ?? "—"}</Text>
                    <ProgressBar progress={member.progress.percent} size="small" />
                    <Text as="p" tone="subdued">{member.progress.next ? t("member.toNext", { points: format.number(member.progress.toNext), tier: member.progress.next }) : t("member.topTier")}</Text>
                  </>
                ) : (
                  <Text as="p">{t("member.noTiers")}</Text>
                )}
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          {/* A new request id after each adjustment remounts the form, empty. */}
          <AdjustForm key={requestId} requestId={requestId} />
        </Layout.Section>
        {member.redacted ? null : (
          <Layout.Section>
            <BirthdayForm key={member.birthday ?? ""} memberId={member.id} birthday={member.birthday} />
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">{t("member.ledger")}</Text>
              <DataTable
                columnContentTypes={["text", "text", "numeric", "text", "numeric"]}
                headings={[t("member.when"), t("member.kind"), t("member.points"), t("member.reason"), t("member.balanceAfter")]}
                rows={member.entries.map((e) => [format.dateTime(e.at), t(`kinds.${e.kind}`), format.signed(e.amount), e.reason.code ? t(`ledgerReasons.${e.reason.code}`, e.reason.params) : e.reason.text, format.number(e.balanceAfter)])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">{t("member.lots")}</Text>
              {member.lots.length ? (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "text", "text"]}
                  headings={[t("member.lotEarned"), t("member.lotAmount"), t("member.lotRemaining"), t("member.lotAvailable"), t("member.lotExpires")]}
                  rows={member.lots.map((l) => [date(l.earnedAt), format.number(l.amount), format.number(l.remaining), l.pending ? <Badge key="p" tone="attention">{date(l.availableAt)}</Badge> : date(l.availableAt), date(l.expiresAt)])}
                />
              ) : <Text as="p" tone="subdued">{t("member.noneYet")}</Text>}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("member.redemptions")}</Text>
                {member.redemptions.length ? (
                  <DataTable columnContentTypes={["text", "text", "numeric", "text", "text"]}
                    headings={[t("member.when"), t("member.reason"), t("member.points"), t("member.code"), t("member.status")]}
                    rows={member.redemptions.map((r) => [format.date(r.at), r.reward, format.number(r.points), r.code ?? "—", t(`member.codeStates.${r.status}`, { defaultValue: r.status })])} />
                ) : <Text as="p" tone="subdued">{t("member.noneYet")}</Text>}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("member.privacy")}</Text>
                {member.privacy.length ? member.privacy.map((p) => <Text as="p" key={p.id}>{format.date(p.at)} · {t(`privacy.kindNames.${p.kind}`)}</Text>) : <Text as="p" tone="subdued">{t("member.noneYet")}</Text>}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function AdjustForm({ requestId }: { requestId: string }) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const format = useFormat();
  const { form, values, set } = useFormValues({ points: "", reason: "" }, result?.sent);
  return (
    <Card>
      <Form method="post" ref={form}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">{t("member.adjust")}</Text>
          <input type="hidden" name="requestId" value={requestId} />
          <FormLayout>
            <FormLayout.Group>
              <TextField label={t("member.adjustPoints")} name="points" type="number" value={values.points} onChange={set("points")} autoComplete="off"
                error={result && "points" in result.errors && result.errors.points ? t(result.errors.points, { balance: result.data ? format.number(result.data.balance) : undefined }) : undefined} />
              <TextField label={t("member.adjustReason")} name="reason" value={values.reason} onChange={set("reason")} autoComplete="off"
                error={result && "reason" in result.errors && result.errors.reason ? t(result.errors.reason) : undefined} />
            </FormLayout.Group>
            <Button submit loading={navigation.state === "submitting"}>{t("member.adjustSave")}</Button>
          </FormLayout>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** The member's birthday, for the birthday bonus: a date, or a month and day. */
function BirthdayForm({ memberId, birthday }: { memberId: string; birthday: string | null }) {
  const t = useT();
  const fetcher = useFetcher<typeof birthdayAction>();
  const { form, values, set } = useFormValues({ birthday: birthday ?? "" });
  const error = fetcher.data && "birthday" in fetcher.data.errors ? fetcher.data.errors.birthday : undefined;
  return (
    <Card>
      <fetcher.Form method="post" ref={form} action={`/app/members/${memberId}/birthday`}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">{t("member.birthday")}</Text>
          <FormLayout>
            <TextField label={t("member.birthdayLabel")} name="birthday" value={values.birthday} onChange={set("birthday")} autoComplete="off" placeholder="1990-05-17" helpText={t("member.birthdayHelp")} error={error ? t(error) : undefined} />
            <Button submit loading={fetcher.state !== "idle"}>{t("member.birthdaySave")}</Button>
          </FormLayout>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
