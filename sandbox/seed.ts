// The demo: a program set up in Klub's admin as the shop owner would (on, a signup bonus, three
// tiers), then the demo shop: products, a dozen customers and a few months of orders (some
// refunded or cancelled), placed through the sandbox so the app hears of them by webhook.
import { AdminRequestError, type EmbeddedAdmin } from "./embedded-admin";
import { demoPrice } from "./money";
import { cancel, createCustomer, placeOrder, refund } from "./orders";
import type { Address, Store } from "./state";
import type { WebhookSender } from "./webhooks";

// Prices in dollars, set in the shop's currency (demoPrice).
const PRODUCTS = [
  ["Klub Hoodie", 60],
  ["Enamel Mug", 15],
  ["Canvas Tote", 22],
  ["Wool Beanie", 28],
  ["Sticker Pack", 6],
  ["Travel Bottle", 34],
] as const;

const COLLECTIONS = [
  ["Drinkware", ["Enamel Mug", "Travel Bottle"]],
  ["Accessories", ["Canvas Tote", "Wool Beanie", "Sticker Pack"]],
] as const;

const CUSTOMERS = [
  ["Ania", "Kowalska"], ["Piotr", "Nowak"], ["Olga", "Ivanova"], ["Dmitri", "Sokolov"],
  ["Emma", "Clarke"], ["Jan", "Wiśniewski"], ["Maria", "Petrova"], ["Liam", "Walker"],
  ["Zofia", "Lewandowska"], ["Sergei", "Morozov"], ["Chloe", "Bennett"], ["Tomasz", "Zieliński"],
] as const;

/** Where the demo customers live, customer by customer (ISO country and region codes, as Shopify's addresses name them). */
const ADDRESSES: Address[] = [
  { address1: "ul. Marszałkowska 1", city: "Warszawa", zip: "00-001", province: null, province_code: null, country: "Poland", country_code: "PL" },
  { address1: "ul. Floriańska 12", city: "Kraków", zip: "31-019", province: null, province_code: null, country: "Poland", country_code: "PL" },
  { address1: "Tverskaya 7", city: "Moscow", zip: "125009", province: "Moscow", province_code: "MOW", country: "Russia", country_code: "RU" },
  { address1: "Nevsky 28", city: "Saint Petersburg", zip: "191186", province: "Saint Petersburg", province_code: "SPE", country: "Russia", country_code: "RU" },
  { address1: "10 Downing Street", city: "London", zip: "SW1A 2AA", province: null, province_code: null, country: "United Kingdom", country_code: "GB" },
  { address1: "ul. Piotrkowska 100", city: "Łódź", zip: "90-001", province: null, province_code: null, country: "Poland", country_code: "PL" },
  { address1: "Arbat 10", city: "Moscow", zip: "119002", province: "Moscow", province_code: "MOW", country: "Russia", country_code: "RU" },
  { address1: "350 5th Ave", city: "New York", zip: "10118", province: "New York", province_code: "NY", country: "United States", country_code: "US" },
  { address1: "Unter den Linden 5", city: "Berlin", zip: "10117", province: "Berlin", province_code: "BE", country: "Germany", country_code: "DE" },
  { address1: "Nevsky 100", city: "Saint Petersburg", zip: "191025", province: "Saint Petersburg", province_code: "SPE", country: "Russia", country_code: "RU" },
  { address1: "1 Infinite Loop", city: "Cupertino", zip: "95014", province: "California", province_code: "CA", country: "United States", country_code: "US" },
  { address1: "ul. Długa 5", city: "Gdańsk", zip: "80-827", province: null, province_code: null, country: "Poland", country_code: "PL" },
];

/** The storefront languages the demo customers shop in. */
const LOCALES = ["en", "pl", "ru"];
const DAY = 86_400_000;

/** The form as the settings page would post it: the loaded values, booleans and lists as its inputs send them. */
function settingsForm(settings: Record<string, unknown>, changes: Record<string, string>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [field, value] of Object.entries(settings)) {
    form.set(field, typeof value === "boolean" ? String(value) : Array.isArray(value) ? JSON.stringify(value) : String(value ?? ""));
  }
  for (const [field, value] of Object.entries(changes)) form.set(field, value);
  return form;
}

/** Actions answer { ok: false, errors } when they refuse: the demo must not go on half set up. */
function expectAccepted(page: string, answer: unknown) {
  const result = answer as { ok?: boolean } | null;
  if (result?.ok === false) throw new AdminRequestError(`${page} refused the demo program: ${JSON.stringify(answer)}`);
}

/**
 * In Klub's admin, as the owner: send the program's emails through the sandbox's mail server
 * (plain SMTP on this machine), unless Klub already does.
 */
export async function setUpDemoMail(admin: EmbeddedAdmin, port: number) {
  const { values } = (await admin.load("/app/email", "routes/app.email")) as { values: Record<string, string> };
  if (values.host === "127.0.0.1" && values.port === String(port)) return;
  const server = { intent: "save", host: "127.0.0.1", port: String(port), security: "none", username: "", password: "", fromAddress: "loyalty@klub-demo.example", fromName: "Klub Demo Store" };
  expectAccepted("email", await admin.submit("/app/email", new URLSearchParams(server)));
}

/** The demo's rewards catalog, in the shop's currency: what shoppers see in the storefront panel. */
const DEMO_REWARDS: Record<string, string>[] = [
  { name: "Free shipping", type: "free_shipping", pointsCost: "200", value: "" },
  { name: "Amount off", type: "fixed_amount", pointsCost: "500", value: "5" },
  { name: "10% off", type: "percentage", pointsCost: "900", percentage: "10" },
  { name: "Points to money", type: "points_slider", pointsCost: "100", sliderMinPoints: "100", sliderMaxPoints: "2000" },
];

/**
 * In Klub's admin, as the owner: turn the program on, give a signup bonus of 100 points and 50 for
 * following the shop on Instagram, build
 * the tiers Bronze (from 0), Silver (300, x1.25) and Gold (800, x1.5), and add a few rewards.
 */
export async function setUpDemoProgram(admin: EmbeddedAdmin) {
  expectAccepted("home", await admin.submit("/app", new URLSearchParams({ enabled: "true" }), { index: true }));
  const { settings } = (await admin.load("/app/settings", "routes/app.settings")) as { settings: Record<string, unknown> };
  expectAccepted("settings", await admin.submit("/app/settings", settingsForm(settings, { signupBonus: "100", socialInstagramUrl: "https://www.instagram.com/klubdemostore", socialInstagramPoints: "50" })));
  const ladder = {
    basis: "points",
    window: "lifetime",
    tiers: [
      { name: "Bronze", threshold: "0", multiplierPercent: "100" },
      { name: "Silver", threshold: "300", multiplierPercent: "125" },
      { name: "Gold", threshold: "800", multiplierPercent: "150" },
    ],
  };
  expectAccepted("tiers", await admin.submit("/app/tiers", ladder));
  for (const reward of DEMO_REWARDS) {
    const form = new URLSearchParams({ codeExpiryDays: "30", combinesWithShipping: "true", ...reward });
    const answer = await admin.submit("/app/rewards/new", form);
    if (!(answer as { redirect?: string }).redirect) throw new AdminRequestError(`rewards refused the demo reward ${reward.name}: ${JSON.stringify(answer)}`);
  }
}

export function seedDemoShop(store: Store, sender: WebhookSender, now = new Date()) {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor(seed / 65536) % n);
  for (const [title, price] of PRODUCTS) {
    const id = store.nextId();
    store.state.products.push({ id, variantId: id * 10, title, handle: title.toLowerCase().replace(/\s+/g, "-"), price: demoPrice(price, store.state.shop.currency) });
  }
  for (const [title, products] of COLLECTIONS) {
    const productIds = store.state.products.filter((p) => (products as readonly string[]).includes(p.title)).map((p) => p.id);
    store.state.collections.push({ id: store.nextId(), title, handle: title.toLowerCase(), productIds });
  }
  const customers = CUSTOMERS.map(([firstName, lastName], i) =>
    createCustomer(store, sender, {
      firstName,
      lastName,
      email: `${firstName}.${lastName}`.toLowerCase().normalize("NFD").replace(/[^\w.]/g, "") + "@example.com",
      createdAt: new Date(now.getTime() - (150 - i * 5) * DAY),
      // Most agreed to marketing email (reminders and birthday emails need it); some did not.
      emailMarketing: i % 3 === 2 ? "not_subscribed" : "subscribed",
      address: ADDRESSES[i],
    }),
  );
  for (let i = 0; i < 40; i++) {
    const customer = random(100) < 15 ? null : customers[random(customers.length)];
    const lines = Array.from({ length: 1 + random(3) }, () => ({ variantId: store.state.products[random(PRODUCTS.length)].variantId, quantity: 1 + random(2) }));
    const createdAt = new Date(now.getTime() - (120 - i * 3) * DAY - random(DAY));
    const order = placeOrder(store, sender, { customerId: customer?.id ?? null, cart: lines, codes: [], createdAt, locale: LOCALES[(customer?.id ?? 0) % LOCALES.length] });
    if (i % 11 === 5) refund(store, sender, order, { [order.lines[0].id]: 1 });
    if (i % 17 === 8) cancel(store, sender, order);
  }
  store.save();
}
