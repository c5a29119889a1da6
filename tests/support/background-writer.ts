// The background thread's side of the write turns (tests/write-turns.test.ts): on "write", takes a
// turn, says how long it waited, holds it for `holdMs`, gives it back.
import { parentPort, workerData } from "node:worker_threads";
import { joinWriteTurns, writeTurns } from "../../app/write-turns.server";

joinWriteTurns((workerData as { shared: SharedArrayBuffer }).shared);
parentPort!.on("message", async ({ holdMs }: { holdMs: number }) => {
  const asked = Date.now();
  await writeTurns.beforeWrite();
  parentPort!.postMessage({ type: "writing", waitedMs: Date.now() - asked });
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  writeTurns.afterWrite();
  parentPort!.postMessage({ type: "written" });
});
parentPort!.postMessage({ type: "ready" });
