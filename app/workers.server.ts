// The app process's background workers: the webhook inbox (apply accepted events) and the
// outbox (carry effects to Shopify). Started once, from entry.server.
import { startLoop, type Loop } from "./background.server";
import db from "./db.server";
import { processInbox } from "./loyalty/inbox.server";
import { adminFor } from "./shopify/admin.server";
import { drainOutbox } from "./shopify/outbox-worker.server";

let inbox: Loop | null = null;
let outbox: Loop | null = null;

export function startWorkers() {
  if (process.env.KLUB_OUTBOX_WORKER !== "off") outbox ??= startLoop("outbox", () => drainOutbox(db, adminFor), 5000);
  inbox ??= startLoop(
    "inbox",
    async () => {
      const run = await processInbox(db);
      if (run.applied) outbox?.kick();
    },
    2000,
  );
}

/** A delivery was accepted: apply it soon. */
export function kickInbox() {
  inbox?.kick();
}
