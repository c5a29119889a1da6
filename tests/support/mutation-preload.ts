// Mutation runs (vitest.mutation.config.ts, both projects): the mutated modules are loaded here,
// before any test, as a test file's own imports load them: their module-level code (tables built at
// import) then counts as static, which Stryker leaves out (ignoreStatic), rather than as covered by
// whichever test first imported the module, often through a route loaded inside the test. A mutant
// there takes effect only in a run where that test loads the module, and such a test rarely checks
// the table, so the mutant "survived" while the table's own unit test, which would kill it, was
// never run against it (decision 040).
import.meta.glob(["../../app/loyalty/**/*.ts", "!../../app/loyalty/**/*.test.ts", "../../app/shopify/payloads.ts", "../../app/shopify/lossless-json.ts", "../../app/shopify/webhook-signature.server.ts"], { eager: true });
