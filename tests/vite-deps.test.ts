// The dev server pre-bundles every package app/ imports. One it finds later, on a first page load
// with a cold cache, makes Vite re-optimise and reload the page: a browser test then loses what it
// typed or submitted (CI failed that way once, on rate-limiter-flexible).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

/** The package of each bare, non-type import in app/ (tests and the route config aside). */
function packagesImportedByApp(): Set<string> {
  const found = new Set<string>();
  const files = readdirSync("app", { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && f !== "routes.ts");
  for (const file of files) {
    for (const [, specifier] of readFileSync(join("app", file), "utf8").matchAll(/^import (?!type )[^"]*?from "([^".][^"]*)"/gm)) {
      if (specifier.startsWith("node:")) continue;
      found.add(specifier.replace(/\?.*$/, ""));
    }
  }
  return found;
}

it("pre-bundles every package app/ imports", () => {
  const config = readFileSync("vite.config.ts", "utf8");
  const include = new Set([...config.match(/include: \[([^\]]*)\]/)![1].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
  // Asset and JSON imports of a package are not modules to pre-bundle.
  const missing = [...packagesImportedByApp()].filter((p) => !include.has(p) && !/\.(css|json)$/.test(p));
  expect(missing).toEqual([]);
});
