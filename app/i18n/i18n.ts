// Klub's admin strings in English, Polish and Russian (i18next), and Polaris' own strings for the
// same languages. Shared by the server (loaders) and the browser.
import enPolaris from "@shopify/polaris/locales/en.json";
import plPolaris from "@shopify/polaris/locales/pl.json";
import i18next, { type TFunction } from "i18next";
import en from "./en.json";
import pl from "./pl.json";
import ruPolaris from "./polaris-ru.json";
import ru from "./ru.json";

export const LOCALES = ["en", "pl", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

const messages: Record<Locale, typeof en> = { en, pl, ru };

/** "pl-PL", "pl", "ru_RU" -> a locale Klub speaks, or null. */
export function supportedLocale(value: string | null | undefined): Locale | null {
  const language = value?.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((l) => l === language) ?? null;
}

const translators = new Map<Locale, TFunction>();

export function translator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: "en",
      resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: messages[l] }])),
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes
      showSupportNotice: false,
    });
    t = instance.t;
    translators.set(locale, t);
  }
  return t;
}

/** Polaris' strings: its own Polish; our Russian over English where Polaris has none. */
export function polarisTranslations(locale: Locale) {
  if (locale === "pl") return [plPolaris, enPolaris];
  if (locale === "ru") return [ruPolaris, enPolaris];
  return enPolaris;
}
