// The rewards catalog: what points can buy. Validated per type; deleting keeps the row (past
// redemptions point at it) and hides it.
import type { PrismaClient, Reward } from "@prisma/client";
import { z } from "zod";
import { inTransaction } from "./transactions.server";
import { minorPerUnit, MoneyError, toDecimalString, toMinor } from "./money";
import { logActivity } from "./activity.server";

import { REWARD_TYPES } from "./reward-types";
import { REWARD_SEGMENTS, SEGMENT_UNIT } from "./reward-audience";

const flag = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().optional());
const whole = (min: number, max: number) =>
  z.coerce.number({ error: "rewards.errors.wholeNumber" }).int({ error: "rewards.errors.wholeNumber" }).min(min, { error: "rewards.errors.atLeast" }).max(max, { error: "rewards.errors.atMost" });
const optionalWhole = (min: number, max: number) => z.preprocess((v) => (v === "" || v === undefined || v === null ? undefined : v), whole(min, max).optional());

const rewardForm = z.object({
  name: z.string().trim().min(1, { error: "rewards.errors.required" }).max(100),
  type: z.enum(REWARD_TYPES, { error: "rewards.errors.choose" }),
  pointsCost: whole(1, 10_000_000),
  value: optionalText, // money, in the shop's currency: fixed amount, store credit, free shipping cap
  percentage: optionalWhole(1, 100),
  productVariantId: optionalText,
  sliderMinPoints: optionalWhole(1, 10_000_000),
  sliderMaxPoints: optionalWhole(1, 10_000_000),
  minimumSubtotal: optionalText,
  codeExpiryDays: optionalWhole(1, 365),
  combinesWithOrder: flag,
  combinesWithProduct: flag,
  combinesWithShipping: flag,
  tierId: optionalText,
  segment: z.preprocess((v) => (v === "" ? undefined : v), z.enum(REWARD_SEGMENTS, { error: "rewards.errors.choose" }).optional()),
  segmentThreshold: optionalWhole(1, 3650),
  // country: an ISO code (upper-cased), as the audience page names it.
  segmentValue: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() || undefined : v), z.string().regex(/^[A-Z]{2}$/, { error: "rewards.errors.country" }).optional()),
  poolLowAt: optionalWhole(0, 1_000_000), // partner_code: warn below this many codes left
});

export type RewardForm = z.infer<typeof rewardForm>;
export type RewardErrors = Partial<Record<keyof RewardForm, string>>;

/** The form as the database stores it, or field errors (translation keys). */
export function parseReward(form: Record<string, unknown>, currency: string): { data: Omit<Reward, "id" | "shopId" | "createdAt" | "updatedAt" | "active" | "deletedAt"> } | { errors: RewardErrors } {
  const parsed = rewardForm.safeParse(form);
  const errors: RewardErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof RewardForm] ??= issue.message.startsWith("rewards.") ? issue.message : "rewards.errors.invalid";
    return { errors };
  }
  const f = parsed.data;
  const money = (field: "value" | "minimumSubtotal", text: string | undefined, required: boolean) => {
    if (text === undefined) {
      if (required) errors[field] = "rewards.errors.required";
      return null;
    }
    try {
      const minor = toMinor(text, currency);
      if (minor <= 0 || minor > 2_147_483_647) throw new MoneyError("range");
      return minor;
    } catch {
      errors[field] = "rewards.errors.amount";
      return null;
    }
  };
  const valueMinor = money("value", f.value, f.type === "fixed_amount" || f.type === "store_credit");
  // A partner's voucher is used at the partner: this shop's minimum order and code expiry do not apply to it.
  const partner = f.type === "partner_code";
  const minimumSubtotalMinor = partner ? null : money("minimumSubtotal", f.minimumSubtotal, false);
  if (f.type === "percentage" && f.percentage === undefined) errors.percentage = "rewards.errors.required";
  if (f.type === "free_product" && !f.productVariantId) errors.productVariantId = "rewards.errors.chooseProduct";
  if (f.type === "points_slider") {
    if (f.sliderMinPoints === undefined) errors.sliderMinPoints = "rewards.errors.required";
    if (f.sliderMaxPoints === undefined) errors.sliderMaxPoints = "rewards.errors.required";
    if (f.sliderMinPoints !== undefined && f.sliderMaxPoints !== undefined && f.sliderMaxPoints < f.sliderMinPoints) errors.sliderMaxPoints = "rewards.errors.maxBelowMin";
  }
  const byValue = f.segment !== undefined && SEGMENT_UNIT[f.segment] === "value";
  if (f.segment && !byValue && f.segmentThreshold === undefined) errors.segmentThreshold = "rewards.errors.required";
  if (byValue && f.segmentValue === undefined) errors.segmentValue = "rewards.errors.required";
  if (Object.keys(errors).length) return { errors };
  return {
    data: {
      name: f.name,
      type: f.type,
      pointsCost: f.pointsCost,
      valueMinor: ["fixed_amount", "store_credit", "free_shipping"].includes(f.type) ? valueMinor : null,
      percentage: f.type === "percentage" ? f.percentage! : null,
      productVariantId: f.type === "free_product" ? f.productVariantId! : null,
      sliderMinPoints: f.type === "points_slider" ? f.sliderMinPoints! : null,
      sliderMaxPoints: f.type === "points_slider" ? f.sliderMaxPoints! : null,
      minimumSubtotalMinor,
      codeExpiryDays: partner ? null : (f.codeExpiryDays ?? null),
      combinesWithOrder: f.combinesWithOrder,
      combinesWithProduct: f.combinesWithProduct,
      combinesWithShipping: f.combinesWithShipping,
      tierId: f.tierId ?? null,
      segment: f.segment ?? null,
      poolLowAt: f.poolLowAt ?? 10,
      segmentThreshold: f.segment && !byValue ? f.segmentThreshold! : null,
      segmentValue: byValue ? f.segmentValue! : null,
    },
  };
}

/** A stored reward as the form shows it (money back to decimal text). */
export function rewardFormValues(reward: Reward, currency: string): Record<keyof RewardForm, string | boolean> {
  const money = (minor: number | null) => (minor === null ? "" : toDecimalString(minor, currency));
  return {
    name: reward.name,
    type: reward.type,
    pointsCost: String(reward.pointsCost),
    value: money(reward.valueMinor),
    percentage: reward.percentage === null ? "" : String(reward.percentage),
    productVariantId: reward.productVariantId ?? "",
    sliderMinPoints: reward.sliderMinPoints === null ? "" : String(reward.sliderMinPoints),
    sliderMaxPoints: reward.sliderMaxPoints === null ? "" : String(reward.sliderMaxPoints),
    minimumSubtotal: money(reward.minimumSubtotalMinor),
    codeExpiryDays: reward.codeExpiryDays === null ? "" : String(reward.codeExpiryDays),
    combinesWithOrder: reward.combinesWithOrder,
    combinesWithProduct: reward.combinesWithProduct,
    combinesWithShipping: reward.combinesWithShipping,
    tierId: reward.tierId ?? "",
    segment: reward.segment ?? "",
    segmentThreshold: reward.segmentThreshold === null ? "" : String(reward.segmentThreshold),
    segmentValue: reward.segmentValue ?? "",
    poolLowAt: String(reward.poolLowAt),
  };
}

export function newRewardValues(currency: string): Record<keyof RewardForm, string | boolean> {
  return {
    name: "", type: "fixed_amount", pointsCost: "500", value: toDecimalString(5 * minorPerUnit(currency), currency), percentage: "",
    productVariantId: "", sliderMinPoints: "", sliderMaxPoints: "", minimumSubtotal: "", codeExpiryDays: "30",
    combinesWithOrder: false, combinesWithProduct: false, combinesWithShipping: true, tierId: "",
    segment: "", segmentThreshold: "", segmentValue: "", poolLowAt: "10",
  };
}

type RewardData = Extract<ReturnType<typeof parseReward>, { data: unknown }>["data"];

export async function saveReward(db: PrismaClient, shopId: string, rewardId: string | null, data: RewardData, actor: string) {
  return inTransaction(db, async (tx) => {
    if (data.tierId && !(await tx.tier.findFirst({ where: { id: data.tierId, shopId } }))) throw new Error("No such tier in this shop");
    if (!rewardId) {
      const created = await tx.reward.create({ data: { ...data, shopId } });
      await logActivity(tx, { shopId, actor, action: "reward.created", after: created });
      return created;
    }
    const before = await tx.reward.findFirstOrThrow({ where: { id: rewardId, shopId, deletedAt: null } });
    const updated = await tx.reward.update({ where: { id: before.id }, data });
    await logActivity(tx, { shopId, actor, action: "reward.updated", before, after: updated });
    return updated;
  });
}

export async function setRewardState(db: PrismaClient, shopId: string, rewardId: string, state: "active" | "paused" | "deleted", actor: string) {
  return inTransaction(db, async (tx) => {
    const before = await tx.reward.findFirst({ where: { id: rewardId, shopId, deletedAt: null } });
    if (!before) return null;
    const data = state === "deleted" ? { active: false, deletedAt: new Date() } : { active: state === "active" };
    const after = await tx.reward.update({ where: { id: before.id }, data });
    // The name, so that the log says which reward was paused, activated or deleted.
    await logActivity(tx, { shopId, actor, action: `reward.${state}`, before: { name: before.name, active: before.active }, after: { name: after.name, active: after.active, deleted: state === "deleted" } });
    return after;
  });
}
