// Mutation runs share one worker between test files (isolate: false in vitest.mutation.config.ts),
// so each file starts without the app's database client and its first use connects to the
// DATABASE_URL this file sets (app/db.server.ts keeps the client on globalThis).
import type { Db } from "../../app/db.server";

const shared = globalThis as { klubDb?: Db };
await shared.klubDb?.$disconnect();
delete shared.klubDb;
