// Which products are in the collections excluded from earning. Order webhooks do not say, so Klub
// looks them up after the owner changes the list, and again daily (products join collections),
// and keeps the product ids with the settings for the earning rules.
import type { PrismaClient } from "@prisma/client";
import { COLLECTIONS_LOOKUP, enqueueCollectionsLookup } from "../loyalty/outbox.server";
import { logger } from "../logger.server";
import { retryLater, type AdminFor, type AdminGraphql } from "./outbox-worker.server";

const COLLECTION_PRODUCTS = `#graphql
  query KlubCollectionProducts($id: ID!, $after: String) {
    collection(id: $id) {
      products(first: 250, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } }
    }
  }
`;
const DAY = 86_400_000;

interface ProductsPage {
  data?: { collection?: { products: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } | null;
  errors?: unknown;
}

async function productsOf(graphql: AdminGraphql, collectionId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const body = (await graphql(COLLECTION_PRODUCTS, { id: `gid://shopify/Collection/${collectionId}`, after })) as ProductsPage;
    if (body.errors || body.data === undefined) throw new Error(`collection ${collectionId}: ${JSON.stringify(body.errors ?? body)}`);
    const products = body.data?.collection?.products;
    if (!products) return ids; // deleted meanwhile: it holds nothing
    ids.push(...products.nodes.map((p) => p.id.slice(p.id.lastIndexOf("/") + 1)));
    after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

/** Shops whose excluded collections were last looked up over a day ago get a lookup queued. */
export async function queueStaleCollectionLookups(db: PrismaClient, now = new Date()) {
  const stale = await db.programSettings.findMany({
    where: { excludedCollectionIds: { not: "[]" }, OR: [{ collectionsResolvedAt: null }, { collectionsResolvedAt: { lt: new Date(now.getTime() - DAY) } }] },
    select: { shopId: true },
  });
  for (const { shopId } of stale) await db.$transaction((tx) => enqueueCollectionsLookup(tx, shopId, now));
}

export async function drainCollectionLookups(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  const due = await db.outboxMessage.findMany({
    where: { kind: COLLECTIONS_LOOKUP, nextAttemptAt: { lte: now } },
    include: { shop: { select: { domain: true, settings: true } } },
  });
  let done = 0;
  for (const message of due) {
    try {
      const settings = message.shop.settings;
      if (settings) {
        const collections = JSON.parse(settings.excludedCollectionIds) as string[];
        const graphql = collections.length ? await adminFor(message.shop.domain) : null;
        const products = new Set<string>();
        for (const id of collections) for (const product of await productsOf(graphql!, id)) products.add(product);
        // Only if the list is still the one looked up: a newer change has its own message.
        await db.programSettings.updateMany({
          where: { shopId: settings.shopId, excludedCollectionIds: settings.excludedCollectionIds },
          data: { collectionProductIds: JSON.stringify([...products].sort()), collectionsResolvedAt: now },
        });
      }
      await db.outboxMessage.deleteMany({ where: { id: message.id, version: message.version } });
      done++;
    } catch (error) {
      logger.warn({ err: error, shop: message.shop.domain }, "collections lookup failed; will retry");
      await retryLater(db, message, error, now);
    }
  }
  return done;
}
