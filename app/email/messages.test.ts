// Every email in English, Polish and Russian: its words (the text part, and the same words in the
// HTML part), numbers, dates and plurals in the member's language, the owner's own subject and
// opening, and the shop's values escaped in the HTML.
import { describe, expect, it } from "vitest";
import { emailHtml, textOn } from "./layout";
import { composeEmail, EMAIL_TYPES, plainText, type Brand, type EmailFacts } from "./messages";

const brand: Brand = { shopName: "Kawa & <Herbata>", accent: "#2e7d32", logoUrl: null, loyaltyUrl: "https://kawa.example/apps/klub" };
const UNSUBSCRIBE = "https://kawa.example/apps/klub/unsubscribe?t=abc";
const FACTS: EmailFacts = {
  welcome: { balance: 100 },
  rewardRedeemed: { reward: "10% off", code: "KLUB-7QX2-M4PA", points: 1500, balance: 22, expiresAt: "2026-12-31T00:00:00.000Z" },
  tierReached: { tier: "Gold", multiplierPercent: 150, balance: 0 },
  pointsExpiring: { points: 1250, expiresAt: "2027-01-15T00:00:00.000Z", days: 7, balance: 1300 },
  birthday: { points: 2, balance: 2 },
  referralSucceeded: { points: 500, balance: 500 },
  pointsEarned: { points: 1, order: "#1042", balance: 21 },
  pointsReminder: { balance: 1250 },
};
const text = (type: keyof EmailFacts, locale: "en" | "pl" | "ru", firstName: string | null = "Ola") => plainText(composeEmail(type, FACTS[type], { firstName, locale }, brand, UNSUBSCRIBE));

describe("the program's emails", () => {
  it("say a redeemed reward's code, its validity and the balance, in each language", () => {
    expect(text("rewardRedeemed", "en")).toBe(
      ["Ola, here is your reward", "Enter the code at checkout to use it.", "10% off, for 1,500 points.", "Your balance: 22 points.", "Your code: KLUB-7QX2-M4PA", "Valid until Dec 31, 2026", "Shop now: https://kawa.example/apps/klub", "--", "You get this email because you are a member of Kawa & <Herbata>'s loyalty program.", `Unsubscribe: ${UNSUBSCRIBE}`].join("\n\n"),
    );
    expect(text("rewardRedeemed", "pl")).toContain("10% off za 1500 punktów.\n\nTwoje saldo: 22 punkty.\n\nTwój kod: KLUB-7QX2-M4PA\n\nWażny do 31 gru 2026");
    expect(text("rewardRedeemed", "ru")).toContain("10% off за 1\u00a0500 баллов.\n\nВаш баланс: 22 балла.\n\nВаш код: KLUB-7QX2-M4PA\n\nДействует до 31 дек. 2026 г.");
  });

  it("use the member's plural forms for points and days", () => {
    expect(text("birthday", "en")).toContain("We added 2 points to your balance as a gift.");
    expect(text("birthday", "pl")).toContain("W prezencie dodaliśmy do Twojego konta 2 punkty.");
    expect(text("birthday", "ru")).toContain("В подарок мы начислили вам 2 балла.");
    expect(text("pointsEarned", "pl")).toContain("Zamówienie #1042: 1 punkt.");
    expect(text("pointsEarned", "ru")).toContain("Заказ #1042 принёс 1 балл.");
    expect(text("pointsExpiring", "en")).toContain("Points expiring: 1,250, on Jan 15, 2027 (in 7 days).");
    expect(text("pointsExpiring", "pl")).toContain("Wygasające punkty: 1250. Data: 15 sty 2027 (za 7 dni).");
    expect(text("pointsExpiring", "ru")).toContain("Сгорающие баллы: 1\u00a0250. Дата: 15 янв. 2027 г. (через 7 дней).");
  });

  it("remind of points to spend (the Flow action's email) with the balance in the member's words", () => {
    expect(text("pointsReminder", "pl").split("\n\n").slice(0, 3)).toEqual(["Ola, Twoje punkty czekają", "Sprawić sobie przyjemność? Twoje punkty wystarczą na nagrodę.", "Twoje saldo: 1250 punktów."]);
    expect(composeEmail("pointsReminder", FACTS.pointsReminder, { firstName: null, locale: "ru" }, brand, UNSUBSCRIBE).subject).toBe("У вас 1\u00a0250 баллов, которые можно потратить");
  });

  it("greet by name when the name is known, and without it otherwise", () => {
    expect(text("welcome", "en").split("\n\n")[0]).toBe("Welcome, Ola!");
    expect(text("welcome", "en", null).split("\n\n")[0]).toBe("Welcome!");
    expect(text("tierReached", "ru", null).split("\n\n").slice(0, 4)).toEqual(["Добро пожаловать на уровень Gold", "Спасибо, что так часто выбираете нас.", "Теперь ваш уровень — Gold.", "Ваши заказы приносят 150% от обычных баллов."]);
  });

  it("have a subject, a heading, an opening, a fact, an action and an unsubscribe link for every type in every language", () => {
    for (const type of EMAIL_TYPES) {
      for (const locale of ["en", "pl", "ru"] as const) {
        const body = composeEmail(type, FACTS[type], { firstName: "Ola", locale }, brand, UNSUBSCRIBE);
        const words = [body.subject, body.heading, ...body.paragraphs, body.action.label, body.footer, body.unsubscribe.label];
        // No key left untranslated, no placeholder left unfilled.
        for (const word of words) expect(word, `${type} ${locale}`).not.toMatch(/emails\.|\{\{|^$/);
        expect(body.paragraphs.length, `${type} ${locale}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("take the owner's subject and opening instead of Klub's, and keep Klub's for blank ones", () => {
    const own = composeEmail("welcome", FACTS.welcome, { firstName: null, locale: "pl" }, brand, UNSUBSCRIBE, { subject: "Cześć od Kawy!", opening: "  " });
    expect(own.subject).toBe("Cześć od Kawy!");
    expect(own.paragraphs[0]).toBe("Dziękujemy za dołączenie. Za każde zamówienie otrzymujesz punkty, które wymienisz na nagrody.");
  });

  it("say in the HTML what the text says, the shop's values escaped, the button readable on the shop's colour", () => {
    const body = composeEmail("rewardRedeemed", FACTS.rewardRedeemed, { firstName: "<b>Ola</b>", locale: "en" }, brand, UNSUBSCRIBE);
    const html = emailHtml(body, brand);
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain("&lt;b&gt;Ola&lt;/b&gt;, here is your reward");
    expect(html).toContain("Kawa &amp; &lt;Herbata&gt;");
    expect(html).not.toContain("<Herbata>");
    expect(html).toContain(">KLUB-7QX2-M4PA<");
    expect(html).toContain(`href="${UNSUBSCRIBE.replace(/&/g, "&amp;")}"`);
    expect(html).not.toMatch(/<script|<link/);
    expect([textOn("#2e7d32"), textOn("#fff3a0")]).toEqual(["#ffffff", "#1a1a1a"]);
  });
});
