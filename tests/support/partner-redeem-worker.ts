// One shopper's redeem of a partner reward through the one redeem (app/shopify/redeem.server.ts),
// on its own SQLite connection in its own thread (tests/partner-codes.test.ts races two of them).
// A partner's code is given from its pool: the Admin API must not be called, so it throws.
import { parentPort, workerData } from "node:worker_threads";
import { createDb } from "../../app/db.server";
import { redeem } from "../../app/shopify/redeem.server";

const { url, shopId, customerId, rewardId, requestId, start } = workerData as {
  url: string;
  shopId: string;
  customerId: string;
  rewardId: string;
  requestId: string;
  start: SharedArrayBuffer;
};

const db = createDb(url);
await db.member.count(); // open the connection before the race
parentPort!.postMessage({ type: "ready" });
Atomics.wait(new Int32Array(start), 0, 0); // both are released at the same instant
const noShopify = () => Promise.reject(new Error("A partner code must not call Shopify"));
try {
  const redemption = await redeem(db, noShopify, { shopId, customerId, rewardId, requestId });
  parentPort!.postMessage({ type: "done", ok: true, code: redemption.code });
} catch (error) {
  parentPort!.postMessage({ type: "done", ok: false, reason: (error as { reason?: string }).reason ?? String(error) });
} finally {
  await db.$disconnect();
}
