// A customer's redaction reaches the webhook deliveries not yet applied: what Shopify said of them
// (email, names, birthday) is taken out of the stored events, and only of them, in their shop.
import { expect, it } from "vitest";
import { redactCustomer } from "../app/loyalty/privacy.server";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";

const { db } = freshDatabase();

const update = (customerId: string) => ({ kind: "customer_updated", customer: { customerId, email: `c${customerId}@example.com`, firstName: "Ada", lastName: "Nowak", birthday: "1990-05-17" } });
const stored = async (webhookId: string) => JSON.parse((await db.webhookDelivery.findFirstOrThrow({ where: { webhookId } })).event) as ReturnType<typeof update>;

it("takes the customer's personal data out of the shop's deliveries not yet applied, and nobody else's", async () => {
  const shop = await installTestShop(db, "redact-inbox.myshopify.com");
  const other = await installTestShop(db, "redact-inbox-other.myshopify.com");
  const deliveries = [
    { webhookId: "theirs", shopDomain: shop.domain, event: update("77") },
    { webhookId: "someone-else", shopDomain: shop.domain, event: update("78") },
    { webhookId: "other-shop", shopDomain: other.domain, event: update("77") },
  ];
  for (const d of deliveries) await db.webhookDelivery.create({ data: { shopDomain: d.shopDomain, webhookId: d.webhookId, topic: "customers/update", event: JSON.stringify(d.event) } });

  await redactCustomer(db, shop.id, "77");

  expect(await stored("theirs")).toEqual({ kind: "customer_updated", customer: { customerId: "77", email: null, firstName: null, lastName: null, birthday: null } });
  expect(await stored("someone-else")).toEqual(update("78"));
  expect(await stored("other-shop")).toEqual(update("77"));
  expect(await db.webhookDelivery.count({ where: { status: "pending" } })).toBe(3); // the rows stay: their ids still catch Shopify's retries
});
