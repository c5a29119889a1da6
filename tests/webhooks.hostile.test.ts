// Hostile and broken deliveries to the built server: each gets a 4xx or a harmless 200,
// changes no points, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { startBuiltServer, type RunningServer } from "./support/server";
import { hostileDeliveries, hostileRequest } from "./support/hostile-deliveries";
import { deliverHttp, fixture, inboxDrained } from "./support/webhooks";

const { db, url: databaseUrl } = freshDatabase();
const SHOP = "klub-demo.myshopify.com";
let server: RunningServer;

beforeAll(async () => {
  await installTestShop(db, SHOP);
  server = await startBuiltServer(databaseUrl);
});
afterAll(async () => {
  await server?.stop();
  await db.$disconnect();
});

const paid = () => fixture("orders-paid");
const cases = hostileDeliveries(SHOP);

async function pointsState() {
  const [entries, balances] = await Promise.all([db.ledgerEntry.count(), db.member.aggregate({ _sum: { balance: true, pendingPoints: true } })]);
  return { entries, balance: balances._sum.balance ?? 0, pending: balances._sum.pendingPoints ?? 0, members: await db.member.count() };
}

describe(`${cases.length} hostile deliveries`, () => {

  it.each(cases)("$name: answers $status and changes no points", async (c) => {
    const before = await pointsState();
    const response = await fetch(hostileRequest(c, server.url));
    expect([c.status].flat()).toContain(response.status);
    if (response.status >= 400) expect((await response.text()).length, "a 4xx says what was wrong").toBeGreaterThan(0);
    await inboxDrained(db);
    expect(await pointsState()).toEqual(before);
  });

  it("keeps serving: a good delivery afterwards earns its points", async () => {
    const response = await deliverHttp(server.url, "orders/paid", paid());
    expect(response.status).toBe(200);
    await inboxDrained(db);
    expect(await db.webhookDelivery.findMany({ where: { shopDomain: SHOP, status: { not: "done" } }, select: { topic: true, status: true, lastError: true } })).toEqual([]);
    const member = await db.member.findFirstOrThrow({ where: { customerId: "7412345678901" } });
    expect(member.balance).toBe(121);
    expect(server.process.exitCode).toBeNull();
  });
});
