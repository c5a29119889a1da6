// The tests StrykerJS runs against each mutant (npm run test:mutation): those that exercise the
// domain and the webhook path from their sources, quickly. Left out: tests of the production build
// (a mutant in the sources is not in build/), of the sandbox and the browser (a dev server per
// run), and the slowest races and permutations (their rules are also covered by faster tests).
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

const app = (base.test?.projects as { test: Record<string, unknown> }[])[0].test;

export default defineConfig({
  test: {
    ...app,
    name: "mutation",
    include: ["app/**/*.test.ts", "tests/*.test.ts"],
    exclude: [
      "tests/e2e/**",
      "tests/webhooks.crash.test.ts",
      "tests/webhooks.hostile.test.ts",
      "tests/server.test.ts",
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
    ],
    reporters: ["default"],
  },
});
