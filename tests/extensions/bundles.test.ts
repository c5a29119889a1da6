// The UI extensions as `npm run build:extensions` built them (npm test builds first): each within
// the compressed size Shopify accepts (64 KB; 128 KB for a customer account full page), built from
// the current sources, and with Preact's JSX, not React's.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";

const KB = 1024;
const root = new URL("../../extensions/", import.meta.url).pathname;
const uiExtensions = readdirSync(root).filter((name) => /type = "ui_extension"/.test(readOptional(join(root, name, "shopify.extension.toml"))));

function readOptional(path: string) {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function newest(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : stat.mtimeMs;
}

it("finds the UI extensions", () => {
  expect(uiExtensions.sort()).toEqual(["klub-account", "klub-account-page", "klub-checkout"]);
});

it.each(uiExtensions)("%s: built from its current sources, within Shopify's size", (name) => {
  const dir = join(root, name);
  const bundle = join(dir, "dist", `${name}.js`);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build:extensions first`);
  const sources = Math.max(...["src", "locales", "shopify.extension.toml", "../shared"].map((p) => newest(join(dir, p))));
  if (statSync(bundle).mtimeMs < sources) throw new Error(`${bundle} is older than its sources: run npm run build:extensions`);

  const fullPage = /target = "customer-account\.page\.render"/.test(readFileSync(join(dir, "shopify.extension.toml"), "utf8"));
  const cap = (fullPage ? 128 : 64) * KB;
  const code = readFileSync(bundle);
  const compressed = gzipSync(code).length;
  console.log(`${name}: ${(code.length / KB).toFixed(1)} KB, ${(compressed / KB).toFixed(1)} KB gzipped (Shopify's cap ${cap / KB} KB)`);
  expect(compressed).toBeLessThanOrEqual(cap);

  // Files outside an extension's folder take esbuild's JSX settings from extensions/shared/tsconfig.json.
  const inputs = Object.keys(JSON.parse(readFileSync(join(dir, "dist", `${name}.metafile.json`), "utf8")).inputs);
  expect(inputs.filter((path) => path.includes("node_modules/react/"))).toEqual([]);
});
