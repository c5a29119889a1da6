// Test files in order of their last duration, shortest first (Vitest's own order is longest first,
// which suits parallel runs). For mutation runs: Stryker stops at a mutant's first failing test.
import { BaseSequencer, type TestSpecification } from "vitest/node";

export class FastestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const longestFirst = await super.sort(files);
    const duration = (file: TestSpecification) => this.ctx.cache.getTestSpecificationResult(file)?.duration ?? Infinity;
    return longestFirst
      .map((file, index) => ({ file, index }))
      .sort((a, b) => duration(a.file) - duration(b.file) || b.index - a.index)
      .map(({ file }) => file);
  }
}
