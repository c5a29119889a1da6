// A member's one-click unsubscribe: no more of the program's emails to them, now or queued, and
// nobody else's changed.
import { expect, it } from "vitest";
import { unsubscribe } from "../app/loyalty/notices.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();

it("skips the member's pending emails once, leaves sent ones and other members' alone, and is refused for another shop", async () => {
  const shop = await installTestShop(db, "unsubscribe.myshopify.com");
  const other = await installTestShop(db, "other-unsubscribe.myshopify.com");
  const [ada, bob] = await Promise.all(["1", "2"].map((customerId) => db.member.create({ data: { shopId: shop.id, customerId, email: `${customerId}@example.com` } })));
  const delivery = (memberId: string, eventKey: string, status: string) =>
    db.emailDelivery.create({ data: { shopId: shop.id, memberId, type: "pointsEarned", eventKey, facts: "{}", status } });
  await delivery(ada.id, "a-pending", "pending");
  await delivery(ada.id, "a-sent", "sent");
  await delivery(bob.id, "b-pending", "pending");
  const now = new Date("2026-12-02T10:00:00Z");

  expect(await unsubscribe(db, other.id, ada.id, now)).toBe(false); // not this shop's member
  expect(await db.member.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ emailUnsubscribedAt: null });

  expect(await unsubscribe(db, shop.id, ada.id, now)).toBe(true);
  expect(await db.member.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ emailUnsubscribedAt: now });
  const deliveries = await db.emailDelivery.findMany({ where: { shopId: shop.id }, select: { eventKey: true, status: true, note: true }, orderBy: { eventKey: "asc" } });
  expect(deliveries).toEqual([
    { eventKey: "a-pending", status: "skipped", note: "unsubscribed" },
    { eventKey: "a-sent", status: "sent", note: null },
    { eventKey: "b-pending", status: "pending", note: null },
  ]);

  // Again: already unsubscribed (the first date is kept).
  expect(await unsubscribe(db, shop.id, ada.id, new Date("2026-12-03T10:00:00Z"))).toBe(false);
  expect(await db.member.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ emailUnsubscribedAt: now });
});
