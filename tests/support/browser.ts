// Debian's Chromium driven by playwright-core, as stack.md sets it up; every request that would
// leave the machine is recorded, so tests can say none did.
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterEach } from "vitest";

// Headless Chromium names itself HeadlessChrome, which @shopify/shopify-app-remix answers as a bot
// (410). A person's browser does not.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  outsideRequests: string[];
  /** What happened in the pages (navigations, errors, failed responses), printed when a test fails. */
  journal: string[];
  close: () => Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    // Playwright gives every launch a fresh, empty profile of its own (no --user-data-dir needed).
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, userAgent: USER_AGENT });
  const outsideRequests: string[] = [];
  context.on("request", (request) => {
    const { hostname, protocol } = new URL(request.url());
    if (!["localhost", "127.0.0.1"].includes(hostname) && !["data:", "blob:"].includes(protocol)) outsideRequests.push(request.url());
  });
  const journal: string[] = [];
  const note = (line: string) => journal.push(`${new Date().toISOString().slice(11, 23)} ${line}`) > 400 && journal.shift();
  context.on("page", (page) => page.on("framenavigated", (frame) => note(`navigated ${frame === page.mainFrame() ? "page" : "frame"} to ${frame.url()}`)));
  context.on("console", (message) => ["error", "warning"].includes(message.type()) && note(`console ${message.type()}: ${message.text()}`));
  context.on("weberror", (error) => note(`page error: ${error.error().message}`));
  context.on("response", (response) => response.status() >= 400 && note(`${response.status()} ${response.request().method()} ${response.url()}`));
  return { browser, context, outsideRequests, journal, close: () => browser.close() };
}

/**
 * After a failed test, prints what the browser saw (and the app's last output, when given), since a
 * failure on CI leaves nothing else behind; then starts the journal afresh for the next test.
 */
export function reportWhenFailed(browser: () => TestBrowser | undefined, appOutput?: () => string) {
  afterEach(({ task }) => {
    const journal = browser()?.journal;
    if (task.result?.state === "fail") {
      console.error(`What the browser saw during "${task.name}":\n${journal?.join("\n") || "(nothing)"}`);
      if (appOutput) console.error(`The app's last output:\n${appOutput().slice(-4000)}`);
    }
    if (journal) journal.length = 0;
  });
}
