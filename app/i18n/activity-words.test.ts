import { describe, expect, it } from "vitest";
import { authorText, changeLine, labelText, shownText, type Words } from "./activity-words";
import { formatter } from "./format";
import { translator, type Locale } from "./i18n";

const words = (locale: Locale, currency = "USD"): Words => ({ t: translator(locale), format: formatter(locale), locale, currency });
const line = (locale: Locale, change: Parameters<typeof changeLine>[0], currency?: string) => changeLine(change, words(locale, currency)).text;

describe("an activity entry in the owner's words", () => {
  it("labels a field as its form does, with the shop's currency and without the form's colon", () => {
    expect(labelText({ key: "settings.earnPerAmount" }, words("en"))).toBe("For every (in USD)");
    expect(labelText({ group: "settings.counts", key: "settings.earnOnShipping" }, words("pl"))).toBe("Co się liczy do punktów · Wysyłka");
    expect(labelText({ key: "settings.excludedProducts" }, words("ru"))).toBe("Товары без баллов");
    expect(labelText({ tier: "Gold", key: "tiers.multiplier" }, words("en"))).toBe("Gold · Points multiplier");
  });

  it("shows money in the shop's currency, formatted for the owner's language", () => {
    expect(line("en", { label: { key: "rewards.value" }, before: { money: 1000 }, after: { money: 1500 } })).toBe("Value (in USD): $10.00 → $15.00");
    expect(line("pl", { label: { key: "rewards.value" }, before: { money: 1000 }, after: { money: 1500 } }, "PLN")).toBe("Wartość (w PLN): 10,00\u00a0zł → 15,00\u00a0zł");
    expect(line("ru", { label: { key: "settings.earnPerAmount" }, after: { money: 250 } }, "EUR")).toMatch(/^.+ \(в EUR\): 2,50\u00a0€$/);
  });

  it("says yes and no, percentages, points with their plural, dates and birthdays in the owner's language", () => {
    expect(shownText({ yes: true }, words("en"))).toBe("Yes");
    expect(shownText({ yes: false }, words("ru"))).toBe("Нет");
    expect(shownText({ percent: 150 }, words("en"))).toBe("150%");
    expect(shownText({ points: 800 }, words("en"))).toBe("800 points");
    expect(shownText({ points: 1 }, words("en"))).toBe("1 point");
    expect(shownText({ points: 3 }, words("ru"))).toBe("3 балла");
    expect(shownText({ points: 5 }, words("pl"))).toBe("5 punktów");
    expect(shownText({ date: "2026-12-06T00:00:00.000Z" }, words("en"))).toBe("Dec 6, 2026");
    expect(shownText({ birthday: "--05-17" }, words("en"))).toBe("May 17");
    expect(shownText({ birthday: "--05-17" }, words("pl"))).toBe("17 maja");
    expect(shownText({ birthday: "1990-05-17" }, words("ru"))).toBe("17 мая 1990 г.");
    expect(shownText({ none: true }, words("en"))).toBe("—");
    expect(shownText({ word: "settings.expiryLot" }, words("en"))).toBe("A set time after they were earned");
  });

  it("reads a tier's change as a sentence", () => {
    expect(line("en", { label: { tier: "Gold" }, before: { points: 500 }, after: { points: 800 } })).toBe("Gold: 500 points → 800 points");
    expect(line("en", { sentence: "activity.tierAdded", params: { tier: "Silver" } })).toBe("Silver added");
    expect(line("ru", { sentence: "activity.tierRemoved", params: { tier: "Bronze" } })).toBe("Удалён уровень Bronze");
    expect(line("en", { sentence: "import.progress", params: { processed: 1200, total: 1200, created: 2, balances: 1, skipped: 0 } })).toBe("1,200 of 1,200 rows: 2 new members, 1 balances changed, 0 already as in the file");
  });

  it("cuts a long list short and keeps it whole for the tooltip", () => {
    const list = Array.from({ length: 8 }, (_, i) => `Product ${i + 1}`);
    const { text, full } = changeLine({ label: { key: "settings.excludedProducts" }, before: { list: [] }, after: { list } }, words("en"));
    expect(text).toBe("Products that earn nothing: none → Product 1, Product 2, Product 3, Product 4, Product 5 and 3 more");
    expect(full).toBe(`Products that earn nothing: none → ${list.join(", ")}`);
  });

  it("names the author: the staff member's name, else their id; Klub for its own work", () => {
    const t = translator("en");
    expect(authorText("staff:1", "Sandbox Owner", t)).toBe("Sandbox Owner");
    expect(authorText("staff:42", null, t)).toBe("Staff member 42");
    expect(authorText("system", null, t)).toBe("Klub");
  });
});
