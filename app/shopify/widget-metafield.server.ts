// The storefront widget's settings as an app-data metafield (owner: the app's installation), so
// the theme app extension reads them in Liquid with no request: app.metafields.klub.widget.value.
import type { PrismaClient } from "@prisma/client";
import { WIDGET_SYNC } from "../loyalty/outbox.server";
import { programRules } from "../loyalty/program";
import { drainMessages, type AdminFor } from "./outbox-worker.server";
import { METAFIELDS_SET } from "./member-metafields";

export const WIDGET_NAMESPACE = "klub";
const INSTALLATION = `#graphql
  query KlubInstallation { currentAppInstallation { id } }
`;

export interface WidgetSettings {
  widgetAccent: string;
  widgetPosition: string;
  widgetJoinTextEn: string;
  widgetJoinTextPl: string;
  widgetJoinTextRu: string;
}

/** What the product block needs to say "earn N points" in Liquid, with no request. */
export interface WidgetEarning {
  earnPoints: number;
  earnPerAmountMinor: number;
  signupBonus: number;
  /** Excluded products, directly or through an excluded collection (numeric ids or gids). */
  excludedProductIds: string[];
  campaigns: { multiplierPercent: number; startsAt: Date; endsAt: Date }[];
}

const numericId = (id: string) => id.replace(/^gid:\/\/shopify\/\w+\//, "");
const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** What the Liquid blocks read: join_text by the storefront's language; no widget while the program is off. */
export function widgetMetafieldValue(s: WidgetSettings, programEnabled: boolean, earning: WidgetEarning) {
  return {
    enabled: programEnabled,
    accent: s.widgetAccent,
    position: s.widgetPosition,
    join_text: { en: s.widgetJoinTextEn, pl: s.widgetJoinTextPl, ru: s.widgetJoinTextRu },
    signup_points: earning.signupBonus,
    earning: {
      points: earning.earnPoints,
      per_minor: earning.earnPerAmountMinor,
      excluded_product_ids: [...new Set(earning.excludedProductIds.map(numericId))].sort(),
      // Liquid compares them with 'now' | date: '%s'; a campaign that has ended is left out at the next publish.
      campaigns: earning.campaigns.map((c) => ({ multiplier_percent: c.multiplierPercent, starts_at: unixSeconds(c.startsAt), ends_at: unixSeconds(c.endsAt) })),
    },
  };
}

/** Publishes every shop's pending widget change; failures wait with backoff, as member syncs do. */
export function drainWidgetSyncs(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  return drainMessages(db, WIDGET_SYNC, now, async (message) => {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: message.shopId }, include: { settings: true } });
    if (!shop.settings) return;
    const graphql = await adminFor(shop.domain);
    const installation = (await graphql(INSTALLATION, {})) as { data?: { currentAppInstallation?: { id: string } | null } | null };
    const ownerId = installation.data?.currentAppInstallation?.id;
    if (!ownerId) throw new Error(`currentAppInstallation failed: ${JSON.stringify(installation)}`);
    const rules = programRules(shop.settings);
    const campaigns = await db.campaign.findMany({ where: { shopId: shop.id, endsAt: { gt: now } }, orderBy: { startsAt: "asc" }, take: 20 });
    const earning = { ...rules, excludedProductIds: [...rules.excludedProductIds, ...rules.excludedCollectionProductIds], campaigns };
    const value = JSON.stringify(widgetMetafieldValue(shop.settings, shop.programEnabled, earning));
    const body = await graphql(METAFIELDS_SET, { metafields: [{ ownerId, namespace: WIDGET_NAMESPACE, key: "widget", type: "json", value }] });
    const userErrors = body.data?.metafieldsSet?.userErrors ?? [];
    if (body.errors || !body.data?.metafieldsSet || userErrors.length) throw new Error(`metafieldsSet: ${JSON.stringify(body.errors ?? userErrors)}`);
  });
}
