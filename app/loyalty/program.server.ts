import type { PrismaClient, Shop } from "@prisma/client";
import { minorPerUnit } from "./money";
import type { ProgramRules } from "./program";
import { shopSetup } from "./shop-setup.server";
import { inTransaction, sql, type DbOrTx } from "./transactions.server";

/** What Shopify says of a shop, asked at every install (app/shopify/install.server.ts). */
export interface ShopDetails {
  name: string;
  currencyCode: string;
  locale: string;
  plan?: string | null;
  shopifyPlus?: boolean;
  customerAccountsVersion?: string | null;
  timezone?: string | null;
  /** The primary domain's URL (https://shop.example), where emails link to. */
  storefrontUrl?: string | null;
  logoUrl?: string | null;
}

/**
 * Creates the shop with its default settings (the program on, earning 1 point per unit of its
 * currency: orders paid between Shopify's install and the owner's first visit earn), or
 * refreshes it on a reinstall or a new token: its name, currency and plan are Shopify's, the
 * uninstalled mark goes, and deliveries that waited for the install are released to the inbox.
 */
export async function installShop(db: PrismaClient, domain: string, details: ShopDetails, now = new Date()) {
  const facts = {
    name: details.name,
    currencyCode: details.currencyCode,
    locale: details.locale,
    plan: details.plan ?? null,
    shopifyPlus: details.shopifyPlus ?? false,
    customerAccountsVersion: details.customerAccountsVersion ?? null,
    timezone: details.timezone ?? null,
    storefrontUrl: details.storefrontUrl ?? null,
    logoUrl: details.logoUrl ?? null,
  };
  minorPerUnit(details.currencyCode); // refuses a currency ISO 4217 does not know
  return inTransaction(db, async (tx) => {
    const existing = await tx.shop.findUnique({ where: { domain } });
    const shop = existing
      ? await tx.shop.update({
          where: { id: existing.id },
          data: { ...facts, uninstalledAt: null, ...(existing.uninstalledAt ? { installedAt: now } : {}) },
        })
      : await tx.shop.create({
          data: { domain, ...facts, programEnabled: true, installedAt: now, settings: { create: { earnPerAmountMinor: minorPerUnit(details.currencyCode) } } },
        });
    await tx.webhookDelivery.updateMany({ where: { shopDomain: domain, status: "waiting" }, data: { status: "pending", nextAttemptAt: now } });
    return shop;
  });
}

/** The shop's row, or null when Shopify has not installed Klub on it (or it was uninstalled). */
export async function installedShop(db: DbOrTx, domain: string): Promise<Shop | null> {
  // Typed SQL: every admin, storefront and extension request asks (docs/benchmarks.md).
  const [shop] = await sql(db).query<Shop>`SELECT * FROM "Shop" WHERE "domain" = ${domain}`;
  return shop && !shop.uninstalledAt ? shop : null;
}

export async function loadProgramRules(db: DbOrTx, shopId: string): Promise<ProgramRules> {
  const rules = (await shopSetup(db, shopId))?.rules;
  if (!rules) throw new Error(`shop ${shopId} has no program settings`);
  return rules;
}
