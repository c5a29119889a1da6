// Every admin string exists in English, Polish and Russian, with the same placeholders.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { supportedLocale, translator } from "../app/i18n/i18n";

const load = (locale: string) => JSON.parse(readFileSync(`app/i18n/${locale}.json`, "utf8")) as Record<string, unknown>;
const flat = (node: Record<string, unknown>, prefix = ""): Record<string, string> =>
  Object.fromEntries(
    Object.entries(node).flatMap(([k, v]) => (typeof v === "object" && v ? Object.entries(flat(v as Record<string, unknown>, `${prefix}${k}.`)) : [[`${prefix}${k}`, String(v)]])),
  );
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

const PLURAL = /_(zero|one|two|few|many|other)$/;
const withoutPlurals = (keys: string[]) => [...new Set(keys.map((k) => k.replace(PLURAL, "")))].sort();

it.each(["pl", "ru"])("%s has every English key, translated, with the same placeholders", (locale) => {
  const en = flat(load("en"));
  const other = flat(load(locale));
  expect(withoutPlurals(Object.keys(other))).toEqual(withoutPlurals(Object.keys(en)));
  for (const [key, text] of Object.entries(en)) {
    if (PLURAL.test(key)) continue; // plural forms differ by language: checked below
    expect(placeholders(other[key]), key).toEqual(placeholders(text));
    const sameWord = ["home.title", "activity.system", "activity.flow"].includes(key) || (locale === "pl" && ["member.status", "email.port"].includes(key)) // Klub, Shopify Flow; "Status" and "Port" are Polish too
      || /^\{\{\w+\}\}$/.test(text); // nothing but the owner's own words (a manual adjustment's note)
    if (!sameWord) expect(other[key], `${locale}: ${key} is not translated`).not.toBe(text);
  }
});

it("picks the shop owner's language from Shopify's locale, falling back to English", () => {
  expect(supportedLocale("pl-PL")).toBe("pl");
  expect(supportedLocale("ru")).toBe("ru");
  expect(supportedLocale("de-DE")).toBeNull();
  expect(translator("ru")("settings.errors.atLeast", { min: 3 })).toBe("Введите 3 или больше");
  expect(translator("pl")("home.setupProgress", { done: 1, total: 3 })).toBe("Ukończono 1 z 3 kroków");
});

it.each(["en", "pl", "ru"] as const)("%s has every plural form its language needs", (locale) => {
  const keys = Object.keys(flat(load(locale)));
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const plurals = new Set(keys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, "")));
  expect(plurals.size).toBeGreaterThan(0);
  for (const base of plurals) for (const category of categories) expect(keys, `${locale}: ${base}_${category}`).toContain(`${base}_${category}`);
  expect(translator(locale)("tiers.memberCount", { count: 5 })).toMatch(/^5 /);
});

it("speaks Russian and Polish plurals", () => {
  expect(translator("ru")("tiers.memberCount", { count: 21 })).toBe("21 участник");
  expect(translator("ru")("tiers.memberCount", { count: 3 })).toBe("3 участника");
  expect(translator("ru")("tiers.memberCount", { count: 11 })).toBe("11 участников");
  expect(translator("pl")("tiers.memberCount", { count: 1 })).toBe("1 członek");
  expect(translator("pl")("tiers.memberCount", { count: 25 })).toBe("25 członków");
});
