// Whether the shop's live theme has Klub's app embed switched on, checked as Shopify documents it
// ("Verify the installation of app embed blocks"): the main theme's config/settings_data.json
// holds, in current.blocks, a block of type shopify://apps/<app>/blocks/<block>/<uuid> that is not
// disabled. Needs the read_themes scope. Decision 029.
import { logger } from "../logger.server";

/** The app embed (extensions/klub-theme/blocks/points-launcher.liquid, target "body"). */
export const APP_EMBED_HANDLE = "points-launcher";

export const MAIN_THEME_SETTINGS = `#graphql
  query KlubMainThemeSettings {
    themes(roles: [MAIN], first: 1) {
      nodes {
        id
        files(filenames: ["config/settings_data.json"], first: 1) {
          nodes {
            filename
            body {
              ... on OnlineStoreThemeFileBodyText { content }
              ... on OnlineStoreThemeFileBodyBase64 { contentBase64 }
            }
          }
        }
      }
    }
  }
`;

export type EmbedStatus = "on" | "off" | "unknown";

type Graphql = (query: string, options?: { signal?: AbortSignal }) => Promise<Response>;

interface ThemesAnswer {
  errors?: unknown;
  data?: { themes?: { nodes: { files?: { nodes: { body?: { content?: string; contentBase64?: string } | null }[] } | null }[] } | null } | null;
}

/**
 * Whether settings_data.json switches the embed on. Shopify writes the file with a comment block
 * before the JSON; the app segment of the block's type is left unchecked (it is the app's handle
 * on Shopify's side, not something Klub is told), the block's handle is Klub's own.
 */
export function embedSwitchedOn(settingsData: string, handle = APP_EMBED_HANDLE): boolean {
  const json = settingsData.replace(/^\uFEFF?\s*\/\*[\s\S]*?\*\//, "");
  const blocks = (JSON.parse(json) as { current?: { blocks?: Record<string, { type?: unknown; disabled?: unknown }> } }).current?.blocks ?? {};
  const type = new RegExp(`^shopify://apps/[^/]+/blocks/${handle}/[^/]+$`);
  return Object.values(blocks).some((block) => typeof block?.type === "string" && type.test(block.type) && block.disabled !== true);
}

/** Reads the main theme's settings; "unknown" when Shopify does not say (no scope yet, an error, too slow). */
export async function readEmbedStatus(graphql: Graphql, timeoutMs = 3000): Promise<EmbedStatus> {
  try {
    const answer = (await (await graphql(MAIN_THEME_SETTINGS, { signal: AbortSignal.timeout(timeoutMs) })).json()) as ThemesAnswer;
    if (answer.errors) throw new Error(JSON.stringify(answer.errors).slice(0, 500)); // ACCESS_DENIED before read_themes is granted
    const theme = answer.data?.themes?.nodes[0];
    if (!theme) return "off"; // no published theme: nothing shows the embed
    const body = theme.files?.nodes[0]?.body;
    const text = body?.content ?? (body?.contentBase64 !== undefined ? Buffer.from(body.contentBase64, "base64").toString("utf8") : undefined);
    return text !== undefined && embedSwitchedOn(text) ? "on" : "off";
  } catch (error) {
    if (error instanceof Response) throw error; // the library's answer to a revoked token: a bounce
    logger.warn({ err: error }, "could not read the main theme's app embeds");
    return "unknown";
  }
}

// Shops whose embed was last seen switched on. The home page then answers at once and reads the
// theme after it (stale-while-revalidate): it is rarely switched off again, and the next visit
// sees it if it was. An embed last seen off is read before answering, as the owner is about to
// come back from switching it on. Per process: it only spares a wait.
const lastSeenOn = new Set<string>();
const reading = new Map<string, Promise<EmbedStatus>>();

function read(shopDomain: string, graphql: Graphql): Promise<EmbedStatus> {
  const pending = reading.get(shopDomain);
  if (pending) return pending;
  const status = readEmbedStatus(graphql)
    .then((found) => {
      if (found === "on") lastSeenOn.add(shopDomain);
      if (found === "off") lastSeenOn.delete(shopDomain); // "unknown" (a failed read) keeps what was seen
      return found;
    })
    .finally(() => reading.delete(shopDomain));
  reading.set(shopDomain, status);
  return status;
}

/** The embed's status on the shop's live theme: as last seen when it was on (read again behind), else read now. */
export async function appEmbedStatus(shopDomain: string, graphql: Graphql): Promise<EmbedStatus> {
  if (!lastSeenOn.has(shopDomain)) return read(shopDomain, graphql);
  read(shopDomain, graphql).catch(() => undefined); // a revoked token's bounce is for the next request
  return "on";
}

/**
 * The theme editor with the embed switched on, for the owner to save (Shopify's deep link,
 * opened through App Bridge's shopify://admin navigation).
 */
export const themeEditorUrl = (apiKey: string, handle = APP_EMBED_HANDLE) => `shopify://admin/themes/current/editor?context=apps&activateAppId=${apiKey}/${handle}`;
