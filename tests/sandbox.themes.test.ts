// The sandbox's themes as Shopify keeps them: the main theme's config/settings_data.json through
// the Admin API (themes, files; read_themes), the theme editor's app embeds switched on and off
// by its deep link and Save, the storefront without an embed switched off, and a new scope granted
// on the owner's next visit with app/scopes_update. Klub's own reading of the theme is checked
// against it (app/shopify/theme-embed.server.ts).
import type { Server } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appEmbedStatus, embedSwitchedOn, MAIN_THEME_SETTINGS, readEmbedStatus, themeEditorUrl } from "../app/shopify/theme-embed.server";
import { answerAdminGraphql } from "../sandbox/admin-graphql";
import { loadAppEmbeds } from "../sandbox/app-embeds";
import { grantedScopes, grantRequestedScopes, issueToken } from "../sandbox/oauth";
import { createSandboxServer } from "../sandbox/server";
import { Store } from "../sandbox/state";
import { defaultTheme, saveEmbeds, SETTINGS_DATA } from "../sandbox/themes";
import type { WebhookSender } from "../sandbox/webhooks";
import { tempDir } from "./support/temp";

const API_KEY = "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c";
const embeds = loadAppEmbeds();
let store: Store;
let token = "";
const sent: { topic: string; payload: unknown }[] = [];
const sender = { send: (topic: string, payload: unknown) => sent.push({ topic, payload }), idle: async () => undefined } as unknown as WebhookSender;

/** Klub's Admin GraphQL client, pointed at the sandbox's endpoint as admin.graphql would be. */
const graphql = (accessToken = token) => async (query: string) => {
  const answer = answerAdminGraphql(store, accessToken, JSON.stringify({ query }));
  return new Response(JSON.stringify(answer.body), { status: answer.status });
};
const settingsData = () => store.state.themes.find((t) => t.role === "MAIN")!.files[SETTINGS_DATA];
const blocks = () => Object.entries(JSON.parse(settingsData().replace(/^\s*\/\*[\s\S]*?\*\//, "")).current.blocks ?? {}) as [string, { type: string; disabled: boolean }][];

beforeEach(() => {
  store = new Store(join(tempDir("klub-sandbox-themes-"), "shopify.json"));
  token = issueToken(store).accessToken;
  sent.length = 0;
});

describe("the main theme through the Admin API", () => {
  it("answers Klub's query with the main theme's settings_data.json, Shopify's comment block first", async () => {
    const answer = answerAdminGraphql(store, token, JSON.stringify({ query: MAIN_THEME_SETTINGS }));
    const body = answer.body as { data: { themes: { nodes: { id: string; files: { nodes: { filename: string; body: { content: string } }[] } }[] } } };
    expect(body).not.toHaveProperty("errors");
    const [theme] = body.data.themes.nodes;
    expect(theme.id).toMatch(/^gid:\/\/shopify\/OnlineStoreTheme\/\d+$/);
    expect(theme.files.nodes.map((f) => f.filename)).toEqual([SETTINGS_DATA]);
    expect(theme.files.nodes[0].body.content).toMatch(/^\/\*[\s\S]*IMPORTANT: The contents of this file are auto-generated/);
    expect(() => JSON.parse(theme.files.nodes[0].body.content)).toThrow(); // not JSON as is
    expect(await readEmbedStatus(graphql())).toBe("off");
  });

  it("names only the themes of the roles asked for", () => {
    store.state.themes.push({ ...defaultTheme(77), name: "Dawn (copy)", role: "UNPUBLISHED" });
    const names = (roles: string) => (answerAdminGraphql(store, token, JSON.stringify({ query: `{ themes(roles: ${roles}, first: 5) { nodes { name role } } }` })).body as { data: { themes: { nodes: { name: string }[] } } }).data.themes.nodes.map((t) => t.name);
    expect(names("[MAIN]")).toEqual(["Dawn"]);
    expect(names("[UNPUBLISHED]")).toEqual(["Dawn (copy)"]);
  });

  it("denies the themes to a token without read_themes, as Shopify does, and Klub then says it does not know", async () => {
    const narrow = issueToken(store, { scope: "read_customers,read_orders" }).accessToken;
    const answer = answerAdminGraphql(store, narrow, JSON.stringify({ query: MAIN_THEME_SETTINGS }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ data: { themes: null }, errors: [{ message: "Access denied for themes field. Required access: `read_themes` access scope.", extensions: { code: "ACCESS_DENIED" } }] });
    expect(await readEmbedStatus(graphql(narrow))).toBe("unknown");
  });

  it("records the embed switched on as Shopify does, and off by its disabled flag, under the same key", async () => {
    saveEmbeds(store, embeds, new Set(["points-launcher"]));
    const [[key, block]] = blocks();
    expect(key).toMatch(/^\d+$/);
    expect(block).toMatchObject({ type: expect.stringMatching(/^shopify:\/\/apps\/klub-loyalty\/blocks\/points-launcher\/[0-9a-f-]{36}$/), disabled: false });
    expect(settingsData()).toMatch(/^\/\*/);
    expect(await readEmbedStatus(graphql())).toBe("on");

    saveEmbeds(store, embeds, new Set());
    expect(blocks()).toEqual([[key, expect.objectContaining({ disabled: true })]]);
    expect(await readEmbedStatus(graphql())).toBe("off");
  });
});

describe("Klub's reading of settings_data.json", () => {
  const file = (blocks: Record<string, unknown>) => `/* generated */\n${JSON.stringify({ current: { blocks } })}`;
  it("takes only its own embed's block, switched on", () => {
    expect(embedSwitchedOn(file({ 1: { type: "shopify://apps/klub-loyalty/blocks/points-launcher/0b6e", disabled: false } }))).toBe(true);
    expect(embedSwitchedOn(file({ 1: { type: "shopify://apps/klub-loyalty/blocks/points-launcher/0b6e", disabled: true } }))).toBe(false);
    expect(embedSwitchedOn(file({ 1: { type: "shopify://apps/other-app/blocks/app-embed/0b6e", disabled: false } }))).toBe(false);
    expect(embedSwitchedOn(file({ 1: { type: "shopify://apps/klub-loyalty/blocks/points-launcher-extra/0b6e", disabled: false } }))).toBe(false);
    expect(embedSwitchedOn(JSON.stringify({ current: {} }))).toBe(false);
  });
});

describe("the home page's reading", () => {
  it("reads an embed that is off every time, and answers one seen on at once, reading behind for the next visit", async () => {
    let reads = 0;
    const counting = async (query: string) => {
      reads++;
      return graphql()(query);
    };
    const shop = `swr-${Date.now()}.myshopify.com`;
    expect([await appEmbedStatus(shop, counting), await appEmbedStatus(shop, counting), reads]).toEqual(["off", "off", 2]);
    saveEmbeds(store, embeds, new Set(["points-launcher"]));
    expect([await appEmbedStatus(shop, counting), reads]).toEqual(["on", 3]); // the owner comes back from switching it on: read now
    saveEmbeds(store, embeds, new Set());
    expect(await appEmbedStatus(shop, counting)).toBe("on"); // as last seen, read again behind
    await expect.poll(() => reads).toBe(4);
    expect(await appEmbedStatus(shop, counting)).toBe("off");
  });
});

describe("the theme editor and the storefront", () => {
  let server: Server;
  let base = "";
  beforeEach(async () => {
    server = createSandboxServer({ store, sender, appUrl: "http://localhost:9", apiKey: API_KEY, apiSecret: "secret" });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const open = async (url: string) => (await fetch(new URL(url.replace(/^shopify:\/\/admin\//, "/admin/"), base))).text();

  it("opens Klub's deep link with the embed switched on, unsaved; Save keeps it, and switching it off takes it off the storefront", async () => {
    const editor = await open(themeEditorUrl(API_KEY));
    expect(editor).toMatch(/<input type="checkbox" role="switch" id="embed-points-launcher" name="embed" value="points-launcher" checked>/);
    expect(editor).toContain("Klub points is switched on. Save to keep it.");
    expect(blocks()).toEqual([]); // nothing saved yet
    expect(await open("/")).toContain("klub-launcher"); // never switched on: the sandbox draws it anyway

    const save = (form: URLSearchParams) => fetch(`${base}/admin/themes/current/editor?locale=pl`, { method: "POST", body: form, redirect: "manual" });
    const saved = await save(new URLSearchParams({ embed: "points-launcher" }));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/admin/themes/current/editor?saved=1&locale=pl");
    expect(await readEmbedStatus(graphql())).toBe("on");
    expect(await open(saved.headers.get("location")!)).toContain("Zapisano");

    await save(new URLSearchParams());
    expect(await readEmbedStatus(graphql())).toBe("off");
    expect(await open("/admin/themes/current/editor")).not.toMatch(/value="points-launcher" checked/);
    expect(await open("/")).not.toContain("klub-launcher");
  });

  it("says so when the link names an embed the app does not have, or another app", async () => {
    for (const id of [`${API_KEY}/no-such-embed`, `ffffffffffffffffffffffffffffffff/points-launcher`]) {
      const editor = await open(`/admin/themes/current/editor?context=apps&activateAppId=${id}`);
      expect(editor).toContain(`No app embed of this theme matches the link (${id}).`);
      expect(editor).not.toMatch(/value="points-launcher" checked/);
    }
  });

  it("asks the owner for a new scope on their next visit to the app: the tokens gain it and Klub hears app/scopes_update", async () => {
    const old = issueToken(store, { scope: "read_customers,read_orders" });
    const before = answerAdminGraphql(store, old.accessToken, JSON.stringify({ query: MAIN_THEME_SETTINGS }));
    expect(before.body).toMatchObject({ errors: [{ extensions: { code: "ACCESS_DENIED" } }] });
    expect((await fetch(`${base}/admin/apps/klub`)).status).toBe(200);
    expect(old.scope).toBe(grantedScopes().split(",").sort().join(","));
    expect(sent).toEqual([{ topic: "app/scopes_update", payload: expect.objectContaining({ previous: ["read_customers", "read_orders"], current: expect.arrayContaining(["read_themes"]) }) }]);
    expect(await readEmbedStatus(graphql(old.accessToken))).toBe("off");

    grantRequestedScopes(store, sender); // nothing new asked: nothing sent
    expect(sent).toHaveLength(1);
  });
});
