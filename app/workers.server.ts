// The app process's background workers: the webhook inbox (apply accepted events), the outbox
// (carry effects to Shopify) and long jobs (tier recomputes, member imports). Started once, from entry.server.
import { startLoop, type Loop } from "./background.server";
import { logger } from "./logger.server";
import db from "./db.server";
import { outboxWorkerOn } from "./env.server";
import { awardBirthdays } from "./loyalty/birthdays.server";
import { processInbox, pruneInbox } from "./loyalty/inbox.server";
import { stepMemberImport } from "./loyalty/member-import.server";
import { startDailyTierRecomputes, stepTierRecompute } from "./loyalty/tier-recompute.server";
import { adminFor } from "./shopify/admin.server";
import { drainOutbox } from "./shopify/outbox-worker.server";
import { drainCollectionLookups, queueStaleCollectionLookups } from "./shopify/collections-lookup.server";
import { pruneProxySignatures } from "./shopify/proxy-context.server";
import { drainRewardIssues, drainRewardRevokes } from "./shopify/reward-issuer.server";
import { drainWidgetSyncs } from "./shopify/widget-metafield.server";

let inbox: Loop | null = null;
let outbox: Loop | null = null;
let jobs: Loop | null = null;
let hourly: Loop | null = null;
let deliveriesBeingReceived = 0;
let lastReceivedAt = 0;

const QUIET_MS = 20;
const MAX_WAIT_MS = 2000;

/**
 * Shopify waits 5 seconds for an answer; applying waits for nobody. So during a burst of
 * deliveries the inbox worker steps aside between events until receiving has been quiet for a
 * moment, or at most MAX_WAIT_MS, so that it still progresses (docs/decisions/008).
 */
async function receivingIsQuiet() {
  const started = Date.now();
  while ((deliveriesBeingReceived > 0 || Date.now() - lastReceivedAt < QUIET_MS) && Date.now() - started < MAX_WAIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  }
}

export function startWorkers() {
  if (outboxWorkerOn()) {
    outbox ??= startLoop("outbox", async () => {
      await queueStaleCollectionLookups(db);
      await drainOutbox(db, adminFor);
      await drainWidgetSyncs(db, adminFor);
      await drainCollectionLookups(db, adminFor);
      await drainRewardIssues(db, adminFor);
      await drainRewardRevokes(db, adminFor);
    }, 5000);
  }
  inbox ??= startLoop(
    "inbox",
    async () => {
      const run = await processInbox(db, new Date(), { beforeEach: receivingIsQuiet });
      for (const refused of run.refused) logger.error(refused, "webhook delivery refused: kept as failed for inspection");
      if (run.applied) outbox?.kick();
    },
    2000,
  );
  startHourly();
  // A batch per transaction, stepping aside for webhooks between batches.
  jobs ??= startLoop(
    "jobs",
    async () => {
      await startDailyTierRecomputes(db);
      while ((await stepTierRecompute(db)) || (await stepMemberImport(db))) {
        outbox?.kick();
        await receivingIsQuiet();
      }
    },
    5000,
  );
}

/** Hourly: birthdays (each member is credited once a year, however often this runs), inbox retention, and app proxy signatures past their replay window. */
function startHourly() {
  hourly ??= startLoop("hourly", async () => {
    await awardBirthdays(db);
    await pruneInbox(db);
    await pruneProxySignatures(db);
  }, 3_600_000);
}

/** A long job was started: begin now rather than at the next interval. */
export function kickJobs() {
  jobs?.kick();
}

/** Marks a delivery being received, for as long as `receive` runs; then the inbox applies it soon. */
export async function receiving<T>(receive: () => Promise<T>): Promise<T> {
  deliveriesBeingReceived++;
  lastReceivedAt = Date.now();
  try {
    return await receive();
  } finally {
    deliveriesBeingReceived--;
    lastReceivedAt = Date.now();
    inbox?.kick();
  }
}
