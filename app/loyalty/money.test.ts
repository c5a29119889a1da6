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
});
