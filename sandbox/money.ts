// The sandbox's own money, written apart from Klub's (it shares no code with app/): amounts are
// integers of the currency's ISO 4217 minor unit, as Shopify writes them (COP, HUF and IDR with
// two decimals, JPY with none, KWD with three). Decimal strings are what payloads carry.
import currencyCodes from "currency-codes";

/** Digits after the decimal point: USD 2, JPY 0, KWD 3. An unknown code is refused. */
export function currencyDigits(currency: string): number {
  const digits = /^[A-Z]{3}$/.test(currency) ? currencyCodes.code(currency)?.digits : undefined;
  if (digits === undefined) throw new Error(`The sandbox knows no currency ${JSON.stringify(currency)}`);
  return digits;
}

/** "12.34" USD -> 1234, "1500" JPY -> 1500. More precision than the currency has is refused. */
export function toMinor(amount: string | number, currency: string): number {
  const digits = currencyDigits(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount).trim());
  if (!match) throw new Error(`Not an amount: ${JSON.stringify(amount)}`);
  const [, sign, units, fraction = ""] = match;
  if (/[^0]/.test(fraction.slice(digits))) throw new Error(`${amount} has more decimals than ${currency} has`);
  const minor = Number(units) * 10 ** digits + Number(fraction.slice(0, digits).padEnd(digits, "0") || "0");
  return sign && minor ? -minor : minor;
}

/** 1234 USD -> "12.34", 1500 JPY -> "1500", 1500 KWD -> "1.500": the currency's own decimals. */
export function fromMinor(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (!Number.isInteger(minor)) throw new Error(`Not a whole number of minor units: ${minor}`);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 10 ** digits);
  return digits ? `${sign}${units}.${String(abs % 10 ** digits).padStart(digits, "0")}` : `${sign}${units}`;
}

/**
 * A price list in US dollars turned into the shop's currency, so a yen shop's hoodie costs 6000,
 * not 60: currencies without minor units are priced a hundred times higher, the rest alike.
 */
export function demoPrice(dollars: number, currency: string): string {
  const scale = currencyDigits(currency) === 0 ? 100 : 1;
  return fromMinor(Math.round(dollars * scale * 10 ** currencyDigits(currency)), currency);
}

/** For people: "$12.34", "¥1,500", "KWD 1.500". */
export function formatMoney(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat("en", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
}
