// Exclusive offers for members in a real browser over the sandbox: the owner creates a Gold-only
// 10% offer in Klub's admin; Klub makes its segment and automatic discount on the sandbox's Shopify
// and tags its members' customers; a Gold member's checkout shows it and the order pays less, a
// Silver member's does not; a member who drops out of Gold (their big order refunded) no longer
// gets it. Screenshots go to test-results/e2e/.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { createCustomer, placeOrder, refund } from "../../sandbox/orders";
import type { Customer } from "../../sandbox/state";
import { describeNoRequestOffTheMachine, hydrated, shot, useAdminShop } from "../support/admin-shop";
import { settled, shopAs, until } from "../support/sandbox";

const HOODIE = 60;
let gina: Customer;
let sam: Customer;

const shop = useAdminShop("klub-member-offers-e2e-", async ({ sandbox, db }) => {
  const id = sandbox.store.nextId();
  sandbox.store.state.products.push({ id, variantId: id * 10, title: "Klub Hoodie", handle: "klub-hoodie", price: `${HOODIE}.00` });
  sandbox.store.save();
  gina = createCustomer(sandbox.store, sandbox.sender, { firstName: "Gina", lastName: "Gold", email: "gina.gold@example.com" });
  sam = createCustomer(sandbox.store, sandbox.sender, { firstName: "Sam", lastName: "Silver", email: "sam.silver@example.com" });
  await settled(sandbox, db);
  // Gold from 800 points, Silver from 300 (the demo ladder): 15 hoodies and 4.
  placeOrder(sandbox.store, sandbox.sender, { customerId: gina.id, cart: [{ variantId: id * 10, quantity: 15 }], codes: [] });
  placeOrder(sandbox.store, sandbox.sender, { customerId: sam.id, cart: [{ variantId: id * 10, quantity: 4 }], codes: [] });
  await settled(sandbox, db);
});

const tierOf = async (customer: Customer) => (await shop.db.member.findFirstOrThrow({ where: { customerId: String(customer.id) }, include: { tier: true } })).tier?.name;
const tagsOf = (customer: Customer) => shop.sandbox.store.customer(customer.id)?.tags ?? [];
/** Klub's outbox has carried everything to the sandbox's Shopify (tags, the offer). */
const outboxEmpty = () => until(() => shop.db.outboxMessage.count(), (n) => n === 0, "Klub's outbox to empty", 60_000);

/** Signed in as the customer, one hoodie in the cart, at checkout. */
async function checkoutAs(name: string): Promise<Page> {
  await shop.browser.context.clearCookies(); // no customer, cart or language left by another step
  const page = await shop.browser.context.newPage();
  await page.goto(`${shop.sandbox.sandboxUrl}/?locale=en`, { waitUntil: "load" });
  await shopAs(page, name);
  await page.goto(`${shop.sandbox.sandboxUrl}/products/klub-hoodie`, { waitUntil: "load" });
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByRole("link", { name: "Check out" }).click();
  await page.waitForURL(/\/checkout$/);
  return page;
}

it("the owner creates a Gold-only 10% offer, and Klub makes it on Shopify for Gold's segment", async () => {
  expect(await tierOf(gina)).toBe("Gold");
  expect(await tierOf(sam)).toBe("Silver");
  const { page, frame } = await shop.openAdmin("/offers");
  try {
    await frame.getByText("No offers yet", { exact: false }).waitFor();
    await (await hydrated(frame.getByLabel("Title shoppers see"))).fill("Gold members: 10% off");
    await frame.getByLabel("Discount", { exact: true }).selectOption("percentage");
    await frame.getByLabel("Percent off").fill("10");
    await frame.getByLabel("Who gets it").selectOption({ label: "Gold and above" });
    await frame.getByRole("button", { name: "Create offer" }).click();
    await page.getByRole("status").getByText("Offer created: it is being made on Shopify").waitFor({ timeout: 15_000 });
    // The page watches the offer until Shopify has it.
    await frame.getByText("Live", { exact: true }).waitFor({ timeout: 60_000 });
    await shot(page, "80-member-offer-live");
  } finally {
    await page.close();
  }
  const offer = await shop.db.memberOffer.findFirstOrThrow({ where: { shopId: shop.id } });
  const { segments, automaticDiscounts } = shop.sandbox.store.state;
  const discount = automaticDiscounts.find((d) => `gid://shopify/DiscountAutomaticNode/${d.id}` === offer.discountNodeId)!;
  expect(discount).toMatchObject({ title: "Gold members: 10% off", percentage: 0.1, active: true });
  expect(segments.find((s) => discount.segmentIds?.includes(s.id))?.query).toBe(`customer_tags CONTAINS 'klub-tier-${offer.tierId}'`);
  await outboxEmpty();
  expect(tagsOf(gina)).toEqual(expect.arrayContaining(["klub-member", `klub-tier-${offer.tierId}`]));
  expect(tagsOf(sam)).toContain("klub-member");
  expect(tagsOf(sam)).not.toContain(`klub-tier-${offer.tierId}`);
  const logged = await shop.db.activityLog.findFirstOrThrow({ where: { shopId: shop.id, action: "offer.created" } });
  expect(JSON.parse(logged.after!)).toMatchObject({ name: "Gold members: 10% off", percentage: 10 });
});

it("a Gold member's checkout shows the offer and the order pays less; a Silver member's does not", async () => {
  const page = await checkoutAs("Gina Gold");
  try {
    const line = page.getByTestId("checkout-automatic");
    await line.getByText("Gold members: 10% off").waitFor();
    expect(await line.textContent()).toContain("−$6.00");
    expect(await page.getByTestId("checkout-total").textContent()).toBe("$59.00"); // 60 - 6 + 5 shipping
    await shot(page, "81-member-offer-checkout-gold");
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.getByRole("heading", { name: "Thank you, Gina!" }).waitFor();
    expect(await page.getByTestId("order-total").textContent()).toBe("$59.00");
  } finally {
    await page.close();
  }
  const order = shop.sandbox.store.state.orders.filter((o) => o.customerId === gina.id).at(-1)!;
  expect(order.automaticDiscounts).toEqual([expect.objectContaining({ title: "Gold members: 10% off", amount: "6.00" })]);
  await settled(shop.sandbox, shop.db);
  // Klub read the order as Shopify sent it: the discount taken off what it earns on.
  const summary = await shop.db.orderSummary.findFirstOrThrow({ where: { orderId: String(order.id) } });
  expect(summary.discountMinor).toBe(600);

  const other = await checkoutAs("Sam Silver");
  try {
    await other.getByTestId("checkout-total").waitFor();
    expect(await other.getByTestId("checkout-automatic").count()).toBe(0);
    expect(await other.getByTestId("checkout-total").textContent()).toBe("$65.00");
    await shot(other, "82-member-offer-checkout-silver");
  } finally {
    await other.close();
  }
});

it("a member who drops out of Gold no longer gets it", async () => {
  const big = shop.sandbox.store.state.orders.find((o) => o.customerId === gina.id && o.lines[0].quantity === 15)!;
  refund(shop.sandbox.store, shop.sandbox.sender, big);
  await settled(shop.sandbox, shop.db);
  await until(() => tierOf(gina), (tier) => tier !== "Gold", "Gina to leave Gold");
  await outboxEmpty();
  const offer = await shop.db.memberOffer.findFirstOrThrow({ where: { shopId: shop.id } });
  expect(tagsOf(gina)).not.toContain(`klub-tier-${offer.tierId}`);
  const page = await checkoutAs("Gina Gold");
  try {
    await page.getByTestId("checkout-total").waitFor();
    expect(await page.getByTestId("checkout-automatic").count()).toBe(0);
    expect(await page.getByTestId("checkout-total").textContent()).toBe("$65.00");
    await shot(page, "83-member-offer-checkout-after-gold");
  } finally {
    await page.close();
  }
});

describeNoRequestOffTheMachine(shop);
