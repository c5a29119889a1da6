// Changing the program: validated as a whole, saved in one transaction with an activity log
// entry (who, when, before, after).
import type { PrismaClient, ProgramSettings } from "@prisma/client";
import { z } from "zod";
import { logActivity } from "./activity.server";
import { inTransaction } from "./transactions.server";
import { minorPerUnit, MoneyError, toDecimalString, toMinor } from "./money";
import { GRANTABLE_TYPES } from "./grants.server";
import { enqueueCollectionsLookup, enqueueWidgetSync } from "./outbox.server";
import { isProfileUrl, parseSocialFollows, SOCIAL_NETWORKS, socialField, type SocialFieldName, type SocialFollows } from "./social";

/** The editable settings; messages are translation keys (settings.errors.*) with their values. */
// An empty field is refused, not read as 0 (which z.coerce.number would make of "").
const filled = z.string({ error: "settings.errors.required" }).trim().min(1, { error: "settings.errors.required" });
const whole = (min: number, max: number) =>
  filled.pipe(
    z.coerce
      .number<string>({ error: "settings.errors.wholeNumber" })
      .int({ error: "settings.errors.wholeNumber" })
      .min(min, { error: `settings.errors.atLeast|${min}` })
      .max(max, { error: `settings.errors.atMost|${max}` }),
  );
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
// A social account: its profile's address ("" = none; checked against its network below) and the
// points for following it (0 = off). A form without them (an older page) has none.
const profileUrl = z.string().trim().max(300, { error: "settings.errors.tooLong|300" }).default("");
const followPoints = whole(0, 100_000).default(0);

export const settingsInputSchema = z.object({
  earnPoints: whole(0, 10_000),
  earnPerAmount: filled, // money in the shop's currency ("2.50"), read with its currency by parseSettingsInput
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
  birthdayRewardId: z.string().trim().max(64).default(""), // "" = no birthday reward (a code, beside birthdayBonus's points)
  feedbackEnabled: flag, // the panel asks members how they like the program (after a redemption, once a quarter at most)
  feedbackBonus: whole(0, 1_000_000).default(0), // points for answering, once a quarter
  enrollment: choice(["all", "opt_in"]),
  widgetAccent: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, { error: "settings.errors.color" }),
  widgetPosition: choice(["right", "left"]),
  widgetJoinTextEn: joinText,
  widgetJoinTextPl: joinText,
  widgetJoinTextRu: joinText,
  excludedProducts: resources("Product"),
  excludedCollections: resources("Collection"),
  socialInstagramUrl: profileUrl,
  socialInstagramPoints: followPoints,
  socialTiktokUrl: profileUrl,
  socialTiktokPoints: followPoints,
  socialFacebookUrl: profileUrl,
  socialFacebookPoints: followPoints,
  socialXUrl: profileUrl,
  socialXPoints: followPoints,
  socialYoutubeUrl: profileUrl,
  socialYoutubePoints: followPoints,
});

/** The settings the storefront reads from the app-data metafield: the widget's look and the earning the product block shows. */
export const WIDGET_FIELDS = ["widgetAccent", "widgetPosition", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "earnPoints", "earnPerAmountMinor", "signupBonus", "excludedProducts"] as const;

/** The settings as the form shows and sends them: the earning rate as an amount of money ("2.50"). */
export type SettingsForm = z.infer<typeof settingsInputSchema>;
/** The settings as saved: the earning rate in minor units of the shop's currency. */
export type SettingsInput = Omit<SettingsForm, "earnPerAmount"> & { earnPerAmountMinor: number };
export type FieldErrors = Partial<Record<keyof SettingsForm, { key: string; value?: number }>>;

const MOST_UNITS_PER_EARNING = 1_000_000;

export function parseSettingsInput(form: Record<string, unknown>, currencyCode: string): { data: SettingsInput } | { errors: FieldErrors } {
  const parsed = settingsInputSchema.safeParse(form);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof SettingsForm;
      const [key, value] = issue.message.split("|");
      errors[field] ??= { key: key.startsWith("settings.") ? key : "settings.errors.wholeNumber", ...(value ? { value: Number(value) } : {}) };
    }
  }
  // The amount in the currency's own precision: 2.50 USD, 250 JPY, 2.505 KWD.
  let earnPerAmountMinor = 0;
  if (parsed.success || !errors.earnPerAmount) {
    try {
      earnPerAmountMinor = toMinor(String(form.earnPerAmount ?? ""), currencyCode);
      if (earnPerAmountMinor <= 0 || earnPerAmountMinor > MOST_UNITS_PER_EARNING * minorPerUnit(currencyCode)) throw new MoneyError("out of range");
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      errors.earnPerAmount = { key: "settings.errors.amount" };
    }
  }
  // Each address on its own network's host (an Instagram field takes no TikTok address), and
  // points only for an account that has one.
  for (const network of SOCIAL_NETWORKS) {
    const url = socialField(network, "Url");
    const text = typeof form[url] === "string" ? form[url].trim() : "";
    if (errors[url]) continue;
    if (text && !isProfileUrl(network, text)) errors[url] = { key: "settings.social.errors.url" };
    else if (!text && Number(form[socialField(network, "Points")] ?? 0) > 0) errors[url] = { key: "settings.social.errors.urlNeeded" };
  }
  if (!parsed.success || Object.keys(errors).length) return { errors };
  const { earnPerAmount: _text, ...rest } = parsed.data;
  return { data: { ...rest, earnPerAmountMinor } };
}

const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

type SocialFields = Pick<SettingsInput, SocialFieldName>;

/** The form's flat fields of the social accounts, from the stored JSON. */
function socialFields(follows: SocialFollows): SocialFields {
  return Object.fromEntries(
    SOCIAL_NETWORKS.flatMap((network) => [
      [socialField(network, "Url"), follows[network]?.url ?? ""],
      [socialField(network, "Points"), follows[network]?.points ?? 0],
    ]),
  ) as SocialFields;
}

/** The accounts to store: those with an address. */
function socialFollowsOf(input: SocialFields): SocialFollows {
  return Object.fromEntries(
    SOCIAL_NETWORKS.flatMap((network) => {
      const url = input[socialField(network, "Url")];
      return url ? [[network, { url, points: input[socialField(network, "Points")] }]] : [];
    }),
  );
}

/** The settings as saved, in the shape an edit is compared with: exclusions with their titles. */
function savedSettings(settings: ProgramSettings): SettingsInput {
  const {
    shopId: _s, updatedAt: _u, tierBasis: _b, tierWindow: _w, collectionProductIds: _cp, collectionsResolvedAt: _cr,
    excludedProductIds, excludedCollectionIds, excludedTitles, socialFollows, ...rest
  } = settings;
  const titles = JSON.parse(excludedTitles) as Record<string, string>;
  const picked = (kind: string, ids: string) =>
    (JSON.parse(ids) as string[]).map((id) => {
      const gid = `gid://shopify/${kind}/${id}`;
      return { id: gid, title: titles[gid] ?? id };
    });
  return {
    ...(rest as Omit<SettingsInput, "excludedProducts" | "excludedCollections" | "refereeRewardId" | "birthdayRewardId" | keyof SocialFields>),
    refereeRewardId: rest.refereeRewardId ?? "",
    birthdayRewardId: rest.birthdayRewardId ?? "",
    excludedProducts: picked("Product", excludedProductIds),
    excludedCollections: picked("Collection", excludedCollectionIds),
    ...socialFields(parseSocialFollows(socialFollows)),
  };
}

/** The settings as the form shows them: the earning rate as money in the shop's currency ("2.50"). */
export function settingsForForm(settings: ProgramSettings, currencyCode: string): SettingsForm {
  const { earnPerAmountMinor, ...rest } = savedSettings(settings);
  return { ...rest, earnPerAmount: toDecimalString(earnPerAmountMinor, currencyCode) };
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
    const before = savedSettings(shop.settings!);
    const { excludedProducts, excludedCollections, refereeRewardId, birthdayRewardId, ...plain } = input;
    const socialKeys: string[] = SOCIAL_NETWORKS.flatMap((n) => [socialField(n, "Url"), socialField(n, "Points")]);
    const rest = Object.fromEntries(Object.entries(plain).filter(([k]) => !socialKeys.includes(k))) as Omit<typeof plain, SocialFieldName>;
    // The welcome offer must be one of this shop's rewards that can be given whole.
    const welcome = refereeRewardId ? await tx.reward.findFirst({ where: { id: refereeRewardId, shopId, deletedAt: null, type: { in: GRANTABLE_TYPES } } }) : null;
    // So must the birthday reward, given the same way (app/loyalty/birthdays.server.ts).
    const birthday = birthdayRewardId ? await tx.reward.findFirst({ where: { id: birthdayRewardId, shopId, deletedAt: null, type: { in: GRANTABLE_TYPES } } }) : null;
    const refused: FieldErrors = {
      ...(refereeRewardId && !welcome ? { refereeRewardId: { key: "settings.errors.choose" } } : {}),
      ...(birthdayRewardId && !birthday ? { birthdayRewardId: { key: "settings.errors.choose" } } : {}),
    };
    if (Object.keys(refused).length) throw new SettingsRefused(refused);
    await tx.programSettings.update({
      where: { shopId },
      data: {
        ...rest,
        refereeRewardId: welcome?.id ?? null,
        birthdayRewardId: birthday?.id ?? null,
        excludedProductIds: JSON.stringify(excludedProducts.map((p) => numericId(p.id))),
        excludedCollectionIds: JSON.stringify(excludedCollections.map((c) => numericId(c.id))),
        excludedTitles: JSON.stringify(Object.fromEntries([...excludedProducts, ...excludedCollections].map((r) => [r.id, r.title]))),
        socialFollows: JSON.stringify(socialFollowsOf(input)),
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
