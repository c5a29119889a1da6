// The theme's script (klub-theme/assets/klub.js) in a real browser with a store credit reward: the
// app embed's panel and the cart block as their Liquid renders them, the app proxy answered as the
// app answers it. Store credit has no code: it is not copied, not put on the cart, and reads as the
// credit added to the customer's account. A partner's voucher is not put on the cart either.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { extensionAsset, loadAppBlocks, loadAppEmbeds, renderBlock, type AppEmbed } from "../../sandbox/app-embeds";
import { launchBrowser, reportWhenFailed, type TestBrowser } from "../support/browser";

const SHOP = "http://localhost:7357"; // answered by page.route: nothing listens there
const block = (blocks: AppEmbed[], file: string) => blocks.find((b) => b.extension === "klub-theme" && b.file === file)!;
const context = {
  customer: { id: 501, metafields: { "$app:klub": { points: { value: 800 }, referral_code: { value: "ABC123" } } } },
  locale: "en",
  shop: { name: "Klub Demo Store" },
  request: { locale: { iso_code: "en" }, origin: SHOP },
  app: { metafields: { klub: { widget: { value: { enabled: true, earning: { points: 1, per_minor: 100, excluded_product_ids: [], campaigns: [] } } } } } },
};

const member = { points: 800, pointsText: "800", pendingPoints: 0, pendingText: "0", tier: null, nextTier: null, referralUrl: "/?ref=ABC123" };
const creditReward = { id: "r-credit", name: "Store credit", text: "$5.00 store credit", pointsCost: 300, costText: "300 points", affordable: true, missing: 0, missingText: "", minimumText: null, tierName: null, slider: null };
const credit = { id: "c-credit", kind: "store_credit", code: null, amountText: "$5.00", rewardName: "Store credit", status: "issued", statusText: "Ready to use", expiresText: "Use by Apr 1, 2027", cancellable: false };
const code = { id: "c-code", kind: "discount_code", code: "KLUB-5OFF", amountText: null, rewardName: "$5 off", status: "issued", statusText: "Ready to use", expiresText: null, cancellable: true };
const view = { locale: "en", programEnabled: true, member, waysToEarn: [], rewards: [creditReward], codes: [code], invite: null, guest: null };

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
reportWhenFailed(() => browser);

/** A storefront page holding `html`, its app proxy answering state and redeem; what was redeemed and where the page went are recorded. */
async function storefront(html: string, redeemed: object = credit) {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const discountLinks: string[] = [];
  await page.route(`${SHOP}/**`, async (route) => {
    const url = new URL(route.request().url());
    const asset = /^\/extensions\/([\w-]+)\/assets\/([\w.-]+)$/.exec(url.pathname);
    if (asset) return route.fulfill({ contentType: extensionAsset(asset[1], asset[2])!.type, body: extensionAsset(asset[1], asset[2])!.body });
    if (url.pathname === "/apps/klub/state") return route.fulfill({ json: view });
    if (url.pathname === "/apps/klub/redeem") return route.fulfill({ json: { ok: true, errors: {}, data: { code: redeemed, member: { ...member, points: 500, pointsText: "500" } } } });
    if (url.pathname.startsWith("/discount/")) discountLinks.push(url.pathname);
    return route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><body>${html}</body></html>` });
  });
  await page.goto(`${SHOP}/cart`);
  return { page, errors, discountLinks };
}

const status = (page: Page) => page.locator("[data-klub-status]").first();

it("the panel shows store credit as its amount, with nothing to copy or apply, and says so when it is redeemed", async () => {
  const { page, errors, discountLinks } = await storefront(await renderBlock(block(loadAppEmbeds(), "points-launcher.liquid"), context, "en"));
  try {
    await page.locator("[data-klub-launcher]").click();
    const codes = page.locator('[data-klub-section="codes"]');
    await codes.locator('[data-klub-code="KLUB-5OFF"] [data-klub-copy]').waitFor();
    await page.locator('[data-klub-redeem="r-credit"]').click();
    await expect.poll(() => status(page).textContent()).toBe("$5.00 store credit added to your account. Use it at checkout.");
    const credited = codes.locator('[data-klub-code-status="issued"]:not([data-klub-code])');
    expect(await credited.locator("code").textContent()).toBe("$5.00");
    expect(await credited.locator("[data-klub-copy], [data-klub-apply], [data-klub-cancel]").count()).toBe(0);
    // The discount code beside it can still be copied and applied.
    expect(await codes.locator('[data-klub-code="KLUB-5OFF"] [data-klub-apply]').getAttribute("href")).toBe("/discount/KLUB-5OFF?redirect=/cart");
    expect(await page.locator("[data-klub-balance]").textContent()).toBe("500 points");
    expect([discountLinks, errors]).toEqual([[], []]);
  } finally {
    await page.close();
  }
});

it("the cart block does not send store credit to /discount/: it says the credit is on the account", async () => {
  const { page, errors, discountLinks } = await storefront(await renderBlock(block(loadAppBlocks(), "cart-rewards.liquid"), context, "en"));
  try {
    await page.locator('[data-klub-redeem="r-credit"]').click();
    await expect.poll(() => status(page).textContent()).toBe("$5.00 store credit added to your account. Use it at checkout.");
    await page.waitForTimeout(300); // a navigation would have started by now
    expect([page.url(), discountLinks, errors]).toEqual([`${SHOP}/cart`, [], []]);
  } finally {
    await page.close();
  }
});

it("the cart block does not put a partner's voucher on the cart: it shows the code, to use with the partner", async () => {
  const voucher = { id: "c-coffee", kind: "partner_code", code: "CAFE-0042", amountText: null, rewardName: "Coffee voucher", status: "issued", statusText: "Ready", expiresText: null, cancellable: false };
  const { page, errors, discountLinks } = await storefront(await renderBlock(block(loadAppBlocks(), "cart-rewards.liquid"), context, "en"), voucher);
  try {
    await page.locator('[data-klub-redeem="r-credit"]').click();
    await expect.poll(() => status(page).textContent()).toBe("Your code CAFE-0042 is ready.");
    await page.waitForTimeout(300); // a navigation would have started by now
    expect([page.url(), discountLinks, errors]).toEqual([`${SHOP}/cart`, [], []]);
  } finally {
    await page.close();
  }
});
