// Several stateless app instances on one PostgreSQL (decision 054): three built servers behind a
// round-robin balancer take a burst of 2,000 deliveries with Shopify's retries among them; one is
// killed with SIGKILL halfway; Shopify sends everything again. The balances come out exact, every
// delivery is applied, and each outbox message reaches Shopify (the stand-in) once: every points-
// earned Flow trigger once, every member's metafields as their final balance.
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { FLOW_TRIGGERS } from "../../app/loyalty/flow-events";
import { freshDatabase } from "../support/database";
import { ACCESS_TOKEN, startFakeAdminApi, type FakeAdminApi } from "../support/fake-admin-api";
import { brokenInvariants, memberState } from "../support/ledger-state";
import { expectedBalances, ORDERS, plan, send } from "../support/order-burst";
import { startRoundRobinProxy, type RoundRobinProxy } from "../support/round-robin-proxy";
import { startBuiltServer, type RunningServer } from "../support/server";
import { installTestShop } from "../support/shop";
import { inboxDrained } from "../support/webhooks";

const { db, url: databaseUrl } = freshDatabase();
const SHOP = "instances.myshopify.com";
const INSTANCES = 3;
const PRELOAD = fileURLToPath(new URL("../support/shopify-at-fake.mjs", import.meta.url));

let servers: RunningServer[] = [];
let proxy: RoundRobinProxy | undefined;
let api: FakeAdminApi | undefined;
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await proxy?.close();
  await api?.close();
  await db.$disconnect();
});

async function until(what: string, done: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it(`applies 2,000 deliveries exactly once across ${INSTANCES} instances, one killed halfway`, { timeout: 600_000 }, async () => {
  const shop = await installTestShop(db, SHOP);
  await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: ACCESS_TOKEN, scope: "read_customers,write_customers,read_orders" } });
  await db.flowTriggerUse.create({ data: { shopId: shop.id, handle: FLOW_TRIGGERS.pointsEarned, enabled: true, updatedAt: new Date() } });
  api = await startFakeAdminApi();
  const fake = api;
  servers = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) =>
      startBuiltServer(databaseUrl, { KLUB_OUTBOX_WORKER: "on", KLUB_TEST_ADMIN_API: fake.url, KLUB_TEST_INSTANCE: `instance-${i}` }, { nodeArgs: ["--import", PRELOAD] }),
    ),
  );
  proxy = await startRoundRobinProxy(servers.map((s) => s.url));
  const victim = servers[1];
  const killed = new Promise<void>((resolve) => victim.process.once("exit", () => resolve()));

  const { orders, deliveries } = plan();
  const firstRun = await send(SHOP, proxy.url, deliveries, (n) => {
    if (n === deliveries.length / 2) victim.process.kill("SIGKILL");
  });
  await killed;
  expect(victim.process.signalCode).toBe("SIGKILL");
  expect(firstRun.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1900); // the others were cut off with the victim
  expect(proxy.answered.every((n) => n > 300), `answered by each instance: ${proxy.answered.join(", ")}`).toBe(true);

  const survivors = servers.filter((s) => s !== victim);
  expect(survivors.map((s) => s.process.exitCode ?? s.process.signalCode), survivors.map((s) => s.output()).join("\n")).toEqual([null, null]);
  const retries = await send(SHOP, proxy.url, deliveries);
  expect(retries.filter((s) => s !== 200), "statuses other than 200 on the second sending").toEqual([]);
  await inboxDrained(db);
  expect(await db.webhookDelivery.groupBy({ by: ["status"], _count: true })).toEqual([{ status: "done", _count: deliveries.length - duplicatesOf(deliveries) }]);

  const members = await db.member.findMany({ where: { shopId: shop.id } });
  expect(new Map(members.map((m) => [m.customerId, m.balance]))).toEqual(expectedBalances(orders));
  for (const member of members) expect(brokenInvariants(await memberState(db, member.id))).toEqual([]);
  expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(ORDERS);

  // The outbox, drained by whichever instance holds its claim.
  await until("the outbox drained", async () => (await db.outboxMessage.count()) === 0);
  const earned = await db.ledgerEntry.findMany({ where: { shopId: shop.id, kind: "earn", amount: { gt: 0 } }, include: { member: { select: { customerId: true } } } });
  const key = (customer: unknown, points: unknown, balance: unknown, reason: unknown) => `${customer} ${points} ${balance} ${reason}`;
  const received = new Map<string, number>();
  for (const t of fake.flowTriggers.filter((t) => t.handle === FLOW_TRIGGERS.pointsEarned)) {
    const k = key(t.payload.customer_id, t.payload.Points, t.payload.Balance, t.payload.Reason);
    received.set(k, (received.get(k) ?? 0) + 1);
  }
  const expected = new Map(earned.map((e) => [key(Number(e.member.customerId), e.amount, e.balanceAfter, e.reason), 1]));
  expect(received).toEqual(expected);
  expect(new Set(fake.flowTriggers.map((t) => t.instance)).size, "Flow triggers were sent by the instance holding the outbox's claim").toBeGreaterThanOrEqual(1);
  for (const m of members) expect(fake.metafields.get(`gid://shopify/Customer/${m.customerId} $app:klub.points`), `customer ${m.customerId}`).toBe(String(m.balance));
});

/** Deliveries that repeat an earlier one's webhook id: Shopify's retries, kept once. */
function duplicatesOf(deliveries: { webhookId: string }[]) {
  return deliveries.length - new Set(deliveries.map((d) => d.webhookId)).size;
}
