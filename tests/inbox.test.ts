// The inbox worker applies each accepted delivery once; one that fails is retried with backoff and
// set aside after MAX_ATTEMPTS, without holding up the others.
import { expect, it } from "vitest";
import { backoffMs } from "../app/loyalty/backoff";
import { MAX_ATTEMPTS, processInbox } from "../app/loyalty/inbox.server";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";

const { db } = freshDatabase();

it("retries a failing delivery with growing waits, sets it aside at the limit, and applies the rest", async () => {
  const shop = await installTestShop(db, "inbox.myshopify.com");
  const good = { kind: "customer_created", customer: { customerId: "77", email: "a@example.com" } };
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "bad", topic: "customers/create", event: JSON.stringify({ kind: "customer_created", customer: { id: 1 } }) } });
  await db.webhookDelivery.create({ data: { shopDomain: shop.domain, webhookId: "good", topic: "customers/create", event: JSON.stringify(good) } });

  let now = new Date(Date.now() + 1000);
  expect(await processInbox(db, now)).toEqual({ applied: 1, failed: 1 });
  expect(await db.member.count({ where: { shopId: shop.id, customerId: "77" } })).toBe(1);
  let bad = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "bad" } });
  expect(bad).toMatchObject({ status: "pending", attempts: 1 });
  expect(bad.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));
  expect(bad.lastError).toContain("customerId");

  expect(await processInbox(db, new Date(now.getTime() + backoffMs(1) - 1))).toEqual({ applied: 0, failed: 0 }); // not due yet
  for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
    now = bad.nextAttemptAt;
    expect(await processInbox(db, now)).toEqual({ applied: 0, failed: 1 });
    bad = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "bad" } });
    expect(bad.attempts).toBe(attempt);
  }
  expect(bad.status).toBe("failed");
  expect(await processInbox(db, new Date(now.getTime() + 10 * 86_400_000))).toEqual({ applied: 0, failed: 0 });
  expect((await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: "good" } })).status).toBe("done");
});
