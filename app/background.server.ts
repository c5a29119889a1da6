// Background work in the app process: a loop that runs on an interval and, when kicked, soon.
// Runs never overlap; a kick during a run makes one more run right after it. Stopping lets the run
// in flight finish (its signal tells it to stop at the next safe point) and starts no other.
import { logger } from "./logger.server";

export interface Loop {
  kick: () => void;
  /** Resolves once the run in flight, if any, has ended. */
  stop: () => Promise<void>;
}

export function startLoop(name: string, work: (signal: AbortSignal) => Promise<unknown>, intervalMs: number): Loop {
  const stopping = new AbortController();
  let inFlight: Promise<void> | null = null;
  let again = false;
  const runAll = async () => {
    try {
      do {
        again = false;
        await work(stopping.signal);
      } while (again && !stopping.signal.aborted);
    } catch (error) {
      logger.error({ err: error, loop: name }, "background run failed");
    }
  };
  const run = () => {
    if (stopping.signal.aborted) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = runAll().finally(() => (inFlight = null));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  setImmediate(run); // pick up what a previous process left
  return {
    kick: () => setImmediate(run),
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await inFlight;
    },
  };
}
