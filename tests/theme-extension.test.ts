// The theme app extension passes Shopify's theme check for app extensions (`shopify app build`
// prints its errors but exits 0, so CI runs the check here), and stays within Shopify's limits.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { check } from "@shopify/theme-check-node";
import { expect, it } from "vitest";

const ROOT = "extensions/klub-theme";

it("has no theme-check offences", { timeout: 120_000 }, async () => {
  // theme-check needs an absolute root: with a relative one it finds no files and reports nothing.
  const offences = await check(resolve(ROOT), "theme-check:theme-app-extension");
  const checkedSomething = await check(resolve("tests/fixtures/theme-check-canary"), "theme-check:theme-app-extension");
  expect(checkedSomething.map((o) => o.check)).toContain("UnknownFilter");
  expect(offences.map((o) => `${o.uri.split("/").slice(-2).join("/")}: ${o.check}: ${o.message}`)).toEqual([]);
});

it("stays within Shopify's suggested limits: CSS under 100 KB and JS under 10 KB gzipped", () => {
  const assets = readdirSync(join(ROOT, "assets")).map((f) => {
    const raw = readFileSync(join(ROOT, "assets", f));
    return { f, raw: raw.length, bytes: gzipSync(raw).length };
  });
  for (const { f, raw, bytes } of assets) console.log(`${f}: ${bytes} bytes gzipped (${raw} bytes)`);
  for (const { f, bytes } of assets) expect(bytes, f).toBeLessThan(f.endsWith(".js") ? 10 * 1024 : 100 * 1024);
  // theme check measures scripts before compression (AssetSizeAppBlockJavaScript, 10 000 bytes)
  for (const { f, raw } of assets.filter((a) => a.f.endsWith(".js"))) expect(raw, f).toBeLessThan(10_000);
  const liquidBytes = readdirSync(join(ROOT, "blocks")).reduce((sum, f) => sum + statSync(join(ROOT, "blocks", f)).size, 0);
  expect(liquidBytes).toBeLessThan(100 * 1024);
});

it("speaks English, Polish and Russian with the same keys", () => {
  const keys = (file: string) => {
    const flat = (node: Record<string, unknown>, prefix = ""): string[] =>
      Object.entries(node).flatMap(([k, v]) => (typeof v === "object" && v ? flat(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
    return flat(JSON.parse(readFileSync(join(ROOT, "locales", file), "utf8"))).sort();
  };
  expect(keys("pl.json")).toEqual(keys("en.default.json"));
  expect(keys("ru.json")).toEqual(keys("en.default.json"));
  // the theme editor's words for the blocks' settings (schema locales), and every t: key they use
  expect(keys("pl.schema.json")).toEqual(keys("en.default.schema.json"));
  expect(keys("ru.schema.json")).toEqual(keys("en.default.schema.json"));
  const used = readdirSync(join(ROOT, "blocks")).flatMap((f) => [...readFileSync(join(ROOT, "blocks", f), "utf8").matchAll(/"t:([\w.]+)"/g)].map((m) => m[1]));
  expect(used.length).toBeGreaterThan(0);
  expect([...new Set(used)].filter((key) => !keys("en.default.schema.json").includes(key))).toEqual([]);
});
