// The home page's setup checklist and the analytics charts' axes, in a real browser over a sandbox
// shop of this file's own (issue 13). The theme-embed step: undone until the owner follows its link
// to the theme editor (the sandbox's, through App Bridge's shopify://admin navigation), switches
// Klub's app embed on and saves; then Klub reads the live theme's settings_data.json and says 3 of 3.
// The charts: the first and last x-axis labels lie inside each chart. In English, Polish and
// Russian. Screenshots go to test-results/e2e/.
import type { FrameLocator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { LOCAL_APP_ENV } from "../../sandbox/run";
import { seedDemoShop } from "../../sandbox/seed";
import { appFrame, describeNoRequestOffTheMachine, hydrated, LOCALES, shot, useAdminShop, words, type Locale } from "../support/admin-shop";
import { settled } from "../support/sandbox";

/** The sandbox theme editor's words (Shopify's, in the staff member's language). */
const EDITOR: Record<Locale, { save: string; saved: string; exit: string }> = {
  en: { save: "Save", saved: "Saved", exit: "Exit" },
  pl: { save: "Zapisz", saved: "Zapisano", exit: "Wyjdź" },
  ru: { save: "Сохранить", saved: "Сохранено", exit: "Выйти" },
};

// The demo program sets the earning and adds rewards: two steps of three done.
const shop = useAdminShop("klub-admin-setup-e2e-", async ({ sandbox, db }) => {
  seedDemoShop(sandbox.store, sandbox.sender); // months of orders, for the charts
  await settled(sandbox, db);
});

describe("the setup checklist's theme-embed step", () => {
  for (const locale of LOCALES) {
    it(`is undone until the owner switches the app embed on in the theme editor, then 3 of 3 are done (${locale})`, async () => {
      const w = words(locale);
      const progress = (done: number) => w.home.setupProgress.replace("{{done}}", String(done)).replace("{{total}}", "3");
      const embedStep = (frame: FrameLocator) => frame.getByRole("listitem").filter({ hasText: w.home.stepEmbed });
      const { page } = await shop.openAdmin("", locale);
      await appFrame(page).getByText(progress(2), { exact: true }).waitFor();
      expect(await embedStep(appFrame(page)).textContent()).not.toContain("✓");
      // Every step is a link: to the settings, to a new reward, to the theme editor.
      for (const step of [w.home.stepEarning, w.home.stepReward, w.home.stepEmbed]) await appFrame(page).getByRole("link", { name: step }).waitFor();
      const link = await hydrated(appFrame(page).getByRole("link", { name: w.home.stepEmbed }));
      await page.waitForTimeout(600); // the progress bar's own appearing
      await shot(page, `70-setup-embed-undone-${locale}`);

      // The step's link leaves Klub for the theme editor, open on its app embeds with Klub's switched on, unsaved.
      await link.click();
      await page.waitForURL(/\/admin\/themes\/current\/editor\?/);
      const deepLink = new URL(page.url()).searchParams;
      expect([deepLink.get("context"), deepLink.get("activateAppId")]).toEqual(["apps", `${LOCAL_APP_ENV.SHOPIFY_API_KEY}/points-launcher`]);
      const embed = page.getByRole("switch", { name: /Klub points/ });
      expect(await embed.isChecked()).toBe(true);
      await shot(page, `71-theme-editor-${locale}`);
      await page.getByRole("button", { name: EDITOR[locale].save }).click();
      await page.getByText(EDITOR[locale].saved, { exact: true }).waitFor();

      // Back in Klub, the live theme has the embed on: every step is done.
      await page.getByRole("link", { name: EDITOR[locale].exit }).click();
      await appFrame(page).getByText(progress(3), { exact: true }).waitFor();
      expect(await embedStep(appFrame(page)).textContent()).toMatch(/^✓/);
      await hydrated(appFrame(page).getByRole("link", { name: w.home.stepEmbed }));
      await page.waitForTimeout(600);
      await shot(page, `72-setup-done-${locale}`);

      // Switched off again (for the next language): Klub says so from the next visit on.
      await (await hydrated(appFrame(page).getByRole("link", { name: w.home.stepEmbed }))).click();
      await page.waitForURL(/\/admin\/themes\/current\/editor\?/);
      await page.getByRole("switch", { name: /Klub points/ }).uncheck();
      await page.getByRole("button", { name: EDITOR[locale].save }).click();
      await page.getByText(EDITOR[locale].saved, { exact: true }).waitFor();
      await page.getByRole("link", { name: EDITOR[locale].exit }).click();
      await expect
        .poll(async () => {
          await page.reload();
          await appFrame(page).getByText(w.home.setup, { exact: true }).waitFor();
          return appFrame(page).getByText(progress(2), { exact: true }).count();
        }, { timeout: 30_000 })
        .toBe(1);
      await page.close();
    });
  }
});

describe("the analytics charts' x axis", () => {
  for (const locale of LOCALES) {
    it(`shows every x-axis label of every chart whole, the first and last inside the chart (${locale})`, async () => {
      const w = words(locale);
      const { page, frame } = await shop.openAdmin("/analytics", locale);
      const figures = frame.getByRole("figure");
      await expect.poll(() => figures.count(), { timeout: 60_000 }).toBe(6);
      for (const figure of await figures.all()) await figure.locator("svg text").first().waitFor();
      await page.waitForTimeout(500); // the charts measure their labels once drawn
      // The x axis's labels are polaris-viz's text lines (each <text> with its <title>); the y
      // axis's are drawn on a <rect> of their own.
      const axes = await frame.locator("body").evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("[role=figure]")].map((figure) => {
          const box = figure.getBoundingClientRect();
          const labels = [...figure.querySelectorAll("svg text")]
            .filter((t) => t.nextElementSibling?.tagName === "title" && t.previousElementSibling?.tagName !== "rect" && t.textContent)
            .map((t) => ({ text: t.textContent!, full: t.nextElementSibling!.textContent!, ...JSON.parse(JSON.stringify(t.getBoundingClientRect())) }) as { text: string; full: string; left: number; right: number })
            .sort((a, b) => a.left - b.left);
          return { chart: figure.getAttribute("aria-label")!, left: box.left, right: box.right, labels };
        }),
      );
      for (const axis of axes) {
        expect(axis.labels.length, `${axis.chart}: x-axis labels`).toBeGreaterThan(0);
        const [first, last] = [axis.labels[0], axis.labels.at(-1)!];
        expect(first.left, `${axis.chart}: "${first.text}" starts inside the chart`).toBeGreaterThanOrEqual(axis.left - 0.5);
        expect(last.right, `${axis.chart}: "${last.text}" ends inside the chart`).toBeLessThanOrEqual(axis.right + 0.5);
        // Every label is drawn whole: none cut short with an ellipsis ("14 w…", "Zamó…"). (A
        // label may be wrapped: each of its lines is a <text> with the whole label as its title.)
        const shortened = axis.labels.filter((label) => label.text.includes("…") && !label.full.includes("…")).map((label) => `${label.text} (${label.full})`);
        expect(shortened, `${axis.chart}: labels cut short`).toEqual([]);
      }
      const comparison = frame.getByRole("figure", { name: w.analytics.averageOrder });
      await comparison.getByText(w.analytics.nonMembersLabel, { exact: true }).first().waitFor();
      await comparison.scrollIntoViewIfNeeded();
      await shot(page, `73-analytics-axes-${locale}`);
      await page.close();
    });
  }
});

describeNoRequestOffTheMachine(shop);
