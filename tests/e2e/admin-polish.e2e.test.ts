// The admin as a shop owner meets it, in a real browser over a sandbox shop of this file's own
// (issue 13): numbers, dates and code states in the owner's language (English, Polish, Russian),
// the home page's badge and setup links, the settings form (an emptied field, an amount of money,
// expiry months, App Bridge's contextual save bar drawn by the sandbox admin), and a reward deleted
// only once confirmed. Screenshots go to test-results/e2e/.
import { randomUUID } from "node:crypto";
import type { FrameLocator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createCustomer } from "../../sandbox/orders";
import { appFrame, describeNoRequestOffTheMachine, hydrated, LOCALES, shot, useAdminShop, words, type Locale } from "../support/admin-shop";
import { settled, until } from "../support/sandbox";

/** Grouped thousands: "12,345" in English; a no-break (or narrow no-break) space in Polish and Russian. */
const GROUPED: Record<Locale, RegExp> = { en: /^12,345$/, pl: /^12[\u00a0\u202f]345$/, ru: /^12[\u00a0\u202f]345$/ };
const COST: Record<Locale, RegExp> = { en: /^12,000$/, pl: /^12[\u00a0\u202f]000$/, ru: /^12[\u00a0\u202f]000$/ };
const ISSUED: Record<Locale, string> = { en: "Issued", pl: "Wydany", ru: "Выдан" };
const BADGE_ON: Record<Locale, string> = { en: "On", pl: "Włączony", ru: "Включена" };
/** Ledger reasons, stored as codes, in the reader's language; the owner's own note as written. */
const REASONS: Record<Locale, string[]> = {
  en: ["Redeemed: Amount off", "Welcome gift", "Signup bonus"],
  pl: ["Wymieniono: Amount off", "Welcome gift", "Bonus za rejestrację"],
  ru: ["Обмен: Amount off", "Welcome gift", "Бонус за регистрацию"],
};

let memberId = "";
const shop = useAdminShop("klub-admin-polish-e2e-", async ({ sandbox, db, id: shopId }) => {
  // A member with a five-digit balance and a code redeemed: 100 (signup) + 12,745 - 500 = 12,345.
  const customer = createCustomer(sandbox.store, sandbox.sender, { firstName: "Zofia", lastName: "Wiśniewska", email: "zofia.w@example.com" });
  await settled(sandbox, db);
  memberId = (await db.member.findFirstOrThrow({ where: { customerId: String(customer.id) } })).id;
  const adjusted = await sandbox.admin.submit(`/app/members/${memberId}`, new URLSearchParams({ points: "12745", reason: "Welcome gift", requestId: randomUUID() }));
  expect(adjusted).toMatchObject({ ok: true });
  const amountOff = await db.reward.findFirstOrThrow({ where: { shopId, name: "Amount off", deletedAt: null } });
  const redeemed = await fetch(`${sandbox.sandboxUrl}/apps/klub/redeem`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: `sandbox_customer=${customer.id}` },
    body: JSON.stringify({ rewardId: amountOff.id, requestId: randomUUID() }),
  });
  expect(redeemed.status).toBe(200);
  await until(() => db.redemption.findFirst({ where: { memberId, status: "issued" } }), Boolean, "the redeemed code");
  const created = await sandbox.admin.submit("/app/rewards/new", new URLSearchParams({ name: "Big prize", type: "fixed_amount", pointsCost: "12000", value: "100", codeExpiryDays: "30" }));
  expect(created).toMatchObject({ redirect: expect.stringContaining("/app/rewards") });
  await settled(sandbox, db);
});
/** A headline figure (home, member page), by its label. */
const figure = (frame: FrameLocator, label: string) => frame.locator("p", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::p[1]").textContent();

describe("numbers, dates and states in the owner's language", () => {
  for (const locale of LOCALES) {
    it(`formats the admin's numbers and dates for ${locale}, and names a code's state in it`, async () => {
      const w = words(locale);
      const member = await shop.db.member.findUniqueOrThrow({ where: { id: memberId } });
      expect(member.balance).toBe(12_345);
      const redemption = await shop.db.redemption.findFirstOrThrow({ where: { memberId } });
      const date = (at: Date) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(at);

      const { page, frame } = await shop.openAdmin(`/members/${memberId}`, locale);
      await frame.getByRole("heading", { name: "Zofia Wiśniewska" }).waitFor();
      expect(await figure(frame, w.member.balance)).toMatch(GROUPED[locale]);
      const redemptions = frame.getByRole("row", { name: /Amount off/ });
      await redemptions.getByRole("cell", { name: ISSUED[locale], exact: true }).waitFor();
      await redemptions.getByText(date(redemption.createdAt), { exact: true }).waitFor(); // the row's header cell
      expect(await frame.getByRole("cell", { name: "issued", exact: true }).count()).toBe(0);
      const ledger = frame.locator("table", { has: frame.getByRole("columnheader", { name: w.member.balanceAfter }) });
      expect(await ledger.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td, th")[3]?.textContent))).toEqual(REASONS[locale]);
      await shot(page, `50-member-${locale}`);

      await page.goto(shop.adminUrl("/members", locale));
      const row = appFrame(page).getByRole("row", { name: /Zofia Wiśniewska/ });
      expect(await row.getByRole("cell").nth(2).textContent()).toMatch(GROUPED[locale]);
      expect(await row.getByRole("cell").nth(4).textContent()).toBe(date(member.enrolledAt));
      await shot(page, `51-members-${locale}`);

      await page.goto(shop.adminUrl("/rewards", locale));
      const prize = appFrame(page).getByRole("row", { name: /Big prize/ });
      expect(await prize.getByRole("cell").nth(2).textContent()).toMatch(COST[locale]);
      await shot(page, `52-rewards-${locale}`);

      await page.goto(shop.adminUrl("", locale));
      const home = appFrame(page);
      await home.getByText(w.home.programOn).waitFor();
      const outstanding = (await shop.db.member.aggregate({ where: { shopId: shop.id }, _sum: { balance: true } }))._sum.balance!;
      expect(outstanding).toBeGreaterThanOrEqual(12_345);
      expect(await figure(home, w.home.outstanding)).toBe(new Intl.NumberFormat(locale).format(outstanding));
      await shot(page, `53-home-figures-${locale}`);
      await page.close();
    });
  }
});

describe("home", () => {
  for (const locale of LOCALES) {
    it(`says the program is on in ${locale}, and links the reward step to a new reward`, async () => {
      const w = words(locale);
      const { page, frame } = await shop.openAdmin("", locale);
      await frame.getByText(w.home.programOn).waitFor();
      await frame.locator(".Polaris-Badge").first().getByText(BADGE_ON[locale], { exact: true }).waitFor({ timeout: 15_000 });
      await shot(page, `53-home-${locale}`);
      const step = await hydrated(frame.getByRole("link", { name: w.home.stepReward }));
      await step.click();
      await frame.getByRole("heading", { name: w.rewards.new }).waitFor();
      expect(page.frames().some((f) => new URL(f.url()).pathname === "/app/rewards/new")).toBe(true);
      await page.close();
    });
  }
});

describe("program settings", () => {
  const saved = () => shop.db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
  const logged = () => shop.db.activityLog.count({ where: { shopId: shop.id, action: "settings.updated" } });

  it("refuses an emptied Points field next to the field and saves nothing", async () => {
    const before = await saved();
    const changes = await logged();
    const { page, frame } = await shop.openAdmin("/settings");
    const points = frame.getByLabel("Points", { exact: true });
    await points.fill("");
    await frame.getByRole("button", { name: "Save", exact: true }).click();
    await frame.getByText("Enter a number", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await points.getAttribute("aria-invalid")).toBe("true");
    // The error is the field's own: its description names it.
    const described = (await points.getAttribute("aria-describedby")) ?? "";
    expect(await frame.locator(described.split(" ").map((id) => `[id="${id}"]`).join(", ")).allTextContents()).toContain("Enter a number");
    await points.scrollIntoViewIfNeeded();
    await shot(page, "54-settings-points-required");
    expect(await saved()).toEqual(before);
    expect(await logged()).toBe(changes);
    expect(await page.getByRole("status").getByText("Settings saved").count()).toBe(0);
    await page.close();
  });

  it("takes 'for every 2.50' as money in the shop's currency", async () => {
    const { page, frame } = await shop.openAdmin("/settings");
    const amount = frame.getByLabel("For every (in USD)");
    expect(await amount.inputValue()).toBe("1.00");
    await amount.fill("2.50");
    await frame.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").getByText("Settings saved").waitFor({ timeout: 15_000 });
    expect((await saved()).earnPerAmountMinor).toBe(250);
    await page.reload();
    expect(await appFrame(page).getByLabel("For every (in USD)").inputValue()).toBe("2.50");
    await page.close();
  });

  it("shows Months only while points expire", async () => {
    expect((await saved()).expiryMode).toBe("none");
    const { page, frame } = await shop.openAdmin("/settings");
    const mode = frame.getByLabel("Points expire");
    expect(await frame.getByLabel("Months", { exact: true }).count()).toBe(0);
    await mode.selectOption("lot");
    await frame.getByLabel("Months", { exact: true }).waitFor();
    await mode.selectOption("none");
    await frame.getByLabel("Months", { exact: true }).waitFor({ state: "detached" });
    await page.close();
  });

  it("shows App Bridge's contextual save bar while the form has changes: Discard puts them back, Save saves", async () => {
    const before = await saved();
    const { page, frame } = await shop.openAdmin("/settings");
    const bar = page.getByRole("region", { name: "Unsaved changes" });
    const bonus = frame.getByLabel("Signup bonus (points)");
    expect(await bar.isVisible()).toBe(false);
    await bonus.fill("175");
    await bar.waitFor({ timeout: 15_000 });
    await shot(page, "55-settings-save-bar");
    await bar.getByRole("button", { name: "Discard" }).click();
    await bar.waitFor({ state: "hidden" });
    expect(await bonus.inputValue()).toBe(String(before.signupBonus));
    expect(await saved()).toEqual(before);

    // A change the owner then takes back by hand leaves nothing to save.
    await bonus.fill("175");
    await bar.waitFor();
    await bonus.fill(String(before.signupBonus));
    await bar.waitFor({ state: "hidden" });

    await frame.getByLabel("Points expire").selectOption("lot");
    await frame.getByLabel("Months", { exact: true }).fill("6");
    await bar.waitFor();
    await bar.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Settings saved").waitFor();
    await bar.waitFor({ state: "hidden" });
    expect(await saved()).toMatchObject({ expiryMode: "lot", expiryMonths: 6, signupBonus: before.signupBonus });
    await page.close();
  });

  const SAVE_BAR = { pl: ["Niezapisane zmiany", "Odrzuć"], ru: ["Несохранённые изменения", "Отменить"] };
  for (const locale of ["pl", "ru"] as const) {
    it(`shows the save bar over the ${locale} settings too, in the admin's ${locale}`, async () => {
      const w = words(locale);
      const [unsaved, discard] = SAVE_BAR[locale];
      const { page, frame } = await shop.openAdmin("/settings", locale);
      const bonus = frame.getByLabel(w.settings.signupBonus);
      await bonus.fill("1234");
      const bar = page.getByRole("region", { name: unsaved });
      await bar.waitFor({ timeout: 15_000 });
      await shot(page, `56-settings-save-bar-${locale}`);
      await bar.getByRole("button", { name: discard }).click();
      await bar.waitFor({ state: "hidden" });
      expect(await bonus.inputValue()).not.toBe("1234");
      await page.close();
    });
  }
});

describe("rewards", () => {
  const prize = () => shop.db.reward.findFirstOrThrow({ where: { shopId: shop.id, name: "Big prize" } });

  it("asks before deleting a reward, and deletes nothing when the owner cancels", async () => {
    const { page, frame } = await shop.openAdmin("/rewards");
    const row = frame.getByRole("row", { name: /Big prize/ });
    await (await hydrated(row.getByRole("button", { name: "Delete" }))).click();
    const dialog = frame.getByRole("dialog", { name: "Delete Big prize?" });
    await dialog.waitFor({ timeout: 15_000 });
    await shot(page, "57-rewards-delete-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.waitForTimeout(500); // had a delete been sent, it would have landed by now
    expect((await prize()).deletedAt).toBeNull();
    await row.waitFor();

    await row.getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("status").getByText("Reward deleted").waitFor();
    await row.waitFor({ state: "detached" });
    expect((await prize()).deletedAt).not.toBeNull();
    await page.close();
  });

  for (const locale of ["pl", "ru"] as const) {
    it(`asks in ${locale} too`, async () => {
      const w = words(locale);
      const { page, frame } = await shop.openAdmin("/rewards", locale);
      const row = frame.getByRole("row", { name: /10% off/ });
      await (await hydrated(row.getByRole("button", { name: w.rewards.delete }))).click();
      const dialog = frame.getByRole("dialog");
      await dialog.getByText(w.rewards.deleteBody).waitFor({ timeout: 15_000 });
      await shot(page, `58-rewards-delete-confirm-${locale}`);
      await dialog.getByRole("button", { name: w.rewards.deleteCancel }).click();
      await dialog.waitFor({ state: "detached" });
      expect((await shop.db.reward.findFirstOrThrow({ where: { shopId: shop.id, name: "10% off" } })).deletedAt).toBeNull();
      await page.close();
    });
  }
});

describe("analytics", () => {
  for (const locale of LOCALES) {
    it(`draws readable charts in ${locale}: categories named, legends styled, a skeleton first, the chosen preset kept`, async () => {
      const w = words(locale);
      // Before the browser draws a chart, the page as the server sends it holds a skeleton in its place.
      const served = await shop.sandbox.admin.open("/analytics", new URLSearchParams({ locale }));
      expect(await served.text()).toContain("data-chart-skeleton");

      const { page, frame } = await shop.openAdmin("/analytics", locale);
      const comparison = frame.getByRole("figure", { name: w.analytics.averageOrder });
      await comparison.getByText(w.analytics.membersLabel, { exact: true }).waitFor();
      await comparison.getByText(w.analytics.nonMembersLabel, { exact: true }).waitFor();
      for (const figure of await frame.getByRole("figure").all()) expect(await figure.textContent()).not.toMatch(/NaN|не число/);
      // The chart library's stylesheet is loaded: its legend rules are in the page.
      const legendRules = await frame.locator("body").evaluate(() =>
        [...document.styleSheets].some((sheet) => [...sheet.cssRules].some((rule) => rule.cssText.includes("_Legend_"))),
      );
      expect(legendRules).toBe(true);

      // The default range is the last 90 days, and the selector says so; a preset chosen stays shown.
      const range = await hydrated(frame.getByLabel(w.analytics.preset));
      const label = (days: number) => w.analytics[locale === "en" ? "lastDays_other" : "lastDays_many"].replace("{{count}}", String(days));
      expect(await range.locator("option:checked").textContent()).toBe(label(90));
      await range.selectOption({ label: label(365) });
      await frame.getByRole("button", { name: w.analytics.apply }).click();
      await expect.poll(() => range.locator("option:checked").textContent(), { timeout: 30_000 }).toBe(label(365));
      await expect.poll(() => frame.getByLabel(w.analytics.from, { exact: true }).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await shot(page, `59-analytics-${locale}`);
      await page.close();
    });
  }
});

describeNoRequestOffTheMachine(shop);
