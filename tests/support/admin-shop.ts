// The start of every browser test of Klub's admin: a sandbox shop of the test file's own with Klub
// installed and the demo program set up, its database, and a browser warmed up on its admin; and
// the small helpers those tests share (the app's frame, its pages, its words, screenshots).
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import type { RunningSandbox } from "../../sandbox/run";
import { setUpDemoProgram } from "../../sandbox/seed";
import { launchBrowser, reportWhenFailed, type TestBrowser } from "./browser";
import { openKlub, startSandboxShop, warmUpAdmin } from "./sandbox";

const SHOTS = "test-results/e2e";
/** The admin's languages, each of which the tests read it in. */
export const LOCALES = ["en", "pl", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

/** The running shop; its fields are set by the file's beforeAll, so read them in hooks and tests only. */
export interface AdminShop {
  sandbox: RunningSandbox;
  db: Db;
  /** Klub's id of the shop, the one in its database. */
  id: string;
  browser: TestBrowser;
  /** The URL of a page of Klub (`path` after the app's root) in the sandbox admin. */
  adminUrl: (path: string, locale?: Locale) => string;
  /** A new page with a page of Klub open in the sandbox admin, and the app's frame in it. */
  openAdmin: (path: string, locale?: Locale) => Promise<{ page: Page; frame: FrameLocator }>;
}

/**
 * Starts the shop before the file's tests and stops it after them. `prepare` adds what the file's
 * tests need (members, rewards, orders) before the browser starts; it gets the shop without it.
 */
export function useAdminShop(tempPrefix: string, prepare?: (shop: Pick<AdminShop, "sandbox" | "db" | "id">) => Promise<void>): AdminShop {
  const shop: AdminShop = {
    adminUrl: (path, locale) => `${shop.sandbox.sandboxUrl}/admin/apps/klub${path}${locale ? `?locale=${locale}` : ""}`,
    openAdmin: async (path, locale = "en") => {
      const page = await shop.browser.context.newPage();
      await page.goto(shop.adminUrl(path, locale));
      return { page, frame: appFrame(page) };
    },
  } as AdminShop;
  reportWhenFailed(() => shop.browser, () => shop.sandbox?.appOutput());

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    shop.sandbox = await startSandboxShop(undefined, tempPrefix);
    shop.db = createDb(shop.sandbox.databaseUrl);
    await openKlub(shop.sandbox);
    await setUpDemoProgram(shop.sandbox.admin);
    shop.id = (await shop.db.shop.findFirstOrThrow()).id;
    await prepare?.(shop);
    shop.browser = await launchBrowser();
    await warmUpAdmin(shop.browser, shop.sandbox);
  }, 360_000);

  afterAll(async () => {
    // Every step runs even when one before it failed, or start-up stopped half-way (its field unset):
    // tests stop every process they start.
    const running = shop as Partial<AdminShop>;
    const failures: unknown[] = [];
    for (const stop of [() => running.browser?.close(), () => running.sandbox?.stop(), () => running.db?.$disconnect()]) {
      try {
        await stop();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length) throw new AggregateError(failures, "stopping the admin shop");
  });
  return shop;
}

/** That no page asked for anything beyond this machine; called last in a file, it covers all its tests. */
export function describeNoRequestOffTheMachine(shop: AdminShop) {
  describe("the browser", () => {
    it("sent no request off the machine", () => {
      expect(shop.browser.outsideRequests).toEqual([]);
    });
  });
}

/** Klub's frame in the sandbox admin, found afresh on every use (the frame may reload). */
export const appFrame = (page: Page): FrameLocator => page.frameLocator("iframe[title=Klub]");

/** Saves a screenshot of the whole page as test-results/e2e/<name>.png. */
export async function shot(page: Page, name: string) {
  // caret "initial": hiding the caret sets a style on inputs, which React, hydrating after it, reports as a mismatch.
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, caret: "initial" });
}

/**
 * Waits until React has hydrated the element (its props are on it), for controls that act only
 * through the page's script (a dialog, the app's own navigation, a search on Enter): a click or a
 * key pressed before does nothing.
 */
export async function hydrated(locator: Locator): Promise<Locator> {
  await locator.waitFor();
  await expect.poll(() => locator.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactProps$"))), { timeout: 30_000 }).toBe(true);
  return locator;
}

/** Klub's own admin strings in a language, as the app ships them, to find the pages' labels. */
export const words = (locale: Locale) => JSON.parse(readFileSync(`app/i18n/${locale}.json`, "utf8"));

/** A string with its {{name}} placeholders filled, as i18next fills them. */
export const fill = (text: string, values: Record<string, string>) => text.replace(/{{(\w+)}}/g, (_, name: string) => values[name]);
