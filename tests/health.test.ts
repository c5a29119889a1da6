// The health routes through their route modules: alive without the database, ready only when the
// database answers.
import { expect, it } from "vitest";
import { createDb } from "../app/db.server";
import { readiness } from "../app/health.server";
import { loader as alive } from "../app/routes/healthz";
import { loader as ready } from "../app/routes/readyz";
import { useFreshAppDatabase } from "./support/app";

useFreshAppDatabase();

const answer = async (response: Response) => ({ status: response.status, body: await response.json(), cache: response.headers.get("Cache-Control") });

it("says the process is alive, and ready while its database answers", async () => {
  expect(await answer(alive())).toEqual({ status: 200, body: { status: "alive" }, cache: "no-store" });
  expect(await answer(await ready())).toEqual({ status: 200, body: { status: "ready" }, cache: "no-store" });
});

it("is not ready when its database does not answer", async () => {
  const unreachable = createDb("file:/nonexistent-folder/klub.sqlite");
  try {
    expect(await answer(await readiness(unreachable))).toEqual({ status: 503, body: { status: "database unavailable" }, cache: "no-store" });
  } finally {
    await unreachable.$disconnect();
  }
});
