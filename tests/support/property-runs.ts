// How many cases a property test tries. Mutation runs (vitest.mutation.config.ts) try a third as
// many: a surviving mutant runs every test that covers it, and the property tests were half of that
// time. Fewer cases can only kill fewer mutants, so the score measured stays a lower bound.
export function propertyRuns(runs: number): number {
  const share = Number(process.env.KLUB_PROPERTY_SHARE ?? 1);
  return Math.max(10, Math.round(runs * share));
}
