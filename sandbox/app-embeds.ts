// Theme app extensions' blocks, rendered as Shopify does: app embeds (target "body") into every
// storefront page, app blocks (target "section") where a sandbox template places them with
// {% app_block 'extension/block' %}. Block settings come from their schema defaults, the `t`
// filter from the extension's storefront locales, `asset_url` for its assets, `render` from its
// snippets, and the schema's stylesheet and script go along.
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

/** A block of a theme app extension: an app embed or an app block. */
export interface AppEmbed {
  extension: string;
  /** The extension's folder (its snippets are there). */
  dir: string;
  file: string;
  source: string;
  schema: BlockSchema;
  locales: Record<string, Record<string, unknown>>;
}

const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

/** Every block of every extension, whatever its target. */
export function loadExtensionBlocks(root = EXTENSIONS): AppEmbed[] {
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
        return { extension, dir, file, source: text.replace(SCHEMA, ""), schema, locales };
      });
  });
}

export const loadAppEmbeds = (root = EXTENSIONS) => loadExtensionBlocks(root).filter((b) => ["body", "head"].includes(b.schema.target));
export const loadAppBlocks = (root = EXTENSIONS) => loadExtensionBlocks(root).filter((b) => b.schema.target === "section");

function lookup(tree: Record<string, unknown>, key: string): string | undefined {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  return typeof value === "string" ? value : undefined;
}

/** Shopify's routes object, for the sandbox's pages (it has no separate sign-up page). */
const ROUTES = { root_url: "/", account_login_url: "/account", account_register_url: "/account", cart_url: "/cart" };

const assetUrl = (block: AppEmbed, file: string) => `/extensions/${block.extension}/assets/${file}`;

/** What one block's Liquid renders; settings from the schema's defaults, or as given (a merchant's choices in the theme editor). */
export async function renderBlockHtml(block: AppEmbed, context: Record<string, unknown>, locale: string, chosen: Record<string, unknown> = {}): Promise<string> {
  const engine = new Liquid({ root: join(block.dir, "snippets"), extname: ".liquid" });
  engine.registerFilter("asset_url", (file: string) => assetUrl(block, file));
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    const text = lookup(block.locales[locale] ?? {}, key) ?? lookup(block.locales.en ?? {}, key) ?? `translation missing: ${locale}.${key}`;
    const named = Object.fromEntries(args.filter((a): a is [string, unknown] => Array.isArray(a) && a.length === 2));
    return text.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => String(named[name] ?? ""));
  });
  const settings = { ...Object.fromEntries((block.schema.settings ?? []).map((s) => [s.id, s.default])), ...chosen };
  return engine.parseAndRender(block.source, { ...context, block: { id: block.file, settings }, routes: ROUTES });
}

/** One block's HTML with its stylesheet and script, as Shopify adds them (even when the Liquid renders nothing). */
export async function renderBlock(block: AppEmbed, context: Record<string, unknown>, locale: string): Promise<string> {
  const html = await renderBlockHtml(block, context, locale);
  return [
    block.schema.stylesheet && `<link rel="stylesheet" href="${assetUrl(block, block.schema.stylesheet)}">`,
    html,
    block.schema.javascript && `<script src="${assetUrl(block, block.schema.javascript)}" defer></script>`,
  ].filter(Boolean).join("\n");
}

export async function renderAppEmbeds(embeds: AppEmbed[], context: Record<string, unknown>, locale: string): Promise<string> {
  const parts: string[] = [];
  for (const embed of embeds) parts.push(await renderBlock(embed, context, locale));
  return parts.join("\n");
}

/** An app block by "extension/block" (its file name without .liquid), or "" when there is none. */
export async function renderAppBlock(blocks: AppEmbed[], name: string, context: Record<string, unknown>, locale: string): Promise<string> {
  const block = blocks.find((b) => `${b.extension}/${b.file.replace(/\.liquid$/, "")}` === name);
  return block ? renderBlock(block, context, locale) : "";
}

/** {% app_block 'klub-theme/product-points' %}: where a sandbox template places an app block (in the page's locale). */
export function registerAppBlockTag(engine: Liquid, blocks: AppEmbed[]) {
  engine.registerTag("app_block", {
    parse(token) {
      this.name = token.args.trim().replace(/^(["'])(.*)\1$/, "$2");
    },
    render(ctx) {
      const context = ctx.getAll() as Record<string, unknown>;
      return renderAppBlock(blocks, this.name as string, context, String(context.locale ?? "en"));
    },
  });
}

/** An extension's asset, for /extensions/<extension>/assets/<file>. */
export function extensionAsset(extension: string, file: string, root = EXTENSIONS): { body: Buffer; type: string } | null {
  if (!/^[\w-]+$/.test(extension) || !/^[\w.-]+$/.test(file)) return null;
  const path = join(root, extension, "assets", file);
  if (!existsSync(path)) return null;
  const type = file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream";
  return { body: readFileSync(path), type };
}
