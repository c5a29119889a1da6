// The tests StrykerJS runs against each mutant (npm run test:mutation): those that exercise the
// domain and the webhook path from their sources, quickly. Left out: tests of the production build
// (a mutant in the sources is not in build/), of the sandbox and the browser (a dev server per
// run), and the slowest races and permutations (their rules are also covered by faster tests).
//
// Speed: most test files share one worker (isolate: false, as in vitest.config.ts), as importing the
// app's modules cost about two seconds per file, two thirds of a run; tests/support/fresh-db-client.ts
// gives each file its own database client. The files whose app modules read the sandbox's address at
// import run in a worker of their own (OWN_PROCESS). Fastest files first (tests/support/fastest-first.ts), so a
// mutant that a quick test kills is not run against the slow ones (Stryker stops at the first failure).
import { defineConfig } from "vitest/config";
import base, { OWN_PROCESS } from "./vitest.config";
import { FastestFirst } from "./tests/support/fastest-first";

const appProject = (base.test?.projects as { test: Record<string, unknown> }[])[0].test;
// A third of the property tests' cases (tests/support/property-runs.ts).
const app = { ...appProject, env: { ...(appProject.env as Record<string, string>), KLUB_PROPERTY_SHARE: "0.34" } };

const exclude = [
  "tests/e2e/**",
  "tests/webhooks.crash.test.ts",
  "tests/webhooks.hostile.test.ts",
  "tests/server.test.ts",
  "tests/server.shutdown.test.ts",
  "tests/build-freshness.test.ts",
  "tests/webhooks.permutations.test.ts",
  "tests/ledger.concurrency.test.ts",
  "tests/install.test.ts",
  "tests/currencies.sandbox.test.ts",
  "tests/sandbox.test.ts",
  "tests/sandbox.webhooks.test.ts",
  "tests/app-config.test.ts",
  "tests/theme-extension.test.ts",
  "tests/i18n.test.ts",
];

export default defineConfig({
  test: {
    reporters: ["default"],
    sequence: { sequencer: FastestFirst },
    projects: [
      {
        test: {
          ...app,
          name: "mutation",
          include: ["app/**/*.test.ts", "tests/*.test.ts"],
          exclude: [...exclude, ...OWN_PROCESS],
          isolate: false,
          setupFiles: ["tests/support/fresh-db-client.ts", "tests/support/mutation-preload.ts"],
        },
      },
      { test: { ...app, name: "mutation-isolated", include: OWN_PROCESS, exclude: [], isolate: true, setupFiles: ["tests/support/mutation-preload.ts"] } },
    ],
  },
});
