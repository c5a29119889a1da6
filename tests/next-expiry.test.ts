// When a member's next points expire (app/loyalty/next-expiry.server.ts), as Shopify's customer
// metafields and the reminders show it.
import { afterAll, expect, it } from "vitest";
import { credit, debit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { nextExpiries, soonestPerMember } from "../app/loyalty/next-expiry.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const now = new Date("2026-06-15T12:00:00Z");
const at = (iso: string) => new Date(iso);
let seq = 0;

it("is the soonest day a spendable lot expires, with all the points expiring that day", async () => {
  const shopId = (await installTestShop(db, "next-expiry.myshopify.com")).id;
  const member = async () => (await ensureMember(db, shopId, { customerId: String(++seq) })).id;
  const earn = (memberId: string, points: number, expiresAt: Date, more: { availableAt?: Date } = {}) =>
    credit(db, { shopId, memberId, kind: "earn", key: `earn:${++seq}`, points, reason: { code: "manual", params: { note: "test" } }, now, expiresAt, ...more });
  const [a, b, spent, none] = [await member(), await member(), await member(), await member()];
  await earn(a, 10, at("2026-07-01T23:00:00Z"));
  await earn(a, 5, at("2026-07-01T01:00:00Z")); // the same day, earlier
  await earn(a, 100, at("2026-07-02T00:00:00Z")); // the next day
  await earn(a, 40, at("2026-06-30T00:00:00Z"), { availableAt: at("2026-06-20T00:00:00Z") }); // still pending
  await earn(a, 70, at("2026-06-15T12:00:00Z")); // expires at this very instant: already due, not next
  await earn(b, 10, at("2026-09-01T00:00:00Z")); // recorded first, with fewer points, and expiring later
  await earn(b, 30, at("2026-08-01T00:00:00Z"));
  await earn(spent, 20, at("2026-06-20T00:00:00Z"));
  await earn(spent, 20, at("2026-08-20T00:00:00Z"));
  await debit(db, { shopId, memberId: spent, kind: "redeem", key: "spend", points: 20, reason: { code: "manual", params: { note: "test" } }, now }); // the sooner lot is used up

  const members = [a, b, spent, none].map((id) => ({ id, balance: 1, lastActivityAt: now }));
  const lotMode = await nextExpiries(db, { expiryMode: "lot", expiryMonths: 12 }, members, now);
  expect(Object.fromEntries(lotMode)).toEqual({
    [a]: { points: 15, at: at("2026-07-01T01:00:00Z") },
    [b]: { points: 30, at: at("2026-08-01T00:00:00Z") },
    [spent]: { points: 20, at: at("2026-08-20T00:00:00Z") },
  });
  expect(await nextExpiries(db, { expiryMode: "lot", expiryMonths: 12 }, [members[1]], now)).toEqual(new Map([[b, { points: 30, at: at("2026-08-01T00:00:00Z") }]]));
  expect(await nextExpiries(db, { expiryMode: "lot", expiryMonths: 12 }, [], now)).toEqual(new Map());
  expect(await nextExpiries(db, { expiryMode: "none", expiryMonths: 12 }, members, now)).toEqual(new Map());
});

it("is the whole balance, the set months after the member's last activity, in inactivity mode", async () => {
  const lastActivityAt = at("2026-01-31T10:00:00Z");
  const members = [
    { id: "active", balance: 250, lastActivityAt },
    { id: "empty", balance: 0, lastActivityAt },
    { id: "in-debt", balance: -5, lastActivityAt },
  ];
  expect(await nextExpiries(db, { expiryMode: "inactivity", expiryMonths: 6 }, members, now)).toEqual(
    new Map([["active", { points: 250, at: at("2026-07-31T10:00:00Z") }]]),
  );
});

it("passes over lots that never expire", () => {
  const lots = [
    { memberId: "m", expiresAt: null, remaining: 50 },
    { memberId: "m", expiresAt: at("2026-07-01T00:00:00Z"), remaining: 5 },
  ];
  expect(soonestPerMember(lots)).toEqual(new Map([["m", { points: 5, at: at("2026-07-01T00:00:00Z") }]]));
});
