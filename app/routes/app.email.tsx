// Email: the emails members get (on or off, the owner's words), when reminders go and the daily
// cap, the mail server they leave through with a test email that reports what the server
// answered, and the latest emails sent. Without a server, email is off and the page says so.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useMemo } from "react";
import { failed, succeeded } from "../action-result";
import { useAppBridge } from "@shopify/app-bridge-react";
import { EmailDeliveriesCard } from "../components/EmailDeliveriesCard";
import { EmailProgramCard } from "../components/EmailProgramCard";
import { EmailTestCard } from "../components/EmailTestCard";
import { EmailTypesCard } from "../components/EmailTypesCard";
import { Select, TextField } from "../components/fields";
import db from "../db.server";
import { emailProgramForm, listEmailTypes, parseEmailProgram, recentDeliveries, saveEmailProgram, sendTestEmail, shopTestEmail, type EmailProgramErrors } from "../email/email-settings.server";
import { SECURITY } from "../email/mail-security";
import { mailServerForm, parseMailServer, saveMailServer, type MailServerErrors } from "../email/mail-server.server";
import { secretsKey } from "../env.server";
import { useFormValues } from "../form-values";
import { useT } from "../i18n/I18nProvider";
import { requireAdmin } from "../shopify/admin-context.server";
import { EmailOffBanner } from "../components/EmailOffBanner";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [server, types, settings, deliveries] = await Promise.all([
    mailServerForm(db, shop.id),
    listEmailTypes(db, shop.id),
    db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } }),
    recentDeliveries(db, shop.id),
  ]);
  return { ...server, canKeepSecrets: secretsKey() !== null, types, program: emailProgramForm(settings), deliveries };
};

type Errors = MailServerErrors & EmailProgramErrors & { to?: string; form?: string };
type Test = { test: { to: string; answer: string } };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff, locale } = await requireAdmin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "program") {
    const parsed = parseEmailProgram(Object.fromEntries(form));
    if ("errors" in parsed) return failed<Errors>(parsed.errors, undefined, form);
    await saveEmailProgram(db, shop.id, parsed.data, staff);
    return succeeded({ programSaved: true });
  }
  const key = secretsKey();
  if (intent === "test") {
    // The test speaks the owner's language, as the page does.
    const outcome = await sendTestEmail(db, shop.id, key, String(form.get("to") ?? ""), (to) => shopTestEmail(db, shop, locale, to));
    if ("refused" in outcome) return failed<Errors, Test>(outcome.refused, undefined, form);
    const test = { to: outcome.to, answer: outcome.result.answer };
    return outcome.result.sent ? succeeded({ test }) : failed<Errors, Test>({ form: "email.testFailed" }, { test }, form);
  }
  if (!key) return failed<Errors>({ form: "email.noSecretsKey" }, undefined, form);
  const parsed = parseMailServer(Object.fromEntries(form));
  if ("errors" in parsed) return failed<Errors>(parsed.errors, undefined, form);
  await saveMailServer(db, shop.id, parsed.data, key, staff);
  return succeeded({ saved: true });
};

export default function EmailSettings() {
  const { configured, values: saved, hasPassword, canKeepSecrets, types, program, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const t = useT();
  const { form, values, set } = useFormValues(saved, result?.sent);
  const errors: Errors = result?.errors ?? {};
  const error = (field: keyof Errors) => (errors[field] ? t(errors[field]!) : undefined);
  const test = result?.data && "test" in result.data ? { ...result.data.test, sent: result.ok } : null;
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const securityOptions = useMemo(() => SECURITY.map((value) => ({ label: t(`email.security.${value}`), value })), [t]);
  useEffect(() => {
    if (result?.ok && result.data && "saved" in result.data) shopify.toast.show(t("email.saved"));
    if (result?.ok && result.data && "programSaved" in result.data) shopify.toast.show(t("email.programSaved"));
  }, [result, shopify, t]);

  return (
    <Page title={t("email.title")} backAction={{ url: "/app" }}>
      <Layout>
        <EmailOffBanner canKeepSecrets={canKeepSecrets} configured={configured} />
        {errors.form && errors.form !== "email.testFailed" ? (
          <Layout.Section>
            <Banner tone="critical" title={t(errors.form)} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <EmailTypesCard types={types} />
        </Layout.Section>
        <Layout.Section>
          <EmailProgramCard saved={program} sent={result?.sent} errors={errors} loading={busy("program")} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post" ref={form}>
              <input type="hidden" name="intent" value="save" />
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">{t("email.server")}</Text>
                <FormLayout>
                  <FormLayout.Group>
                    <TextField label={t("email.host")} name="host" value={String(values.host)} onChange={set("host")} error={error("host")} autoComplete="off" placeholder="smtp.example.com" />
                    <TextField label={t("email.port")} name="port" value={String(values.port)} onChange={set("port")} error={error("port")} autoComplete="off" inputMode="numeric" />
                    <Select label={t("email.securityLabel")} name="security" options={securityOptions} value={String(values.security)} onChange={set("security")} error={error("security")} />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <TextField label={t("email.username")} name="username" value={String(values.username)} onChange={set("username")} error={error("username")} autoComplete="off" />
                    <TextField label={t("email.password")} name="password" type="password" value={String(values.password)} onChange={set("password")} error={error("password")} autoComplete="new-password" helpText={hasPassword ? t("email.passwordKept") : undefined} />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <TextField label={t("email.fromAddress")} name="fromAddress" type="email" value={String(values.fromAddress)} onChange={set("fromAddress")} error={error("fromAddress")} autoComplete="off" />
                    <TextField label={t("email.fromName")} name="fromName" value={String(values.fromName)} onChange={set("fromName")} error={error("fromName")} autoComplete="off" />
                  </FormLayout.Group>
                </FormLayout>
                <Button submit variant="primary" loading={busy("save")} disabled={!canKeepSecrets}>{t("email.save")}</Button>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <EmailTestCard title={t("email.test")} error={error("to")} disabled={!configured || !canKeepSecrets} loading={busy("test")} answer={test} />
        </Layout.Section>
        <Layout.Section>
          <EmailDeliveriesCard deliveries={deliveries} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
