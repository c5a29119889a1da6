// Member metafields reach Shopify after the ledger commits: coalesced, batched within
// metafieldsSet's limit, retried with backoff, and kept in the database across a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../app/db.server";
import { credit, debit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { COLLECTIONS_LOOKUP, enqueue, enqueueCollectionsLookup, enqueueWidgetSync, WIDGET_SYNC } from "../app/loyalty/outbox.server";
import { REWARD_ISSUE } from "../app/loyalty/grants.server";
import { backoffMs, drainMessages, drainOutbox } from "../app/shopify/outbox-worker.server";
import { freshDatabase } from "./support/database";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api";

const { db, url } = freshDatabase();
let api: FakeAdminApi;
let seq = 0;

beforeAll(async () => {
  api = await startFakeAdminApi();
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

const metafield = (customerId: string, key: string) => api.metafields.get(`gid://shopify/Customer/${customerId} $app:klub.${key}`);

async function shopWithMembers(count: number) {
  const shop = await installTestShop(db, `outbox-${++seq}.myshopify.com`);
  const members = [];
  for (let i = 0; i < count; i++) members.push(await ensureMember(db, shop.id, { customerId: `${seq}00${i}` }));
  return { shop, members };
}

describe("member metafields", () => {
  it("coalesces changes per member and sends them in calls of at most 25 metafields", async () => {
    const { shop, members } = await shopWithMembers(20);
    const silver = await db.tier.create({ data: { shopId: shop.id, name: "Silver", threshold: 250 } });
    for (const [i, member] of members.entries()) {
      await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: `a:${member.id}`, points: 100 + i * 10, reason: { code: "manual", params: { note: "x" } } });
      await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: `b:${member.id}`, points: 100, reason: { code: "manual", params: { note: "x" } }, availableAt: new Date(Date.now() + 86_400_000) });
      await debit(db, { shopId: shop.id, memberId: member.id, kind: "redeem", key: `c:${member.id}`, points: 50, reason: { code: "manual", params: { note: "x" } } });
    }
    expect(await db.outboxMessage.count({ where: { shopId: shop.id } })).toBe(20);
    api.calls.length = 0;
    const result = await drainOutbox(db, api.adminFor);
    // Room for 4 members a call (up to 6 metafields each); these have no points expiring: 5 each.
    expect(result).toEqual({ sent: 20, failed: 0, calls: 5, dropped: 0 });
    expect(api.calls.map((c) => c.metafields)).toEqual([20, 20, 20, 20, 20]);
    for (const [i, member] of members.entries()) {
      expect(metafield(member.customerId, "points")).toBe(String(100 + i * 10 - 50));
      expect(metafield(member.customerId, "pending_points")).toBe("100");
      expect(metafield(member.customerId, "tier")).toBe(100 + i * 10 + 100 >= 250 ? silver.name : "-");
      expect(metafield(member.customerId, "referral_code")).toBe((await db.member.findUniqueOrThrow({ where: { id: member.id } })).referralCode);
      expect(metafield(member.customerId, "points_expiring")).toBe("0");
      expect(metafield(member.customerId, "points_expire_on")).toBeUndefined();
    }
    expect(await db.outboxMessage.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("publishes the points that expire next and their day, for segments such as points expiring this month", async () => {
    const { shop, members } = await shopWithMembers(2);
    await db.programSettings.update({ where: { shopId: shop.id }, data: { expiryMode: "lot", expiryMonths: 12 } });
    const [soon, later] = members;
    const lot = (member: (typeof members)[number], key: string, points: number, expiresAt: string) =>
      credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: `${key}:${member.id}`, points, reason: { code: "signup" }, expiresAt: new Date(expiresAt) });
    await lot(soon, "a", 30, "2099-01-15T10:00:00Z");
    await lot(soon, "b", 20, "2099-01-15T18:00:00Z");
    await lot(soon, "c", 70, "2099-03-01T00:00:00Z");
    // Spent first from the soonest lot: 40 of the 50 due on 15 January are gone.
    await debit(db, { shopId: shop.id, memberId: soon.id, kind: "redeem", key: `spend:${soon.id}`, points: 40, reason: { code: "manual", params: { note: "x" } } });
    await lot(later, "a", 10, "2099-06-30T00:00:00Z");
    await drainOutbox(db, api.adminFor);
    expect([metafield(soon.customerId, "points_expiring"), metafield(soon.customerId, "points_expire_on")]).toEqual(["10", "2099-01-15"]);
    expect([metafield(later.customerId, "points_expiring"), metafield(later.customerId, "points_expire_on")]).toEqual(["10", "2099-06-30"]);
  });

  it("sends the rest of a batch when a customer is not in Shopify, and drops that one's message", async () => {
    const { shop, members } = await shopWithMembers(3);
    for (const member of members) await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: `m:${member.id}`, points: 10, reason: { code: "manual", params: { note: "x" } } });
    api.missingOwners.add(`gid://shopify/Customer/${members[1].customerId}`);
    api.calls.length = 0;
    expect(await drainOutbox(db, api.adminFor)).toEqual({ sent: 2, failed: 0, calls: 2, dropped: 1 });
    expect(metafield(members[0].customerId, "points")).toBe("10");
    expect(metafield(members[2].customerId, "points")).toBe("10");
    expect(metafield(members[1].customerId, "points")).toBeUndefined();
    expect(await db.outboxMessage.count({ where: { shopId: shop.id } })).toBe(0);
    api.missingOwners.clear();
  });

  it("keeps failed messages and retries them with backoff, on HTTP errors and on userErrors", async () => {
    const { shop, members } = await shopWithMembers(1);
    await credit(db, { shopId: shop.id, memberId: members[0].id, kind: "earn", key: "f:1", points: 70, reason: { code: "manual", params: { note: "x" } } });
    const t0 = new Date();
    api.failNext(1, "http_500");
    expect(await drainOutbox(db, api.adminFor, t0)).toMatchObject({ sent: 0, failed: 1 });
    const kept = await db.outboxMessage.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(kept).toMatchObject({ attempts: 1 });
    expect(kept.lastError).toContain("500");
    expect(kept.nextAttemptAt.getTime()).toBe(t0.getTime() + backoffMs(1));
    // Not due yet: nothing is sent.
    expect(await drainOutbox(db, api.adminFor, new Date(t0.getTime() + backoffMs(1) - 1))).toMatchObject({ sent: 0, failed: 0 });
    api.failNext(1, "user_errors");
    const t1 = new Date(t0.getTime() + backoffMs(1));
    expect(await drainOutbox(db, api.adminFor, t1)).toMatchObject({ sent: 0, failed: 1 });
    const again = await db.outboxMessage.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(again.attempts).toBe(2);
    expect(again.nextAttemptAt.getTime()).toBe(t1.getTime() + backoffMs(2));
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1));
    expect(await drainOutbox(db, api.adminFor, new Date(t1.getTime() + backoffMs(2)))).toMatchObject({ sent: 1, failed: 0 });
    expect(metafield(members[0].customerId, "points")).toBe("70");
  });

  it("does not lose a change made while its message was being sent", async () => {
    const { shop, members } = await shopWithMembers(1);
    const member = members[0];
    await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: "r:1", points: 10, reason: { code: "manual", params: { note: "x" } } });
    const racing = async (shopDomain: string) => {
      const send = await api.adminFor(shopDomain);
      return async (query: string, variables: Record<string, unknown>) => {
        const body = await send(query, variables); // Shopify has the old value...
        await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: "r:2", points: 5, reason: { code: "manual", params: { note: "x" } } }); // ...as points change
        return body;
      };
    };
    await drainOutbox(db, racing);
    expect(metafield(member.customerId, "points")).toBe("10");
    expect(await db.outboxMessage.count({ where: { shopId: shop.id } })).toBe(1);
    await drainOutbox(db, api.adminFor);
    expect(metafield(member.customerId, "points")).toBe("15");
  });

  it("survives a restart: what was queued is sent by the next process", async () => {
    const { shop, members } = await shopWithMembers(3);
    for (const member of members) {
      await credit(db, { shopId: shop.id, memberId: member.id, kind: "earn", key: `s:${member.id}`, points: 33, reason: { code: "manual", params: { note: "x" } } });
    }
    const nextProcess = createDb(url); // a new client, as after a restart
    try {
      expect(await drainOutbox(nextProcess, api.adminFor)).toMatchObject({ sent: 3, failed: 0 });
    } finally {
      await nextProcess.$disconnect();
    }
    for (const member of members) expect(metafield(member.customerId, "points")).toBe("33");
  });

  it("never sends a redacted member's data", async () => {
    const { shop, members } = await shopWithMembers(1);
    await credit(db, { shopId: shop.id, memberId: members[0].id, kind: "earn", key: "p:1", points: 9, reason: { code: "manual", params: { note: "x" } } });
    await db.member.update({ where: { id: members[0].id }, data: { redactedAt: new Date() } });
    api.calls.length = 0;
    expect(await drainOutbox(db, api.adminFor)).toMatchObject({ sent: 1, calls: 0 });
    expect(metafield(members[0].customerId, "points")).toBeUndefined();
  });
});

describe("messages carried out one at a time (widget, collections lookup, reward issue)", () => {
  it("keeps a message that changed while it was carried out, and carries out the newer change next", async () => {
    const shop = await installTestShop(db, `outbox-${++seq}.myshopify.com`);
    await db.outboxMessage.deleteMany({ where: { shopId: shop.id } }); // the install's own widget publish
    const now = new Date(Date.now() + 1000);
    for (const [kind, enqueueChange] of [
      [WIDGET_SYNC, () => enqueueWidgetSync(db, shop.id, now)],
      [COLLECTIONS_LOOKUP, () => enqueueCollectionsLookup(db, shop.id, now)],
      [REWARD_ISSUE, () => enqueue(db, { shopId: shop.id, kind: REWARD_ISSUE, dedupeKey: "redemption:r-9", payload: { redemptionId: "r-9" }, now })],
    ] as const) {
      await enqueueChange();
      const seen: number[] = [];
      // The owner saves again while the first change is on its way to Shopify.
      expect(await drainMessages(db, kind, now, async (message) => {
        seen.push(message.version);
        if (seen.length === 1) await enqueueChange();
      })).toBe(1);
      const kept = await db.outboxMessage.findFirstOrThrow({ where: { shopId: shop.id, kind } });
      expect(kept.version, kind).toBe(1);
      expect(await drainMessages(db, kind, now, async (message) => void seen.push(message.version))).toBe(1);
      expect(seen, kind).toEqual([0, 1]);
      expect(await db.outboxMessage.count({ where: { shopId: shop.id, kind } }), kind).toBe(0);
    }
  });
});
