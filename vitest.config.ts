import { defineConfig } from "vitest/config";

const APP_ENV: Record<string, string> = {
  TZ: "UTC",
  NODE_ENV: "test",
  KLUB_OUTBOX_WORKER: "off",
  SHOPIFY_API_KEY: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c",
  SHOPIFY_API_SECRET: "test-secret",
  KLUB_SECRETS_KEY: "eREQXRO6wvbeoxuEPrAW4aBe8UMwuwUbbKtekWex2bQ=",
  SHOPIFY_APP_URL: "http://localhost:3000",
  SCOPES: "read_customers,write_customers,read_orders,read_products,write_discounts",
};

// The suites that must hold on PostgreSQL as on SQLite (the Scale out issue), run again on a server
// the set-up starts, plus the PostgreSQL-only tests (tests/postgres/).
const ON_POSTGRES = [
  "tests/ledger.property.test.ts",
  "tests/ledger.concurrency.test.ts",
  "tests/webhooks.permutations.test.ts",
  "tests/webhooks.crash.test.ts",
  // The admin's reads and what keeps them (docs/decisions/055-postgresql-sql-dialects.md).
  "tests/analytics.test.ts",
  "tests/member-export.test.ts",
  "tests/overview.test.ts",
  "tests/health.test.ts",
  "tests/admin.members.test.ts",
  "tests/tier-progress.test.ts",
  "tests/business-time.test.ts",
  // Stopping gracefully with the claims this instance holds.
  "tests/server.shutdown.test.ts",
  "tests/postgres/**/*.test.ts",
];

// Test files that point Shopify's hosts at a stand-in (KLUB_SANDBOX_URL) before importing the app,
// which reads it at import: each runs in a fresh process of its own.
export const OWN_PROCESS = ["tests/api.extensions.test.ts", "tests/storefront.proxy.test.ts", "tests/partner-codes.test.ts"];

// The app's tests: each file has its own SQLite file, copied from the template the set-up migrates.
const APP = {
  environment: "node",
  env: APP_ENV,
  globalSetup: ["tests/support/global-setup.ts"],
  pool: "forks" as const,
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    // Two test files at a time on these 2-core machines (Vitest's default is one fewer than the
    // cores): the browser tests spend much of their time waiting on a dev server and Chromium, and
    // the database tests use the core they leave. (Two workers once looked flaky: the browser's own
    // request for /favicon.ico, a 404 logged to the console; the sandbox answers it now.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...APP,
          name: "app",
          include: ["app/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", "tests/extensions/**", "tests/postgres/**", ...OWN_PROCESS],
          // Files take turns in a worker process and share the app's modules it imported, instead
          // of importing them again for each file (about a second a file: this project took 157 s
          // so, 256 s with a process per file). tests/support/fresh-db-client.ts gives each file
          // the database client of its own SQLite file (decision 056).
          isolate: false,
          setupFiles: ["tests/support/fresh-db-client.ts"],
        },
      },
      { test: { ...APP, name: "app-own-process", include: OWN_PROCESS } },
      {
        test: {
          name: "postgres",
          environment: "node",
          // After the other projects, on the machine to itself: its suites run a PostgreSQL server
          // and several app instances, and beside the browser tests both slowed (decision 054).
          sequence: { groupOrder: 1 },
          include: ON_POSTGRES,
          env: { ...APP_ENV, KLUB_TEST_DATABASE: "postgres" },
          // The SQLite template too: tests/postgres/ compare the two databases.
          globalSetup: ["tests/support/postgres-setup.ts", "tests/support/global-setup.ts"],
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The checkout and customer account extensions: Preact, rendered against a stand-in
        // `shopify` global (tests/extensions/support). The bundle test reads `npm run build:extensions`.
        esbuild: { jsx: "automatic", jsxImportSource: "preact" },
        test: {
          name: "extensions",
          include: ["tests/extensions/**/*.test.ts"],
          environment: "node",
          env: { TZ: "UTC" },
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          // The migrated SQLite template each sandbox shop's app database is copied from.
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 360_000,
          // What a page shows after a fetch can take seconds on a busy machine (Vitest's default: 1 s;
          // a storefront panel's rewards once missed it in a full run).
          expect: { poll: { timeout: 30_000 } },
        },
      },
    ],
  },
});
