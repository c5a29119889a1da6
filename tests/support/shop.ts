// A shop as after Shopify installed Klub (hooks.afterAuth's installShop), with the program on
// unless a test says otherwise: most tests are about a running program.
import type { PrismaClient } from "@prisma/client";
import { installShop, type ShopDetails } from "../../app/loyalty/program.server";

export async function installTestShop(
  db: PrismaClient,
  domain: string,
  { programEnabled = true, ...details }: Partial<ShopDetails> & { programEnabled?: boolean } = {},
) {
  const shop = await installShop(db, domain, { name: domain.split(".")[0], currencyCode: "USD", locale: "en", ...details });
  return shop.programEnabled === programEnabled ? shop : db.shop.update({ where: { id: shop.id }, data: { programEnabled } });
}
