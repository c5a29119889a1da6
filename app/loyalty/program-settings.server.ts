// Changing the program: validated as a whole, saved in one transaction with an activity log
// entry (who, when, before, after).
import type { PrismaClient, ProgramSettings } from "@prisma/client";
import { z } from "zod";
import { logActivity } from "./activity.server";
import { inTransaction } from "./transactions.server";
import { minorPerUnit } from "./money";
import { GRANTABLE_TYPES } from "./grants.server";
import { enqueueCollectionsLookup, enqueueWidgetSync } from "./outbox.server";

/** The editable settings; messages are translation keys (settings.errors.*) with their values. */
const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: "settings.errors.wholeNumber" })
    .int({ error: "settings.errors.wholeNumber" })
    .min(min, { error: `settings.errors.atLeast|${min}` })
    .max(max, { error: `settings.errors.atMost|${max}` });
const flag = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
/** Products or collections picked in the resource picker: gids with their titles, sent as JSON. */
const resources = (kind: "Product" | "Collection") =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    },
    z
      .array(z.object({ id: z.string().regex(new RegExp(`^gid://shopify/${kind}/\\d+$`), { error: "settings.errors.resources" }), title: z.string().max(255, { error: "settings.errors.resources" }) }), { error: "settings.errors.resources" })
      .max(250, { error: "settings.errors.tooMany|250" }),
  );
const joinText = z.string().trim().max(60, { error: "settings.errors.tooLong|60" });
const choice = <T extends [string, ...string[]]>(values: T) => z.enum(values, { error: "settings.errors.choose" });

export const settingsInputSchema = z.object({
  earnPoints: whole(0, 10_000),
  earnPerUnits: whole(1, 1_000_000), // whole units of the shop's currency
  awardOn: choice(["paid", "fulfilled"]),
  subtractDiscounts: flag,
  earnOnShipping: flag,
  earnOnTax: flag,
  earnOnGiftCards: flag,
  rewardTestOrders: flag,
  maxPointsPerOrder: whole(1, 10_000_000),
  pendingDays: whole(0, 365),
  expiryMode: choice(["none", "lot", "inactivity"]),
  expiryMonths: whole(1, 120),
  allowNegativeBalance: flag,
  returnPointsOnRefund: flag,
  signupBonus: whole(0, 1_000_000),
  birthdayBonus: whole(0, 1_000_000),
  referrerBonus: whole(0, 1_000_000),
  refereeBonus: whole(0, 1_000_000),
  refereeRewardId: z.string().trim().max(64).default(""), // "" = no welcome offer
  enrollment: choice(["all", "opt_in"]),
  widgetAccent: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, { error: "settings.errors.color" }),
  widgetPosition: choice(["right", "left"]),
  widgetJoinTextEn: joinText,
  widgetJoinTextPl: joinText,
  widgetJoinTextRu: joinText,
  excludedProducts: resources("Product"),
  excludedCollections: resources("Collection"),
});

/** The settings the storefront reads from the app-data metafield: the widget's look and the earning the product block shows. */
export const WIDGET_FIELDS = ["widgetAccent", "widgetPosition", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "earnPoints", "earnPerUnits", "signupBonus", "excludedProducts"] as const;

export type SettingsInput = z.infer<typeof settingsInputSchema>;
export type FieldErrors = Partial<Record<keyof SettingsInput, { key: string; value?: number }>>;

export function parseSettingsInput(form: Record<string, unknown>): { data: SettingsInput } | { errors: FieldErrors } {
  const parsed = settingsInputSchema.safeParse(form);
  if (parsed.success) return { data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof SettingsInput;
    const [key, value] = issue.message.split("|");
    errors[field] ??= { key: key.startsWith("settings.") ? key : "settings.errors.wholeNumber", ...(value ? { value: Number(value) } : {}) };
  }
  return { errors };
}

const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

/** The settings as the form shows them: the earning rate in whole currency units, exclusions with their titles. */
export function settingsForForm(settings: ProgramSettings, currencyCode: string): SettingsInput {
  const {
    shopId: _s, updatedAt: _u, tierBasis: _b, tierWindow: _w, collectionProductIds: _cp, collectionsResolvedAt: _cr,
    excludedProductIds, excludedCollectionIds, excludedTitles, earnPerAmountMinor, ...rest
  } = settings;
  const titles = JSON.parse(excludedTitles) as Record<string, string>;
  const picked = (kind: string, ids: string) =>
    (JSON.parse(ids) as string[]).map((id) => {
      const gid = `gid://shopify/${kind}/${id}`;
      return { id: gid, title: titles[gid] ?? id };
    });
  return {
    ...(rest as Omit<SettingsInput, "earnPerUnits" | "excludedProducts" | "excludedCollections" | "refereeRewardId">),
    refereeRewardId: rest.refereeRewardId ?? "",
    earnPerUnits: Math.max(1, Math.round(earnPerAmountMinor / minorPerUnit(currencyCode))),
    excludedProducts: picked("Product", excludedProductIds),
    excludedCollections: picked("Collection", excludedCollectionIds),
  };
}


/** Settings that passed the form's checks but not the shop's (a reward that is not this shop's to give). */
export class SettingsRefused extends Error {
  override name = "SettingsRefused";
  constructor(readonly errors: FieldErrors) {
    super("Settings refused");
  }
}

export async function updateProgramSettings(db: PrismaClient, shopId: string, input: SettingsInput, actor: string) {
  return inTransaction(db, async (tx) => {
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, include: { settings: true } });
    const before = settingsForForm(shop.settings!, shop.currencyCode);
    const { earnPerUnits, excludedProducts, excludedCollections, refereeRewardId, ...rest } = input;
    // The welcome offer must be one of this shop's rewards that can be given whole.
    const welcome = refereeRewardId ? await tx.reward.findFirst({ where: { id: refereeRewardId, shopId, deletedAt: null, type: { in: GRANTABLE_TYPES } } }) : null;
    if (refereeRewardId && !welcome) throw new SettingsRefused({ refereeRewardId: { key: "settings.errors.choose" } });
    await tx.programSettings.update({
      where: { shopId },
      data: {
        ...rest,
        refereeRewardId: welcome?.id ?? null,
        earnPerAmountMinor: earnPerUnits * minorPerUnit(shop.currencyCode),
        excludedProductIds: JSON.stringify(excludedProducts.map((p) => numericId(p.id))),
        excludedCollectionIds: JSON.stringify(excludedCollections.map((c) => numericId(c.id))),
        excludedTitles: JSON.stringify(Object.fromEntries([...excludedProducts, ...excludedCollections].map((r) => [r.id, r.title]))),
      },
    });
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const changed = Object.fromEntries(Object.entries(input).filter(([k, v]) => !same(before[k as keyof SettingsInput], v)));
    const now = new Date();
    if (WIDGET_FIELDS.some((field) => field in changed)) await enqueueWidgetSync(tx, shopId, now);
    if ("excludedCollections" in changed) await enqueueCollectionsLookup(tx, shopId, now);
    if (Object.keys(changed).length) {
      const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof SettingsInput]]));
      await logActivity(tx, { shopId, actor, action: "settings.updated", before: was, after: changed });
    }
    return changed;
  });
}

export async function setProgramEnabled(db: PrismaClient, shopId: string, enabled: boolean, actor: string) {
  return inTransaction(db, async (tx) => {
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId } });
    if (shop.programEnabled === enabled) return false;
    await tx.shop.update({ where: { id: shopId }, data: { programEnabled: enabled } });
    await enqueueWidgetSync(tx, shopId, new Date()); // the storefront widget shows only while the program is on
    await logActivity(tx, { shopId, actor, action: enabled ? "program.enabled" : "program.disabled", before: { programEnabled: shop.programEnabled }, after: { programEnabled: enabled } });
    return true;
  });
}
