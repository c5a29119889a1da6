// Debian's Chromium driven by playwright-core, as stack.md sets it up; every request that would
// leave the machine is recorded, so tests can say none did.
import { chromium, type Browser, type BrowserContext } from "playwright-core";

// Headless Chromium names itself HeadlessChrome, which @shopify/shopify-app-remix answers as a bot
// (410). A person's browser does not.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  outsideRequests: string[];
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
  return { browser, context, outsideRequests, close: () => browser.close() };
}
