// The demo shop: products, a dozen customers and a few months of orders (some refunded or
// cancelled), placed through the sandbox so the app hears of them by webhook, as it would.
import { cancel, createCustomer, placeOrder, refund } from "./orders";
import type { Store } from "./state";
import type { WebhookSender } from "./webhooks";

const PRODUCTS = [
  ["Klub Hoodie", "60.00"],
  ["Enamel Mug", "15.00"],
  ["Canvas Tote", "22.00"],
  ["Wool Beanie", "28.00"],
  ["Sticker Pack", "6.00"],
  ["Travel Bottle", "34.00"],
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

const DAY = 86_400_000;

export function seedDemoShop(store: Store, sender: WebhookSender, now = new Date()) {
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor(seed / 65536) % n);
  for (const [title, price] of PRODUCTS) {
    const id = store.nextId();
    store.state.products.push({ id, variantId: id * 10, title, handle: title.toLowerCase().replace(/\s+/g, "-"), price });
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
    }),
  );
  for (let i = 0; i < 40; i++) {
    const customer = random(100) < 15 ? null : customers[random(customers.length)];
    const lines = Array.from({ length: 1 + random(3) }, () => ({ variantId: store.state.products[random(PRODUCTS.length)].variantId, quantity: 1 + random(2) }));
    const createdAt = new Date(now.getTime() - (120 - i * 3) * DAY - random(DAY));
    const order = placeOrder(store, sender, { customerId: customer?.id ?? null, cart: lines, codes: [], createdAt });
    if (i % 11 === 5) refund(store, sender, order, { [order.lines[0].id]: 1 });
    if (i % 17 === 8) cancel(store, sender, order);
  }
  store.save();
}
