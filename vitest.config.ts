import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "app",
          environment: "node",
          include: ["app/**/*.test.ts", "tests/**/*.test.ts"],
          env: { TZ: "UTC" },
          globalSetup: ["tests/support/global-setup.ts"],
          // Each test file has its own SQLite file; files run in parallel processes.
          pool: "forks",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
