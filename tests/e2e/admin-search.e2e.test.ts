// The members search as the shop owner uses it, in a real browser over a sandbox shop of this file's
// own (issue 13, decision 028): a part from the middle of a name typed without its accent, or the
// domain of an email, finds the member, and only the members it matches. Screenshots go to
// test-results/e2e/.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { createCustomer } from "../../sandbox/orders";
import { appFrame, hydrated, shot, useAdminShop, words } from "../support/admin-shop";
import { settled } from "../support/sandbox";

const en = words("en");
const shop = useAdminShop("klub-admin-search-e2e-", async ({ sandbox, db }) => {
  createCustomer(sandbox.store, sandbox.sender, { firstName: "Zofia", lastName: "Wiśniewska", email: "zofia.w@example.com" });
  createCustomer(sandbox.store, sandbox.sender, { firstName: "Jan", lastName: "Kowalski", email: "jan.kowalski@firma.pl" });
  await settled(sandbox, db);
  expect(await db.member.count()).toBe(2);
});

/** The owner types `q` into the members search and presses Enter; resolves once the app shows the result. */
async function search(q: string): Promise<Page> {
  const { page, frame } = await shop.openAdmin("/members");
  await frame.getByRole("row", { name: /Jan Kowalski/ }).waitFor(); // everyone, before the search
  const box = await hydrated(frame.getByLabel(en.members.search, { exact: true }));
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
  const frame = appFrame(page);
  const row = frame.getByRole("row", { name: /Zofia Wiśniewska/ });
  await row.waitFor();
  await row.getByText("zofia.w@example.com").waitFor();
  expect(await frame.getByRole("searchbox", { name: en.members.search }).inputValue()).toBe(q);
  await frame.getByText(en.members.searchHelp).waitFor(); // what the search matches, said under it
  await shot(page, `65-members-search-${q.replace(/\W/g, "-")}`);
  await page.close();
});
