// Turns at SQLite's write lock between the request thread and the background thread
// (app/write-turns.server.ts), with a real second thread.
import { Worker } from "node:worker_threads";
import { afterEach, expect, it } from "vitest";
import { backgroundThreadStopped, receiveInTurn, writeTurns, writeTurnsState } from "../app/write-turns.server";

type Said = { type: "ready" } | { type: "writing"; waitedMs: number } | { type: "written" };

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
  backgroundThreadStopped();
});

async function backgroundThread() {
  const worker = new Worker(new URL("./support/background-writer.ts", import.meta.url), { execArgv: ["--import", "tsx"], workerData: { shared: writeTurnsState() } });
  workers.push(worker);
  const next = (type: Said["type"]) => new Promise<Said>((resolve) => worker.on("message", (m: Said) => m.type === type && resolve(m)));
  await next("ready");
  return { write: (holdMs: number) => (worker.postMessage({ holdMs }), { writing: next("writing"), written: next("written") }), worker };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("a request's write waits for the background write under way, without blocking its thread", async () => {
  const background = await backgroundThread();
  const { writing } = background.write(300);
  await writing;
  const asked = Date.now();
  let ticks = 0;
  const ticking = setInterval(() => ticks++, 10);
  await writeTurns.beforeWrite();
  clearInterval(ticking);
  expect(Date.now() - asked).toBeGreaterThanOrEqual(200);
  expect(ticks).toBeGreaterThan(5); // the thread went on meanwhile
});

it("a background write gives way while a delivery is being received, and at most 250 ms to a long one", async () => {
  const background = await backgroundThread();
  const receiving = receiveInTurn(() => sleep(150));
  const first = background.write(0);
  expect(((await first.writing) as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(140);
  await receiving;
  await first.written;

  const long = receiveInTurn(() => sleep(2000));
  const second = background.write(0);
  const waited = ((await second.writing) as { waitedMs: number }).waitedMs;
  expect(waited).toBeGreaterThanOrEqual(240);
  expect(waited).toBeLessThan(1500);
  await long;
});

it("a background thread that dies mid-write does not hold requests up", async () => {
  const background = await backgroundThread();
  await background.write(60_000).writing;
  await background.worker.terminate();
  backgroundThreadStopped(); // as app/workers.server.ts does when its thread exits
  const asked = Date.now();
  await writeTurns.beforeWrite();
  expect(Date.now() - asked).toBeLessThan(1000); // not the 2 s a request waits at most
});

it("a request's write waits until every background write under way has ended, when two overlap", async () => {
  const background = await backgroundThread();
  const long = background.write(600);
  await long.writing;
  const short = background.write(50);
  await short.writing;
  await short.written; // the short one ended; the long one still writes
  const asked = Date.now();
  await writeTurns.beforeWrite();
  expect(Date.now() - asked).toBeGreaterThanOrEqual(300);
  await long.written;
});
