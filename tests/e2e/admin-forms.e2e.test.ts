// The admin's forms keep what the owner typed before the page's script ran (issue 13, decision 030):
// each test holds back the app's client bundle, types into the page as the server sent it, then
// lets React take over and saves; what was typed is what is saved and shown. The settings form
// also saves with JavaScript off entirely, as a plain POST. Screenshots go to test-results/e2e/.
import type { FrameLocator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../sandbox/embedded-admin";
import { createCustomer } from "../../sandbox/orders";
import { appFrame, describeNoRequestOffTheMachine, shot, useAdminShop } from "../support/admin-shop";
import { settled } from "../support/sandbox";

let memberId = "";
const shop = useAdminShop("klub-admin-forms-e2e-", async ({ sandbox, db }) => {
  const customer = createCustomer(sandbox.store, sandbox.sender, { firstName: "Ola", lastName: "Nowak", email: "ola.n@example.com" });
  await settled(sandbox, db);
  memberId = (await db.member.findFirstOrThrow({ where: { customerId: String(customer.id) } })).id;
});

/** Whether React has taken over the page: its props are on the app's elements. */
const reactOn = (frame: FrameLocator) => frame.locator(".Polaris-Page").first().evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactProps$")));

/**
 * Opens an admin page with the app's client bundle held back (the request for the Remix entry
 * module waits): the page stays as the server sent it, with no React, until `hydrate()` lets the
 * bundle through and waits for React to take over.
 */
async function openHeldBack(path: string) {
  const page = await shop.browser.context.newPage();
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await page.route(/\/entry\.client\.tsx(\?|$)/, async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await page.goto(shop.adminUrl(path));
  const frame = appFrame(page);
  await frame.locator(".Polaris-Page").first().waitFor();
  await expect.poll(() => asked, { timeout: 30_000 }).toBe(true); // the page did ask for its script: it is the one held
  expect(await reactOn(frame)).toBe(false);
  const hydrate = async () => {
    release();
    await expect.poll(() => reactOn(frame), { timeout: 30_000 }).toBe(true);
  };
  return { page, frame, hydrate };
}

describe("typed before the page's script ran", () => {
  it("keeps the program settings typed, chosen and ticked, and saves them", async () => {
    const before = await shop.db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(before).toMatchObject({ signupBonus: 100, earnPerAmountMinor: 100, earnOnShipping: false, expiryMode: "none" });
    const { page, frame, hydrate } = await openHeldBack("/settings");
    await frame.getByLabel("Signup bonus (points)").fill("345");
    await frame.getByLabel("For every (in USD)").fill("2.00");
    await frame.getByLabel("Shipping", { exact: true }).check();
    await frame.getByLabel("Points expire").selectOption("lot");
    await hydrate();
    // Months show now that points expire, as if the owner had chosen it with the page running.
    await frame.getByLabel("Months", { exact: true }).waitFor();
    await frame.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").getByText("Settings saved").waitFor({ timeout: 15_000 });
    expect(await shop.db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).toMatchObject({ signupBonus: 345, earnPerAmountMinor: 200, earnOnShipping: true, expiryMode: "lot" });
    expect(await frame.getByLabel("Signup bonus (points)").inputValue()).toBe("345");
    await page.reload();
    expect(await appFrame(page).getByLabel("Signup bonus (points)").inputValue()).toBe("345");
    expect(await appFrame(page).getByLabel("For every (in USD)").inputValue()).toBe("2.00");
    expect(await appFrame(page).getByLabel("Shipping", { exact: true }).isChecked()).toBe(true);
    await page.close();
  });

  it("keeps a new reward typed and ticked, and saves it", async () => {
    const { page, frame, hydrate } = await openHeldBack("/rewards/new");
    await frame.getByLabel("Name shoppers see").fill("Early bird");
    await frame.getByLabel("Points it costs").fill("750");
    await frame.getByLabel("Value (in USD)").fill("7.50");
    await frame.getByLabel("Product discounts").check();
    await hydrate();
    await frame.getByRole("button", { name: "Save reward" }).click();
    await page.getByRole("status").getByText("Reward saved").waitFor({ timeout: 15_000 });
    await frame.getByRole("row", { name: /Early bird/ }).waitFor();
    expect(await shop.db.reward.findFirst({ where: { shopId: shop.id, name: "Early bird", deletedAt: null } })).toMatchObject({ type: "fixed_amount", pointsCost: 750, valueMinor: 750, combinesWithProduct: true });
    await shot(page, "60-forms-reward-typed-early");
    await page.close();
  });

  it("keeps a balance adjustment typed, and posts it", async () => {
    const { page, frame, hydrate } = await openHeldBack(`/members/${memberId}`);
    await frame.getByLabel("Points (negative to take away)").fill("40");
    await frame.getByLabel("Reason (shown in the ledger)").fill("Typed before the script ran");
    await hydrate();
    await frame.getByRole("button", { name: "Adjust", exact: true }).click();
    await page.getByRole("status").getByText("Balance adjusted").waitFor({ timeout: 15_000 });
    await frame.getByRole("cell", { name: "Typed before the script ran" }).waitFor();
    const entry = await shop.db.ledgerEntry.findFirstOrThrow({ where: { memberId, kind: "adjust" } });
    expect(entry.amount).toBe(40);
    expect(JSON.stringify(entry)).toContain("Typed before the script ran"); // the reason, however the ledger keeps it
    await shot(page, "61-forms-adjust-typed-early");
    await page.close();
  });
  it("keeps the tiers typed, and saves the ladder", async () => {
    const { page, frame, hydrate } = await openHeldBack("/tiers");
    await frame.getByLabel("Threshold (points)").nth(1).fill("350");
    await frame.getByLabel("Points multiplier").nth(2).fill("175");
    await hydrate();
    await frame.getByRole("button", { name: "Save tiers" }).first().click();
    await page.getByRole("status").getByText("Tiers saved").waitFor({ timeout: 15_000 });
    const tiers = await shop.db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: "asc" } });
    expect(tiers.map((t) => [t.name, t.threshold, t.multiplierPercent])).toEqual([["Bronze", 0, 100], ["Silver", 350, 125], ["Gold", 800, 175]]);
    expect(await frame.getByLabel("Threshold (points)").nth(1).inputValue()).toBe("350");
    await page.close();
  });

  it("keeps a file chosen for import, and checks it", async () => {
    const { page, frame, hydrate } = await openHeldBack("/members/import");
    const csv = "customer_id,email,first_name,points_balance\n8801,early@example.com,Early,80\n";
    await frame.locator("input[type=file]").setInputFiles({ name: "early.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await hydrate();
    await frame.getByText("early.csv", { exact: true }).waitFor();
    await frame.getByRole("button", { name: "Check file (dry run)" }).click();
    await frame.getByText("1 new member").waitFor({ timeout: 15_000 });
    await page.close();
  });
});

describe("with JavaScript off", () => {
  it("saves the program settings as a plain POST", async () => {
    const context = await shop.browser.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 860 }, userAgent: BROWSER_USER_AGENT });
    try {
      const page = await context.newPage();
      await page.goto(shop.adminUrl("/settings"));
      const frame = appFrame(page);
      await frame.getByLabel("Birthday bonus (points)").fill("55");
      await frame.getByLabel("Tax", { exact: true }).check();
      await frame.getByRole("button", { name: "Save", exact: true }).click();
      await expect.poll(async () => (await shop.db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).birthdayBonus, { timeout: 15_000 }).toBe(55);
      expect(await shop.db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).toMatchObject({ birthdayBonus: 55, earnOnTax: true });
      // The page the POST answered with shows what was saved.
      expect(await frame.getByLabel("Birthday bonus (points)").inputValue()).toBe("55");
      expect(await frame.getByLabel("Tax", { exact: true }).isChecked()).toBe(true);
      await shot(page, "62-forms-settings-no-javascript");
    } finally {
      await context.close();
    }
  });

  it("shows what the owner typed beside the errors when a plain POST is refused", async () => {
    const context = await shop.browser.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 860 }, userAgent: BROWSER_USER_AGENT });
    try {
      const settingsBefore = await shop.db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } });
      const page = await context.newPage();
      await page.goto(shop.adminUrl("/settings"));
      const frame = appFrame(page);
      await frame.getByLabel("Points", { exact: true }).fill("");
      await frame.getByLabel("Birthday bonus (points)").fill("66");
      await frame.getByLabel("Shipping", { exact: true }).check();
      await frame.getByRole("button", { name: "Save", exact: true }).click();
      await frame.getByText("Enter a number", { exact: true }).waitFor();
      expect(await frame.getByLabel("Points", { exact: true }).inputValue()).toBe("");
      expect(await frame.getByLabel("Birthday bonus (points)").inputValue()).toBe("66");
      expect(await frame.getByLabel("Shipping", { exact: true }).isChecked()).toBe(true);
      expect(await shop.db.programSettings.findUniqueOrThrow({ where: { shopId: shop.id } })).toEqual(settingsBefore);
      await shot(page, "63-forms-settings-refused-no-javascript");

      const tiersBefore = await shop.db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: "asc" } });
      await page.goto(shop.adminUrl("/tiers"));
      const gold = frame.locator(".Polaris-Layout__Section", { has: frame.getByRole("heading", { name: "Gold", exact: true }) });
      await gold.getByLabel("Threshold (points)").fill("lots");
      await gold.getByLabel("Points multiplier", { exact: false }).fill("175");
      await frame.getByRole("button", { name: "Save tiers", exact: true }).last().click(); // the form's own (the header's needs the script)
      await frame.getByText("Enter a whole number of points", { exact: true }).waitFor();
      expect(await gold.getByLabel("Threshold (points)").inputValue()).toBe("lots");
      expect(await gold.getByLabel("Points multiplier", { exact: false }).inputValue()).toBe("175");
      expect(await shop.db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: "asc" } })).toEqual(tiersBefore);
    } finally {
      await context.close();
    }
  });
});

describeNoRequestOffTheMachine(shop);
