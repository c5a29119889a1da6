import { createContext, useContext, useMemo, type ReactNode } from "react";
import { formatter } from "./format";
import { translator, type Locale } from "./i18n";

const I18nContext = createContext<Locale>("en");

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <I18nContext.Provider value={locale}>{children}</I18nContext.Provider>;
}

/** The `t` function for the shop owner's language. */
export function useT() {
  const locale = useContext(I18nContext);
  return useMemo(() => translator(locale), [locale]);
}

export function useLocale() {
  return useContext(I18nContext);
}

/** Numbers, money and dates formatted for the shop owner's language (see format.ts). */
export function useFormat() {
  const locale = useContext(I18nContext);
  return useMemo(() => formatter(locale), [locale]);
}
