// The members search as the shop owner uses it, in a real browser over a sandbox shop of this file's
// own (issue 13, decision 028): a part from the middle of a name typed without its accent, or the
// domain of an email, finds the member, and only the members it matches. Screenshots go to
// test-results/e2e/.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { createCustomer } from "../../sandbox/orders";
import type { RunningSandbox } from "../../sandbox/run";
import { setUpDemoProgram } from "../../sandbox/seed";
import { launchBrowser, reportWhenFailed, type TestBrowser } from "../support/browser";
import { openKlub, settled, startSandboxShop, warmUpAdmin } from "../support/sandbox";

const SHOTS = "test-results/e2e";
const words = JSON.parse(readFileSync("app/i18n/en.json", "utf8"));
let sandbox: RunningSandbox;
let browser: TestBrowser;
let db: Db;
reportWhenFailed(() => browser, () => sandbox?.appOutput());

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  sandbox = await startSandboxShop(undefined, "klub-admin-search-e2e-");
  db = createDb(sandbox.databaseUrl);
  await openKlub(sandbox);
  await setUpDemoProgram(sandbox.admin);
  createCustomer(sandbox.store, sandbox.sender, { firstName: "Zofia", lastName: "Wiśniewska", email: "zofia.w@example.com" });
  createCustomer(sandbox.store, sandbox.sender, { firstName: "Jan", lastName: "Kowalski", email: "jan.kowalski@firma.pl" });
  await settled(sandbox, db);
  expect(await db.member.count()).toBe(2);

  browser = await launchBrowser();
  await warmUpAdmin(browser, sandbox);
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  await db?.$disconnect();
});

/** Waits until React has hydrated the element (its props are on it): Enter before that would submit the form without the app. */
async function hydrated(locator: Locator): Promise<Locator> {
  await locator.waitFor();
  await expect.poll(() => locator.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactProps$"))), { timeout: 30_000 }).toBe(true);
  return locator;
}

/** The owner types `q` into the members search and presses Enter; resolves once the app shows the result. */
async function search(q: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${sandbox.sandboxUrl}/admin/apps/klub/members?locale=en`);
  const frame = page.frameLocator("iframe[title=Klub]");
  await frame.getByRole("row", { name: /Jan Kowalski/ }).waitFor(); // everyone, before the search
  const box = await hydrated(frame.getByLabel(words.members.search, { exact: true }));
  await box.fill(q);
  await box.press("Enter");
  await expect.poll(() => page.frames().some((f) => new URL(f.url()).searchParams.get("q") === q), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => frame.getByRole("row", { name: /Jan Kowalski/ }).count(), { timeout: 30_000 }).toBe(0);
  return page;
}

it.each([
  ["wisn", "a part from the middle of the name, without its accent"],
  ["example.com", "the domain of the email"],
])('finds Zofia Wiśniewska by "%s" (%s), and not Jan Kowalski', async (q) => {
  const page = await search(q);
  const frame = page.frameLocator("iframe[title=Klub]");
  const row = frame.getByRole("row", { name: /Zofia Wiśniewska/ });
  await row.waitFor();
  await row.getByText("zofia.w@example.com").waitFor();
  expect(await frame.getByRole("searchbox", { name: words.members.search }).inputValue()).toBe(q);
  await frame.getByText(words.members.searchHelp).waitFor(); // what the search matches, said under it
  await page.screenshot({ path: join(SHOTS, `65-members-search-${q.replace(/\W/g, "-")}.png`), fullPage: true });
  await page.close();
});
