// Checkout and customer accounts in a real browser over a sandbox shop of this file's own: the
// extensions' real built bundles run in the sandbox's frames (its stand-in of Shopify's host, with
// session tokens signed as Shopify signs them). A member redeems at checkout, sees the code on the
// order and the total go down, pays, reads the thank-you block, then the account's rewards page;
// all of it agrees with Klub's admin. Then the same in Russian, on a Plus checkout (the reductions
// target); and a store credit reward, which checkout offers natively. Each test has its own member
// and browser cookies. Screenshots go to test-results/e2e/.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { createCustomer, placeOrder } from "../../sandbox/orders";
import type { RunningSandbox } from "../../sandbox/run";
import { setUpDemoProgram } from "../../sandbox/seed";
import { ensureUiExtensionBundles } from "../../sandbox/ui-extensions";
import { launchBrowser, reportWhenFailed, type TestBrowser } from "../support/browser";
import { openKlub, settled, shopAs, startSandboxShop, until, warmUpAdmin } from "../support/sandbox";
import { translator, type Extension } from "../extensions/support/shopify";

const SHOTS = "test-results/e2e";
const HOODIE = 60; // dollars, 1 point per dollar in the demo program
let sandbox: RunningSandbox;
let browser: TestBrowser;
let db: Db;
reportWhenFailed(() => browser, () => sandbox?.appOutput());

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureUiExtensionBundles(); // the bundles under test are the sources' (built when missing or older)
  sandbox = await startSandboxShop(undefined, "klub-checkout-e2e-");
  db = createDb(sandbox.databaseUrl);
  await openKlub(sandbox);
  await setUpDemoProgram(sandbox.admin);
  const id = sandbox.store.nextId();
  sandbox.store.state.products.push({ id, variantId: id * 10, title: "Klub Hoodie", handle: "klub-hoodie", price: "60.00" });
  sandbox.store.save();
  browser = await launchBrowser();
  await warmUpAdmin(browser, sandbox);
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  await db?.$disconnect();
});

/** A member with points: the signup bonus and an order of seven hoodies (Bronze, then Silver). */
async function memberWithPoints(firstName: string, lastName: string, email: string) {
  const customer = createCustomer(sandbox.store, sandbox.sender, { firstName, lastName, email });
  await settled(sandbox, db);
  const hoodie = sandbox.store.state.products.find((p) => p.title === "Klub Hoodie")!;
  placeOrder(sandbox.store, sandbox.sender, { customerId: customer.id, cart: [{ variantId: hoodie.variantId, quantity: 7 }], codes: [] });
  await settled(sandbox, db);
  const member = await db.member.findFirstOrThrow({ where: { customerId: String(customer.id) }, include: { tier: true } });
  expect(member.balance).toBeGreaterThanOrEqual(500); // enough for "Amount off"
  return { customer, member };
}

/** What the pages and the extensions' frames reported as errors (an extension that threw, a missing translation). */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

async function logIn(page: Page, name: string, locale: string) {
  await page.goto(`${sandbox.sandboxUrl}/?locale=${locale}`);
  await shopAs(page, name);
}

const extensionFrame = (page: Page, target: string): FrameLocator => page.frameLocator(`iframe[data-target="${target}"]`);

/** One reward the member can afford, in a Klub block: its name, then its Redeem. */
const offer = (frame: FrameLocator, name: string) => frame.locator("s-stack").filter({ has: frame.locator(':scope > s-text[type="strong"]', { hasText: new RegExp(`^${name}$`) }) });

async function shot(page: Page, name: string) {
  // caret "initial": hiding the caret sets a style on inputs, which React, hydrating after it, reports as a mismatch.
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, caret: "initial" });
}

/** The buyer's words: the extension's own locale file, plural forms and all. */
function words(extension: Extension, locale: string) {
  const t = translator(extension, locale);
  return { t, counted: (key: string, n: number) => t(key, { count: n, points: new Intl.NumberFormat(locale).format(n) }) };
}

/** What Klub itself words for the extensions (app/i18n/<locale>.json): an order's points, a code's state. */
function klubWords(locale: string) {
  const storefront = JSON.parse(readFileSync(`app/i18n/${locale}.json`, "utf8")).storefront;
  const points = (n: number) => storefront[`points_${new Intl.PluralRules(locale).select(n)}`].replace("{{formatted}}", new Intl.NumberFormat(locale).format(n));
  return { earned: (n: number) => storefront.order.earned.replace("{{points}}", points(n)), code: (state: string) => storefront.code[state] as string };
}

async function checkoutFlow(locale: "en" | "ru", target: string, name: [string, string], email: string) {
  const { customer, member } = await memberWithPoints(...name, email);
  const checkout = words("klub-checkout", locale);
  const account = words("klub-account", locale);
  const rewardsPage = words("klub-account-page", locale);
  const klubSays = klubWords(locale);
  const money = (dollars: number) => new Intl.NumberFormat(locale, { style: "currency", currency: "USD" }).format(dollars);
  await browser.context.clearCookies(); // no customer, cart or language left by another test
  const page = await browser.context.newPage();
  const errors = errorsOf(page);
  try {
    await logIn(page, name.join(" "), locale);
    await page.goto(`${sandbox.sandboxUrl}/products/klub-hoodie`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("link", { name: "Check out" }).click();
    await page.waitForURL(/\/checkout$/);

    // The Klub block, rendered by the real bundle: balance, this order's points, affordable rewards.
    const klub = extensionFrame(page, target);
    const multiplier = member.tier?.multiplierPercent ?? 100;
    const earns = Math.floor((HOODIE * multiplier) / 100);
    await klub.getByText(checkout.counted("balance", member.balance), { exact: true }).waitFor();
    await klub.getByText(checkout.counted("earn", earns), { exact: true }).waitFor();
    for (const reward of ["Free shipping", "Amount off", "Points to money"]) await offer(klub, reward).first().waitFor();
    expect(await offer(klub, "10% off").count()).toBe(0); // 900 points: not within the balance
    expect(await page.getByTestId("checkout-total").textContent()).toBe(money(HOODIE + 5));
    await shot(page, `40-checkout-${locale}`);

    // Redeem: a code for this customer, applied to the checkout with applyDiscountCodeChange.
    await offer(klub, "Amount off").getByRole("button", { name: checkout.t("rewards.redeem") }).click();
    const redemption = (await until(() => db.redemption.findFirst({ where: { memberId: member.id, status: "issued" } }), Boolean, "the redeemed code"))!;
    const code = redemption.code!;
    await klub.getByText(checkout.t("notice.applied", { code }), { exact: true }).waitFor();
    await klub.getByText(checkout.t("codes.applied", { code, reward: "Amount off" }), { exact: true }).waitFor();
    await klub.getByText(checkout.counted("balance", member.balance - 500), { exact: true }).waitFor();
    await page.getByTestId("checkout-code").getByText(code).waitFor();
    await expect.poll(() => page.getByTestId("checkout-total").textContent()).toBe(money(HOODIE));
    expect(await page.getByTestId("checkout-discount").textContent()).toBe(`−${money(5)}`);
    expect(await page.getByLabel("Discount codes (comma separated)").inputValue()).toBe(code);
    // The block counts the order after the code's $5 (shopify.discountAllocations), as Klub will.
    const earnsAfterCode = Math.floor(((HOODIE - 5) * multiplier) / 100);
    await klub.getByText(checkout.counted("earn", earnsAfterCode), { exact: true }).waitFor();
    await shot(page, `41-checkout-redeemed-${locale}`);

    // Pay: the order carries the code; Klub hears of it by webhook.
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.getByRole("heading", { name: `Thank you, ${name[0]}!` }).waitFor();
    const order = sandbox.store.state.orders.filter((o) => o.customerId === customer.id).at(-1)!;
    expect(order.discountCode).toBe(code);
    expect(await page.getByTestId("order-total").textContent()).toBe(money(HOODIE));
    await settled(sandbox, db);
    const earned = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id, kind: "earn", orderId: String(order.id) } });
    expect(earned.amount).toBe(earnsAfterCode);
    const balance = (await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance;
    expect(balance).toBe(member.balance - 500 + earned.amount);

    // The thank-you block: what this order earned, and the new balance.
    await page.reload();
    const thankYou = extensionFrame(page, "purchase.thank-you.block.render");
    await thankYou.getByText(klubSays.earned(earned.amount), { exact: true }).waitFor();
    await thankYou.getByText(checkout.counted("balance", balance), { exact: true }).waitFor();
    await shot(page, `42-thank-you-${locale}`);

    // The account: the profile block, then the rewards page (full-page extension) it links to.
    await page.goto(`${sandbox.sandboxUrl}/account`);
    const profile = extensionFrame(page, "customer-account.profile.block.render");
    await profile.getByText(account.counted("balance", balance), { exact: true }).waitFor();
    await Promise.all([page.waitForURL(/\/account\/pages\/klub-account-page$/), profile.getByRole("link", { name: account.t("open") }).click()]);
    const rewards = extensionFrame(page, "customer-account.page.render");
    await rewards.getByRole("heading", { name: rewardsPage.t("title"), exact: true, level: 1 }).waitFor();
    await rewards.getByText(rewardsPage.counted("balance", balance), { exact: true }).waitFor();
    await rewards.getByRole("heading", { name: rewardsPage.t("page.codes"), exact: true }).waitFor();
    const codeItem = rewards.locator("s-stack").filter({ has: rewards.locator(':scope > s-text[type="strong"]', { hasText: code }) });
    await codeItem.getByText(`Amount off · ${klubSays.code("used")}`, { exact: true }).waitFor();
    await shot(page, `43-account-rewards-${locale}`);

    // The order's status page in the account: that order's points.
    await page.goto(`${sandbox.sandboxUrl}/account`);
    await Promise.all([page.waitForURL(new RegExp(`/account/orders/${order.id}$`)), page.getByRole("link", { name: order.name }).click()]);
    const status = extensionFrame(page, "customer-account.order-status.block.render");
    await status.getByText(klubSays.earned(earned.amount), { exact: true }).waitFor();
    await status.getByText(account.counted("balance", balance), { exact: true }).waitFor();

    // The owner's member page in Klub's admin says the same.
    await page.goto(`${sandbox.sandboxUrl}/admin/apps/klub/members/${member.id}`);
    const admin = page.frameLocator("iframe[title=Klub]");
    await admin.getByRole("heading", { name: name.join(" ") }).waitFor();
    const figure = admin.locator("p", { hasText: /^Balance$/ }).locator("xpath=following-sibling::p[1]");
    await expect.poll(() => figure.textContent()).toBe(balance.toLocaleString("en-US"));
    await admin.getByRole("row", { name: new RegExp(code) }).getByText("Used", { exact: true }).waitFor(); // its state, in the owner's language
    await shot(page, `44-admin-member-${locale}`);
    expect(await db.redemption.findUniqueOrThrow({ where: { id: redemption.id } })).toMatchObject({ status: "used", pointsSpent: 500 });
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, `49-failed-${locale}`).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

describe("checkout and customer account extensions, hosted by the sandbox", () => {
  it("redeems at checkout with the real bundle, pays, and the thank-you block and account page agree with the admin", async () => {
    await checkoutFlow("en", "purchase.checkout.block.render", ["Vera", "Checkout"], "vera.checkout@example.com");
  });

  it("does the same in Russian, on a Plus checkout where the block is the reductions target", async () => {
    sandbox.store.state.shop.plan.shopifyPlus = true;
    try {
      await checkoutFlow("ru", "purchase.checkout.reductions.render-after", ["Ирина", "Баллова"], "irina.ballova@example.com");
    } finally {
      sandbox.store.state.shop.plan.shopifyPlus = false;
    }
  });

  it("credits a store credit reward to Shopify's store credit account, which checkout offers natively and the order spends", async () => {
    const created = await sandbox.admin.submit("/app/rewards/new", new URLSearchParams({ name: "Store credit", type: "store_credit", pointsCost: "300", value: "10", codeExpiryDays: "30" }));
    expect(created).toHaveProperty("redirect");
    const { customer, member } = await memberWithPoints("Olek", "Kredyt", "olek.kredyt@example.com");
    const { counted, t } = words("klub-account-page", "en");
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    try {
      await logIn(page, "Olek Kredyt", "en");
      await page.goto(`${sandbox.sandboxUrl}/account/pages/klub-account-page`);
      const rewards = extensionFrame(page, "customer-account.page.render");
      await offer(rewards, "Store credit").getByRole("button", { name: t("rewards.redeem") }).click();
      await rewards.getByText(counted("balance", member.balance - 300), { exact: true }).waitFor();
      await shot(page, "45-account-store-credit-redeemed");
      // Klub credited the account (storeCreditAccountCredit), with the reward's expiry.
      const credits = sandbox.store.state.storeCreditTransactions.filter((c) => c.customerId === customer.id);
      expect(credits).toMatchObject([{ amount: "10.00", currencyCode: "USD" }]);
      expect(new Date(credits[0].expiresAt!).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
      await page.goto(`${sandbox.sandboxUrl}/account`);
      expect(await page.getByTestId("store-credit").textContent()).toBe("$10.00");

      // Checkout offers it, as Shopify's does for new customer accounts; paying spends it.
      await page.goto(`${sandbox.sandboxUrl}/products/klub-hoodie`);
      await page.getByRole("button", { name: "Add to cart" }).click();
      await page.getByRole("link", { name: "Check out" }).click();
      await page.getByLabel("Use store credit ($10.00 available)").check();
      await expect.poll(() => page.getByTestId("checkout-store-credit").textContent()).toBe("−$10.00");
      expect(await page.getByTestId("checkout-total").textContent()).toBe("$65.00");
      expect(await page.getByTestId("checkout-due").textContent()).toBe("$55.00");
      await shot(page, "46-checkout-store-credit");
      await page.getByRole("button", { name: "Pay now" }).click();
      await page.getByRole("heading", { name: "Thank you, Olek!" }).waitFor();
      expect(await page.getByTestId("order-store-credit").textContent()).toBe("$10.00");
      expect(sandbox.store.state.orders.at(-1)).toMatchObject({ customerId: customer.id, storeCredit: "10.00" });
      await page.goto(`${sandbox.sandboxUrl}/account`);
      expect(await page.getByTestId("store-credit").textContent()).toBe("$0.00");
    } catch (error) {
      await shot(page, "49-failed-store-credit").catch(() => {});
      throw error;
    } finally {
      await page.close();
    }
  });

  it("sent no request off the machine", () => {
    expect(browser.outsideRequests).toEqual([]);
  });
});
