import type { PrismaClient } from "@prisma/client";
import { minorPerUnit } from "./money";
import { programRules, type ProgramRules } from "./program";

/** The shop's row, created with default settings on first sight (earning 1 point per currency unit). */
export async function ensureShop(
  db: PrismaClient,
  domain: string,
  details: { name?: string; currencyCode?: string; locale?: string } = {},
) {
  // Every admin page asks: a read when the shop exists (an upsert would open a write transaction).
  const existing = await db.shop.findUnique({ where: { domain } });
  if (existing) return existing;
  const currencyCode = details.currencyCode ?? "USD";
  return db.shop.upsert({
    where: { domain },
    update: {},
    create: {
      domain,
      name: details.name ?? domain,
      currencyCode,
      locale: details.locale ?? "en",
      settings: { create: { earnPerAmountMinor: minorPerUnit(currencyCode) } },
    },
  });
}

export async function loadProgramRules(db: Pick<PrismaClient, "programSettings">, shopId: string): Promise<ProgramRules> {
  return programRules(await db.programSettings.findUniqueOrThrow({ where: { shopId } }));
}
