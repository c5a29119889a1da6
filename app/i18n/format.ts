// Numbers, money and dates in the owner's language, never the browser's: the admin reads the same
// in every browser, and the server renders what the browser hydrates. Dates are shown in UTC for
// the same reason (the server does not know the browser's time zone).
import { formatMoney } from "../loyalty/money";
import type { Locale } from "./i18n";

export function formatter(locale: Locale) {
  const number = new Intl.NumberFormat(locale);
  const signed = new Intl.NumberFormat(locale, { signDisplay: "exceptZero" });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const signedPercent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
  return {
    /** 12345 -> "12,345" (en), "12 345" (pl, ru: a no-break space). */
    number: (n: number) => number.format(n),
    /** With its sign: "+25", "-25" (a change of points). */
    signed: (n: number) => signed.format(n),
    /** A share as a percent, or a dash when there is none: 0.125 -> "12.5%" (en), "12,5%" (pl). */
    percent: (share: number | null) => (share === null ? "—" : percent.format(share)),
    /** A change as a percent with its sign: 0.25 -> "+25%". */
    signedPercent: (share: number) => signedPercent.format(share),
    /** Minor units of the currency: 250 USD -> "$2.50" (en), "2,50 USD" (pl). */
    money: (minor: number, currency: string) => formatMoney(minor, currency, locale),
    date: (at: string | Date) => date.format(new Date(at)),
    dateTime: (at: string | Date) => dateTime.format(new Date(at)),
  };
}
