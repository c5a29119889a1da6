// The theme's scripts (klub.js and klub-social.js) in a real browser with social accounts to follow:
// the app embed's panel as its Liquid renders it and a loyalty page beside it, the app proxy
// answered as the app answers it. A follow link opens the profile in a new tab while the script
// claims the points; the panel then shows the new balance and the claim done; on the loyalty page
// the answer goes beside the link. Copy works in the panel and on the page.
import type { Request } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { extensionAsset, loadAppEmbeds, renderBlock } from "../../sandbox/app-embeds";
import { launchBrowser, reportWhenFailed, type TestBrowser } from "../support/browser";

const SHOP = "http://localhost:7358"; // answered by page.route: nothing listens there
const PROFILE = "https://www.instagram.com/klubdemo";
const launcher = loadAppEmbeds().find((b) => b.extension === "klub-theme" && b.file === "points-launcher.liquid")!;
const context = {
  customer: { id: 501, metafields: { "$app:klub": { points: { value: 800 }, referral_code: { value: "ABC123" } } } },
  locale: "en",
  shop: { name: "Klub Demo Store" },
  request: { locale: { iso_code: "en" }, origin: SHOP },
  app: { metafields: { klub: { widget: { value: { enabled: true } } } } },
};

const member = (points: number) => ({ points, pointsText: String(points), pendingPoints: 0, pendingText: "0", tier: null, nextTier: null, referralUrl: "/?ref=ABC123" });
const follow = (claimed: boolean) =>
  claimed
    ? { kind: "follow", text: "Instagram: thanks for following! Your points are in.", network: "instagram", url: PROFILE, claimed: true }
    : { kind: "follow", text: "Follow us on Instagram (+50 points)", network: "instagram", url: PROFILE, claimed: false };
const view = (claimed: boolean) => ({
  locale: "en",
  programEnabled: true,
  member: member(claimed ? 850 : 800),
  waysToEarn: [{ kind: "order", text: "1 point for every $1.00 spent" }, follow(claimed)],
  rewards: [],
  codes: [],
  share: null,
  invite: null,
  guest: null,
});
// The loyalty page's markup for a follow and the invite link (app/storefront/loyalty-page.ts).
const loyaltyPage = `<div class="klub-page" data-klub-page><ul><li data-page-follow><a href="${PROFILE}" target="_blank" rel="noopener" data-klub-follow="instagram">Follow us on Instagram (+50 points)</a></li></ul>
<p data-page-invite><input type="text" readonly value="${SHOP}/?ref=ABC123" data-klub-invite> <button type="button" data-klub-copy="${SHOP}/?ref=ABC123">Copy link</button></p></div>`;

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  await browser.context.route(`${PROFILE}**`, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Instagram</title>" }));
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: SHOP });
});
afterAll(() => browser?.close());
reportWhenFailed(() => browser);

/** A storefront page holding the embed and `body`; its app proxy answers state and the follow claim, which it records. */
async function storefront(body: string) {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const claims: Request[] = [];
  await page.route(`${SHOP}/**`, async (route) => {
    const url = new URL(route.request().url());
    const asset = /^\/extensions\/([\w-]+)\/assets\/([\w.-]+)$/.exec(url.pathname);
    if (asset) return route.fulfill({ contentType: extensionAsset(asset[1], asset[2])!.type, body: extensionAsset(asset[1], asset[2])!.body });
    if (url.pathname === "/apps/klub/state") return route.fulfill({ json: view(claims.length > 0) });
    if (url.pathname === "/apps/klub/social/instagram") {
      claims.push(route.request());
      return route.fulfill({ json: { ok: true, errors: {}, data: { network: "instagram", credited: 50, alreadyClaimed: false, message: "50 points added. Thanks for following!" } } });
    }
    return route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><body>${body}${await renderBlock(launcher, context, "en")}</body></html>` });
  });
  await page.goto(`${SHOP}/apps/klub`);
  return { page, errors, claims };
}

it("in the panel, a follow link opens the profile in a new tab, the points are claimed, and the panel shows the balance and the claim done", async () => {
  const { page, errors, claims } = await storefront("");
  try {
    await page.locator("[data-klub-launcher]").click();
    const link = page.locator('[data-klub-earn="follow"] a');
    expect(await link.textContent()).toBe("Follow us on Instagram (+50 points)");
    expect([await link.getAttribute("href"), await link.getAttribute("target"), await link.getAttribute("rel")]).toEqual([PROFILE, "_blank", "noopener"]);
    const [profile] = await Promise.all([page.waitForEvent("popup"), link.click()]);
    await profile.waitForLoadState();
    expect(profile.url()).toBe(PROFILE);
    await expect.poll(() => page.locator("[data-klub-status]").textContent()).toBe("50 points added. Thanks for following!");
    expect(claims.map((c) => [c.method(), new URL(c.url()).searchParams.get("locale"), Boolean(new URL(c.url()).searchParams.get("nonce"))])).toEqual([["POST", "en", true]]);
    await expect.poll(() => page.locator("[data-klub-balance]").textContent()).toBe("850 points");
    const done = page.locator('[data-klub-earn="follow"] a');
    expect([await done.textContent(), await done.getAttribute("data-klub-follow")]).toEqual(["Instagram: thanks for following! Your points are in.", null]);
    await profile.close();
    // Copy in the panel answers in its status line.
    await page.locator("[data-klub-referral] [data-klub-copy]").click();
    await expect.poll(() => page.locator("[data-klub-status]").textContent()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${SHOP}/?ref=ABC123`);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
});

it("on the loyalty page, the claim's answer goes beside the link, and the invite link is copied", async () => {
  const { page, errors, claims } = await storefront(loyaltyPage);
  try {
    const [profile] = await Promise.all([page.waitForEvent("popup"), page.locator("[data-page-follow] a").click()]);
    await expect.poll(() => page.locator("[data-page-follow]").textContent()).toBe("Follow us on Instagram (+50 points) 50 points added. Thanks for following!");
    expect(claims).toHaveLength(1);
    await profile.close();
    await page.locator("[data-page-invite] button").click();
    await expect.poll(() => page.locator("[data-page-invite]").textContent()).toContain("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${SHOP}/?ref=ABC123`);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
});
