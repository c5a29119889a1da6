// The audience page in a real browser over a sandbox shop of this file's own (issue 15, item 3):
// members by country with the country named in the owner's language, their figures in its number
// and money formats, a country's regions, and the link to a reward for the members in a country;
// the members' figures as of their snapshot's time (053), computed here as the hourly keeping does.
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { refreshAudienceSnapshots } from "../../app/loyalty/audience.server";
import { formatMoney } from "../../app/loyalty/money";
import { createCustomer, placeOrder } from "../../sandbox/orders";
import { hydrated, LOCALES, shot, useAdminShop, words, type Locale } from "../support/admin-shop";
import { settled } from "../support/sandbox";

const address = (country_code: string, province_code: string | null) => ({ address1: "1 Test St", city: "Test", zip: "00-001", province: null, province_code, country: country_code, country_code });

const shop = useAdminShop("klub-admin-audience-e2e-", async ({ sandbox, db }) => {
  // Two members in Canada (Ontario, Quebec) and one in Poland, each with one paid order.
  const people = [
    { firstName: "Amelia", lastName: "Tremblay", email: "amelia@example.com", address: address("CA", "ON") },
    { firstName: "Louis", lastName: "Gagnon", email: "louis@example.com", address: address("CA", "QC") },
    { firstName: "Ewa", lastName: "Nowak", email: "ewa@example.com", address: address("PL", null) },
  ];
  sandbox.store.state.products.push({ id: 9001, variantId: 90010, title: "Enamel Mug", handle: "enamel-mug", price: "20.00" });
  for (const person of people) {
    const customer = createCustomer(sandbox.store, sandbox.sender, person);
    placeOrder(sandbox.store, sandbox.sender, { customerId: customer.id, cart: [{ variantId: 90010, quantity: 1 }], codes: [] });
  }
  await settled(sandbox, db);
  await refreshAudienceSnapshots(db);
});

const CANADA: Record<Locale, string> = { en: "Canada", pl: "Kanada", ru: "Канада" };
const POLAND: Record<Locale, string> = { en: "Poland", pl: "Polska", ru: "Польша" };
const cells = (within: Locator, name: string) => within.getByRole("row", { name: new RegExp(`^${name}`) }).getByRole("cell").allTextContents();

describe("the audience page", () => {
  for (const locale of LOCALES) {
    it(`names the members' countries and formats their figures in ${locale}`, async () => {
      const w = words(locale);
      const average = await shop.db.member.aggregate({ where: { shopId: shop.id, countryCode: "CA" }, _sum: { lifetimeSpentMinor: true, orderCount: true } });
      const { page, frame } = await shop.openAdmin("/audience", locale);
      await frame.getByRole("heading", { name: w.audience.title }).waitFor();
      const countries = frame.getByRole("region", { name: w.audience.breakdowns.country });
      await countries.getByRole("link", { name: CANADA[locale] }).waitFor();
      // Members, repeat rate (no one ordered twice: 0%), average order in the shop's money, as the owner reads them.
      const canada = await cells(countries, CANADA[locale]);
      expect(canada[0]).toBe("2");
      expect(canada[1]).toBe(new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(0));
      const shopRow = await shop.db.shop.findUniqueOrThrow({ where: { id: shop.id } });
      const averageMinor = Math.round(average._sum.lifetimeSpentMinor! / average._sum.orderCount!);
      expect(canada[2]).toBe(formatMoney(averageMinor, shopRow.currencyCode, locale));
      await countries.getByRole("link", { name: POLAND[locale] }).waitFor();
      // The snapshot's time, and a way to ask for a fresh one.
      await frame.getByText(w.audience.snapshot.asOf.split("{{time}}")[0]).waitFor();
      await frame.getByRole("button", { name: w.audience.snapshot.refresh }).waitFor();
      await shot(page, `70-audience-${locale}`);

      // A country's regions, and a reward for its members.
      await (await hydrated(countries.getByRole("link", { name: CANADA[locale] }))).click();
      const regions = frame.getByRole("region", { name: w.audience.breakdowns.region.replace("{{country}}", CANADA[locale]) });
      await regions.getByRole("row", { name: /^ON/ }).waitFor();
      expect((await cells(regions, "ON"))[0]).toBe("1");
      expect((await cells(regions, "QC"))[0]).toBe("1");
      await (await hydrated(countries.getByRole("row", { name: new RegExp(`^${CANADA[locale]}`) }).getByRole("link", { name: w.audience.makeReward }))).click();
      await frame.getByRole("heading", { name: w.rewards.new }).waitFor();
      expect(await frame.getByLabel(w.rewards.segmentCountry).inputValue()).toBe("CA");
      await page.close();
    });
  }
});
