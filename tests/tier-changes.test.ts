// What a member's move between tiers tells: Flow's tierChanged trigger (the tier, the one before,
// whether it was a promotion) and the "tier reached" email, for promotions only.
import { expect, it } from "vitest";
import { clawback, credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { FLOW_TRIGGER } from "../app/loyalty/outbox.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();

it("tells Flow of every move with the tier before and whether it was up, and emails only promotions", async () => {
  const shop = await installTestShop(db, "tier-moves.myshopify.com");
  const now = new Date("2026-11-10T12:00:00Z");
  await db.flowTriggerUse.create({ data: { shopId: shop.id, handle: "klub-tier-changed", enabled: true, updatedAt: now } });
  await db.mailServer.create({ data: { shopId: shop.id, host: "127.0.0.1", port: 2525, security: "none", fromAddress: "club@example.com" } });
  await db.emailTemplate.create({ data: { shopId: shop.id, type: "tierReached", enabled: true } });
  await db.tier.create({ data: { shopId: shop.id, name: "Silver", threshold: 200 } });
  await db.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 500, multiplierPercent: 150 } });
  const member = await ensureMember(db, shop.id, { customerId: "5" }, now); // no tier yet
  const base = { shopId: shop.id, memberId: member.id, orderId: "o1", reason: { code: "order" as const, params: { order: "#1" } } };
  await credit(db, { ...base, kind: "earn", key: "order:o1:paid:earn", points: 600, now: new Date(now.getTime() + 1000) }); // straight to Gold
  await clawback(db, { ...base, kind: "clawback", key: "refund:r1:take", points: 300, allowNegativeBalance: false, now: new Date(now.getTime() + 2000) }); // down to Silver, never reached before

  const triggers = (await db.outboxMessage.findMany({ where: { shopId: shop.id, kind: FLOW_TRIGGER }, orderBy: { id: "asc" } })).map((m) => JSON.parse(m.payload));
  expect(triggers.filter((t) => t.trigger === "tierChanged")).toEqual([
    { trigger: "tierChanged", customerId: "5", fields: { tier: "Gold", previousTier: "", promoted: true } },
    { trigger: "tierChanged", customerId: "5", fields: { tier: "Silver", previousTier: "Gold", promoted: false } },
  ]);
  const emails = await db.emailDelivery.findMany({ where: { shopId: shop.id, type: "tierReached" }, orderBy: { id: "asc" } });
  expect(emails.map((e) => JSON.parse(e.facts))).toEqual([{ tier: "Gold", multiplierPercent: 150 }]);
});
