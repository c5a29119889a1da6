// Installing Klub as Shopify does, end to end over HTTP: the sandbox admin opens the app's dev
// server with a session token, the app exchanges it at the sandbox's token endpoint (through the
// sandbox seam) and installs the shop in hooks.afterAuth with what the sandbox's Admin API says of
// it. Then: a repeat open, a token refresh, an uninstall and a reinstall, the login and landing
// pages. The sandbox never touches Klub's database; the test only reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../app/db.server";
import { enqueueWidgetSync } from "../app/loyalty/outbox.server";
import { uninstallApp } from "../sandbox/oauth";
import { createCustomer, placeOrder } from "../sandbox/orders";
import { startSandbox, type RunningSandbox } from "../sandbox/run";
import { until } from "./support/sandbox";
import { freePort } from "./support/server";
import { tempDir } from "./support/temp";

let sandbox: RunningSandbox;
let db: Db;
const SHOP = "klub-demo.myshopify.com";

beforeAll(async () => {
  sandbox = await startSandbox({
    appPort: await freePort(),
    sandboxPort: await freePort(),
    dataDir: tempDir("klub-install-"),
    appOutput: "pipe",
    demo: false, // the test opens the admin itself
    shop: {
      name: "Sakura Goods",
      currency: "JPY",
      locale: "ja",
      timezone: "Asia/Tokyo",
      plan: { publicDisplayName: "Shopify Plus", shopifyPlus: true, partnerDevelopment: false },
      customerAccountsVersion: "CLASSIC",
    },
  });
  db = createDb(sandbox.databaseUrl);
}, 300_000);

afterAll(async () => {
  await sandbox?.stop();
  await db?.$disconnect();
});

const offlineSession = () => db.session.findUnique({ where: { id: `offline_${SHOP}` } });
const issued = () => sandbox.store.state.app.tokens;

describe("the first open installs Klub", () => {
  it("exchanges the session token at the sandbox and creates the shop from what Shopify says of it", async () => {
    expect(await db.shop.count()).toBe(0);
    expect(await db.session.count()).toBe(0);
    expect(sandbox.store.state.app.installed).toBe(false);

    // Shopify subscribed Klub's webhooks at the managed install: a customer buys before the owner
    // first opens the app. The deliveries wait in Klub's inbox.
    const { store, sender } = sandbox;
    store.state.products.push({ id: 901, variantId: 9010, title: "Tea set", handle: "tea-set", price: "4500" });
    const customer = createCustomer(store, sender, { email: "hana@example.com", firstName: "Hana", lastName: "Sato" });
    placeOrder(store, sender, { customerId: customer.id, cart: [{ variantId: 9010, quantity: 2 }], codes: [] });
    await sender.idle();
    expect(await db.webhookDelivery.count({ where: { shopDomain: SHOP, status: "waiting" } })).toBe(2);

    const opened = await sandbox.admin.open();
    expect(opened.status, (await opened.clone().text()).slice(0, 300)).toBe(200);
    await opened.arrayBuffer();

    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP }, include: { settings: true } });
    expect(shop).toMatchObject({ name: "Sakura Goods", currencyCode: "JPY", locale: "ja", timezone: "Asia/Tokyo", plan: "Shopify Plus", shopifyPlus: true, customerAccountsVersion: "CLASSIC", uninstalledAt: null });
    expect(shop.settings?.earnPerAmountMinor).toBe(1); // a point per yen: JPY has no minor unit

    // The session holds the token the sandbox issued, with its refresh token and expiry.
    const session = await offlineSession();
    const token = issued().find((t) => t.accessToken === session?.accessToken);
    expect(token, "the stored access token is one the sandbox issued").toBeDefined();
    expect(token!.online).toBe(false);
    expect(session!.refreshToken).toBe(token!.refreshToken);
    expect(Math.abs(session!.expires!.getTime() - new Date(token!.expiresAt!).getTime())).toBeLessThan(5_000);
    expect(Math.abs(session!.refreshTokenExpires!.getTime() - new Date(token!.refreshTokenExpiresAt!).getTime())).toBeLessThan(5_000);
    expect(session!.scope).toBe(token!.scope);
    expect(sandbox.store.state.app.installed).toBe(true);

    // The order paid before the first visit earns once the shop is installed: 9,000 yen, 9,000 points.
    const member = await until(() => db.member.findFirst({ where: { shopId: shop.id, customerId: String(customer.id) } }), (m) => m?.balance === 9000, "the early order's points");
    expect(member).toMatchObject({ email: "hana@example.com", orderCount: 1 });
    // Both early deliveries are applied, whichever Klub received first (the order's may arrive
    // before the customer's, and be applied in a transaction of its own on a slow machine).
    const notDone = await until(() => db.webhookDelivery.findMany({ where: { shopDomain: SHOP, status: { not: "done" } } }), (left) => left.length === 0, "every early delivery applied");
    expect(notDone).toEqual([]);
    expect(await db.webhookDelivery.count({ where: { shopDomain: SHOP, status: "done" } })).toBe(2);
  }, 240_000);

  it("declares the customer metafields Klub writes, readable by Liquid and the customer account", () => {
    const definitions = sandbox.store.state.metafieldDefinitions;
    expect(definitions.map((d) => [d.ownerType, d.namespace, d.key, d.type]).sort()).toEqual(
      [
        ["CUSTOMER", "$app:klub", "pending_points", "number_integer"],
        ["CUSTOMER", "$app:klub", "points", "number_integer"],
        ["CUSTOMER", "$app:klub", "points_expire_on", "date"],
        ["CUSTOMER", "$app:klub", "points_expiring", "number_integer"],
        ["CUSTOMER", "$app:klub", "referral_code", "single_line_text_field"],
        ["CUSTOMER", "$app:klub", "tier", "single_line_text_field"],
      ],
    );
    for (const d of definitions) expect(d.access).toMatchObject({ storefront: "PUBLIC_READ", customerAccount: "READ" });
  });

  it("publishes the storefront widget's settings with the exchanged token", async () => {
    const widget = await until(async () => sandbox.store.state.appMetafields["klub.widget"], Boolean, "the widget metafield");
    expect(JSON.parse(widget.value)).toMatchObject({ accent: "#303030", position: "right" });
  });

  it("opening again duplicates nothing and asks for no new token", async () => {
    const before = { tokens: issued().length, shops: await db.shop.count(), settings: await db.programSettings.count(), sessions: await db.session.count(), definitions: sandbox.store.state.metafieldDefinitions.length };
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    for (const path of ["", "/settings"]) {
      const opened = await sandbox.admin.open(path);
      expect(opened.status).toBe(200);
      await opened.arrayBuffer();
    }
    expect({ tokens: issued().length, shops: await db.shop.count(), settings: await db.programSettings.count(), sessions: await db.session.count(), definitions: sandbox.store.state.metafieldDefinitions.length }).toEqual(before);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).installedAt).toEqual(shop.installedAt);
  }, 120_000);
});

describe("tokens", () => {
  it("refreshes an expired offline token at the sandbox for background work, and the old pair is spent", async () => {
    const before = (await offlineSession())!;
    await db.session.update({ where: { id: before.id }, data: { expires: new Date(Date.now() - 60_000) } });
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    delete sandbox.store.state.appMetafields["klub.widget"];
    await enqueueWidgetSync(db, shop.id, new Date()); // the outbox worker calls the Admin API with the stored session
    const after = await until(offlineSession, (s) => !!s && s.accessToken !== before.accessToken, "a refreshed session");
    expect(issued().some((t) => t.accessToken === after!.accessToken && t.refreshToken === after!.refreshToken)).toBe(true);
    expect(issued().some((t) => t.accessToken === before.accessToken || t.refreshToken === before.refreshToken)).toBe(false);
    expect(after!.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    await until(async () => sandbox.store.state.appMetafields["klub.widget"], Boolean, "the widget metafield, sent with the new token");
  }, 60_000);

  it("takes app/scopes_update from the sandbox's sender and rewrites the stored sessions' scope", async () => {
    sandbox.sender.send("app/scopes_update", { id: 1, previous: ["read_customers"], current: ["read_customers", "read_orders"], updated_at: new Date().toISOString() });
    await sandbox.sender.idle();
    expect(sandbox.store.state.deliveries.find((d) => d.topic === "app/scopes_update")).toMatchObject({ status: "delivered", lastStatus: 200 });
    expect((await offlineSession())!.scope).toBe("read_customers,read_orders");
  });
});

describe("uninstall and reinstall", () => {
  it("marks the shop uninstalled on Shopify's signed app/uninstalled, and a later open installs it again, refreshed", async () => {
    uninstallApp(sandbox.store, sandbox.sender); // revokes the tokens and delivers app/uninstalled over HTTP
    await sandbox.sender.idle();
    expect(sandbox.store.state.deliveries.find((d) => d.topic === "app/uninstalled")).toMatchObject({ status: "delivered", lastStatus: 200 });
    await until(() => db.shop.findUniqueOrThrow({ where: { domain: SHOP } }), (s) => s.uninstalledAt !== null, "the uninstalled mark");
    await until(() => db.session.count({ where: { shop: SHOP } }), (n) => n === 0, "the sessions to go");

    // Meanwhile the owner renamed the shop and changed its currency.
    Object.assign(sandbox.store.state.shop, { name: "Sakura & Co", currency: "EUR", locale: "de" });
    sandbox.store.save();

    const opened = await sandbox.admin.open();
    expect(opened.status).toBe(200);
    await opened.arrayBuffer();
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop).toMatchObject({ uninstalledAt: null, name: "Sakura & Co", currencyCode: "EUR", locale: "de" });
    expect(await db.shop.count()).toBe(1);
    expect(await db.programSettings.count()).toBe(1);
    expect(issued().map((t) => t.accessToken)).toContain((await offlineSession())!.accessToken);
    expect(sandbox.store.state.metafieldDefinitions).toHaveLength(6); // TAKEN on the reinstall: fine
  }, 120_000);
});

describe("outside the admin", () => {
  const post = (path: string, form: Record<string, string>) =>
    fetch(new URL(path, sandbox.appUrl), { method: "POST", body: new URLSearchParams(form), redirect: "manual" });

  it("shows the login form, and says why a shop domain is refused", async () => {
    const page = await fetch(new URL("/auth/login", sandbox.appUrl));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/auth\/login\?locale=en"/);
    expect(html).toContain('name="shop"');
    expect(html).toContain("Shop domain");

    const empty = await post("/auth/login", { shop: "" });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("Please enter your shop domain to log in");
    const invalid = await post("/auth/login", { shop: "not a shop!" });
    expect(invalid.status).toBe(200);
    expect(await invalid.text()).toContain("Please enter a valid shop domain to log in");
  }, 120_000);

  it("speaks the owner's language when asked, and sends a valid shop to its admin (here, the sandbox's)", async () => {
    const polish = await post("/auth/login?locale=pl", { shop: "" });
    expect(await polish.text()).toContain("Podaj domenę sklepu, aby się zalogować");
    const valid = await post("/auth/login", { shop: "klub-demo" });
    expect(valid.status).toBe(302);
    const location = new URL(valid.headers.get("location")!);
    expect(location.origin).toBe(sandbox.sandboxUrl);
    expect(location.pathname).toBe("/admin/oauth/install");
    const install = await fetch(location, { redirect: "manual" });
    expect(install.headers.get("location")).toBe("/admin/apps/klub");
  });

  it("answers / with what Klub is and the same form, and nothing about its database", async () => {
    const landing = await fetch(sandbox.appUrl);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain("a loyalty program for your Shopify store");
    expect(html).toContain('name="shop"');
    expect(html).not.toMatch(/sqlite/i);
    expect(html).not.toContain("Database");
  });
});
