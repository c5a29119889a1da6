// The activity log names the members an entry is about as the owner knows them now: their name,
// else their email, else Klub's id for them; a member of another shop is not named.
import { afterAll, expect, it } from "vitest";
import { listActivity, logActivity } from "../app/loyalty/activity.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

it("names a member by their name, else their email, else their id, and only in their own shop", async () => {
  const shop = await installTestShop(db, "activity-names.myshopify.com");
  const other = await installTestShop(db, "activity-names-other.myshopify.com");
  const named = await db.member.create({ data: { shopId: shop.id, customerId: "1", firstName: "Ewa", lastName: "Nowak", email: "ewa@example.com" } });
  const onlyFirst = await db.member.create({ data: { shopId: shop.id, customerId: "2", firstName: "Olga", email: "olga@example.com" } });
  const emailOnly = await db.member.create({ data: { shopId: shop.id, customerId: "3", email: "anon@example.com" } });
  const nameless = await db.member.create({ data: { shopId: shop.id, customerId: "4" } });
  const elsewhere = await db.member.create({ data: { shopId: other.id, customerId: "5", firstName: "Piotr" } });
  for (const member of [named, onlyFirst, emailOnly, nameless, elsewhere]) {
    await logActivity(db, { shopId: shop.id, actor: "staff:1", action: "member.adjusted", after: { memberId: member.id, points: 10, reason: "Thanks" } });
  }
  const { entries } = await listActivity(db, shop.id);
  expect(entries.map((e) => e.subject).reverse()).toEqual([{ text: "Ewa Nowak" }, { text: "Olga" }, { text: "anon@example.com" }, { text: nameless.id }, { gone: true }]);
});
