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

it.each(["pl", "ru"])("%s has every English key, translated, with the same placeholders", (locale) => {
  const en = flat(load("en"));
  const other = flat(load(locale));
  expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
  for (const [key, text] of Object.entries(en)) {
    expect(placeholders(other[key]), key).toEqual(placeholders(text));
    const sameWord = key === "home.title" || (locale === "pl" && key === "member.status"); // Klub; "Status" is Polish too
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
