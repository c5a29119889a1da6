// Customers as Shopify reports them (app/loyalty/customers.server.ts): enrolment's date, and
// details kept in step for this customer of this shop only.
import { afterAll, expect, it } from "vitest";
import { enrolNewCustomer, updateCustomerDetails } from "../app/loyalty/customers.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const now = new Date("2026-06-15T12:00:00Z");

it("dates an enrolment by the customer's creation, never after now", async () => {
  const shop = await installTestShop(db, "customers-dates.myshopify.com");
  await db.shop.update({ where: { id: shop.id }, data: { programEnabled: true } });
  const earlier = await enrolNewCustomer(db, shop.id, { customerId: "1", createdAt: new Date(now.getTime() - 3_600_000) }, now);
  const future = await enrolNewCustomer(db, shop.id, { customerId: "2", createdAt: new Date(now.getTime() + 86_400_000) }, now);
  expect([earlier?.enrolledAt, future?.enrolledAt]).toEqual([new Date(now.getTime() - 3_600_000), now]);
});

it("keeps one customer's details in step, and no other member's", async () => {
  const shop = await installTestShop(db, "customers-details.myshopify.com");
  const other = await installTestShop(db, "customers-details-other.myshopify.com");
  for (const shopId of [shop.id, other.id]) {
    await db.shop.update({ where: { id: shopId }, data: { programEnabled: true } });
    for (const customerId of ["1", "2"]) await enrolNewCustomer(db, shopId, { customerId, email: `old-${customerId}@example.com` }, now);
  }
  expect(await updateCustomerDetails(db, shop.id, { customerId: "1", email: "new@example.com", firstName: "Ewa" })).toBe(true);
  const emails = await db.member.findMany({ orderBy: [{ shopId: "asc" }, { customerId: "asc" }], select: { shopId: true, customerId: true, email: true } });
  expect(emails.filter((m) => m.email === "new@example.com")).toEqual([{ shopId: shop.id, customerId: "1", email: "new@example.com" }]);
  expect(await updateCustomerDetails(db, shop.id, { customerId: "9", email: "nobody@example.com" })).toBe(false);
});

it("keeps the names as Shopify sends them, and the birthday unless the update carries one", async () => {
  const shop = await installTestShop(db, "customers-birthday.myshopify.com");
  await enrolNewCustomer(db, shop.id, { customerId: "1", email: "ewa@example.com", firstName: "Ewa", lastName: "Nowak", birthday: "1990-05-17" }, now);
  const member = () => db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: "1" } } });
  // Shopify's customer webhooks carry no birthday (the owner or an import sets it): the one Klub has stays.
  await updateCustomerDetails(db, shop.id, { customerId: "1", email: "ewa@example.com", firstName: "Eva", lastName: "Nowak" });
  expect(await member()).toMatchObject({ firstName: "Eva", lastName: "Nowak", birthday: "1990-05-17" });
  await updateCustomerDetails(db, shop.id, { customerId: "1", email: "ewa@example.com", firstName: "Eva", lastName: null, birthday: "1990-05-18" });
  expect(await member()).toMatchObject({ firstName: "Eva", lastName: null, birthday: "1990-05-18" });
  await updateCustomerDetails(db, shop.id, { customerId: "1", email: "ewa@example.com", birthday: null });
  expect(await member()).toMatchObject({ firstName: null, birthday: null });
});
