// One email members get (/app/email/<type>): whether it goes out, the owner's subject and opening
// line per language with a preview of each, and a test of it through the shop's mail server.
// (app.email_ rather than app.email: a page of its own, not drawn inside the Emails page.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, Layout, Page, Text } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { failed, succeeded } from "../action-result";
import { CheckboxField } from "../components/CheckboxField";
import { EmailTestCard } from "../components/EmailTestCard";
import { EmailWordsCard, useLanguageOptions, WORD_LANGUAGES } from "../components/EmailWordsCard";
import { Select } from "../components/fields";
import db from "../db.server";
import { emailTypeForm, emailTypeSetting, parseEmailType, previewEmailType, saveEmailType, sendTestEmail, typeTestEmail, type EmailTypeErrors } from "../email/email-settings.server";
import { mailServerOf } from "../email/mail-server.server";
import { secretsKey } from "../env.server";
import { useFormValues } from "../form-values";
import { supportedLocale, type Locale } from "../i18n/i18n";
import { useT } from "../i18n/I18nProvider";
import { isNoticeType, type NoticeType } from "../loyalty/notices";
import { requireAdmin } from "../shopify/admin-context.server";
import { EmailOffBanner } from "../components/EmailOffBanner";

function typeOf(params: LoaderFunctionArgs["params"]): NoticeType {
  if (!params.type || !isNoticeType(params.type)) throw new Response("No such email", { status: 404 });
  return params.type;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const type = typeOf(params);
  const setting = await emailTypeSetting(db, shop.id, type);
  const [preview, server] = await Promise.all([previewEmailType(db, shop, setting), mailServerOf(db, shop.id)]);
  return { type, onByDefault: setting.onByDefault, needsConsent: setting.needsConsent, values: emailTypeForm(setting), preview, configured: server !== null, canKeepSecrets: secretsKey() !== null, locale };
};

type Errors = EmailTypeErrors & { to?: string; form?: string };
type Test = { test: { to: string; answer: string } };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, staff, locale } = await requireAdmin(request);
  const type = typeOf(params);
  const form = await request.formData();
  if (form.get("intent") === "test") {
    const language = supportedLocale(String(form.get("locale") ?? "")) ?? locale;
    const outcome = await sendTestEmail(db, shop.id, secretsKey(), String(form.get("to") ?? ""), (to) => typeTestEmail(db, shop, type, language, to));
    if ("refused" in outcome) return failed<Errors, Test>(outcome.refused, undefined, form);
    const test = { to: outcome.to, answer: outcome.result.answer };
    return outcome.result.sent ? succeeded({ test }) : failed<Errors, Test>({ form: "email.testFailed" }, { test }, form);
  }
  const parsed = parseEmailType(Object.fromEntries(form));
  if ("errors" in parsed) return failed<Errors>(parsed.errors, undefined, form);
  await saveEmailType(db, shop.id, type, parsed.data, staff);
  return succeeded({ saved: true });
};

/** The language to show: the first whose words were refused, else `locale`. */
function firstLanguage(errors: Errors, locale: Locale): Locale {
  return WORD_LANGUAGES.find(([, L]) => errors[`subject${L}`] || errors[`opening${L}`])?.[0] ?? locale;
}

export default function EmailTypeEditor() {
  const { type, onByDefault, needsConsent, values: saved, preview, configured, canKeepSecrets, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const t = useT();
  const errors: Errors = result?.errors ?? {};
  const error = (field: keyof Errors) => (errors[field] ? t(errors[field]!) : undefined);
  const { form, values, set } = useFormValues(saved, result?.sent);
  const [language, setLanguage] = useState<Locale>(() => firstLanguage(errors, locale));
  const chooseLanguage = useCallback((value: string) => setLanguage(supportedLocale(value) ?? "en"), []);
  const languageOptions = useLanguageOptions();
  const test = result?.data && "test" in result.data ? { ...result.data.test, sent: result.ok } : null;
  const busy = (intent: string) => navigation.state === "submitting" && (navigation.formData?.get("intent") ?? "save") === intent;
  const wordErrors = Object.fromEntries(Object.keys(saved).map((field) => [field, error(field as keyof Errors)]));
  // Refused words show in their language (a page without script starts there: useState above).
  const [answered, setAnswered] = useState(result);
  if (result !== answered) {
    setAnswered(result);
    if (result && !result.ok) setLanguage(firstLanguage(result.errors, language));
  }
  useEffect(() => {
    if (result?.ok && result.data && "saved" in result.data) shopify.toast.show(t("email.typeSaved"));
  }, [result, shopify, t]);
  const refusedWords = Object.keys(errors).some((field) => field !== "to" && field !== "form");

  return (
    <Page title={t(`email.types.${type}`)} backAction={{ url: "/app/email" }}>
      <Layout>
        <EmailOffBanner canKeepSecrets={canKeepSecrets} configured={configured} />
        {refusedWords || (errors.form && errors.form !== "email.testFailed") ? (
          <Layout.Section>
            <Banner tone="critical" title={refusedWords ? t("email.errorsTitle") : t(errors.form!)} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Form method="post" ref={form}>
            <input type="hidden" name="intent" value="save" />
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">{t("email.sending")}</Text>
                  <Text as="p">{t(`email.typeHelp.${type}`)}</Text>
                  <CheckboxField name="enabled" label={t("email.sendThis")} helpText={
                      <>
                        {t(onByDefault ? "email.onByDefault" : "email.offByDefault")}
                        {needsConsent ? <><br />{t("email.needsConsent")}</> : null}
                      </>
                    } checked={Boolean(values.enabled)} onChange={set("enabled")} />
                </BlockStack>
              </Card>
              <EmailWordsCard type={type} preview={preview} values={values} saved={saved} set={set} errors={wordErrors} language={language} onLanguage={chooseLanguage} />
              <div>
                <Button submit variant="primary" loading={busy("save")}>{t("email.save")}</Button>
              </div>
            </BlockStack>
          </Form>
        </Layout.Section>
        <Layout.Section>
          <EmailTestCard title={t("email.typeTest")} help={t("email.typeTestHelp")} error={error("to")} disabled={!configured || !canKeepSecrets} loading={busy("test")} answer={test}>
            <Select label={t("email.language")} name="locale" options={languageOptions} value={language} onChange={chooseLanguage} />
          </EmailTestCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
