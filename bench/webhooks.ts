// npm run bench:webhooks
// orders/paid deliveries per second and p50/p99 latency through the built app (real SQLite file,
// real HMACs), 10% of them duplicates, against a bare Node server that only checks the HMAC,
// measured in the same run on the same machine. Prints the ratio.
// Klub answers once a delivery is stored in its inbox; applying it (points, order summary) follows
// in the background. So the run also times how fast the inbox is applied, against a raw SQLite
// transaction per event (insert an entry, update a balance) through @libsql/client.
// BENCH_GUARD=1 makes it a check: .ci/run runs a short one and fails on a regression.
import { execFileSync, fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "../app/db.server";
import { installShop } from "../app/loyalty/program.server";
import { freePort, startBuiltServer } from "../tests/support/server";
import { createClient } from "@libsql/client";
import { inboxDrained, webhookRequest, WEBHOOK_SECRET } from "../tests/support/webhooks";
import { paidDeliveries, type PaidDelivery } from "./paid-deliveries";

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SHOP = "bench.myshopify.com";
/** BENCH_GUARD=1 (.ci/run): fail when receiving falls back under these (the Speed issue's guard). */
const GUARD = process.env.BENCH_GUARD ? { minReceivingRatio: 0.15, maxP99Ms: 1000 } : null;

const deliveries = (count: number, offset: number) => paidDeliveries(count, offset, "bench");

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

async function load(baseUrl: string, list: PaidDelivery[]): Promise<Measured> {
  const requests = list.map((d) => webhookRequest("orders/paid", d.payload, { shop: SHOP, webhookId: d.webhookId, baseUrl }));
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const t = performance.now();
        const response = await fetch(request);
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: requests.length / seconds, p50: at(0.5), p99: at(0.99), statuses };
}

/** Per event: one immediate transaction that inserts an entry and updates a balance, nothing else. */
async function rawSqliteCeiling(file: string, events: number): Promise<number> {
  const client = createClient({ url: `file:${file}` });
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("PRAGMA synchronous = NORMAL");
  await client.execute("CREATE TABLE member (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
  await client.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, member INTEGER, amount INTEGER, key TEXT UNIQUE)");
  await client.batch(Array.from({ length: 500 }, (_, i) => ({ sql: "INSERT INTO member VALUES (?, 0)", args: [i] })));
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    const tx = await client.transaction("write");
    await tx.execute({ sql: "INSERT INTO entry (member, amount, key) VALUES (?, ?, ?)", args: [i % 500, 121, `order:${i}:earn`] });
    await tx.execute({ sql: "UPDATE member SET balance = balance + ? WHERE id = ?", args: [121, i % 500] });
    await tx.commit();
  }
  const perSecond = events / ((performance.now() - started) / 1000);
  client.close();
  return perSecond;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "klub-bench-"));
  const databaseUrl = `file:${join(dir, "bench.sqlite")}`;
  execFileSync("prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "ignore" });
  const db = createDb(databaseUrl);
  const shop = await installShop(db, SHOP, { name: "Bench", currencyCode: "USD", locale: "en" });
  await db.shop.update({ where: { id: shop.id }, data: { programEnabled: true } });

  const barePort = await freePort();
  const bare = fork(new URL("./bare-hmac-server.mjs", import.meta.url).pathname, [String(barePort), WEBHOOK_SECRET]);
  await new Promise((resolve) => bare.once("message", resolve));
  // BENCH_PROFILE=<folder>: the app's CPU profile (open it in Chrome's DevTools) lands there when it stops.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const app = await startBuiltServer(databaseUrl, { SHOPIFY_API_SECRET: WEBHOOK_SECRET }, { nodeArgs: profile });
  const bareUrl = `http://127.0.0.1:${barePort}`;

  try {
    // Warm both up (JIT, connections, SQLite pages), then alternate rounds; keep each one's best.
    await load(bareUrl, deliveries(200, 1));
    await load(app.url, deliveries(200, 1));
    await inboxDrained(db, 600_000);
    const rounds: { bare: Measured; app: Measured; appliedPerSecond: number }[] = [];
    for (let round = 0; round < 2; round++) {
      const list = deliveries(DELIVERIES, 1_000_000 * (round + 1));
      const bareRun = await load(bareUrl, list);
      const started = performance.now();
      const appRun = await load(app.url, list);
      await inboxDrained(db, 600_000);
      const applied = new Set(list.map((d) => d.webhookId)).size;
      rounds.push({ bare: bareRun, app: appRun, appliedPerSecond: applied / ((performance.now() - started) / 1000) });
    }
    const best = (pick: (r: (typeof rounds)[number]) => Measured) => rounds.map(pick).sort((a, b) => b.perSecond - a.perSecond)[0];
    const bareBest = best((r) => r.bare);
    const appBest = best((r) => r.app);
    const appliedBest = Math.max(...rounds.map((r) => r.appliedPerSecond));
    const rawPerSecond = await rawSqliteCeiling(join(dir, "raw.sqlite"), DELIVERIES);
    const failed = await db.webhookDelivery.count({ where: { status: { not: "done" } } });
    const members = await db.member.count();
    const entries = await db.ledgerEntry.count();
    const fmt = (m: Measured) => `${m.perSecond.toFixed(0).padStart(6)}/s  p50 ${m.p50.toFixed(2).padStart(6)} ms  p99 ${m.p99.toFixed(2).padStart(7)} ms  statuses ${JSON.stringify(m.statuses)}`;
    console.log(`orders/paid, ${DELIVERIES} deliveries per round (10% duplicates), ${CONCURRENCY} in flight, best of ${rounds.length} rounds`);
    console.log(`  receiving   bare HMAC server  ${fmt(bareBest)}`);
    console.log(`  receiving   Klub (built app)  ${fmt(appBest)}`);
    console.log(`  applying    raw SQLite tx     ${rawPerSecond.toFixed(0).padStart(6)}/s`);
    console.log(`  applying    Klub inbox        ${appliedBest.toFixed(0).padStart(6)}/s  (first delivery sent to last one applied)`);
    console.log(`  members ${members}, ledger entries ${entries}, deliveries not applied ${failed}`);
    console.log(`ratio: Klub/bare receiving throughput = ${(appBest.perSecond / bareBest.perSecond).toFixed(3)}  (p50 latency ${(appBest.p50 / bareBest.p50).toFixed(1)}x)`);
    console.log(`ratio: Klub/raw SQLite applying throughput = ${(appliedBest / rawPerSecond).toFixed(3)}`);
    // An answer other than 200 is a failure to explain, not noise: show what the server said.
    if (rounds.some((r) => Object.keys(r.app.statuses).some((status) => status !== "200"))) console.log(`the app's output:\n${app.output().slice(-4000)}`);
    if (GUARD) {
      const ratio = appBest.perSecond / bareBest.perSecond;
      const failures = [
        ...(ratio < GUARD.minReceivingRatio ? [`receiving ratio ${ratio.toFixed(3)} is under ${GUARD.minReceivingRatio}`] : []),
        ...(appBest.p99 > GUARD.maxP99Ms ? [`p99 ${appBest.p99.toFixed(0)} ms is over ${GUARD.maxP99Ms} ms`] : []),
        ...(failed > 0 ? [`${failed} deliveries not applied`] : []),
      ];
      console.log(failures.length ? `guard FAILED: ${failures.join("; ")}` : `guard passed (receiving ratio at least ${GUARD.minReceivingRatio}, p99 at most ${GUARD.maxP99Ms} ms)`);
      if (failures.length) process.exitCode = 1;
    }
  } finally {
    bare.kill();
    await app.stop();
    await db.$disconnect();
  }
}

await main();
