// An email type's words per language, each with its preview. One language shows at a time: the
// language select picks it by CSS alone (:has), so that the page works before and without its
// script (every language's fields stay in the form); with it, the preview follows what the owner
// types, composed and laid out in the browser as the sender would (messages.ts, layout.tsx).
import { BlockStack, Card, Text } from "@shopify/polaris";
import { memo, useEffect, useMemo, useState } from "react";
import { Select, TextField } from "./fields";
import { useLocale, useT } from "../i18n/I18nProvider";
import { LOCALES, type Locale } from "../i18n/i18n";
import { composeEmail, type Brand, type EmailFacts, type EmailType } from "../email/messages";

/** Each language with the suffix its fields carry (subjectEn), as the server reads them. */
export const WORD_LANGUAGES = LOCALES.map((l) => [l, `${l[0].toUpperCase()}${l.slice(1)}` as Capitalize<Locale>] as const);

export interface LanguagePreview {
  sample: { facts: EmailFacts[EmailType]; firstName: string };
  /** With the saved words. */
  subject: string;
  html: string;
  /** Klub's own words, shown where the owner's are blank. */
  defaults: { subject: string; opening: string };
}

export interface Preview {
  brand: Brand;
  unsubscribeUrl: string;
  languages: Record<Locale, LanguagePreview>;
}

type Values = Record<string, string | boolean>;

const SELECT_NAME = "language";
// Only the chosen language's section shows; without :has (old browsers) all of them do.
// (No quotes: React escapes a <style>'s text.)
const CSS = WORD_LANGUAGES.map(([l]) => `[data-klub-words]:has(select[name=${SELECT_NAME}] option[value=${l}]:checked) [data-language]:not([data-language=${l}]) { display: none; }`).join("\n");

export function EmailWordsCard({ type, preview, values, saved, set, errors, language, onLanguage }: {
  type: EmailType;
  preview: Preview;
  values: Values;
  saved: Values;
  set: (field: `${"subject" | "opening"}${Capitalize<Locale>}`) => (value: string) => void;
  errors: Record<string, string | undefined>;
  language: Locale;
  onLanguage: (language: string) => void;
}) {
  const t = useT();
  const options = useLanguageOptions();
  return (
    <Card>
      <div data-klub-words="">
        <style>{CSS}</style>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">{t("email.words")}</Text>
          <Text as="p" tone="subdued">{t("email.wordsHelp")}</Text>
          <div style={{ maxWidth: "16rem" }}>
            <Select label={t("email.language")} name={SELECT_NAME} options={options} value={language} onChange={onLanguage} />
          </div>
          {WORD_LANGUAGES.map(([locale, L]) => {
            const subject = String(values[`subject${L}`]);
            const opening = String(values[`opening${L}`]);
            const unchanged = subject === saved[`subject${L}`] && opening === saved[`opening${L}`];
            const shown = preview.languages[locale];
            return (
              <div key={locale} data-language={locale}>
                <BlockStack gap="300">
                  <TextField label={t(`email.subjectIn${L}`)} name={`subject${L}`} value={subject} onChange={set(`subject${L}`)} error={errors[`subject${L}`]} placeholder={shown.defaults.subject} maxLength={200} autoComplete="off" />
                  <TextField label={t(`email.openingIn${L}`)} name={`opening${L}`} value={opening} onChange={set(`opening${L}`)} error={errors[`opening${L}`]} placeholder={shown.defaults.opening} maxLength={1000} multiline={2} autoComplete="off" />
                  <PreviewFrame type={type} locale={locale} preview={preview} subject={subject} opening={opening} unchanged={unchanged} />
                </BlockStack>
              </div>
            );
          })}
        </BlockStack>
      </div>
    </Card>
  );
}

export function useLanguageOptions() {
  const t = useT();
  const locale = useLocale();
  return useMemo(
    () =>
      WORD_LANGUAGES.map(([value]) => {
        const name = t(`email.languages.${value}`);
        return { value, label: name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) };
      }),
    [t, locale],
  );
}

// Links in the preview go nowhere: a sandboxed frame opens no new window.
const inert = (html: string) => html.replace("<head>", '<head><base target="_blank">');

/**
 * The email as a member would get it, in a sandboxed frame (no script, no navigation): the
 * server's, with the saved words, until the owner types; then laid out here, a moment after they
 * stop (the layout's code is loaded only then).
 */
const PreviewFrame = memo(function PreviewFrame({ type, locale, preview, subject, opening, unchanged }: { type: EmailType; locale: Locale; preview: Preview; subject: string; opening: string; unchanged: boolean }) {
  const t = useT();
  const saved = preview.languages[locale];
  const [typed, setTyped] = useState<{ subject: string; html: string } | null>(null);
  useEffect(() => {
    if (unchanged) return;
    let current = true;
    const timer = setTimeout(() => {
      void import("../email/layout").then(({ emailHtml }) => {
        const body = composeEmail(type, saved.sample.facts, { firstName: saved.sample.firstName, locale }, preview.brand, preview.unsubscribeUrl, { subject, opening });
        if (current) setTyped({ subject: body.subject, html: emailHtml(body, preview.brand) });
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [type, locale, saved, preview.brand, preview.unsubscribeUrl, subject, opening, unchanged]);
  const shown = unchanged ? saved : (typed ?? saved);
  const language = t(`email.languages.${locale}`);
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">{t("email.preview")}</Text>
      <Text as="p" tone="subdued">{t("email.previewHelp")}</Text>
      <Text as="p" fontWeight="medium" breakWord>{t("email.previewSubject", { subject: shown.subject })}</Text>
      <iframe title={t("email.previewTitle", { language })} sandbox="" srcDoc={inert(shown.html)} style={{ width: "100%", height: "34rem", border: "var(--p-border-width-025) solid var(--p-color-border)", borderRadius: "var(--p-border-radius-200)", background: "#f4f4f4" }} />
    </BlockStack>
  );
});
