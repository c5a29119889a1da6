// Mutation testing (npm run test:mutation, docs/mutation.md): StrykerJS mutates the domain and the
// webhook path and runs the tests of vitest.mutation.config.ts against each mutant. Incremental: the
// results file is committed, so a run mutates only what changed since. Not part of CI (too slow
// for two cores); run it when you change the domain.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  checkers: ["typescript"],
  // Only app/loyalty and app/shopify (and what they import): the checker re-checks this smaller program
  // for each group of mutants in about half the time, and the test runner waited on it.
  tsconfigFile: "tsconfig.mutation.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    "app/loyalty/**/*.ts",
    "!app/loyalty/**/*.test.ts",
    "app/shopify/webhooks.server.ts",
    "app/shopify/webhook-signature.server.ts",
    "app/shopify/payloads.ts",
    "app/shopify/lossless-json.ts",
  ],
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: "tests/mutation/stryker-incremental.json",
  reporters: ["html", "clear-text", "progress", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
