// Money is an integer count of the currency's minor unit (cents, yen, fils). Amounts arrive from
// Shopify as decimal strings and are converted exactly, without floating point. Minor units are
// ISO 4217's, as Shopify's API writes them (COP, HUF and IDR with two decimals), not ICU's display
// digits (which show those with none).
import currencyCodes from "currency-codes";

export class MoneyError extends Error {
  override name = "MoneyError";
}

export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes.code(code) !== undefined;
}

/** Digits after the decimal point (ISO 4217): USD 2, COP 2, JPY 0, KWD 3. */
export function minorUnitDigits(currency: string): number {
  if (!isKnownCurrency(currency)) throw new MoneyError(`Unknown currency: ${currency}`);
  return currencyCodes.code(currency)!.digits;
}

/** One unit of the currency (1 USD, 1 JPY, 1 KWD) in minor units: 100, 1, 1000. */
export function minorPerUnit(currency: string): number {
  return 10 ** minorUnitDigits(currency);
}

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,12}))?$/;

/**
 * "12.34" USD -> 1234; "1200" JPY -> 1200; "1.005" KWD -> 1005. Digits beyond the currency's
 * precision must be zeros ("1200.00" JPY is fine), otherwise the amount is not money.
 */
export function toMinor(amount: string | number, currency: string): number {
  const text = typeof amount === "number" ? String(amount) : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError(`Not an amount: ${JSON.stringify(amount)}`);
  const [, minus, whole, fraction = ""] = match;
  const digits = minorUnitDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, "0");
  if (/[1-9]/.test(fraction.slice(digits))) {
    throw new MoneyError(`${text} has more precision than ${currency} allows`);
  }
  const minor = Number(BigInt(whole + kept));
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`Amount out of range: ${text}`);
  return minus && minor !== 0 ? -minor : minor;
}

/** 1234 USD -> "12.34" (for APIs that take decimal strings). */
export function toDecimalString(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(minor)).padStart(digits + 1, "0");
  return digits === 0 ? sign + text : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export function formatMoney(minor: number, currency: string, locale = "en"): string {
  // Intl formats a decimal string exactly, with no float rounding (ES2023). It shows a currency's
  // usual digits: ISO's minor units where they differ (COP 1234.50 shows as COP 1,234.50).
  const decimal = toDecimalString(minor, currency) as Intl.StringNumericLiteral;
  const digits = minorUnitDigits(currency);
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const shown = format.resolvedOptions().maximumFractionDigits ?? digits;
  if (shown >= digits || minor % 10 ** (digits - shown) === 0) return format.format(decimal);
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(decimal);
}
