// Test files that share a worker process (isolate: false, vitest.config.ts) share the app's modules,
// and app/db.server.ts keeps its client on globalThis: each file starts without one, so its first
// use connects to the DATABASE_URL this file sets.
import type { Db } from "../../app/db.server";

const shared = globalThis as { klubDb?: Db };
await shared.klubDb?.$disconnect();
delete shared.klubDb;
