// The whole program in a real browser over the sandbox: the shop owner's admin with Klub embedded,
// and a shopper who orders, sees the points, gets a refund and sees them taken back.
// Screenshots of each step go to test-results/e2e/.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { createCustomer } from "../../sandbox/orders";
import { startSandbox, type RunningSandbox } from "../../sandbox/run";
import { launchBrowser, type TestBrowser } from "../support/browser";
import { freePort } from "../support/server";

const SHOTS = "test-results/e2e";
let sandbox: RunningSandbox;
let browser: TestBrowser;
let db: Db;

async function settled() {
  // Webhooks answered, the inbox applied, metafields sent to the sandbox.
  await sandbox.sender.idle();
  const deadline = Date.now() + 60_000;
  while ((await db.webhookDelivery.count({ where: { status: "pending" } })) + (await db.outboxMessage.count()) > 0) {
    if (Date.now() > deadline) throw new Error("the app did not settle");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The embedded app, found afresh on every use (the frame may reload, as a dev server's does). */
function appFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe[title=Klub]");
}

/** A headline figure on the admin's home page, by its label. */
function figure(frame: FrameLocator, label: string) {
  return frame.locator("p", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::p[1]").textContent();
}

async function appFrameHandle(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector("iframe[title=Klub]")).contentFrame();
  if (!frame) throw new Error("no app frame");
  return frame;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  sandbox = await startSandbox({ appPort: await freePort(), sandboxPort: await freePort(), dataDir: mkdtempSync(join(tmpdir(), "klub-sandbox-")), appOutput: "pipe" });
  db = createDb(sandbox.databaseUrl);
  await settled();
  browser = await launchBrowser();
  // On a fresh clone the dev server compiles Polaris and pre-bundles dependencies on the first page
  // load (and may reload once). Let that happen here, with room, not inside the first test.
  browser.context.setDefaultTimeout(60_000);
  const warmUp = await browser.context.newPage();
  await warmUp.goto(`${sandbox.sandboxUrl}/admin`);
  await appFrame(warmUp).getByText("Your loyalty program is on").waitFor({ timeout: 180_000 });
  await warmUp.close();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  await db?.$disconnect();
});

describe("the sandbox", () => {
  it("has a seeded demo shop: products, a dozen customers, months of orders, members with history", async () => {
    const { state } = sandbox.store;
    expect(state.products.length).toBeGreaterThanOrEqual(6);
    expect(state.customers).toHaveLength(12);
    expect(state.orders.length).toBeGreaterThanOrEqual(40);
    const firstOrder = new Date(state.orders[0].createdAt).getTime();
    expect(Date.now() - firstOrder).toBeGreaterThan(90 * 86_400_000);
    expect(await db.member.count()).toBe(12);
    expect(await db.orderSummary.count()).toBe(state.orders.length);
    expect(await db.ledgerEntry.count({ where: { kind: "earn", orderId: { not: null } } })).toBeGreaterThan(20);
    expect(await db.ledgerEntry.count({ where: { kind: { in: ["clawback", "cancel"] } } })).toBeGreaterThan(0);
    // Balances reached Shopify: every member's points are in their customer metafield.
    for (const member of await db.member.findMany()) {
      expect(sandbox.store.customer(member.customerId)?.metafields["$app:klub.points"]?.value).toBe(String(member.balance));
    }
  });

  it("embeds Klub in the admin with session tokens, and App Bridge's nav menu works", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.sandboxUrl}/admin`);
    const frame = appFrame(page);
    await frame.getByText("Your loyalty program is on").waitFor();
    await expect.poll(() => figure(frame, "Members")).toBe("12");
    await page.getByRole("link", { name: "Privacy requests" }).waitFor();
    await shot(page, "01-admin-home");
    await page.getByRole("link", { name: "Privacy requests" }).click();
    await appFrame(page).getByRole("heading", { name: "Privacy requests", exact: true }).waitFor();
    await shot(page, "02-admin-privacy");
    await page.close();
  });

  it("recovers from an expired session token through the app's bounce page, as App Bridge does", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.sandboxUrl}/admin/apps/klub/settings?sandbox_token=expired`);
    await appFrame(page).getByRole("heading", { name: "Program settings" }).waitFor();
    expect(page.frames().some((f) => f.url().includes("/app/settings") && f.url().includes("id_token="))).toBe(true);
    await page.close();
  });

  it("shows App Bridge toasts and answers its resource picker in the admin", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.sandboxUrl}/admin`);
    await appFrame(page).getByText("Your loyalty program is on").waitFor();
    const frame = await appFrameHandle(page);
    await frame.evaluate(() => (window as unknown as { shopify: { toast: { show: (m: string) => void } } }).shopify.toast.show("Settings saved"));
    await page.getByRole("status").getByText("Settings saved").waitFor();
    const picked = frame.evaluate(() =>
      (window as unknown as { shopify: { resourcePicker: (o: object) => Promise<{ title: string }[] | undefined> } }).shopify.resourcePicker({ type: "product" }),
    );
    await page.getByLabel("Enamel Mug").check();
    await shot(page, "03-admin-resource-picker");
    await page.getByRole("button", { name: "Select" }).click();
    expect((await picked)?.map((p) => p.title)).toEqual(["Enamel Mug"]);
    await page.close();
  });

  it("runs the shopper's loop: order, points in the storefront, partial refund, clawback", async () => {
    const shopper = createCustomer(sandbox.store, sandbox.sender, { firstName: "Nadia", lastName: "Kowal", email: "nadia.kowal@example.com" });
    await settled();
    const page = await browser.context.newPage();
    const points = async () => {
      await page.goto(`${sandbox.sandboxUrl}/account`);
      return Number(await page.getByTestId("klub-points").textContent());
    };
    const waitForPoints = async (expected: number) => {
      await settled();
      await expect.poll(points, { timeout: 20_000 }).toBe(expected);
    };

    await page.goto(sandbox.sandboxUrl);
    // Choosing a customer submits the switcher; wait for its answer (it sets the login cookie).
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/account/login")),
      page.getByLabel("Shopping as").selectOption({ label: "Nadia Kowal" }),
    ]);
    await page.waitForLoadState("load");
    await waitForPoints(100); // the signup bonus
    await shot(page, "04-account-signup-bonus");

    await page.goto(sandbox.sandboxUrl);
    await page.locator(".card", { hasText: "Klub Hoodie" }).getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.getByRole("heading", { name: "Thank you, Nadia!" }).waitFor();
    await shot(page, "05-order-placed");
    await waitForPoints(160); // 60.00 at 1 point per dollar, Bronze (x1)
    // Klub's app embed (theme app extension) shows the same balance on every page, from the metafield.
    await expect.poll(() => page.locator("[data-klub-points]").textContent()).toBe("160 points");
    await shot(page, "06-account-points-earned");

    const order = sandbox.store.state.orders.filter((o) => o.customerId === shopper.id).at(-1)!;
    await page.goto(`${sandbox.sandboxUrl}/admin/orders`);
    await page.locator(`form[action="/admin/orders/${order.id}/refund-one"] button`).click();
    await waitForPoints(100);
    await page.goto(`${sandbox.sandboxUrl}/account?locale=pl`);
    await expect.poll(() => page.locator("[data-klub-points]").textContent()).toBe("Punkty: 100");
    await shot(page, "07-account-after-refund-pl");

    const member = await db.member.findFirstOrThrow({ where: { customerId: String(shopper.id) } });
    const entries = await db.ledgerEntry.findMany({ where: { memberId: member.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.kind, e.amount])).toEqual([["earn", 100], ["earn", 60], ["clawback", -60]]);

    // The shop owner sees the new member in the admin.
    await page.goto(`${sandbox.sandboxUrl}/admin`);
    const home = appFrame(page);
    await home.getByText("Your loyalty program is on").waitFor();
    await expect.poll(() => figure(home, "Members")).toBe("13");
    await shot(page, "08-admin-new-member");
    await page.close();
  });

  it("lets the owner find a member, read the ledger and adjust the balance with a reason", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.sandboxUrl}/admin/apps/klub/members`);
    const frame = appFrame(page);
    await frame.getByLabel("Search by email or name").fill("nadia");
    await frame.getByRole("button", { name: "Search by email or name" }).click();
    await frame.getByText("Nadia Kowal").click();
    await frame.getByRole("heading", { name: "Nadia Kowal" }).waitFor();
    await frame.getByText("Refund on order #1041").waitFor();
    await frame.getByLabel("Points (negative to take away)").fill("25");
    await frame.getByRole("button", { name: "Adjust" }).click();
    await frame.getByText("Give a reason").waitFor(); // no reason: refused, nothing posted
    await frame.getByLabel("Reason (shown in the ledger)").fill("Sorry for the wait");
    await frame.getByRole("button", { name: "Adjust" }).click();
    await page.getByRole("status").getByText("Balance adjusted").waitFor();
    await frame.getByRole("cell", { name: "Sorry for the wait" }).waitFor();
    await shot(page, "09-member-adjusted");
    await settled();
    await page.goto(`${sandbox.sandboxUrl}/account`);
    await expect.poll(() => page.getByTestId("klub-points").textContent()).toBe("125");
    await page.close();
  });

  it("lets the owner build the rewards catalog: amount off, a free product from the picker, pause, delete", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.sandboxUrl}/admin/apps/klub/rewards`);
    const frame = appFrame(page);
    await frame.getByText("No rewards yet").waitFor();
    await frame.getByRole("link", { name: "Add reward" }).click();
    await frame.getByLabel("Name shoppers see").fill("$5 off");
    await frame.getByLabel("Value (in USD)").fill("");
    await frame.getByRole("button", { name: "Save reward" }).click();
    await frame.getByText("Required for this type of reward").waitFor();
    await frame.getByLabel("Value (in USD)").fill("5.00");
    await frame.getByRole("button", { name: "Save reward" }).click();
    await page.getByRole("status").getByText("Reward saved").waitFor();
    await frame.getByRole("cell", { name: "$5 off" }).waitFor();

    await frame.getByRole("link", { name: "Add reward" }).click();
    await frame.getByLabel("Name shoppers see").fill("Free mug");
    await frame.getByLabel("Type").selectOption("free_product");
    await frame.getByRole("button", { name: "Choose product" }).click();
    await page.getByLabel("Enamel Mug").check();
    await page.getByRole("button", { name: "Select" }).click();
    await frame.getByText("Enamel Mug").waitFor();
    await frame.getByLabel("Points it costs").fill("1500");
    await frame.getByRole("button", { name: "Save reward" }).click();
    await frame.getByRole("cell", { name: "Free mug" }).waitFor();
    await shot(page, "10-rewards");
    const shop = await db.shop.findFirstOrThrow();
    const mug = sandbox.store.state.products.find((p) => p.title === "Enamel Mug")!;
    expect(await db.reward.findFirstOrThrow({ where: { shopId: shop.id, name: "Free mug" } })).toMatchObject({
      type: "free_product", pointsCost: 1500, productVariantId: `gid://shopify/ProductVariant/${mug.variantId}`,
    });

    const row = frame.getByRole("row", { name: /\$5 off/ });
    await row.getByRole("button", { name: "Pause" }).click();
    await row.getByText("Paused").waitFor();
    await row.getByRole("button", { name: "Delete" }).click();
    await frame.getByRole("cell", { name: "$5 off" }).waitFor({ state: "detached" });
    expect(await db.reward.count({ where: { shopId: shop.id, deletedAt: null } })).toBe(1);
    await page.close();
  });

  it("lets the owner edit program settings in Polish, with errors next to their fields, and in Russian", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.sandboxUrl}/admin/apps/klub/settings?locale=pl`);
    let frame = appFrame(page);
    await frame.getByRole("heading", { name: "Ustawienia programu" }).waitFor();
    await frame.getByLabel("Premia za rejestrację (punkty)").fill("-5");
    await frame.getByRole("button", { name: "Zapisz" }).click();
    await frame.getByText("Wpisz co najmniej 0").waitFor();
    await shot(page, "11-settings-error-pl");
    await frame.getByLabel("Premia za rejestrację (punkty)").fill("250");
    await frame.getByRole("button", { name: "Zapisz" }).click();
    await page.getByRole("status").getByText("Zapisano ustawienia").waitFor();
    const shop = await db.shop.findFirstOrThrow({ include: { settings: true } });
    expect(shop.settings?.signupBonus).toBe(250);
    expect(await db.activityLog.count({ where: { shopId: shop.id, action: "settings.updated" } })).toBe(1);
    await shot(page, "12-settings-saved-pl");

    await page.goto(`${sandbox.sandboxUrl}/admin/apps/klub/settings?locale=ru`);
    frame = appFrame(page);
    await frame.getByRole("heading", { name: "Настройки программы" }).waitFor();
    await frame.getByLabel("Бонус за регистрацию (баллы)").waitFor();
    await shot(page, "13-settings-ru");
    await page.close();
  });

  it("sent no request off the machine", () => {
    expect(browser.outsideRequests).toEqual([]);
  });
});
