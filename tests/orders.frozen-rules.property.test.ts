// Property: random settings changes interleaved with order events (paid, refunds, repeats) never
// move a past order's points: each order holds, after every step, what its own frozen rules say
// of it and its refunds, whatever the shop's rules are now.
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import type { OrderEvent } from "../app/loyalty/events";
import { applyOrderEvent } from "../app/loyalty/orders.server";
import { pointsOrderShouldHold, type FrozenEarning, type OrderFacts, type RefundFacts } from "../app/loyalty/order-points";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { propertyRuns } from "./support/property-runs";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const step = fc.oneof(
  fc.record({ op: fc.constant("order" as const), prices: fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ op: fc.constant("refund" as const), order: fc.nat(), line: fc.nat(), amountOnly: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({
    op: fc.constant("settings" as const),
    earnPoints: fc.integer({ min: 0, max: 20 }),
    earnPerAmountMinor: fc.integer({ min: 1, max: 1000 }),
    subtractDiscounts: fc.boolean(),
    maxPointsPerOrder: fc.integer({ min: 1, max: 100_000 }),
    programEnabled: fc.boolean(),
  }),
  fc.record({ op: fc.constant("repeat" as const), order: fc.nat() }),
);

let run = 0;

it("never moves a past order's points when the shop's rules change", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 25 }), async (steps) => {
      const shop = await installTestShop(db, `frozen-${++run}.myshopify.com`);
      const orders: { paid: OrderEvent & { type: "paid" }; facts: OrderFacts; refunds: RefundFacts[] }[] = [];
      let seq = 0;
      for (const s of steps) {
        if (s.op === "settings") {
          const { programEnabled, ...settings } = s;
          await db.programSettings.update({ where: { shopId: shop.id }, data: { earnPoints: settings.earnPoints, earnPerAmountMinor: settings.earnPerAmountMinor, subtractDiscounts: settings.subtractDiscounts, maxPointsPerOrder: settings.maxPointsPerOrder } });
          await db.shop.update({ where: { id: shop.id }, data: { programEnabled } });
        } else if (s.op === "order") {
          const orderId = `${run}-${++seq}`;
          const lines = s.prices.map((price, i) => ({ lineItemId: `${orderId}-${i}`, productId: null, quantity: 1, unitPriceMinor: price, discountMinor: Math.floor(price / 10), taxMinor: 0, isGiftCard: false }));
          const subtotal = lines.reduce((sum, l) => sum + l.unitPriceMinor - l.discountMinor, 0);
          const facts: OrderFacts = { currency: "USD", lines, shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt: new Date(), subtotalMinor: subtotal };
          const paid = {
            type: "paid" as const,
            order: { orderId, name: `#${orderId}`, customer: { customerId: "1" }, currency: "USD", totalMinor: subtotal, subtotalMinor: subtotal, discountMinor: 0, discountCodes: [], facts, processedAt: new Date(), cancelledAt: null },
          };
          await applyOrderEvent(db, shop.id, paid);
          orders.push({ paid, facts, refunds: [] });
        } else if (orders.length) {
          const order = orders[s.order % orders.length];
          if (s.op === "repeat") {
            await applyOrderEvent(db, shop.id, order.paid);
          } else {
            const line = order.facts.lines[s.line % order.facts.lines.length];
            const refund: RefundFacts = s.amountOnly > 0 ? { lines: [], unallocatedMinor: s.amountOnly } : { lines: [{ lineItemId: line.lineItemId, quantity: 1, subtotalMinor: line.unitPriceMinor - line.discountMinor, taxMinor: 0 }], unallocatedMinor: 0 };
            const refundId = `${order.paid.order.orderId}-r${++seq}`;
            await applyOrderEvent(db, shop.id, { type: "refund", orderId: order.paid.order.orderId, refundId, currency: "USD", lines: refund.lines, unallocatedMinor: refund.unallocatedMinor, amountMinor: 0, refundedAt: new Date() });
            order.refunds.push(refund);
          }
        }
        // Every order holds what its frozen rules say, whatever the rules are now.
        for (const order of orders) {
          const summary = await db.orderSummary.findUniqueOrThrow({ where: { shopId_orderId: { shopId: shop.id, orderId: order.paid.order.orderId } } });
          const frozen: FrozenEarning = { ...JSON.parse(summary.earningRules!), multiplierPercents: JSON.parse(summary.multiplierPercents!) };
          const held = await db.ledgerEntry.aggregate({ where: { shopId: shop.id, orderId: order.paid.order.orderId }, _sum: { amount: true } });
          expect(held._sum.amount ?? 0).toBe(summary.memberId ? pointsOrderShouldHold(order.facts, order.refunds, frozen) : 0);
        }
      }
      const member = await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId: "1" } } });
      if (member) expect(brokenInvariants(await memberState(db, member.id))).toEqual([]);
    }),
    { numRuns: propertyRuns(40) },
  );
});
