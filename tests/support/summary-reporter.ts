// Ends the run with the slowest test files (where the suite's time goes: CI should stay under 15
// minutes) and one plain line, "tests: N passed, N failed, N skipped", that CI reads.
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
      // A file that failed outside its tests (loading, beforeAll) counts as a failure too.
      const testFailed = [...module.children.allTests()].some((test) => test.result().state === "failed");
      if (module.state() === "failed" && !testFailed) counts.failed++;
    }
    const slowest = testModules
      .map((module) => ({ file: module.relativeModuleId, seconds: (module.diagnostic().collectDuration + module.diagnostic().duration) / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 12);
    if (testModules.length > 12) console.log(`\nslowest test files (import and tests):\n${slowest.map((m) => `  ${m.seconds.toFixed(1).padStart(6)} s  ${m.file}`).join("\n")}`);
    console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
