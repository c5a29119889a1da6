// Klub's dev server against the sandbox, for end-to-end tests over HTTP: a sandbox shop of its own
// (a temporary data dir, free ports), Klub installed by opening it in the sandbox admin, and waits
// for what the app does in the background. The sandbox never writes Klub's database; tests only
// read it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../../sandbox/run";
import type { Page } from "playwright-core";
import { inject } from "vitest";
import type { Db } from "../../app/db.server";
import type { TestBrowser } from "./browser";
import { freePort } from "./server";
import { inboxDrained } from "./webhooks";

/** Reads until `done` says so, every 100 ms, or fails naming what it waited for and what it last read. */
export async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * On the storefront page open in `page`, logs in as the customer named (the "Shopping as" switcher).
 * The choice posts a login form and the sandbox redirects back to the page: wait until that page has
 * replaced this one and loaded, or the test's next navigation would be cut off by it.
 */
export async function shopAs(page: Page, name: string) {
  const replaced = page.waitForEvent("framenavigated", { predicate: (frame) => frame === page.mainFrame() });
  await page.getByLabel("Shopping as").selectOption({ label: name });
  await replaced;
  await page.waitForLoadState("load");
}

/**
 * Opens the admin once before the tests, with room: on a fresh clone the dev server compiles Polaris
 * and pre-bundles dependencies on the first page load. Then every later step gets 60 s.
 */
export async function warmUpAdmin(browser: TestBrowser, sandbox: RunningSandbox) {
  browser.context.setDefaultTimeout(60_000);
  const page = await browser.context.newPage();
  await page.goto(`${sandbox.sandboxUrl}/admin`);
  await page.frameLocator("iframe[title=Klub]").getByText("Your loyalty program is on").waitFor({ timeout: 180_000 });
  await page.close();
}

/**
 * Starts a sandbox shop and Klub's dev server pointed at it, with no demo: the test opens the
 * admin itself. Call `stop()` in afterAll (it is safe to call when a test failed half-way).
 */
export async function startSandboxShop(shop: SandboxOptions["shop"], prefix = "klub-sandbox-"): Promise<RunningSandbox> {
  const [appPort, sandboxPort] = await Promise.all([freePort(), freePort()]);
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const migratedDatabase = inject("templateDatabase"); // the project's set-up migrated it (global-setup.ts)
  const sandbox = await startSandbox({ appPort, sandboxPort, dataDir, appOutput: "pipe", demo: false, shop, migratedDatabase });
  // Stopping also removes the shop's data (both databases).
  return { ...sandbox, stop: () => sandbox.stop().finally(() => rmSync(dataDir, { recursive: true, force: true })) };
}

/** The owner opens Klub in the sandbox admin: the first open exchanges a token and installs the shop. */
export async function openKlub(sandbox: RunningSandbox, path = ""): Promise<void> {
  const opened = await sandbox.admin.open(path);
  if (opened.status !== 200) throw new Error(`opening Klub${path} in the sandbox admin answered ${opened.status}: ${(await opened.text()).slice(0, 500)}`);
  await opened.arrayBuffer();
}

/**
 * Waits until every webhook the sandbox sent has been answered and Klub's inbox has applied it;
 * fails if Klub set a delivery aside as failed.
 */
export async function settled(sandbox: RunningSandbox, db: Db): Promise<void> {
  await sandbox.sender.idle();
  const refused = sandbox.store.state.deliveries.filter((d) => d.status !== "delivered");
  if (refused.length) throw new Error(`the sandbox's deliveries were not all answered 2xx: ${JSON.stringify(refused)}`);
  await inboxDrained(db);
  const failed = await db.webhookDelivery.findMany({ where: { status: "failed" }, select: { topic: true, lastError: true, event: true } });
  if (failed.length) throw new Error(`Klub's inbox set deliveries aside as failed: ${JSON.stringify(failed)}`);
}
