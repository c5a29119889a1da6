// The production build serves real requests on a real SQLite file, and has no sandbox in it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { startBuiltServer, type RunningServer } from "./support/server";

const { db, url: databaseUrl } = freshDatabase();
let server: RunningServer;

beforeAll(async () => {
  await installTestShop(db, "smoke.myshopify.com");
  server = await startBuiltServer(databaseUrl);
});
afterAll(async () => {
  await server?.stop();
  await db.$disconnect();
});

it("says what Klub is, with the login form, and nothing of its database", async () => {
  const response = await fetch(server.url);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain("a loyalty program for your Shopify store");
  expect(html).toMatch(/<form method="post" action="\/auth\/login\?locale=en"/);
  expect(html).not.toContain(databaseUrl);
  expect(html).not.toMatch(/sqlite|database/i);
});

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

it("sends Shopify's app launch (?shop=) on to the embedded admin", async () => {
  const response = await fetch(`${server.url}/?shop=smoke.myshopify.com&host=abc`, { redirect: "manual" });
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe("/app?shop=smoke.myshopify.com&host=abc");
});

it("does not let an unauthenticated request into the admin", async () => {
  // A browser without a session token is sent to log in; a client that looks like a bot is turned away.
  const browser = await fetch(`${server.url}/app`, { redirect: "manual", headers: { "User-Agent": BROWSER } });
  expect(browser.status).toBe(302);
  expect(browser.headers.get("location")).toMatch(/^\/auth\/login/);
  const bot = await fetch(`${server.url}/app`, { redirect: "manual" });
  expect(bot.status).toBe(410);
  expect(await bot.text()).not.toContain("Program");
});

it("cannot be pointed at the sandbox: the seam is not in the production build", () => {
  const serverFiles = readdirSync("build/server", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
  expect(serverFiles.length).toBeGreaterThan(0);
  const bundle = serverFiles.map((f) => readFileSync(join("build/server", f), "utf8")).join("\n");
  expect(bundle).toContain("authenticate"); // it is the app's server build
  for (const marker of ["KLUB_SANDBOX_URL", "X-Sandbox-Shop-Domain", "routeShopifyTo", "frame-ancestors ${"]) {
    expect(bundle, marker).not.toContain(marker);
  }
});

it("serves the build's files for a year, and leaves every other path to the app", async () => {
  // server.js lists the build's client files once: a file is served from disk, anything else is Remix's.
  const asset = readdirSync("build/client/assets").find((f) => f.endsWith(".js"))!;
  const served = await fetch(`${server.url}/assets/${asset}`);
  expect(served.status).toBe(200);
  expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(await served.text()).toBe(readFileSync(`build/client/assets/${asset}`, "utf8"));
  const missing = await fetch(`${server.url}/assets/not-built.js`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get("cache-control") ?? "").not.toContain("immutable");
});

it("matches routes with the patched router that ranks them once (patches/, applied by npm's postinstall)", () => {
  // Without the patch every request flattened and ranked every route three times (docs/benchmarks.md).
  const router = readFileSync("node_modules/@remix-run/router/dist/router.cjs.js", "utf8");
  expect(router).toContain("rankedBranches.get(routes)");
  expect(router).toContain("compiledPaths.get(key)");
  expect(router).toContain("matchesByPath.get(routes)");
});
