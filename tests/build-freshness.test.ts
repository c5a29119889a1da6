// The tests of the built server refuse a build older than the sources, instead of testing it.
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { assertBuildIsCurrent } from "./support/server";
import { tempDir } from "./support/temp";

it("refuses a missing build and one older than app/, and accepts a current one", () => {
  const root = tempDir("klub-build-");
  mkdirSync(join(root, "app/routes"), { recursive: true });
  mkdirSync(join(root, "prisma"));
  mkdirSync(join(root, "build/server"), { recursive: true });
  const at = (path: string, seconds: number) => {
    writeFileSync(join(root, path), "x");
    utimesSync(join(root, path), seconds, seconds);
  };
  at("prisma/schema.prisma", 1000);
  at("app/routes/app.tsx", 2000);
  expect(() => assertBuildIsCurrent(root)).toThrow("build/server/index.js is missing: run `npm run build` first");
  at("build/server/index.js", 1500);
  expect(() => assertBuildIsCurrent(root)).toThrow("build/server/index.js is older than the sources");
  at("build/server/index.js", 2500);
  expect(() => assertBuildIsCurrent(root)).not.toThrow();
  at("prisma/schema.prisma", 3000); // a schema change needs a new build too
  expect(() => assertBuildIsCurrent(root)).toThrow("older than the sources");
});
