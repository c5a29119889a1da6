// The app's checkout and customer account UI extensions, hosted as Shopify hosts them: each target
// runs in a frame of its own, which defines the <s-*> elements (public/ui-extension-elements.js)
// and the `shopify` global (public/ui-extension-host.js), then runs the extension's real built
// bundle (extensions/<name>/dist/<name>.js, written by `npm run build:extensions`). A frame is
// offered only when its bundle is built.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Liquid } from "liquidjs";

const EXTENSIONS = new URL("../extensions/", import.meta.url).pathname;

export interface UiExtension {
  handle: string;
  name: string;
  apiVersion: string;
  dir: string;
  targets: string[];
  /** The built script: extensions/<handle>/dist/<handle>.js. */
  bundle: string;
}

const field = (toml: string, name: string) => new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, "m").exec(toml)?.[1];

/** Every UI extension of the app (shopify.extension.toml with type "ui_extension"), built or not. */
export function loadUiExtensions(root = EXTENSIONS): UiExtension[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((folder) => {
    const dir = join(root, folder);
    const tomlPath = join(dir, "shopify.extension.toml");
    if (!existsSync(tomlPath)) return [];
    const toml = readFileSync(tomlPath, "utf8");
    const handle = field(toml, "handle");
    if (field(toml, "type") !== "ui_extension" || !handle) return [];
    const targets = [...toml.matchAll(/^\s*target\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
    return [{ handle, name: field(toml, "name") ?? handle, apiVersion: field(toml, "api_version") ?? "", dir, targets, bundle: join(dir, "dist", `${handle}.js`) }];
  });
}

/** The newest modification time under a path (a file, or a folder's files). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

/** "missing", "stale" (older than its sources, the shared code or its locales), or "built". */
export function bundleState(extension: UiExtension): "missing" | "stale" | "built" {
  if (!existsSync(extension.bundle)) return "missing";
  const sources = Math.max(...["src", "locales", "shopify.extension.toml"].map((p) => newest(join(extension.dir, p))), newest(join(extension.dir, "..", "shared")));
  return statSync(extension.bundle).mtimeMs < sources ? "stale" : "built";
}

/** Builds the bundles (`npm run build:extensions`, offline, 20-40 s) when one is missing or older than its sources. */
export function ensureUiExtensionBundles(log: (line: string) => void = console.log): void {
  const outdated = loadUiExtensions().filter((e) => bundleState(e) !== "built");
  if (!outdated.length) return;
  log(`Building the UI extensions (${outdated.map((e) => `${e.handle}: ${bundleState(e)}`).join(", ")}): npm run build:extensions`);
  execFileSync("npm", ["run", "--silent", "build:extensions"], { stdio: ["ignore", "ignore", "inherit"] });
  const still = outdated.filter((e) => bundleState(e) !== "built");
  if (still.length) throw new Error(`npm run build:extensions did not build ${still.map((e) => e.bundle).join(", ")}`);
}

const escape = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The frame a page shows for an extension's target, or why it cannot (not built, no such target). */
export function extensionFrame(extensions: UiExtension[], handle: string, target: string, query: Record<string, string | number> = {}): string {
  const extension = extensions.find((e) => e.handle === handle);
  if (!extension?.targets.includes(target)) return `<p class="error">The app has no UI extension ${escape(handle)} for ${escape(target)}.</p>`;
  if (!existsSync(extension.bundle)) return `<p class="note">${escape(extension.name)} (${escape(target)}) is not built: run <code>npm run build:extensions</code> and reload.</p>`;
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const src = `/extensions/${handle}/${target}${search ? `?${search}` : ""}`;
  return `<iframe class="ui-extension" data-ui-extension="${escape(handle)}" data-target="${escape(target)}" title="${escape(extension.name)}" src="${escape(src)}"></iframe>`;
}

/** `{{ 'klub-checkout' | ui_extension: 'purchase.thank-you.block.render', 'order', order.id }}`: a target's frame in a theme page. */
export function registerUiExtensionFilter(liquid: Liquid, extensions: UiExtension[]): void {
  liquid.registerFilter("ui_extension", (handle: string, target: string, ...pairs: (string | number)[]) => {
    const query: Record<string, string | number> = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) query[String(pairs[i])] = pairs[i + 1];
    return extensionFrame(extensions, handle, target, query);
  });
}

/** The extension's translations in a language and its default ones (locales/<lang>.json, locales/*.default.json). */
export function extensionLocales(extension: UiExtension, language: string) {
  const dir = join(extension.dir, "locales");
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const read = (file: string | undefined) => (file ? JSON.parse(readFileSync(join(dir, file), "utf8")) : {});
  const fallback = files.find((f) => f.endsWith(".default.json"));
  const own = files.find((f) => f === `${language}.json` || f === `${language}.default.json`);
  return { translations: read(own ?? fallback), defaults: read(fallback) };
}

/** The page of a frame: the host's scripts, what the `shopify` global holds, then the bundle. */
export function extensionFramePage(extension: UiExtension, target: string, context: object, language: string): string {
  // JSON in a script element: "<" escaped so that no value can close the element.
  const json = JSON.stringify(context).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="${escape(language)}">
<head>
<meta charset="utf-8">
<title>${escape(extension.name)} · ${escape(target)}</title>
<script type="application/json" id="shopify-context">${json}</script>
<script src="/ui-extension-elements.js"></script>
<script src="/ui-extension-host.js"></script>
<script src="/extensions/${escape(extension.handle)}/dist/${escape(extension.handle)}.js"></script>
</head>
<body></body>
</html>`;
}
