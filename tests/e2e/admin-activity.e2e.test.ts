// The activity log as a shop owner reads it, in a real browser over a sandbox shop of this file's
// own (issue 13), in English, Polish and Russian: the owner changes the earning rate, a reward's
// value and the tiers through Klub's admin, then reads in the log the forms' own labels, money in
// the shop's currency, the tiers compared tier by tier and their own name (the sandbox's staff
// member, "Sandbox Owner", as Shopify names them with an online token), with nothing sticking out
// of the log's card. Screenshots go to test-results/e2e/.
import type { FrameLocator, Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { describeNoRequestOffTheMachine, fill, hydrated, LOCALES, shot, useAdminShop, words, type Locale } from "../support/admin-shop";
import { until } from "../support/sandbox";

const STAFF_NAME = "Sandbox Owner"; // sandbox/oauth.ts: the associated_user of an online token

/** What each language's owner changes: the earning rate, Amount off's value, Gold's threshold (from the one before). */
const CHANGES = {
  en: { rate: ["1.00", "2.50"], value: ["5.00", "10.00"], gold: [800, 1000] },
  pl: { rate: ["2.50", "3.00"], value: ["10.00", "12.50"], gold: [1000, 1200] },
  ru: { rate: ["3.00", "3.50"], value: ["12.50", "15.00"], gold: [1200, 1400] },
} as const;
/** USD in each language, as Intl writes it (a no-break space before a code or sign). */
const MONEY: Record<Locale, (amount: string) => string> = {
  en: (a) => `$${a}`,
  pl: (a) => `${a.replace(".", ",")}\u00a0USD`,
  ru: (a) => `${a.replace(".", ",")}\u00a0$`,
};
const points = (locale: Locale, n: number) => {
  const forms = words(locale).activity;
  return fill(forms[`points_${new Intl.PluralRules(locale).select(n)}`], { formatted: new Intl.NumberFormat(locale).format(n) });
};

const EXCLUDED = ["Handmade-ceramic-tea-set-with-six-cups-and-a-bamboo-tray-limited-winter-edition-2026", "Gift card", "Mug", "Teapot", "Kettle", "Tea towel", "Coaster set"];

const shop = useAdminShop("klub-admin-activity-e2e-", async ({ sandbox, db, id: shopId }) => {
  // Products that earn nothing: more than the log names, one with a long title of no spaces.
  const { settings } = (await sandbox.admin.load("/app/settings", "routes/app.settings")) as { settings: Record<string, unknown> };
  const form = new URLSearchParams(Object.entries(settings).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : Array.isArray(v) ? JSON.stringify(v) : String(v ?? "")]));
  form.set("excludedProducts", JSON.stringify(EXCLUDED.map((title, i) => ({ id: `gid://shopify/Product/${9000 + i}`, title }))));
  expect(await sandbox.admin.submit("/app/settings", form)).toMatchObject({ ok: true });
  // A tier for each language's owner to remove.
  const ladder = {
    basis: "points",
    window: "lifetime",
    tiers: (await db.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" } }))
      .map((t) => ({ id: t.id, name: t.name, threshold: String(t.threshold), multiplierPercent: String(t.multiplierPercent) }))
      .concat(LOCALES.map((locale, i) => ({ id: "", name: `Diamond ${locale}`, threshold: String(10_000 * (i + 1)), multiplierPercent: "200" }))),
  };
  expect(await sandbox.admin.submit("/app/tiers", ladder)).toMatchObject({ ok: true });
  // A reward for each language's owner to pause and then delete.
  for (const locale of LOCALES) {
    const created = await sandbox.admin.submit("/app/rewards/new", new URLSearchParams({ name: `Mug ${locale}`, type: "fixed_amount", pointsCost: "900", value: "9", codeExpiryDays: "30" }));
    expect(created).toMatchObject({ redirect: "/app/rewards?saved=1" });
  }
});

/** The owner's changes, made through the admin's forms in their language. */
async function makeChanges(locale: Locale) {
  const w = words(locale);
  const change = CHANGES[locale];
  const logged = () => shop.db.activityLog.count({ where: { shopId: shop.id } });
  let count = await logged();

  const settings = await shop.openAdmin("/settings", locale);
  const rate = await hydrated(settings.frame.getByLabel(fill(w.settings.earnPerAmount, { currency: "USD" })));
  expect(await rate.inputValue()).toBe(change.rate[0]);
  await rate.fill(change.rate[1]);
  await settings.frame.getByRole("button", { name: w.settings.save, exact: true }).click();
  count = await until(logged, (n) => n > count, "the settings' log entry");
  await settings.page.close();

  const amountOff = await shop.db.reward.findFirstOrThrow({ where: { shopId: shop.id, name: "Amount off", deletedAt: null } });
  const reward = await shop.openAdmin(`/rewards/${amountOff.id}`, locale);
  const value = await hydrated(reward.frame.getByLabel(fill(w.rewards.value, { currency: "USD" })));
  expect(await value.inputValue()).toBe(change.value[0]);
  await value.fill(change.value[1]);
  await reward.frame.getByRole("button", { name: w.rewards.save, exact: true }).click();
  count = await until(logged, (n) => n > count, "the reward's log entry");
  await reward.page.close();

  const tiers = await shop.openAdmin("/tiers", locale);
  const threshold = fill(w.tiers.threshold, { unit: w.tiers.points });
  const section = (name: string) => tiers.frame.locator(".Polaris-Layout__Section", { has: tiers.frame.getByRole("heading", { name, exact: true }) });
  const goldThreshold = await hydrated(section("Gold").getByLabel(threshold));
  expect(await goldThreshold.inputValue()).toBe(String(change.gold[0]));
  await goldThreshold.fill(String(change.gold[1]));
  await tiers.frame.getByRole("button", { name: fill(w.tiers.removeNamed, { tier: `Diamond ${locale}` }) }).click();
  await tiers.frame.getByRole("button", { name: w.tiers.add, exact: true }).click();
  await section(w.tiers.newTier).getByLabel(w.tiers.name, { exact: true }).fill(`Platinum ${locale}`);
  await section(`Platinum ${locale}`).getByLabel(threshold).fill(String(5_000 + LOCALES.indexOf(locale) * 100)); // the card is named as typed
  await tiers.frame.getByRole("button", { name: w.tiers.save, exact: true }).first().click();
  count = await until(logged, (n) => n > count, "the tiers' log entry");
  await tiers.page.close();

  const rewards = await shop.openAdmin("/rewards", locale);
  const mugRow = () => rewards.frame.getByRole("row").filter({ hasText: `Mug ${locale}` });
  await (await hydrated(mugRow().getByRole("button", { name: w.rewards.pause, exact: true }))).click();
  count = await until(logged, (n) => n > count, "the pause's log entry");
  await mugRow().getByRole("button", { name: w.rewards.delete, exact: true }).click();
  await rewards.frame.getByRole("dialog").getByRole("button", { name: w.rewards.delete, exact: true }).click();
  await until(logged, (n) => n > count, "the deletion's log entry");
  await rewards.page.close();
}

/** The log's row holding this exact line of changes. */
const rowWith = (frame: FrameLocator, line: string) => frame.getByRole("row").filter({ has: frame.getByText(line, { exact: true }) });
const cellTexts = (row: Locator) => row.locator("td").allTextContents();

describe("the activity log in the owner's words", () => {
  for (const locale of LOCALES) {
    it(`shows ${locale} labels, money, the tiers tier by tier and the author's name, inside its card`, async () => {
      const w = words(locale);
      const change = CHANGES[locale];
      await makeChanges(locale);
      const { page, frame } = await shop.openAdmin("/activity", locale);
      await frame.getByRole("heading", { name: w.activity.title }).waitFor();

      // The earning rate: the form's label, money in the shop's currency in the owner's language.
      const rateLine = `${fill(w.settings.earnPerAmount, { currency: "USD" })}: ${MONEY[locale](change.rate[0])} → ${MONEY[locale](change.rate[1])}`;
      const settingsRow = rowWith(frame, rateLine);
      await settingsRow.waitFor();
      const [, who, what] = await cellTexts(settingsRow);
      expect(who).toBe(STAFF_NAME);
      expect(what).toBe(w.activity.actions.settings_updated);

      // The reward's value, and which reward it was.
      const valueLine = `${fill(w.rewards.value, { currency: "USD" })}: ${MONEY[locale](change.value[0])} → ${MONEY[locale](change.value[1])}`;
      const rewardRow = rowWith(frame, valueLine).first();
      expect((await cellTexts(rewardRow)).slice(1, 3)).toEqual([STAFF_NAME, `${w.activity.actions.reward_updated}Amount off`]);
      expect(await rewardRow.locator("td").nth(3).locator("p").allTextContents()).toEqual([valueLine]); // nothing else of the reward changed

      // Which reward was paused and deleted (its status, not its deletion, is a change).
      const pausedRow = frame.getByRole("row").filter({ hasText: `${w.activity.actions.reward_paused}Mug ${locale}` });
      expect(await pausedRow.locator("td").nth(3).locator("p").allTextContents()).toEqual([`${w.rewards.status}: ${w.rewards.active} → ${w.rewards.paused}`]);
      const deletedRow = frame.getByRole("row").filter({ hasText: `${w.activity.actions.reward_deleted}Mug ${locale}` });
      expect((await cellTexts(deletedRow)).slice(1, 3)).toEqual([STAFF_NAME, `${w.activity.actions.reward_deleted}Mug ${locale}`]);

      // The tiers, tier by tier.
      const goldLine = `Gold: ${points(locale, change.gold[0])} → ${points(locale, change.gold[1])}`;
      const tiersRow = rowWith(frame, goldLine);
      const tierLines = await tiersRow.locator("td").nth(3).locator("p").allTextContents();
      expect(tierLines.sort()).toEqual([goldLine, fill(w.activity.tierAdded, { tier: `Platinum ${locale}` }), fill(w.activity.tierRemoved, { tier: `Diamond ${locale}` })].sort());
      expect((await cellTexts(tiersRow)).slice(1, 3)).toEqual([STAFF_NAME, w.activity.actions.tiers_updated]);

      // A long list names its first five and counts the rest; the whole of it is the line's title.
      const excluded = frame.getByText(new RegExp(`^${w.settings.excludedProducts}.*${fill(w.activity.more, { n: "2" })}$`));
      expect(await excluded.textContent()).toBe(`${w.settings.excludedProducts} ${w.settings.noneExcluded} → ${EXCLUDED.slice(0, 5).join(", ")} ${fill(w.activity.more, { n: "2" })}`);
      expect(await excluded.getAttribute("title")).toBe(`${w.settings.excludedProducts} ${w.settings.noneExcluded} → ${EXCLUDED.join(", ")}`);

      // No raw field names, ids or JSON anywhere; nobody is "Staff member 1".
      const table = await frame.locator("table").textContent();
      expect(table).not.toMatch(/earnPerAmountMinor|valueMinor|earnPoints|"threshold"|\{"|\bc[a-z0-9]{24}\b/);
      expect(table).not.toContain(fill(w.activity.staff, { id: "1" }));

      // Every cell and every line stays inside the card.
      const card = frame.locator(".Polaris-ShadowBevel", { has: frame.locator("table") });
      const bounds = await card.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
      const boxes = await frame.locator("table th, table td, table td p").evaluateAll((elements) =>
        elements.map((el) => ({ text: (el.textContent ?? "").slice(0, 60), left: el.getBoundingClientRect().left, right: el.getBoundingClientRect().right })),
      );
      expect(boxes.length).toBeGreaterThan(12);
      const outside = boxes.filter((b) => b.left < bounds.left - 1 || b.right > bounds.right + 1);
      expect(outside, "cells sticking out of the activity card").toEqual([]);
      await shot(page, `60-activity-${locale}`);
      await page.close();
    });
  }
});

describeNoRequestOffTheMachine(shop);
