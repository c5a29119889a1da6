// The background loops' stop: the run in flight is told to stop and finishes, none starts after.
import { expect, it } from "vitest";
import { startLoop } from "../app/background.server";

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
};

it("lets the run in flight finish on stop, tells it to stop, and starts no other", async () => {
  const events: string[] = [];
  let release = () => {};
  const loop = startLoop(
    "test",
    async (signal) => {
      events.push("start");
      await new Promise<void>((resolve) => (release = resolve));
      events.push(signal.aborted ? "end, asked to stop" : "end");
    },
    60_000,
  );
  await until(() => events.length === 1); // the first run starts at once
  loop.kick(); // would run again after this run
  await new Promise((resolve) => setImmediate(resolve));
  let stopped = false;
  const stopping = loop.stop().then(() => (stopped = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(stopped).toBe(false); // waits for the run in flight
  release();
  await stopping;
  expect(events).toEqual(["start", "end, asked to stop"]);
  loop.kick();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(events).toEqual(["start", "end, asked to stop"]);
});

it("runs again right after a run when kicked during it, and keeps going after a failed run", async () => {
  let runs = 0;
  let release = () => {};
  const loop = startLoop(
    "test",
    async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      if (runs === 2) throw new Error("a failed run");
    },
    60_000,
  );
  await until(() => runs === 1);
  loop.kick();
  loop.kick(); // two kicks during a run make one more run
  await new Promise((resolve) => setImmediate(resolve)); // a kick acts on the next turn
  release();
  await until(() => runs === 2);
  loop.kick(); // after the failed run
  await until(() => runs === 3);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(runs).toBe(3);
  await loop.stop();
});
