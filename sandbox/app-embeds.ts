// Theme app extensions' app embed blocks (target "body"), rendered into every storefront page as
// Shopify does: block settings from their schema defaults, the `t` filter from the extension's
// storefront locales, `asset_url` for its assets, and the schema's stylesheet.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Liquid } from "liquidjs";

const EXTENSIONS = new URL("../extensions/", import.meta.url).pathname;

interface BlockSchema {
  name: string;
  target: string;
  stylesheet?: string;
  javascript?: string;
  settings?: { id: string; default?: unknown }[];
}

export interface AppEmbed {
  extension: string;
  file: string;
  source: string;
  schema: BlockSchema;
  locales: Record<string, Record<string, unknown>>;
}

const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

export function loadAppEmbeds(root = EXTENSIONS): AppEmbed[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((extension) => {
    const dir = join(root, extension);
    if (!existsSync(join(dir, "blocks"))) return [];
    const locales = existsSync(join(dir, "locales"))
      ? Object.fromEntries(
          readdirSync(join(dir, "locales"))
            .filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"))
            .map((f) => [f.replace(/(\.default)?\.json$/, ""), JSON.parse(readFileSync(join(dir, "locales", f), "utf8"))]),
        )
      : {};
    return readdirSync(join(dir, "blocks"))
      .filter((f) => f.endsWith(".liquid"))
      .map((file) => {
        const text = readFileSync(join(dir, "blocks", file), "utf8");
        const schema = JSON.parse(SCHEMA.exec(text)?.[1] ?? "{}") as BlockSchema;
        return { extension, file, source: text.replace(SCHEMA, ""), schema, locales };
      })
      .filter((embed) => ["body", "head"].includes(embed.schema.target));
  });
}

function lookup(tree: Record<string, unknown>, key: string): string | undefined {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  return typeof value === "string" ? value : undefined;
}

export async function renderAppEmbeds(embeds: AppEmbed[], context: Record<string, unknown>, locale: string): Promise<string> {
  const parts: string[] = [];
  for (const embed of embeds) {
    const engine = new Liquid();
    const assetUrl = (file: string) => `/extensions/${embed.extension}/assets/${file}`;
    engine.registerFilter("asset_url", assetUrl);
    engine.registerFilter("t", (key: string, ...args: unknown[]) => {
      const text = lookup(embed.locales[locale] ?? {}, key) ?? lookup(embed.locales.en ?? {}, key) ?? `translation missing: ${locale}.${key}`;
      const named = Object.fromEntries(args.filter((a): a is [string, unknown] => Array.isArray(a) && a.length === 2));
      return text.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => String(named[name] ?? ""));
    });
    const settings = Object.fromEntries((embed.schema.settings ?? []).map((s) => [s.id, s.default]));
    const html = await engine.parseAndRender(embed.source, { ...context, block: { id: embed.file, settings }, routes: { account_login_url: "/account", root_url: "/" } });
    if (embed.schema.stylesheet) parts.push(`<link rel="stylesheet" href="${assetUrl(embed.schema.stylesheet)}">`);
    parts.push(html);
    if (embed.schema.javascript) parts.push(`<script src="${assetUrl(embed.schema.javascript)}" defer></script>`);
  }
  return parts.join("\n");
}

/** An extension's asset, for /extensions/<extension>/assets/<file>. */
export function extensionAsset(extension: string, file: string, root = EXTENSIONS): { body: Buffer; type: string } | null {
  if (!/^[\w-]+$/.test(extension) || !/^[\w.-]+$/.test(file)) return null;
  const path = join(root, extension, "assets", file);
  if (!existsSync(path)) return null;
  const type = file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream";
  return { body: readFileSync(path), type };
}
