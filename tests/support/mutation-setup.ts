// Mutation runs share one worker between test files (isolate: false in vitest.mutation.config.ts),
// so each file starts without the app's database client and its first use connects to the
// DATABASE_URL this file sets (app/db.server.ts keeps the client on globalThis).
import type { Db } from "../../app/db.server";

const shared = globalThis as { klubDb?: Db };
await shared.klubDb?.$disconnect();
delete shared.klubDb;

// The mutated modules are loaded here, before any test, as each file's own imports load them in an
// isolated run: their module-level code (tables built at import) then counts as static, which
// Stryker leaves out (ignoreStatic), rather than as covered by whichever test happened to import
// the module first in the shared worker, whose mutants could never take effect (the module is
// loaded once per worker, before a mutant is active) and so "survived" (decision 040).
import.meta.glob(["../../app/loyalty/**/*.ts", "!../../app/loyalty/**/*.test.ts", "../../app/shopify/payloads.ts", "../../app/shopify/lossless-json.ts", "../../app/shopify/webhook-signature.server.ts"], { eager: true });
