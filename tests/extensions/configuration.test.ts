// The UI extensions' configuration and translations: on an API version Shopify accepts, calling the
// app at its configured address, and every string in English, Polish and Russian with the plural
// forms each language needs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), "utf8");
const extensions = ["klub-checkout", "klub-account", "klub-account-page"];
const LANGUAGES = { en: "en.default.json", pl: "pl.json", ru: "ru.json" };
const CATEGORIES = new Set(["zero", "one", "two", "few", "many", "other"]);

type Tree = { [key: string]: Tree | string };
/** Every translation by key; a plural one is { category: text }. */
function flatten(tree: Tree, prefix = ""): Record<string, string | Record<string, string>> {
  const out: Record<string, string | Record<string, string>> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix + key;
    if (typeof value === "string") out[path] = value;
    else if (Object.keys(value).every((k) => CATEGORIES.has(k))) out[path] = value as Record<string, string>;
    else Object.assign(out, flatten(value, `${path}.`));
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? read(join(dir, entry.name)) : ""))
    .join("\n");
}

describe.each(extensions)("%s", (name) => {
  const toml = read(`extensions/${name}/shopify.extension.toml`);

  it("is on API 2026-07 and may call the app", () => {
    expect(toml).toMatch(/^api_version = "2026-07"$/m);
    expect(toml).toMatch(/\[extensions\.capabilities\]\s+network_access = true/);
  });

  it("calls the app at shopify.app.toml's application_url", () => {
    const appUrl = /^application_url = "(.+)"$/m.exec(read("shopify.app.toml"))?.[1];
    expect(read(`extensions/${name}/src/config.ts`)).toContain(`export const APP_URL = "${appUrl}";`);
  });

  const english = flatten(JSON.parse(read(`extensions/${name}/locales/en.default.json`)));

  it.each(Object.entries(LANGUAGES))("says everything in %s, with its plural forms and the same placeholders", (language, file) => {
    const own = flatten(JSON.parse(read(`extensions/${name}/locales/${file}`)));
    expect(Object.keys(own).sort()).toEqual(Object.keys(english).sort());
    const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories.sort();
    for (const [key, value] of Object.entries(own)) {
      const base = english[key];
      const expected = placeholders(typeof base === "string" ? base : base.other);
      if (typeof value === "string") expect([key, placeholders(value)]).toEqual([key, expected]);
      else {
        expect([key, Object.keys(value).sort()]).toEqual([key, needed]);
        for (const text of Object.values(value)) expect([key, placeholders(text)]).toEqual([key, expected]);
      }
    }
  });

  it("uses every string it has", () => {
    const code = sources(`extensions/${name}/src`) + sources("extensions/shared");
    expect(Object.keys(english).filter((key) => !code.includes(`"${key}"`))).toEqual([]);
  });
});
