// A burst of 2,000 deliveries to the built server, killed with SIGKILL halfway, restarted, and
// every delivery sent again as Shopify's retries would: the balances come out exactly right.
import { afterAll, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { startBuiltServer, type RunningServer } from "./support/server";
import { expectedBalances, ORDERS, plan, send } from "./support/order-burst";
import { inboxDrained } from "./support/webhooks";

const { db, url: databaseUrl } = freshDatabase();
let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
  await db.$disconnect();
});

const SHOP = "crash.myshopify.com";

it("ends with exactly the expected balances after a SIGKILL halfway through 2,000 deliveries", { timeout: 300_000 }, async () => {
  await installTestShop(db, SHOP);
  const { orders, deliveries } = plan();
  expect(deliveries).toHaveLength(2000);

  server = await startBuiltServer(databaseUrl);
  const running = server;
  const killed = new Promise<void>((resolve) => running.process.once("exit", () => resolve()));
  const firstRun = await send(SHOP, running.url, deliveries, (n) => {
    if (n === 1000) running.process.kill("SIGKILL");
  });
  await killed;
  expect(running.process.signalCode).toBe("SIGKILL");
  const answeredBeforeCrash = firstRun.filter((s) => s === 200).length;
  expect(answeredBeforeCrash).toBeGreaterThanOrEqual(900);
  expect(firstRun.filter((s) => s === 0).length).toBeGreaterThan(0); // the crash really cut deliveries off

  server = await startBuiltServer(databaseUrl);
  const retries = await send(SHOP, server.url, deliveries);
  expect(retries.every((s) => s === 200)).toBe(true);
  await inboxDrained(db);
  expect(await db.webhookDelivery.count({ where: { status: { not: "done" } } })).toBe(0);

  const expected = expectedBalances(orders);
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
  const members = await db.member.findMany({ where: { shopId: shop.id } });
  expect(members).toHaveLength(expected.size);
  const actual = new Map(members.map((m) => [m.customerId, m.balance]));
  expect(actual).toEqual(expected);
  for (const member of members) expect(brokenInvariants(await memberState(db, member.id))).toEqual([]);
  expect(await db.orderSummary.count({ where: { shopId: shop.id } })).toBe(ORDERS);
});
