// 50 shoppers' spends race for a balance that covers exactly one of them. Each runs in its own
// thread on its own database connection, so they really do contend for the database.
import { Worker } from "node:worker_threads";
import { afterAll, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";
import { bundleWorker } from "./support/worker-bundle";

const { db, url } = freshDatabase();
afterAll(() => db.$disconnect());

const SPENDERS = 50;
const COST = 100;

type Outcome = { ok: true; entryId: number } | { ok: false; error: string; message: string };

it(`lets exactly one of ${SPENDERS} concurrent spends through when the balance covers one`, { timeout: 300_000 }, async () => {
  const shopId = (await installTestShop(db, "race.myshopify.com")).id;
  const memberId = (await ensureMember(db, shopId, { customerId: "42" })).id;
  await credit(db, { shopId, memberId, kind: "earn", key: "order:1:paid:earn", points: COST, reason: { code: "manual", params: { note: "Order #1" } } });

  const spender = await bundleWorker(new URL("./support/spend-worker.ts", import.meta.url));
  const start = new SharedArrayBuffer(4);
  const outcomes: Outcome[] = [];
  const startedAt = Date.now();
  const workers = Array.from({ length: SPENDERS }, (_, i) => {
    const worker = new Worker(spender.url, {
      workerData: { url, shopId, memberId, key: `redeem:${i}`, points: COST, start },
    });
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const done = new Promise<void>((resolve, reject) => {
      worker.on("message", (m) => (m.type === "ready" ? markReady() : (outcomes.push(m), resolve())));
      worker.on("error", reject);
    });
    return { worker, ready, done };
  });
  try {
    await Promise.all(workers.map((w) => w.ready));
    // Starting 50 threads (tsx, Prisma) is the slow part and depends on the machine's load; the
    // race itself gets a budget measured from it, so a slow machine fails by what it saw.
    const startup = Date.now() - startedAt;
    const budget = Math.max(10_000, 2 * startup);
    Atomics.store(new Int32Array(start), 0, 1);
    Atomics.notify(new Int32Array(start), 0);
    await Promise.race([Promise.all(workers.map((w) => w.done)), new Promise((resolve) => setTimeout(resolve, budget))]);

    const succeeded = outcomes.filter((o) => o.ok).length;
    const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    const saw = `${succeeded} succeeded, ${refused.length} refused, ${SPENDERS - outcomes.length} unfinished after ${budget} ms (workers started in ${startup} ms)`;
    expect(saw).toBe(`1 succeeded, ${SPENDERS - 1} refused, 0 unfinished after ${budget} ms (workers started in ${startup} ms)`);
    expect(new Set(refused.map((o) => o.message))).toEqual(new Set([`Not enough points: 0 available, ${COST} needed`]));
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    spender.remove();
  }

  const state = await memberState(db, memberId);
  expect(brokenInvariants(state)).toEqual([]);
  expect(state.balance).toBe(0);
  expect(await db.ledgerEntry.count({ where: { memberId, kind: "redeem" } })).toBe(1);
});
