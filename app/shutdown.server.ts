// Stopping gracefully: on SIGTERM or SIGINT (a deploy, a scale-down, Ctrl-C) the server (server.js) stops
// taking connections and answers the requests in flight, and the background work in flight ends at
// its next safe point (a delivery applied, a job's batch committed, one of the outbox's queues
// drained), so that what was done is recorded and not done again by the next process; what was not
// started stays in the database for it. Past the grace period the process exits anyway: the
// database (SQLite or PostgreSQL) rolls back a transaction cut short, so nothing is half-written,
// and on PostgreSQL the claims this instance held end with its connections (decision 054).
import { logger } from "./logger.server";

export const SHUTDOWN_GRACE_MS = 25_000;

let draining = false;

/** The process is shutting down: a background thread that ends is not started again. */
export const isDraining = () => draining;

/**
 * Runs `finish` once, on the first SIGTERM or SIGINT, holding the process open until it ends.
 * Called once, by the production build (the development server exits on its own).
 */
export function onShutdown(finish: () => Promise<void>) {
  const shutDown = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    logger.info({ signal }, "shutting down: finishing the work in flight");
    // Nothing else may hold the process open now (the background thread and timers are unref'd).
    const hold = setInterval(() => {}, 1000);
    const cutOff = setTimeout(() => {
      logger.error({ graceMs: SHUTDOWN_GRACE_MS }, "work in flight did not end within the grace period: exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    cutOff.unref();
    finish()
      .catch((error: unknown) => logger.error({ err: error }, "stopping the background work failed"))
      .finally(() => {
        clearInterval(hold);
        clearTimeout(cutOff);
        logger.info("background work stopped");
      });
  };
  process.once("SIGTERM", shutDown);
  process.once("SIGINT", shutDown);
}
