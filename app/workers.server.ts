// The app process's background workers: the webhook inbox (apply accepted events), the outbox
// (carry effects to Shopify, send the program's emails), the hourly keeping, and long jobs (tier recomputes, member imports). Started once, from
// entry.server. In the production build they run in a thread of their own (a second copy of the
// server bundle), so that the thread answering Shopify never waits behind an apply transaction or
// a long job (docs/decisions/024-receiving-beside-applying.md); under the development server, in-process.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { startLoop, type Loop } from "./background.server";
import { backgroundThreadStopped, joinWriteTurns, writeTurnsState } from "./write-turns.server";
import { logger } from "./logger.server";
import { isDraining, onShutdown } from "./shutdown.server";
import db from "./db.server";
import { databaseUrl, outboxWorkerOn, secretsKey } from "./env.server";
import { loopClaims, type LoopClaims } from "./loop-claims.server";
import { runScheduledWork } from "./loyalty/scheduled.server";
import { stepAudienceSnapshots } from "./loyalty/audience.server";
import { sendDueEmails } from "./email/deliveries.server";
import { processInbox, pruneInbox } from "./loyalty/inbox.server";
import { stepMemberImport } from "./loyalty/member-import.server";
import { startDailyTierRecomputes, stepTierRecompute } from "./loyalty/tier-recompute.server";
import { adminFor } from "./shopify/admin.server";
import { drainOutbox } from "./shopify/outbox-worker.server";
import { drainCollectionLookups, queueStaleCollectionLookups } from "./shopify/collections-lookup.server";
import { drainFlowTriggers } from "./shopify/flow-triggers.server";
import { pruneFlowActionRuns } from "./shopify/flow-actions.server";
import { pruneProxySignatures } from "./shopify/proxy-context.server";
import { drainRewardIssues, drainRewardRevokes } from "./shopify/reward-issuer.server";
import { drainMemberOffers, drainMemberUntags } from "./shopify/member-offers.server";
import { drainWidgetSyncs } from "./shopify/widget-metafield.server";

let inbox: Loop | null = null;
let outbox: Loop | null = null;
let jobs: Loop | null = null;
let hourly: Loop | null = null;
let claims: LoopClaims | null = null;

const BACKGROUND_THREAD = "klub-background";
/** What the request thread tells the background thread: work has arrived for a loop, or stop. */
type Message = "inbox" | "jobs" | "stop";

let thread: Worker | null = null;

// Set by the request thread when the process shuts down, read by the background thread between
// deliveries and steps: a busy thread runs promise chains that never let its message port speak.
let stopFlag = new Int32Array(new SharedArrayBuffer(4));
const stopRequested = (signal: AbortSignal) => signal.aborted || Atomics.load(stopFlag, 0) === 1;

export function startWorkers() {
  if (!isMainThread) {
    if ((workerData as { role?: string } | null)?.role !== BACKGROUND_THREAD) return;
    joinWriteTurns((workerData as { writeTurns: SharedArrayBuffer }).writeTurns);
    stopFlag = new Int32Array((workerData as { stopFlag: SharedArrayBuffer }).stopFlag);
    startLoops();
    parentPort!.on("message", (message: Message) => {
      if (message === "stop") void stopLoops().then(() => process.exit(0)); // ends this thread only
      else (message === "inbox" ? inbox : jobs)?.kick();
    });
    return;
  }
  // Built, this module is inside the server bundle, which the thread loads again; under Vite it
  // is a TypeScript source that a thread cannot load.
  const bundle = new URL(import.meta.url);
  // The development server stops at once on its own (Vite's SIGTERM handler exits the process).
  if (process.env.NODE_ENV === "production" && bundle.pathname.endsWith(".js")) {
    startThread(bundle);
    onShutdown(stopWorkers);
  } else startLoops();
}

/** The background thread; started again if it ever dies. */
function startThread(bundle: URL) {
  if (isDraining()) return;
  thread = new Worker(bundle, { workerData: { role: BACKGROUND_THREAD, writeTurns: writeTurnsState(), stopFlag: stopFlag.buffer } });
  thread.unref();
  thread.on("error", (error) => logger.error({ err: error }, "background thread failed"));
  thread.on("exit", (code) => {
    thread = null;
    backgroundThreadStopped();
    if (isDraining()) return;
    logger.error({ code }, "background thread stopped: starting it again in 1 s");
    setTimeout(() => startThread(bundle), 1000).unref();
  });
}

/** The background work, at its next safe point: the loops' runs in flight end, no other starts. */
async function stopWorkers() {
  const running = thread;
  if (running) {
    const exited = new Promise((resolve) => running.once("exit", resolve));
    Atomics.store(stopFlag, 0, 1);
    running.postMessage("stop" satisfies Message);
    await exited;
  }
  await stopLoops();
}

async function stopLoops() {
  await Promise.all([inbox, outbox, jobs, hourly].map((loop) => loop?.stop()));
  await claims?.close();
}

function kick(loop: "inbox" | "jobs") {
  if (thread) thread.postMessage(loop);
  else (loop === "inbox" ? inbox : jobs)?.kick();
}

function startLoops() {
  // On PostgreSQL, shared with other instances: the outbox, the jobs and the hourly keeping run in one at a time.
  const { claimed } = (claims ??= loopClaims(databaseUrl()));
  if (outboxWorkerOn()) {
    const steps = [
      () => queueStaleCollectionLookups(db),
      () => drainOutbox(db, adminFor),
      () => drainWidgetSyncs(db, adminFor),
      () => drainCollectionLookups(db, adminFor),
      () => drainRewardIssues(db, adminFor),
      () => drainRewardRevokes(db, adminFor),
      () => drainMemberOffers(db, adminFor),
      () => drainMemberUntags(db, adminFor),
      () => drainFlowTriggers(db, adminFor),
      () => sendDueEmails(db, secretsKey()),
    ];
    outbox ??= startLoop("outbox", claimed("outbox", async (signal) => {
      for (const step of steps) if (!stopRequested(signal)) await step();
    }), 5000);
  }
  inbox ??= startLoop(
    "inbox",
    async (signal) => {
      const run = await processInbox(db, new Date(), { stopRequested: () => stopRequested(signal) });
      for (const refused of run.refused) logger.error(refused, "webhook delivery refused: kept as failed for inspection");
      if (run.applied) outbox?.kick();
    },
    2000,
  );
  startHourly(claimed);
  // A batch per transaction, each after waiting webhook deliveries (app/write-turns.server.ts).
  jobs ??= startLoop(
    "jobs",
    claimed("jobs", async (signal) => {
      await startDailyTierRecomputes(db);
      while (!stopRequested(signal) && ((await stepTierRecompute(db)) || (await stepMemberImport(db)) || (await stepAudienceSnapshots(db)))) outbox?.kick();
    }),
    5000,
  );
}

/**
 * Hourly: the program's scheduled keeping (pending points released, due points expired, expiry
 * reminders, birthdays; each idempotent, caught up after downtime; the audience snapshots), inbox retention, and app proxy
 * signatures past their replay window, Flow action runs past Flow's retries.
 */
function startHourly(claimed: LoopClaims["claimed"]) {
  hourly ??= startLoop("hourly", claimed("hourly", async () => {
    await runScheduledWork(db);
    outbox?.kick();
    await pruneInbox(db);
    await pruneProxySignatures(db);
    await pruneFlowActionRuns(db);
  }), 3_600_000);
}

/** A long job was started: begin now rather than at the next interval. */
export function kickJobs() {
  kick("jobs");
}

/** A delivery was stored: the inbox applies it soon. */
export function deliveryStored() {
  kick("inbox");
}
