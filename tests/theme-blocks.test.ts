// Klub's theme app extension as Liquid renders it (the sandbox's liquidjs, as the storefront does):
// the app embed (launcher and panel) and the app blocks (balance, product points, cart rewards)
// for a member, a guest and a program that is off, in each storefront language, with the
// merchant's and shopper's text escaped; then the sandbox storefront placing the blocks and
// keeping a shareable discount code on the cart.
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadAppBlocks, loadAppEmbeds, renderBlockHtml, type AppEmbed } from "../sandbox/app-embeds";
import { createSandboxServer } from "../sandbox/server";
import { Store } from "../sandbox/state";
import type { WebhookSender } from "../sandbox/webhooks";
import { tempDir } from "./support/temp";

const blockFile = (blocks: AppEmbed[], file: string) => {
  const block = blocks.find((b) => b.extension === "klub-theme" && b.file === file);
  if (!block) throw new Error(`no block ${file}`);
  return block;
};
const launcher = blockFile(loadAppEmbeds(), "points-launcher.liquid");
const balance = blockFile(loadAppBlocks(), "points-balance.liquid");
const productPoints = blockFile(loadAppBlocks(), "product-points.liquid");
const cartRewards = blockFile(loadAppBlocks(), "cart-rewards.liquid");

type Widget = Record<string, unknown>;
const widget = (changes: Widget = {}): Widget => ({
  enabled: true,
  accent: "#0a7d4f",
  position: "left",
  join_text: { en: "Join Klub", pl: "Dołącz do Klubu", ru: "Вступайте в Klub" },
  signup_points: 100,
  earning: { points: 1, per_minor: 100, excluded_product_ids: ["8123"], campaigns: [] },
  ...changes,
});
const member = (fields: Record<string, unknown> = {}) => ({
  id: 501,
  metafields: {
    "$app:klub": { points: { value: 1200 }, pending_points: { value: 300 }, tier: { value: "Gold" }, referral_code: { value: "ABC123" }, ...fields },
  },
});
interface Page {
  customer?: unknown;
  locale?: string;
  widget?: Widget | null;
  product?: { id: number; price: number };
}
const context = ({ customer = null, locale = "en", widget: w = widget(), product = { id: 7, price: 1999 } }: Page = {}) => ({
  customer,
  locale,
  shop: { name: "Klub Demo Store" },
  request: { locale: { iso_code: locale }, origin: "https://shop.example" },
  app: { metafields: { klub: w ? { widget: { value: w } } : {} } },
  product,
});
const render = (block: AppEmbed, page: Page = {}, settings: Record<string, unknown> = {}) => renderBlockHtml(block, context(page), page.locale ?? "en", settings);

/** The element carrying `attribute` (the first one): its start tag (whitespace collapsed) and its text (tags read as spaces). */
function element(html: string, attribute: string): { tag: string; text: string } | null {
  const at = html.search(new RegExp(`\\s${attribute.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[\\s=>])`));
  if (at < 0) return null;
  const start = html.lastIndexOf("<", at);
  const name = /^<(\w+)/.exec(html.slice(start))![1];
  const open = html.indexOf(">", at) + 1;
  const close = html.indexOf(`</${name}>`, open);
  const squeeze = (text: string) => text.replace(/\s+/g, " ").trim();
  return { tag: squeeze(html.slice(start, open)).replace(/\s>$/, ">"), text: squeeze(html.slice(open, close).replace(/<[^>]+>/g, " ")) };
}
const text = (html: string, attribute: string) => element(html, attribute)?.text ?? null;
const tag = (html: string, attribute: string) => element(html, attribute)?.tag ?? null;
const words = (html: string) => JSON.parse(/<script type="application\/json" data-klub-strings>([\s\S]*?)<\/script>/.exec(html)![1]) as Record<string, string>;

describe("the app embed", () => {
  it("shows a member's points and tier on the launcher and holds a labelled modal dialog, empty until opened", async () => {
    const html = await render(launcher, { customer: member() });
    expect(tag(html, 'class="klub-launcher')).toBe(
      '<aside class="klub-launcher klub-launcher--left" style="--klub-accent: #0a7d4f" aria-label="Rewards" data-klub-root data-klub-embed data-klub-api="/apps/klub" data-klub-locale="en" data-klub-cart-url="/cart" data-klub-member>',
    );
    expect(tag(html, "data-klub-launcher")).toBe('<button type="button" class="klub-launcher__button" aria-haspopup="dialog" aria-expanded="false" aria-controls="klub-panel" data-klub-launcher>');
    expect(text(html, "data-klub-launcher")).toBe("1200 points Gold");
    expect(text(html, "data-klub-points")).toBe("1200 points");
    expect(text(html, "data-klub-tier")).toBe("Gold");
    expect(tag(html, "data-klub-dialog")).toBe('<dialog id="klub-panel" class="klub-panel" role="dialog" aria-modal="true" aria-labelledby="klub-panel-title" data-klub-dialog>');
    expect(tag(html, 'id="klub-panel-title"')).toBe('<h2 id="klub-panel-title" tabindex="-1" data-klub-title>');
    expect(text(html, 'id="klub-panel-title"')).toBe("Rewards");
    expect(tag(html, "data-klub-close")).toBe('<button type="button" class="klub-panel__close" aria-label="Close" data-klub-close>');
    expect(tag(html, "data-klub-status")).toBe('<p class="klub-status" role="status" aria-live="polite" data-klub-status>');
    expect(text(html, "data-klub-body")).toBe(""); // filled from the app proxy on first opening
    expect(tag(html, "data-klub-invite")).toBe('<a href="https://shop.example/?ref=ABC123" data-klub-invite>');
    expect(tag(html, "data-klub-copy")).toBe('<button type="button" class="klub-button" data-klub-copy="https://shop.example/?ref=ABC123">');
    expect(element(html, "data-klub-guest")).toBeNull();
  });

  it("shares a member's invite link in one click to networks and messengers, link and message encoded, in the storefront's language", async () => {
    const html = await render(launcher, { customer: member(), locale: "pl" });
    const invite = encodeURIComponent("https://shop.example/?ref=ABC123");
    const message = encodeURIComponent("Dołącz do programu lojalnościowego Klub Demo Store przez mój link");
    const links = [...html.slice(html.indexOf("data-klub-share")).matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(([, href, label]) => [label, href.replace(/&amp;/g, "&")]);
    expect(links).toEqual([
      ["Facebook", `https://www.facebook.com/sharer/sharer.php?u=${invite}`],
      ["X", `https://x.com/intent/tweet?text=${message}&url=${invite}`],
      ["WhatsApp", `https://wa.me/?text=${message}%20${invite}`],
      ["Telegram", `https://t.me/share/url?url=${invite}&text=${message}`],
      ["E-mail", `mailto:?subject=${encodeURIComponent("Zaproszenie do Klub Demo Store")}&body=${message}%0A${invite}`],
    ]);
    expect(html).toContain('<script src="/extensions/klub-theme/assets/klub-social.js" defer></script>'); // copy, and follow claims
    expect(element(await render(launcher, { customer: member({ referral_code: { value: "" } }) }), "data-klub-share")).toBeNull();
  });

  it("gives the script every word it shows, with {placeholders} for the server's values", async () => {
    expect(words(await render(launcher, { customer: member() }))).toEqual({
      points: "{points} points",
      copied: "Copied",
      loading: "Loading…",
      error: "Something went wrong. Please try again.",
      retry: "Try again",
      pending: "{points} pending",
      tier: "Tier: {tier}",
      next_tier: "{points} points to {tier}",
      earn: "Ways to earn",
      rewards: "Rewards",
      codes: "Your codes",
      redeem: "Redeem",
      slider: "Points to spend",
      reward_tier: "For {tier} members",
      working: "One moment…",
      redeemed: "Your code {code} is ready.",
      credited: "{amountText} store credit added to your account. Use it at checkout.",
      cancel: "Cancel and return the points",
      cancelled: "The code is cancelled and your points are back.",
      copy: "Copy",
      apply: "Apply to cart",
      applying: "Adding your code to the cart…",
      none: "None of the rewards is within your points yet.",
    });
  });

  it("counts a member without a balance yet as 0 points and leaves out a tier of '-' and a missing invite code", async () => {
    const html = await render(launcher, { customer: { id: 502, metafields: { "$app:klub": { tier: { value: "-" } } } } });
    expect(text(html, "data-klub-launcher")).toBe("0 points");
    expect(element(html, "data-klub-tier")).toBeNull();
    expect(element(html, "data-klub-invite")).toBeNull();
  });

  it("invites a guest to join, with what they would earn, and shows no balance", async () => {
    const html = await render(launcher);
    expect(text(html, "data-klub-launcher")).toBe("Join Klub");
    expect(element(html, "data-klub-points")).toBeNull();
    expect(text(html, "data-klub-guest-text")).toBe("Create an account and get 100 points.");
    expect(tag(html, "data-klub-register")).toBe('<a class="klub-button" href="/account" data-klub-register>');
    expect(text(html, "data-klub-register")).toBe("Create an account");
    expect(tag(html, "data-klub-sign-in")).toBe('<a href="/account" data-klub-sign-in>');
    expect(text(html, "data-klub-sign-in")).toBe("Sign in");
    expect(element(html, "data-klub-invite")).toBeNull();
    const plain = await render(launcher, { widget: widget({ signup_points: 0, join_text: { en: "" } }) });
    expect(text(plain, "data-klub-launcher")).toBe("Join our rewards"); // no call to join set: the extension's own
    expect(text(plain, "data-klub-guest-text")).toBe("Members collect points on every order and turn them into rewards.");
  });

  it("takes the theme editor's settings: a guest launcher text, and hiding on phones", async () => {
    const html = await render(launcher, {}, { label: "Rewards club", show_on_mobile: false });
    expect(text(html, "data-klub-launcher")).toBe("Rewards club");
    expect(tag(html, 'class="klub-launcher')).toContain('class="klub-launcher klub-launcher--left klub-launcher--no-mobile"');
    const member_ = await render(launcher, { customer: member() }, { label: "Rewards club" });
    expect(text(member_, "data-klub-launcher")).toBe("1200 points Gold"); // a member always sees their points
  });

  it("falls back to the right side and Klub's grey before the program's settings are published", async () => {
    const html = await render(launcher, { widget: null });
    expect(tag(html, 'class="klub-launcher')).toBe(
      '<aside class="klub-launcher klub-launcher--right" style="--klub-accent: #303030" aria-label="Rewards" data-klub-root data-klub-embed data-klub-api="/apps/klub" data-klub-locale="en" data-klub-cart-url="/cart">',
    );
  });
});

describe("the balance block", () => {
  it("shows a member's points, pending points and tier", async () => {
    const html = await render(balance, { customer: member() });
    expect(text(html, "data-klub-balance-block")).toBe("Your points 1200 points 300 pending Tier: Gold");
    expect(text(html, "data-klub-balance-points")).toBe("1200 points");
    expect(text(html, "data-klub-balance-pending")).toBe("300 pending");
    expect(text(html, "data-klub-balance-tier")).toBe("Tier: Gold");
  });

  it("leaves out no pending points and no tier, and follows the theme editor's settings", async () => {
    const html = await render(balance, { customer: member({ pending_points: { value: 0 }, tier: { value: "-" } }) });
    expect(text(html, "data-klub-balance-block")).toBe("Your points 1200 points");
    const chosen = await render(balance, { customer: member() }, { heading: "Klub", show_pending: false, show_tier: false });
    expect(text(chosen, "data-klub-balance-block")).toBe("Klub 1200 points");
  });

  it("invites a guest to sign in or create an account", async () => {
    const html = await render(balance);
    expect(text(html, "data-klub-balance-block")).toBe("Your points Create an account and get 100 points. Create an account Sign in");
    expect(element(html, "data-klub-balance-points")).toBeNull();
  });
});

describe("the product block", () => {
  const NOW = 1_764_590_400; // 2025-12-01T12:00:00Z
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW * 1000);
  });
  afterAll(() => vi.useRealTimers());
  const earning = (changes: Widget) => widget({ earning: { points: 1, per_minor: 100, excluded_product_ids: ["8123"], campaigns: [], ...changes } });
  const campaign = (multiplier_percent: number, starts_at: number, ends_at: number) => ({ multiplier_percent, starts_at, ends_at });

  it("shows the points for the price, rounded down", async () => {
    const html = await render(productPoints, { product: { id: 7, price: 1999 } });
    expect(tag(html, "data-klub-product-points")).toBe('<p class="klub-block klub-product" style="--klub-accent: #0a7d4f" data-klub-product-points="19">');
    expect(text(html, "data-klub-product-points")).toBe("Earn 19 points with this product");
    expect(text(await render(productPoints, { product: { id: 7, price: 2500 }, widget: earning({ points: 5 }) }), "data-klub-product-points")).toBe(
      "Earn 125 points with this product",
    );
    expect(text(await render(productPoints, { product: { id: 7, price: 1999 }, widget: earning({ per_minor: 1000 }) }), "data-klub-product-points")).toBe(
      "Earn 1 points with this product",
    );
  });

  it("multiplies by the best campaign running now, rounding once at the end as an order's points do", async () => {
    const running = await render(productPoints, { widget: earning({ campaigns: [campaign(200, NOW - 3600, NOW + 3600)] }) });
    expect(text(running, "data-klub-product-points")).toBe("Earn 39 points with this product Bonus points campaign on now"); // 1999 x 2 / 100
    const twoRunning = await render(productPoints, { widget: earning({ campaigns: [campaign(150, NOW - 60, NOW + 60), campaign(200, NOW - 60, NOW + 60)] }) });
    expect(text(twoRunning, "data-klub-product-points")).toBe("Earn 39 points with this product Bonus points campaign on now"); // not stacked
    const oneAndAHalf = await render(productPoints, { widget: earning({ campaigns: [campaign(150, NOW, NOW + 1)] }) });
    expect(text(oneAndAHalf, "data-klub-product-points")).toBe("Earn 29 points with this product Bonus points campaign on now"); // 29.985, not 19 x 1.5 = 28.5
  });

  it("ignores a campaign that has ended or not begun", async () => {
    const over = await render(productPoints, { widget: earning({ campaigns: [campaign(300, NOW - 7200, NOW), campaign(300, NOW + 1, NOW + 7200)] }) });
    expect(text(over, "data-klub-product-points")).toBe("Earn 19 points with this product");
  });

  it("shows nothing for an excluded product, a price under one point, no earning rules or a program that is off", async () => {
    expect(await render(productPoints, { product: { id: 8123, price: 1999 } })).toBe("");
    expect(await render(productPoints, { product: { id: 7, price: 99 } })).toBe("");
    expect(await render(productPoints, { widget: widget({ earning: undefined }) })).toBe("");
    expect(await render(productPoints, { widget: widget({ enabled: false }) })).toBe("");
    expect(await render(productPoints, {}, { show_for_guests: false })).toBe("");
    expect(text(await render(productPoints, { customer: member() }, { show_for_guests: false }), "data-klub-product-points")).toBe("Earn 19 points with this product");
  });
});

describe("the cart block", () => {
  it("gives a member's script its place, the app proxy and its words", async () => {
    const html = await render(cartRewards, { customer: member() });
    expect(tag(html, "data-klub-cart")).toBe(
      '<div class="klub-block klub-cart" style="--klub-accent: #0a7d4f" data-klub-root data-klub-cart data-klub-api="/apps/klub" data-klub-locale="en" data-klub-cart-url="/cart">',
    );
    expect(text(html, 'class="klub-block__heading"')).toBe("Use your points");
    expect(tag(html, "data-klub-status")).toBe('<p class="klub-status" role="status" aria-live="polite" data-klub-status>');
    expect(tag(html, "data-klub-body")).toBe('<ul class="klub-list" data-klub-body>');
    expect(words(html).redeem).toBe("Redeem");
  });

  it("invites a guest to sign in, with no script work to do", async () => {
    const html = await render(cartRewards);
    expect(text(html, "data-klub-guest-text")).toBe("Sign in to use your points on this order.");
    expect(tag(html, "data-klub-sign-in")).toBe('<a class="klub-button" href="/account" data-klub-sign-in>');
    expect(element(html, "data-klub-strings")).toBeNull();
    expect(await render(cartRewards, {}, { show_for_guests: false })).toBe("");
  });
});

describe("a program that is off", () => {
  it("renders nothing at all, for members and guests", async () => {
    const off = widget({ enabled: false });
    for (const customer of [member(), null]) {
      for (const block of [launcher, balance, productPoints, cartRewards]) expect(await render(block, { customer, widget: off }), block.file).toBe("");
    }
  });
});

describe("each storefront language", () => {
  const expected = {
    en: { title: "Rewards", points: "1200 points", pending: "300 pending", tier: "Tier: Gold", product: "Earn 19 points with this product", cart: "Use your points", guest: "Create an account and get 100 points.", join: "Join Klub", redeem: "Redeem", close: "Close" },
    pl: { title: "Nagrody", points: "Punkty: 1200", pending: "Oczekujące: 300", tier: "Poziom: Gold", product: "Punkty za ten produkt: 19", cart: "Wykorzystaj punkty", guest: "Załóż konto i odbierz punkty: 100.", join: "Dołącz do Klubu", redeem: "Wymień", close: "Zamknij" },
    ru: { title: "Бонусы", points: "Баллы: 1200", pending: "Ожидают начисления: 300", tier: "Уровень: Gold", product: "Баллы за этот товар: 19", cart: "Потратьте баллы", guest: "Зарегистрируйтесь и получите баллы: 100.", join: "Вступайте в Klub", redeem: "Обменять", close: "Закрыть" },
  };
  for (const [locale, want] of Object.entries(expected)) {
    it(`speaks ${locale}`, async () => {
      const embed = await render(launcher, { customer: member(), locale });
      const guestEmbed = await render(launcher, { locale });
      const all = [embed, guestEmbed, ...(await Promise.all([balance, productPoints, cartRewards].flatMap((b) => [render(b, { customer: member(), locale }), render(b, { locale })])))];
      for (const html of all) expect(html).not.toContain("translation missing");
      expect(text(embed, 'id="klub-panel-title"')).toBe(want.title);
      expect(text(embed, "data-klub-points")).toBe(want.points);
      expect(tag(embed, "data-klub-close")).toContain(`aria-label="${want.close}"`);
      expect(tag(embed, "data-klub-launcher")).not.toBeNull();
      expect(tag(embed, 'class="klub-launcher')).toContain(`data-klub-locale="${locale}"`);
      expect(words(embed).redeem).toBe(want.redeem);
      expect(Object.values(words(embed)).filter((w) => w.includes("translation missing") || w === "")).toEqual([]);
      expect(text(guestEmbed, "data-klub-launcher")).toBe(want.join);
      expect(text(guestEmbed, "data-klub-guest-text")).toBe(want.guest);
      const balanceHtml = await render(balance, { customer: member(), locale });
      expect(text(balanceHtml, "data-klub-balance-pending")).toBe(want.pending);
      expect(text(balanceHtml, "data-klub-balance-tier")).toBe(want.tier);
      expect(text(await render(productPoints, { locale }), "data-klub-product-points")).toBe(want.product);
      expect(text(await render(cartRewards, { customer: member(), locale }), 'class="klub-block__heading"')).toBe(want.cart);
    });
  }
});

describe("text that merchants and shoppers control", () => {
  const hostile = `<script>alert(1)</script>{{ shop.name }}"'`;
  const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;{{ shop.name }}&#34;&#39;"; // as text, and never run as Liquid

  it("comes out escaped: tier names, calls to join, settings, invite codes, colours and languages", async () => {
    const customer = member({ tier: { value: hostile }, referral_code: { value: `"><script>x</script>` } });
    const embed = await render(launcher, { customer });
    expect(text(embed, "data-klub-tier")).toBe(escaped);
    expect(tag(embed, "data-klub-invite")).toBe('<a href="https://shop.example/?ref=%22%3E%3Cscript%3Ex%3C%2Fscript%3E" data-klub-invite>');
    expect(text(await render(balance, { customer }), "data-klub-balance-tier")).toBe(`Tier: ${escaped}`);
    const guest = await render(launcher, { widget: widget({ join_text: { en: hostile } }) });
    expect(text(guest, "data-klub-launcher")).toBe(escaped);
    expect(text(await render(launcher, {}, { label: hostile }), "data-klub-launcher")).toBe(escaped);
    expect(text(await render(balance, {}, { heading: hostile }), 'class="klub-block__heading"')).toBe(escaped);
    expect(text(await render(cartRewards, { customer }, { heading: hostile }), 'class="klub-block__heading"')).toBe(escaped);
    const odd = await render(launcher, { locale: `en"><script>`, widget: widget({ accent: `#000" onmouseover="alert(1)`, position: `left"><script>` }) });
    expect(tag(odd, 'class="klub-launcher')).toBe(
      '<aside class="klub-launcher klub-launcher--left&#34;&gt;&lt;script&gt;" style="--klub-accent: #000&#34; onmouseover=&#34;alert(1)" aria-label="Rewards" data-klub-root data-klub-embed data-klub-api="/apps/klub" data-klub-locale="en&#34;&gt;&lt;script&gt;" data-klub-cart-url="/cart">',
    );
    for (const html of [embed, guest, odd]) expect(html).not.toContain("<script>alert");
  });
});

describe("the sandbox storefront", () => {
  const sent: unknown[] = [];
  const store = new Store(join(tempDir("klub-theme-blocks-"), "shopify.json"));
  store.state.products.push({ id: 1, variantId: 10, title: "Klub Hoodie", handle: "klub-hoodie", price: "60.00" });
  store.state.customers.push({
    id: 501,
    email: "ania@example.com",
    firstName: "Ania",
    lastName: "Kowalska",
    createdAt: "2026-01-01T00:00:00Z",
    metafields: { "$app:klub.points": { type: "number_integer", value: "1200" }, "$app:klub.pending_points": { type: "number_integer", value: "300" } },
    storeCreditMinor: 0,
  });
  for (const [id, key] of ["points", "pending_points"].entries()) {
    const access = { admin: "MERCHANT_READ", storefront: "PUBLIC_READ", customerAccount: "READ" };
    store.state.metafieldDefinitions.push({ id, ownerType: "CUSTOMER", namespace: "$app:klub", key, name: key, type: "number_integer", access });
  }
  store.state.appMetafields["klub.widget"] = { type: "json", value: JSON.stringify(widget()) };
  store.state.discounts.push({
    id: 900,
    code: "KLUB-ABCD-EFGH",
    title: "Klub reward",
    kind: "basic",
    amount: "5.00",
    percentage: null,
    customerIds: [501],
    minimumSubtotal: null,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    usedBy: [],
    startsAt: "2026-01-01T00:00:00Z",
    endsAt: null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    active: true,
  });
  const server = createSandboxServer({ store, sender: { send: (...args: unknown[]) => sent.push(args) } as unknown as WebhookSender, appUrl: "http://localhost:1", apiKey: "key", apiSecret: "secret" });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => vi.useRealTimers());

  const cookie = (values: Record<string, string>) => Object.entries(values).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  const get = (path: string, cookies: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { cookie: cookie(cookies) }, redirect: "manual" });
  const cart = JSON.stringify([{ variantId: 10, quantity: 1 }]);

  it("places the product block on the product page, the balance block on the account page and the cart block in the cart", async () => {
    const product = await (await get("/products/klub-hoodie")).text();
    expect(text(product, "data-klub-product-points")).toBe("Earn 60 points with this product");
    const account = await (await get("/account", { sandbox_customer: "501", sandbox_locale: "pl" })).text();
    expect(text(account, "data-klub-balance-block")).toBe("Twoje punkty Punkty: 1200 Oczekujące: 300");
    expect(text(account, "data-klub-points")).toBe("Punkty: 1200"); // the embed too, on every page
    const memberCart = await (await get("/cart", { sandbox_customer: "501" })).text();
    expect(tag(memberCart, "data-klub-cart")).toContain('data-klub-api="/apps/klub"');
    expect(memberCart).toContain('<script src="/extensions/klub-theme/assets/klub.js" defer></script>');
    const guestCart = await (await get("/cart")).text();
    expect(text(guestCart, "data-klub-guest-text")).toBe("Sign in to use your points on this order.");
  });

  it("keeps a code from a shareable discount link on the cart and starts checkout with it", async () => {
    const link = await get("/discount/KLUB-ABCD-EFGH?redirect=/cart");
    expect(link.status).toBe(303);
    expect(link.headers.get("location")).toBe("/cart");
    expect(link.headers.get("set-cookie")).toBe("sandbox_discount=KLUB-ABCD-EFGH; Path=/; SameSite=Lax");
    const cookies = { sandbox_customer: "501", sandbox_cart: cart, sandbox_discount: "KLUB-ABCD-EFGH" };
    expect(text(await (await get("/cart", cookies)).text(), 'data-testid="cart-discount"')).toBe("Discount code: KLUB-ABCD-EFGH (applied at checkout)");
    expect(tag(await (await get("/checkout", cookies)).text(), 'name="discount_codes"')).toBe('<input name="discount_codes" value="KLUB-ABCD-EFGH">');
    const paid = await fetch(`${base}/checkout`, { method: "POST", headers: { cookie: cookie(cookies), "content-type": "application/x-www-form-urlencoded" }, body: "discount_codes=KLUB-ABCD-EFGH", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.getSetCookie()).toContain("sandbox_discount=; Path=/; SameSite=Lax; Max-Age=0");
    expect(store.state.orders.map((o) => [o.customerId, o.discountCode])).toEqual([[501, "KLUB-ABCD-EFGH"]]);
  });

  it("sends a discount link only to a path on the shop, and shows any code as text", async () => {
    for (const target of ["//evil.example/", "/\\evil.example/", "https://evil.example/"]) {
      expect((await get(`/discount/X?redirect=${encodeURIComponent(target)}`)).headers.get("location"), target).toBe("/");
    }
    expect((await get("/discount/X")).headers.get("location")).toBe("/");
    const page = await (await get("/cart", { sandbox_cart: cart, sandbox_discount: `<script>alert(1)</script>` })).text();
    expect(text(page, 'data-testid="cart-discount"')).toBe("Discount code: &lt;script&gt;alert(1)&lt;/script&gt; (applied at checkout)");
    const checkout = await (await get("/checkout", { sandbox_cart: cart, sandbox_discount: `"><script>` })).text();
    expect(tag(checkout, 'name="discount_codes"')).toBe('<input name="discount_codes" value="&#34;&gt;&lt;script&gt;">');
  });
});
