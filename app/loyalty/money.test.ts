import { describe, expect, it } from "vitest";
import { formatMoney, minorPerUnit, minorUnitDigits, MoneyError, toDecimalString, toMinor } from "./money";

describe("money", () => {
  it("knows each currency's minor unit", () => {
    expect(minorUnitDigits("USD")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("KWD")).toBe(3);
    expect(minorPerUnit("EUR")).toBe(100);
    expect(minorPerUnit("KWD")).toBe(1000);
    expect(() => minorUnitDigits("XXQ")).toThrow(MoneyError);
    expect(() => minorUnitDigits("usd")).toThrow(MoneyError);
  });

  it("takes minor units from ISO 4217 as Shopify writes them, not from ICU's display digits", () => {
    // ICU shows COP, HUF and IDR without decimals; Shopify's payloads carry two.
    expect(toMinor("1234.50", "COP")).toBe(123450);
    expect(toMinor("999.99", "HUF")).toBe(99999);
    expect(toMinor("15000.25", "IDR")).toBe(1500025);
    expect(minorUnitDigits("ISK")).toBe(0);
    expect(minorUnitDigits("BHD")).toBe(3);
    expect(formatMoney(123450, "COP", "en")).toMatch(/^COP\s1,234\.50$/);
    expect(formatMoney(123400, "COP", "en")).toMatch(/^COP\s1,234$/);
  });

  it("converts decimal strings exactly", () => {
    expect(toMinor("12.34", "USD")).toBe(1234);
    expect(toMinor("0.1", "USD")).toBe(10);
    expect(toMinor("19.99", "PLN")).toBe(1999);
    expect(toMinor("1200", "JPY")).toBe(1200);
    expect(toMinor("1200.00", "JPY")).toBe(1200);
    expect(toMinor("1.005", "KWD")).toBe(1005);
    expect(toMinor("-3.50", "USD")).toBe(-350);
    expect(toMinor("0.10", "USD")).toBe(10);
    // 0.1 + 0.2 in floats is 0.30000000000000004; strings stay exact.
    expect(toMinor("0.3", "USD")).toBe(toMinor("0.1", "USD") + toMinor("0.2", "USD"));
  });

  it("rejects what is not money", () => {
    for (const bad of ["", "abc", "1,00", "1e5", "12.345", "1200.5", " ", "--1", "1.2.3"]) {
      const currency = bad === "1200.5" ? "JPY" : "USD";
      expect(() => toMinor(bad, currency), bad).toThrow(MoneyError);
    }
    expect(() => toMinor("9999999999999999", "USD")).toThrow(MoneyError);
  });

  it("formats minor units back", () => {
    expect(toDecimalString(1234, "USD")).toBe("12.34");
    expect(toDecimalString(5, "USD")).toBe("0.05");
    expect(toDecimalString(-5, "USD")).toBe("-0.05");
    expect(toDecimalString(1200, "JPY")).toBe("1200");
    expect(toDecimalString(1005, "KWD")).toBe("1.005");
    expect(formatMoney(123456, "USD", "en")).toBe("$1,234.56");
    expect(formatMoney(1200, "JPY", "en")).toBe("¥1,200");
    expect(formatMoney(1999, "PLN", "pl")).toMatch(/^19,99\szł$/);
  });

  it("names its errors and says exactly what was wrong", () => {
    const thrown = (f: () => unknown): Error => {
      try {
        f();
      } catch (error) {
        return error as Error;
      }
      throw new Error("expected a throw");
    };
    const cases: [() => unknown, string][] = [
      [() => minorUnitDigits("XXQ"), "Unknown currency: XXQ"],
      [() => toMinor("1,00", "USD"), 'Not an amount: "1,00"'],
      [() => toMinor(1e21, "USD"), "Not an amount: 1e+21"],
      [() => toMinor(" 12.345 ", "USD"), "12.345 has more precision than USD allows"],
      // 15 digits and 2 decimals fit the pattern but not a safe integer of cents
      [() => toMinor("999999999999999.99", "USD"), "Amount out of range: 999999999999999.99"],
    ];
    for (const [f, message] of cases) {
      const error = thrown(f);
      expect(error).toBeInstanceOf(MoneyError);
      expect([error.name, error.message]).toEqual(["MoneyError", message]);
    }
    // the largest amount that fits: 2^53 - 1 cents
    expect(toMinor("90071992547409.91", "USD")).toBe(9_007_199_254_740_991);
  });

  it("converts numbers and padded strings, and never returns negative zero", () => {
    expect(toMinor(12.5, "USD")).toBe(1250);
    expect(toMinor(7, "JPY")).toBe(7);
    expect(toMinor(" 12.50 ", "USD")).toBe(1250);
    expect(toMinor("\t1200\n", "JPY")).toBe(1200);
    // toBe compares with Object.is: -0 would fail
    expect(toMinor("-0.00", "USD")).toBe(0);
    expect(toMinor("-0", "JPY")).toBe(0);
    expect(toDecimalString(0, "USD")).toBe("0.00");
    expect(toDecimalString(0, "JPY")).toBe("0");
    expect(toDecimalString(-1, "KWD")).toBe("-0.001");
  });

  it("formats in English by default, and with ISO's digits only where ICU shows fewer and they are not zeros", () => {
    expect(formatMoney(123456, "USD")).toBe("$1,234.56");
    // IQD: ISO 3 digits, ICU none
    expect(formatMoney(1234567, "IQD", "en")).toBe("IQD\u00a01,234.567");
    expect(formatMoney(1234000, "IQD", "en")).toBe("IQD\u00a01,234");
    expect(formatMoney(99999, "HUF", "en")).toBe("HUF\u00a0999.99");
    // XAU: ISO (currency-codes) 0 digits, ICU 2: ICU's own format stands
    expect(minorUnitDigits("XAU")).toBe(0);
    expect(formatMoney(5, "XAU", "en")).toBe("XAU\u00a05.00");
  });
});
