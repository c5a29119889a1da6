// 50 shoppers' spends race for a balance that covers exactly one of them. Each runs in its own
// thread on its own SQLite connection, so they really do contend for the database.
import { Worker } from "node:worker_threads";
import { afterAll, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { freshDatabase } from "./support/database";
import { brokenInvariants, memberState } from "./support/ledger-state";

const { db, url } = freshDatabase();
afterAll(() => db.$disconnect());

const SPENDERS = 50;
const COST = 100;

type Outcome = { ok: true; entryId: number } | { ok: false; error: string; message: string };

it(`lets exactly one of ${SPENDERS} concurrent spends through when the balance covers one`, async () => {
  const shopId = (await installTestShop(db, "race.myshopify.com")).id;
  const memberId = (await ensureMember(db, shopId, { customerId: "42" })).id;
  await credit(db, { shopId, memberId, kind: "earn", key: "order:1:earn", points: COST, reason: "Order #1" });

  const start = new SharedArrayBuffer(4);
  const workers = Array.from({ length: SPENDERS }, (_, i) => {
    const worker = new Worker(new URL("./support/spend-worker.ts", import.meta.url), {
      execArgv: ["--import", "tsx"],
      workerData: { url, shopId, memberId, key: `redeem:${i}`, points: COST, start },
    });
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const done = new Promise<Outcome>((resolve, reject) => {
      worker.on("message", (m) => (m.type === "ready" ? markReady() : resolve(m)));
      worker.on("error", reject);
    });
    return { ready, done };
  });
  await Promise.all(workers.map((w) => w.ready));
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  const outcomes = await Promise.all(workers.map((w) => w.done));

  const succeeded = outcomes.filter((o) => o.ok);
  const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  expect(succeeded).toHaveLength(1);
  expect(refused).toHaveLength(SPENDERS - 1);
  expect(new Set(refused.map((o) => o.message))).toEqual(new Set([`Not enough points: 0 available, ${COST} needed`]));

  const state = await memberState(db, memberId);
  expect(brokenInvariants(state)).toEqual([]);
  expect(state.balance).toBe(0);
  expect(await db.ledgerEntry.count({ where: { memberId, kind: "redeem" } })).toBe(1);
});
