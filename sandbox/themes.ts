// The shop's themes, as far as an app sees them: one published (MAIN) theme whose
// config/settings_data.json records the app embeds the owner switched on in the theme editor.
// Shopify adds an embed's block to current.blocks the first time it is switched on (type
// shopify://apps/<app handle>/blocks/<block handle>/<extension uuid>, a numeric key) and only
// flips `disabled` after; the file starts with Shopify's comment block, which JSON.parse refuses.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AppEmbed } from "./app-embeds";
import type { Store, Theme } from "./state";

export const SETTINGS_DATA = "config/settings_data.json";

const HEADER = `/*
 * ------------------------------------------------------------
 * IMPORTANT: The contents of this file are auto-generated.
 *
 * This file may be updated by the Shopify admin theme editor
 * or related systems. Please exercise caution as any changes
 * made to this file may be overwritten.
 * ------------------------------------------------------------
 */
`;

interface SettingsData {
  current: { blocks?: Record<string, { type: string; disabled: boolean; settings: Record<string, unknown> }> } & Record<string, unknown>;
  presets?: Record<string, unknown>;
}

const write = (data: SettingsData) => HEADER + JSON.stringify(data, null, 2);

/** A new shop's theme (Shopify's default), no app embed ever switched on. */
export function defaultTheme(id: number): Theme {
  const settings = { type_header_font: "assistant_n4", type_body_font: "assistant_n4", page_width: 1200, cart_type: "notification", sections: {}, content_for_index: [] };
  return { id, name: "Dawn", role: "MAIN", files: { [SETTINGS_DATA]: write({ current: settings, presets: { Default: settings } }) } };
}

export function mainTheme(store: Store): Theme | undefined {
  return store.state.themes.find((t) => t.role === "MAIN");
}

function read(theme: Theme): SettingsData {
  return JSON.parse(theme.files[SETTINGS_DATA].replace(/^\s*\/\*[\s\S]*?\*\//, "")) as SettingsData;
}

/** The app's handle in shopify.app.toml: Shopify names the app by it in block types. */
export function appHandle(tomlPath = new URL("../shopify.app.toml", import.meta.url)): string {
  return /^handle\s*=\s*"([^"]+)"/m.exec(readFileSync(tomlPath, "utf8"))?.[1] ?? "app";
}

/** The embed's handle: its file's name (blocks/points-launcher.liquid). */
export const embedHandle = (embed: AppEmbed) => embed.file.replace(/\.liquid$/, "");

/** A stable uuid for the extension, as Shopify gives each deployed extension one. */
function extensionUuid(extension: string): string {
  const hex = createHash("sha256").update(`extension:${extension}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const blockType = (embed: AppEmbed, app = appHandle()) => `shopify://apps/${app}/blocks/${embedHandle(embed)}/${extensionUuid(embed.extension)}`;

/** The embed's block in the main theme's settings, if it was ever switched on there. */
function blockOf(data: SettingsData, embed: AppEmbed) {
  return Object.values(data.current.blocks ?? {}).find((b) => b.type === blockType(embed));
}

/** Whether the embed is switched on in the main theme. */
export function embedOn(store: Store, embed: AppEmbed): boolean {
  const theme = mainTheme(store);
  const block = theme && blockOf(read(theme), embed);
  return !!block && !block.disabled;
}

/** Whether the owner switched the embed off (the storefront then leaves it out). */
export function embedSwitchedOff(store: Store, embed: AppEmbed): boolean {
  const theme = mainTheme(store);
  return !!theme && blockOf(read(theme), embed)?.disabled === true;
}

/** The theme editor's Save: each embed on or off as chosen; settings_data.json rewritten. */
export function saveEmbeds(store: Store, embeds: AppEmbed[], on: Set<string>) {
  const theme = mainTheme(store);
  if (!theme) throw new Error("The shop has no published theme");
  const data = read(theme);
  for (const embed of embeds) {
    const wanted = on.has(embedHandle(embed));
    const block = blockOf(data, embed);
    if (block) block.disabled = !wanted;
    else if (wanted) {
      const key = BigInt(`0x${randomBytes(8).toString("hex")}`).toString();
      data.current.blocks = { ...data.current.blocks, [key]: { type: blockType(embed), disabled: false, settings: Object.fromEntries((embed.schema.settings ?? []).filter((s) => s.default !== undefined).map((s) => [s.id, s.default])) } };
    }
  }
  theme.files[SETTINGS_DATA] = write(data);
  store.save();
}
