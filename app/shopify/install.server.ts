// What Klub does when Shopify hands it a new offline token (hooks.afterAuth in shopify.server.ts:
// the first embedded load, a reinstall, a scope change): ask Shopify what the shop is, create or
// refresh it (app/loyalty/program.server.ts), declare the customer metafields Klub writes so
// Liquid and the customer account can read them, and queue the storefront widget's settings.
// Every step may run again: a repeat changes nothing.
import type { PrismaClient, Shop } from "@prisma/client";
import { z } from "zod";
import db from "../db.server";
import { logger } from "../logger.server";
import { enqueueWidgetSync } from "../loyalty/outbox.server";
import { installShop, type ShopDetails } from "../loyalty/program.server";
import { memberMetafields, METAFIELD_NAMESPACE } from "./member-metafields";

/** The Admin API client afterAuth is given (admin.graphql of @shopify/shopify-app-remix). */
export type AdminGraphqlClient = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export class InstallError extends Error {
  override name = "InstallError";
}

export const SHOP_DETAILS = `#graphql
  query KlubShopDetails {
    shop {
      name
      currencyCode
      ianaTimezone
      primaryDomain { url }
      brand { logo { image { url } } }
      plan { publicDisplayName partnerDevelopment shopifyPlus }
      customerAccountsV2 { customerAccountsVersion }
    }
    shopLocales(published: true) { locale primary }
  }
`;

const shopDetailsAnswer = z.object({
  data: z.object({
    shop: z.object({
      name: z.string(),
      currencyCode: z.string().regex(/^[A-Z]{3}$/),
      ianaTimezone: z.string().nullish(),
      primaryDomain: z.object({ url: z.string().url() }).nullish(),
      brand: z.object({ logo: z.object({ image: z.object({ url: z.string().url() }).nullish() }).nullish() }).nullish(),
      plan: z.object({ publicDisplayName: z.string().nullish(), partnerDevelopment: z.boolean().nullish(), shopifyPlus: z.boolean().nullish() }).nullish(),
      customerAccountsV2: z.object({ customerAccountsVersion: z.string().nullish() }).nullish(),
    }),
    shopLocales: z.array(z.object({ locale: z.string(), primary: z.boolean() })),
  }),
});

export async function askShopDetails(graphql: AdminGraphqlClient): Promise<ShopDetails> {
  const body: unknown = await (await graphql(SHOP_DETAILS)).json();
  const parsed = shopDetailsAnswer.safeParse(body);
  if (!parsed.success) throw new InstallError(`Shopify's shop details were not as expected: ${JSON.stringify(body).slice(0, 500)}`);
  const { shop, shopLocales } = parsed.data.data;
  return {
    name: shop.name,
    currencyCode: shop.currencyCode,
    locale: (shopLocales.find((l) => l.primary) ?? shopLocales[0])?.locale ?? "en",
    plan: shop.plan?.publicDisplayName ?? null,
    shopifyPlus: shop.plan?.shopifyPlus ?? false,
    customerAccountsVersion: shop.customerAccountsV2?.customerAccountsVersion ?? null,
    timezone: shop.ianaTimezone ?? null,
    storefrontUrl: shop.primaryDomain?.url ?? null,
    logoUrl: shop.brand?.logo?.image?.url ?? null,
  };
}

export const METAFIELD_DEFINITION_CREATE = `#graphql
  mutation KlubMetafieldDefinition($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id }
      userErrors { field message code }
    }
  }
`;

const DEFINITION_NAMES: Record<string, { name: string; description: string }> = {
  points: { name: "Loyalty points", description: "The member's spendable points (Klub)" },
  pending_points: { name: "Pending loyalty points", description: "Points that become spendable after the return window (Klub)" },
  tier: { name: "Loyalty tier", description: "The member's VIP tier (Klub)" },
  referral_code: { name: "Referral code", description: "The member's code for their referral link (Klub)" },
  points_expiring: { name: "Loyalty points expiring next", description: "The points that expire next; 0 when none are due to (Klub)" },
  points_expire_on: { name: "Loyalty points expire on", description: "When the member's next points expire (Klub)" },
};

/** The definitions of the customer metafields Klub writes: the keys and types memberMetafields sets. */
export function memberMetafieldDefinitions() {
  const written = memberMetafields({ customerId: "0", balance: 0, pendingPoints: 0, tierName: null, referralCode: "", nextExpiry: { points: 0, at: new Date(0) } });
  return written.map(({ key, type }) => ({
    ownerType: "CUSTOMER",
    namespace: METAFIELD_NAMESPACE,
    key,
    type,
    ...(DEFINITION_NAMES[key] ?? { name: key, description: "Klub" }),
    // Liquid (storefront) and the customer account extension read them; the merchant sees them.
    access: { admin: "MERCHANT_READ", storefront: "PUBLIC_READ", customerAccount: "READ" },
  }));
}

const definitionAnswer = z.object({
  data: z.object({
    metafieldDefinitionCreate: z.object({
      createdDefinition: z.object({ id: z.string() }).nullish(),
      userErrors: z.array(z.object({ message: z.string(), code: z.string().nullish() })),
    }),
  }),
});

/** Creates each definition; one that exists already (TAKEN, as on a reinstall) is fine. */
export async function declareMetafieldDefinitions(graphql: AdminGraphqlClient): Promise<{ created: number }> {
  let created = 0;
  for (const definition of memberMetafieldDefinitions()) {
    const body: unknown = await (await graphql(METAFIELD_DEFINITION_CREATE, { variables: { definition } })).json();
    const parsed = definitionAnswer.safeParse(body);
    if (!parsed.success) throw new InstallError(`metafieldDefinitionCreate ${definition.key}: ${JSON.stringify(body).slice(0, 500)}`);
    const { createdDefinition, userErrors } = parsed.data.data.metafieldDefinitionCreate;
    const refused = userErrors.filter((e) => e.code !== "TAKEN");
    if (refused.length) throw new InstallError(`metafieldDefinitionCreate ${definition.key}: ${JSON.stringify(refused)}`);
    if (createdDefinition) created++;
  }
  return { created };
}

/** The whole install, for one shop. */
export async function installKlub(client: PrismaClient, shopDomain: string, graphql: AdminGraphqlClient, now = new Date()): Promise<Shop> {
  const details = await askShopDetails(graphql);
  const shop = await installShop(client, shopDomain, details, now);
  await declareMetafieldDefinitions(graphql);
  // The widget's settings (defaults on a first install) go to the app-data metafield the theme reads.
  await enqueueWidgetSync(client, shop.id, now);
  return shop;
}

/** Installs under way, by shop. */
const installing = new Map<string, Promise<Shop>>();

/**
 * Installs Klub on the session's shop with its Admin API client, one install at a time per shop
 * (a second caller gets the first's). When it fails the session goes, so that the next embedded
 * load exchanges a token again and, through hooks.afterAuth, retries the install.
 */
export function installShopFromShopify(admin: { graphql: AdminGraphqlClient }, session: { id: string; shop: string }): Promise<Shop> {
  const running = installing.get(session.shop);
  if (running) return running;
  const work = (async () => {
    try {
      return await installKlub(db, session.shop, admin.graphql);
    } catch (error) {
      logger.error({ err: error, shop: session.shop }, "install failed; the next load retries it");
      await db.session.deleteMany({ where: { id: session.id } });
      throw error;
    } finally {
      installing.delete(session.shop);
    }
  })();
  installing.set(session.shop, work);
  return work;
}

/** The install running for the shop, if one is. */
export function installUnderWay(shopDomain: string): Promise<Shop> | undefined {
  return installing.get(shopDomain);
}
