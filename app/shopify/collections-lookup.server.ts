// Which products are in the collections excluded from earning. Order webhooks do not say, so Klub
// looks them up after the owner changes the list, and again daily (products join collections),
// and keeps the product ids with the settings for the earning rules.
import type { PrismaClient } from "@prisma/client";
import { COLLECTIONS_LOOKUP, enqueueCollectionsLookup, enqueueWidgetSync } from "../loyalty/outbox.server";
import { drainMessages, type AdminFor, type AdminGraphql } from "./outbox-worker.server";

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

export function drainCollectionLookups(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  return drainMessages(db, COLLECTIONS_LOOKUP, now, async (message) => {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: message.shopId }, include: { settings: true } });
    if (!shop.settings) return;
    const collections = JSON.parse(shop.settings.excludedCollectionIds) as string[];
    const products = new Set<string>();
    if (collections.length) {
      const graphql = await adminFor(shop.domain);
      for (const id of collections) for (const product of await productsOf(graphql, id)) products.add(product);
    }
    // Only if the list is still the one looked up: a newer change has its own message.
    const { count } = await db.programSettings.updateMany({
      where: { shopId: shop.id, excludedCollectionIds: shop.settings.excludedCollectionIds },
      data: { collectionProductIds: JSON.stringify([...products].sort()), collectionsResolvedAt: now },
    });
    if (count) await enqueueWidgetSync(db, shop.id, now); // the product block leaves these products out
  });
}
