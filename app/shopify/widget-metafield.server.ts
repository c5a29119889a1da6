// The storefront widget's settings as an app-data metafield (owner: the app's installation), so
// the theme app extension reads them in Liquid with no request: app.metafields.klub.widget.value.
import type { PrismaClient } from "@prisma/client";
import { WIDGET_SYNC } from "../loyalty/outbox.server";
import { logger } from "../logger.server";
import { retryLater, type AdminFor } from "./outbox-worker.server";
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

/** What the Liquid block reads: join_text by the storefront's language. */
export function widgetMetafieldValue(s: WidgetSettings) {
  return { accent: s.widgetAccent, position: s.widgetPosition, join_text: { en: s.widgetJoinTextEn, pl: s.widgetJoinTextPl, ru: s.widgetJoinTextRu } };
}

/** Publishes every shop's pending widget change; failures wait with backoff, as member syncs do. */
export async function drainWidgetSyncs(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  const due = await db.outboxMessage.findMany({
    where: { kind: WIDGET_SYNC, nextAttemptAt: { lte: now } },
    include: { shop: { select: { domain: true, settings: true } } },
  });
  let sent = 0;
  for (const message of due) {
    try {
      const settings = message.shop.settings;
      if (settings) {
        const graphql = await adminFor(message.shop.domain);
        const installation = (await graphql(INSTALLATION, {})) as { data?: { currentAppInstallation?: { id: string } | null } | null };
        const ownerId = installation.data?.currentAppInstallation?.id;
        if (!ownerId) throw new Error(`currentAppInstallation failed: ${JSON.stringify(installation)}`);
        const value = JSON.stringify(widgetMetafieldValue(settings));
        const body = await graphql(METAFIELDS_SET, { metafields: [{ ownerId, namespace: WIDGET_NAMESPACE, key: "widget", type: "json", value }] });
        const userErrors = body.data?.metafieldsSet?.userErrors ?? [];
        if (body.errors || !body.data?.metafieldsSet || userErrors.length) throw new Error(`metafieldsSet: ${JSON.stringify(body.errors ?? userErrors)}`);
      }
      await db.outboxMessage.deleteMany({ where: { id: message.id, version: message.version } });
      sent++;
    } catch (error) {
      logger.warn({ err: error, shop: message.shop.domain }, "widget sync failed; will retry");
      await retryLater(db, message, error, now);
    }
  }
  return sent;
}
