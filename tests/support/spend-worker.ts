// One shopper's spend, on its own database connection in its own thread (tests/ledger.concurrency.test.ts).
import { parentPort, workerData } from "node:worker_threads";
import { createDb } from "../../app/db.server";
import { debit } from "../../app/loyalty/ledger.server";

const { url, shopId, memberId, key, points, start } = workerData as {
  url: string;
  shopId: string;
  memberId: string;
  key: string;
  points: number;
  start: SharedArrayBuffer;
};

const db = createDb(url);
await db.member.findUniqueOrThrow({ where: { id: memberId } }); // open the connection before the race
parentPort!.postMessage({ type: "ready" });
Atomics.wait(new Int32Array(start), 0, 0); // every worker is released at the same instant
try {
  const { entry } = await debit(db, { shopId, memberId, kind: "redeem", key, points, reason: { code: "manual", params: { note: "race" } } });
  parentPort!.postMessage({ type: "done", ok: true, entryId: entry.id });
} catch (error) {
  parentPort!.postMessage({ type: "done", ok: false, error: (error as Error).name, message: (error as Error).message });
} finally {
  await db.$disconnect();
}
