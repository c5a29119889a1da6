// The shop as its emails show it: name, colour (the widget's accent), logo, and where the button
// leads (the loyalty page on the shop's storefront).
import type { ProgramSettings, Shop } from "@prisma/client";
import type { Brand } from "./messages";

export type ShopForEmail = Pick<Shop, "name" | "domain" | "storefrontUrl" | "logoUrl">;

export function brandOf(shop: ShopForEmail, settings: Pick<ProgramSettings, "widgetAccent"> | null): { brand: Brand; storefrontUrl: string } {
  const storefrontUrl = shop.storefrontUrl ?? `https://${shop.domain}`;
  return { storefrontUrl, brand: { shopName: shop.name, accent: settings?.widgetAccent ?? "#303030", logoUrl: shop.logoUrl, loyaltyUrl: new URL("/apps/klub", storefrontUrl).toString() } };
}
