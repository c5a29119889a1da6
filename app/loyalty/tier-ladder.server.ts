// The VIP tier ladder as the shop owner edits it: what tiers are measured by, over which window,
// and each tier's threshold, multiplier and entry reward. Saved as a whole in one transaction;
// a change that can move members between tiers starts a recompute of every member.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { GRANTABLE_TYPES } from "./grants.server";
import { inTransaction } from "./transactions.server";
import { MoneyError, toDecimalString, toMinor } from "./money";
import { logActivity } from "./activity.server";
import { enqueueMemberSyncsInTiers } from "./outbox.server";
import { offersFollowLadder, tiersWithLiveOffers } from "./member-offers.server";
import { startTierRecompute } from "./tier-recompute.server";
import { MAX_TIERS } from "./tiers";

const whole = (min: number, max: number) =>
  z.coerce.number({ error: "tiers.errors.wholeNumber" }).int({ error: "tiers.errors.wholeNumber" }).min(min, { error: "tiers.errors.range" }).max(max, { error: "tiers.errors.range" });

const tierRowInput = z.object({
  id: z.string().nullish(),
  name: z.string().trim().min(1, { error: "tiers.errors.required" }).max(60, { error: "tiers.errors.tooLong" }),
  threshold: z.string().trim().min(1, { error: "tiers.errors.required" }), // points, or money in the shop's currency
  multiplierPercent: whole(100, 1000),
  entryRewardId: z.string().optional(),
});

const ladderInput = z.object({
  basis: z.enum(["points", "spend"], { error: "tiers.errors.choose" }),
  window: z.enum(["lifetime", "rolling12", "calendar_year"], { error: "tiers.errors.choose" }),
  tiers: z.array(z.unknown()).max(MAX_TIERS, { error: "tiers.errors.tooMany" }),
});

export type TierRowForm = z.input<typeof tierRowInput>;
type RowField = keyof TierRowForm;

/** Translation keys: for the ladder as a whole, and per tier row (by position). */
export interface LadderErrors {
  form?: string;
  /** The tier a form-level refusal is about. */
  tierName?: string;
  rows?: Record<number, Partial<Record<RowField, string>>>;
}

export interface TierRow {
  id?: string;
  name: string;
  threshold: number;
  multiplierPercent: number;
  entryRewardId: string | null;
}

export interface Ladder {
  basis: "points" | "spend";
  window: "lifetime" | "rolling12" | "calendar_year";
  tiers: TierRow[];
}

const errorKey = (message: string) => (message.startsWith("tiers.") ? message : "tiers.errors.invalid");

/** The ladder as stored, or every error at once: each row's own, then clashes between rows. */
export function parseLadder(input: unknown, currency: string): { data: Ladder } | { errors: LadderErrors } {
  const parsed = ladderInput.safeParse(input);
  if (!parsed.success) return { errors: { form: errorKey(parsed.error.issues[0].message) } };
  const { basis, window } = parsed.data;
  const rows: NonNullable<LadderErrors["rows"]> = {};
  const rowError = (index: number, field: RowField, key: string) => ((rows[index] ??= {})[field] ??= key);
  const thresholds = new Set<number>();
  const names = new Set<string>();
  const tiers: TierRow[] = [];
  parsed.data.tiers.forEach((raw, index) => {
    const row = tierRowInput.safeParse(raw);
    if (!row.success) {
      for (const issue of row.error.issues) rowError(index, (issue.path[0] ?? "name") as RowField, errorKey(issue.message));
      return;
    }
    const threshold = parseThreshold(row.data.threshold, basis, currency);
    if (threshold === null) rowError(index, "threshold", basis === "points" ? "tiers.errors.points" : "tiers.errors.amount");
    else if (thresholds.has(threshold)) rowError(index, "threshold", "tiers.errors.duplicateThreshold");
    else thresholds.add(threshold);
    const name = row.data.name.toLocaleLowerCase();
    if (names.has(name)) rowError(index, "name", "tiers.errors.duplicateName");
    names.add(name);
    tiers.push({ id: row.data.id || undefined, name: row.data.name, threshold: threshold ?? 0, multiplierPercent: row.data.multiplierPercent, entryRewardId: row.data.entryRewardId || null });
  });
  if (Object.keys(rows).length) return { errors: { rows } };
  return { data: { basis, window, tiers } };
}

function parseThreshold(text: string, basis: Ladder["basis"], currency: string): number | null {
  if (basis === "points") {
    const points = Number(text);
    return Number.isSafeInteger(points) && points >= 0 && points <= 100_000_000 ? points : null;
  }
  try {
    const minor = toMinor(text, currency);
    return minor >= 0 && minor <= 2_147_483_647 ? minor : null;
  } catch (error) {
    if (error instanceof MoneyError) return null;
    throw error;
  }
}

/** A threshold as the form shows it: points, or money in the shop's currency. */
export function thresholdText(threshold: number, basis: string, currency: string): string {
  return basis === "spend" ? toDecimalString(threshold, currency) : String(threshold);
}

/** Why a save was refused, as a translation key and the tier it is about. */
export class LadderRefused extends Error {
  constructor(
    readonly key: string,
    readonly tierName: string,
  ) {
    super(key);
  }
}

/**
 * Saves the ladder in one transaction and logs it. Starts a recompute when members may move:
 * the basis, window, a threshold or the set of tiers changed. A tier that rewards are limited to
 * is not deleted (those rewards would silently open to everyone).
 */
export async function saveLadder(db: PrismaClient, shopId: string, ladder: Ladder, actor: string, now = new Date()) {
  return inTransaction(db, async (tx) => {
    const settings = await tx.programSettings.findUniqueOrThrow({ where: { shopId } });
    const existing = await tx.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" } });
    const rewards = await tx.reward.findMany({ where: { shopId, deletedAt: null }, select: { id: true, tierId: true, type: true } });
    const kept = new Set(ladder.tiers.map((t) => t.id).filter(Boolean));
    for (const row of ladder.tiers) {
      if (row.id && !existing.some((t) => t.id === row.id)) throw new LadderRefused("tiers.errors.unknownTier", row.name);
      const entryReward = row.entryRewardId ? rewards.find((r) => r.id === row.entryRewardId) : null;
      if (row.entryRewardId && !entryReward) throw new LadderRefused("tiers.errors.unknownReward", row.name);
      if (entryReward && !GRANTABLE_TYPES.includes(entryReward.type)) throw new LadderRefused("tiers.errors.entryRewardType", row.name);
    }
    const removed = existing.filter((t) => !kept.has(t.id));
    const offered = await tiersWithLiveOffers(tx, shopId);
    for (const tier of removed) {
      if (rewards.some((r) => r.tierId === tier.id)) throw new LadderRefused("tiers.errors.hasRewards", tier.name);
      // An offer's segment names its tier and those above: the owner ends the offer first.
      if (offered.has(tier.id)) throw new LadderRefused("tiers.errors.hasOffers", tier.name);
    }
    await tx.tier.deleteMany({ where: { id: { in: removed.map((t) => t.id) } } });
    for (const { id, ...data } of ladder.tiers) {
      if (id) await tx.tier.update({ where: { id }, data });
      else await tx.tier.create({ data: { ...data, shopId } });
    }
    await tx.programSettings.update({ where: { shopId }, data: { tierBasis: ladder.basis, tierWindow: ladder.window } });

    const before = { basis: settings.tierBasis, window: settings.tierWindow, tiers: existing.map(({ id, name, threshold, multiplierPercent, entryRewardId }) => ({ id, name, threshold, multiplierPercent, entryRewardId })) };
    const after = { basis: ladder.basis, window: ladder.window, tiers: (await tx.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" } })).map(({ id, name, threshold, multiplierPercent, entryRewardId }) => ({ id, name, threshold, multiplierPercent, entryRewardId })) };
    if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false, recompute: null };
    await logActivity(tx, { shopId, actor, action: "tiers.updated", before, after });
    const membership = (l: typeof before) => JSON.stringify([l.basis, l.window, l.tiers.map((t) => [t.id, t.threshold])]);
    const recompute = membership(before) === membership(after) ? null : await startTierRecompute(tx, shopId, now);
    // The tiers above an offer's tier may have changed: its segment follows (decision 051).
    if (recompute) await offersFollowLadder(tx, shopId, now);
    const renamed = after.tiers.filter((tier) => existing.some((old) => old.id === tier.id && old.name !== tier.name));
    await enqueueMemberSyncsInTiers(tx, shopId, renamed.map((tier) => tier.id), now);
    return { changed: true, recompute };
  });
}
