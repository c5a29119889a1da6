// Property: any sequence of earn, spend, clawback, expire, adjust and release, with random
// replays of keys already posted, keeps the ledger sound after every single step.
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { releaseDuePending } from "../app/loyalty/expiry.server";
import { clawback, credit, debit, expireLot, InsufficientPoints, type Posted } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { propertyRuns } from "./support/property-runs";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const member = fc.integer({ min: 0, max: 1 });
const points = fc.integer({ min: 1, max: 400 });
const step = fc.oneof(
  fc.record({ op: fc.constant("earn" as const), member, points, pendingDays: fc.constantFrom(0, 0, 3), expiresInDays: fc.constantFrom(null, null, 20, 40), earnedDaysAgo: fc.constantFrom(0, 0, 5, 30) }),
  fc.record({ op: fc.constant("spend" as const), member, points: fc.integer({ min: 1, max: 250 }) }),
  fc.record({ op: fc.constant("clawback" as const), member, points, order: fc.nat(), allowNegative: fc.boolean() }),
  fc.record({ op: fc.constant("expire" as const), member, lot: fc.nat() }),
  fc.record({ op: fc.constant("adjust" as const), member, points, negative: fc.boolean() }),
  fc.record({ op: fc.constant("release" as const) }),
  fc.record({ op: fc.constant("replay" as const), pick: fc.nat() }),
);

type Step = fc.Arbitrary<typeof step extends fc.Arbitrary<infer T> ? T : never>;
type Posting = () => Promise<Posted>;

async function snapshot(shopId: string) {
  const [members, entries, lots] = await Promise.all([
    db.member.findMany({ where: { shopId }, orderBy: { id: "asc" }, select: { balance: true, pendingPoints: true, lifetimePoints: true, tierProgress: true } }),
    db.ledgerEntry.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db.pointLot.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
  ]);
  return { members, entries, lots };
}

let run = 0;

type Lot = Awaited<ReturnType<typeof lotsOf>>[number];
const lotsOf = (memberId: string) => db.pointLot.findMany({ where: { memberId }, orderBy: { id: "asc" } });

/**
 * Which lots a spend or clawback used: the clawed-back order's own lots first (all of them before
 * any other), then spendable lots soonest-expiring first, never-expiring last, and among equal
 * expiry the earliest earned first (business time; recorded first when earned together): what was
 * taken is a prefix of that order.
 */
function expectConsumedInOrder(before: Lot[], after: Lot[], orderId?: string) {
  const taken = new Map(before.map((lot, i) => [lot.id, lot.remaining - after[i].remaining]));
  const remainingAfter = new Map(after.map((lot) => [lot.id, lot.remaining]));
  const own = before.filter((lot) => orderId !== undefined && lot.orderId === orderId && lot.remaining > 0);
  const others = before
    .filter((lot) => !own.includes(lot) && !lot.pending && lot.remaining > 0)
    .sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) || a.earnedAt.getTime() - b.earnedAt.getTime() || a.id - b.id);
  if (others.some((lot) => taken.get(lot.id)! > 0)) {
    expect(own.map((lot) => remainingAfter.get(lot.id)), "the order's own lots go first").toEqual(own.map(() => 0));
  }
  const lastTouched = others.findLastIndex((lot) => taken.get(lot.id)! > 0);
  expect(others.slice(0, Math.max(0, lastTouched)).map((lot) => remainingAfter.get(lot.id)), "earlier lots are used up first").toEqual(others.slice(0, Math.max(0, lastTouched)).map(() => 0));
  expect(others.slice(lastTouched + 1).map((lot) => taken.get(lot.id)), "later lots are untouched").toEqual(others.slice(lastTouched + 1).map(() => 0));
  const untouchedElsewhere = before.filter((lot) => !own.includes(lot) && !others.includes(lot));
  expect(untouchedElsewhere.map((lot) => taken.get(lot.id)), "pending lots of other orders are never spent").toEqual(untouchedElsewhere.map(() => 0));
}

it("keeps balance = sum of entries, never overspends, keeps lots in range, and makes replays no-ops", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step as unknown as Step, { minLength: 5, maxLength: 40, size: "medium" }), async (steps) => {
      const shopId = (await installTestShop(db, `prop-${++run}.myshopify.com`)).id;
      const members = [
        (await ensureMember(db, shopId, { customerId: "1" })).id,
        (await ensureMember(db, shopId, { customerId: "2" })).id,
      ];
      const posted: { post: Posting; first: Posted }[] = [];
      const earnedOrders: { memberId: string; orderId: string }[] = [];
      let day = 0;
      let seq = 0;
      const now = () => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);

      const remember = async (post: Posting) => {
        const first = await post();
        expect(first.replayed).toBe(false);
        posted.push({ post, first });
      };

      for (const s of steps) {
        day++;
        const key = `k:${++seq}`;
        const at = now();
        switch (s.op) {
          case "earn": {
            const memberId = members[s.member];
            const orderId = `o${seq}`;
            earnedOrders.push({ memberId, orderId });
            const availableAt = new Date(at.getTime() + s.pendingDays * 86_400_000);
            const expiresAt = s.expiresInDays === null ? null : new Date(at.getTime() + s.expiresInDays * 86_400_000);
            // An order placed days before Klub records it (a late delivery): earned earlier than lots recorded before it.
            const occurredAt = new Date(at.getTime() - s.earnedDaysAgo * 86_400_000);
            await remember(() => credit(db, { shopId, memberId, kind: "earn", key, points: s.points, orderId, reason: { code: "order", params: { order: orderId } }, now: at, occurredAt, availableAt, expiresAt }));
            break;
          }
          case "spend": {
            const memberId = members[s.member];
            const before = await db.member.findUniqueOrThrow({ where: { id: memberId } });
            const lotsBefore = await lotsOf(memberId);
            const refused = await remember(() => debit(db, { shopId, memberId, kind: "redeem", key, points: s.points, reason: { code: "manual", params: { note: "reward" } }, now: at })).then(
              () => null,
              (error: unknown) => error,
            );
            if (refused) {
              expect(refused).toBeInstanceOf(InsufficientPoints);
              expect(before.balance).toBeLessThan(s.points);
            } else {
              expect(before.balance).toBeGreaterThanOrEqual(s.points);
              expectConsumedInOrder(lotsBefore, await lotsOf(memberId));
            }
            break;
          }
          case "clawback": {
            const target = earnedOrders.length ? earnedOrders[s.order % earnedOrders.length] : { memberId: members[0], orderId: "none" };
            const lotsBefore = await lotsOf(target.memberId);
            await remember(() =>
              clawback(db, { shopId, memberId: target.memberId, kind: "clawback", key, orderId: target.orderId, points: s.points, reason: { code: "manual", params: { note: "refund" } }, allowNegativeBalance: s.allowNegative, now: at }),
            );
            expectConsumedInOrder(lotsBefore, await lotsOf(target.memberId), target.orderId);
            break;
          }
          case "expire": {
            const lots = await db.pointLot.findMany({ where: { memberId: members[s.member], pending: false, remaining: { gt: 0 } }, orderBy: { id: "asc" } });
            if (lots.length) await remember(() => expireLot(db, { shopId, lotId: lots[s.lot % lots.length].id, now: at }));
            break;
          }
          case "adjust": {
            const memberId = members[s.member];
            const before = await db.member.findUniqueOrThrow({ where: { id: memberId } });
            try {
              await remember(() =>
                s.negative
                  ? debit(db, { shopId, memberId, kind: "adjust", key, points: s.points, reason: { code: "manual", params: { note: "correction" } }, actor: "owner", now: at })
                  : credit(db, { shopId, memberId, kind: "adjust", key, points: s.points, reason: { code: "manual", params: { note: "correction" } }, actor: "owner", now: at }),
              );
              if (s.negative) expect(before.balance).toBeGreaterThanOrEqual(s.points);
            } catch (error) {
              // Only a debit can be refused, and only when the balance was short.
              expect(s.negative).toBe(true);
              expect(error).toBeInstanceOf(InsufficientPoints);
              expect(before.balance).toBeLessThan(s.points);
            }
            break;
          }
          case "release":
            await releaseDuePending(db, shopId, at);
            break;
          case "replay": {
            if (!posted.length) break;
            const { post, first } = posted[s.pick % posted.length];
            const before = await snapshot(shopId);
            const again = await post();
            expect(again).toEqual({ entry: first.entry, replayed: true });
            expect(await snapshot(shopId)).toEqual(before);
            break;
          }
        }
        for (const memberId of members) {
          expect(brokenInvariants(await memberState(db, memberId))).toEqual([]);
        }
        const overspent = await db.ledgerEntry.count({ where: { shopId, kind: "redeem", balanceAfter: { lt: 0 } } });
        expect(overspent).toBe(0);
      }
    }),
    { numRuns: propertyRuns(60) },
  );
  // The property really exercised the interesting paths.
  const kinds = await db.ledgerEntry.groupBy({ by: ["kind"], _count: true });
  expect(kinds.map((k) => k.kind).sort()).toEqual(["adjust", "clawback", "earn", "expire", "redeem"]);
  expect(await db.ledgerEntry.count({ where: { kind: "clawback", balanceAfter: { lt: 0 } } })).toBeGreaterThan(0);
});
