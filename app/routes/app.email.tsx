// Email: the mail server the program's emails leave through, and a test email that reports what
// the server answered. Without a server, email is off and the page says so.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useMemo } from "react";
import { failed, succeeded } from "../action-result";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Select, TextField } from "../components/fields";
import db from "../db.server";
import { SECURITY } from "../email/mail-security";
import { mailServerForm, mailServerOf, parseMailServer, saveMailServer, sendEmail, type MailServerErrors } from "../email/mail-server.server";
import { secretsKey } from "../env.server";
import { useFormValues } from "../form-values";
import { translator } from "../i18n/i18n";
import { useT } from "../i18n/I18nProvider";
import { adminLocale } from "../i18n/locale.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { ...(await mailServerForm(db, shop.id)), canKeepSecrets: secretsKey() !== null };
};

type Errors = MailServerErrors & { to?: string; form?: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = await request.formData();
  const key = secretsKey();
  if (!key) return failed<Errors>({ form: "email.noSecretsKey" }, undefined, form);
  if (form.get("intent") === "test") {
    const to = String(form.get("to") ?? "").trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(to)) return failed<Errors, { answer: string }>({ to: "email.errors.address" }, undefined, form);
    const server = await mailServerOf(db, shop.id);
    if (!server) return failed<Errors>({ form: "email.off" }, undefined, form);
    // The test speaks the owner's language, as the page does.
    const t = translator(adminLocale(request).locale);
    const result = await sendEmail(server, key, { to, subject: t("email.testSubject", { shop: shop.name }), text: t("email.testText", { shop: shop.name }), html: `<p>${escapeHtml(t("email.testText", { shop: shop.name }))}</p>` });
    return result.sent ? succeeded({ test: { to, answer: result.answer } }) : failed<Errors, { test: { to: string; answer: string } }>({ form: "email.testFailed" }, { test: { to, answer: result.answer } }, form);
  }
  const parsed = parseMailServer(Object.fromEntries(form));
  if ("errors" in parsed) return failed<Errors>(parsed.errors, undefined, form);
  await saveMailServer(db, shop.id, parsed.data, key, staff);
  return succeeded({ saved: true });
};

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export default function EmailSettings() {
  const { configured, values: saved, hasPassword, canKeepSecrets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const t = useT();
  const { form, values, set } = useFormValues(saved, result?.sent);
  const errors: Errors = result?.errors ?? {};
  const error = (field: keyof Errors) => (errors[field] ? t(errors[field]!) : undefined);
  const test = result?.data && "test" in result.data ? result.data.test : null;
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const securityOptions = useMemo(() => SECURITY.map((value) => ({ label: t(`email.security.${value}`), value })), [t]);
  useEffect(() => {
    if (result?.ok && result.data && "saved" in result.data) shopify.toast.show(t("email.saved"));
  }, [result, shopify, t]);

  return (
    <Page title={t("email.title")} backAction={{ url: "/app" }}>
      <Layout>
        {!canKeepSecrets ? (
          <Layout.Section>
            <Banner tone="critical" title={t("email.noSecretsKey")} />
          </Layout.Section>
        ) : !configured ? (
          <Layout.Section>
            <Banner tone="info" title={t("email.off")}>{t("email.offHelp")}</Banner>
          </Layout.Section>
        ) : null}
        {errors.form && errors.form !== "email.testFailed" ? (
          <Layout.Section>
            <Banner tone="critical" title={t(errors.form)} />
          </Layout.Section>
        ) : null}
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
          <TestEmailCard error={error("to")} disabled={!configured || !canKeepSecrets} loading={busy("test")} sentTo={test?.to} answer={test?.answer} sent={Boolean(result?.ok)} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** The test email: to whom, and what the server answered. */
function TestEmailCard({ error, disabled, loading, sentTo, answer, sent }: { error?: string; disabled: boolean; loading: boolean; sentTo?: string; answer?: string; sent: boolean }) {
  const t = useT();
  const { form, values, set } = useFormValues({ to: "" });
  return (
    <Card>
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="test" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">{t("email.test")}</Text>
          <FormLayout>
            <TextField label={t("email.testTo")} name="to" type="email" value={values.to} onChange={set("to")} error={error} autoComplete="email" />
            <Button submit loading={loading} disabled={disabled}>{t("email.sendTest")}</Button>
          </FormLayout>
          {answer !== undefined ? (
            <Banner tone={sent ? "success" : "critical"} title={t(sent ? "email.testSent" : "email.testFailed", { to: sentTo ?? "" })}>
              <Text as="p">{t("email.answer", { answer })}</Text>
            </Banner>
          ) : null}
        </BlockStack>
      </Form>
    </Card>
  );
}
