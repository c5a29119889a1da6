// Background work in the app process: a loop that runs on an interval and, when kicked, soon.
// Runs never overlap; a kick during a run makes one more run right after it.
import { logger } from "./logger.server";

export interface Loop {
  kick: () => void;
  stop: () => void;
}

export function startLoop(name: string, work: () => Promise<unknown>, intervalMs: number): Loop {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await work();
      } while (again);
    } catch (error) {
      logger.error({ err: error, loop: name }, "background run failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  setImmediate(run); // pick up what a previous process left
  return { kick: () => setImmediate(run), stop: () => clearInterval(timer) };
}
