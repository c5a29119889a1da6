// The app process's background workers: the webhook inbox (apply accepted events), the outbox
// (carry effects to Shopify, send the program's emails), the hourly keeping, and long jobs (tier recomputes, member imports). Started once, from
// entry.server. In the production build they run in a thread of their own (a second copy of the
// server bundle), so that the thread answering Shopify never waits behind an apply transaction or
// a long job (docs/decisions/024-receiving-beside-applying.md); under the development server, in-process.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { startLoop, type Loop } from "./background.server";
import { backgroundThreadStopped, joinWriteTurns, writeTurnsState } from "./write-turns.server";
import { logger } from "./logger.server";
import db from "./db.server";
import { outboxWorkerOn, secretsKey } from "./env.server";
import { runScheduledWork } from "./loyalty/scheduled.server";
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
import { drainWidgetSyncs } from "./shopify/widget-metafield.server";

let inbox: Loop | null = null;
let outbox: Loop | null = null;
let jobs: Loop | null = null;
let hourly: Loop | null = null;

const BACKGROUND_THREAD = "klub-background";
/** What the request thread tells the background thread: work has arrived for that loop. */
type Kick = "inbox" | "jobs";

let thread: Worker | null = null;

export function startWorkers() {
  if (!isMainThread) {
    if ((workerData as { role?: string } | null)?.role !== BACKGROUND_THREAD) return;
    joinWriteTurns((workerData as { writeTurns: SharedArrayBuffer }).writeTurns);
    startLoops();
    parentPort!.on("message", (kick: Kick) => (kick === "inbox" ? inbox : jobs)?.kick());
    return;
  }
  // Built, this module is inside the server bundle, which the thread loads again; under Vite it
  // is a TypeScript source that a thread cannot load.
  const bundle = new URL(import.meta.url);
  if (process.env.NODE_ENV === "production" && bundle.pathname.endsWith(".js")) startThread(bundle);
  else startLoops();
}

/** The background thread; started again if it ever dies. */
function startThread(bundle: URL) {
  thread = new Worker(bundle, { workerData: { role: BACKGROUND_THREAD, writeTurns: writeTurnsState() } });
  thread.unref();
  thread.on("error", (error) => logger.error({ err: error }, "background thread failed"));
  thread.on("exit", (code) => {
    thread = null;
    backgroundThreadStopped();
    logger.error({ code }, "background thread stopped: starting it again in 1 s");
    setTimeout(() => startThread(bundle), 1000).unref();
  });
}

function kick(loop: Kick) {
  if (thread) thread.postMessage(loop);
  else (loop === "inbox" ? inbox : jobs)?.kick();
}

function startLoops() {
  if (outboxWorkerOn()) {
    outbox ??= startLoop("outbox", async () => {
      await queueStaleCollectionLookups(db);
      await drainOutbox(db, adminFor);
      await drainWidgetSyncs(db, adminFor);
      await drainCollectionLookups(db, adminFor);
      await drainRewardIssues(db, adminFor);
      await drainRewardRevokes(db, adminFor);
      await drainFlowTriggers(db, adminFor);
      await sendDueEmails(db, secretsKey());
    }, 5000);
  }
  inbox ??= startLoop(
    "inbox",
    async () => {
      const run = await processInbox(db, new Date(), {});
      for (const refused of run.refused) logger.error(refused, "webhook delivery refused: kept as failed for inspection");
      if (run.applied) outbox?.kick();
    },
    2000,
  );
  startHourly();
  // A batch per transaction, each after waiting webhook deliveries (app/write-turns.server.ts).
  jobs ??= startLoop(
    "jobs",
    async () => {
      await startDailyTierRecomputes(db);
      while ((await stepTierRecompute(db)) || (await stepMemberImport(db))) outbox?.kick();
    },
    5000,
  );
}

/**
 * Hourly: the program's scheduled keeping (pending points released, due points expired, expiry
 * reminders, birthdays; each idempotent, caught up after downtime), inbox retention, and app proxy
 * signatures past their replay window, Flow action runs past Flow's retries.
 */
function startHourly() {
  hourly ??= startLoop("hourly", async () => {
    await runScheduledWork(db);
    outbox?.kick();
    await pruneInbox(db);
    await pruneProxySignatures(db);
    await pruneFlowActionRuns(db);
  }, 3_600_000);
}

/** A long job was started: begin now rather than at the next interval. */
export function kickJobs() {
  kick("jobs");
}

/** A delivery was stored: the inbox applies it soon. */
export function deliveryStored() {
  kick("inbox");
}
