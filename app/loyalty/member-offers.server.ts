// Exclusive offers for members (decision 051): the owner creates, ends and retries them here; the
// outbox carries each change to Shopify (app/shopify/member-offers.server.ts), which reports back
// through markOffer*. Members reach the offer's segment through their customer's tags, which the
// member sync keeps in step.
import type { MemberOffer, PrismaClient } from "@prisma/client";
import { z } from "zod";
import { logActivity } from "./activity.server";
import { zoneOffsetMinutes } from "./audience";
import { utcDay } from "./lot-dates";
import { LIVE_STATUSES, OFFER_KINDS, tiersFrom, type LadderTier } from "./member-offers";
import { MoneyError, toMinor } from "./money";
import { enqueue, enqueueMemberSyncsUntagged } from "./outbox.server";
import { inTransaction, type Tx } from "./transactions.server";

/** An offer to make, update or end on Shopify, as it stands when the message is carried out. */
export const MEMBER_OFFER = "member_offer";

const DAY_MS = 86_400_000;
const flag = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "offers.errors.date" });

/** Each field's check: the owner sees every field's error at once. */
const offerFields = {
  title: z.string().trim().min(1, { error: "offers.errors.required" }).max(255, { error: "offers.errors.tooLong" }),
  kind: z.enum(OFFER_KINDS, { error: "offers.errors.choose" }),
  percentage: optionalText,
  value: optionalText,
  minimumSubtotal: optionalText,
  audience: z.string({ error: "offers.errors.choose" }).trim().min(1, { error: "offers.errors.choose" }), // "all" or a tier's id
  startsOn: day,
  endsOn: z.preprocess((v) => (v === "" ? undefined : v), day.optional()),
  combinesWithRewards: flag,
};
type OfferForm = { [K in keyof typeof offerFields]: z.infer<(typeof offerFields)[K]> };

export type OfferErrors = Partial<Record<keyof OfferForm | "form", string>>;
export type OfferData = Pick<MemberOffer, "title" | "kind" | "percentage" | "valueMinor" | "minimumSubtotalMinor" | "tierId" | "combinesWithRewards" | "startsAt" | "endsAt">;

/** The instant a day begins on the shop's clock (UTC for a shop with no time zone). */
export function dayStart(dayText: string, timeZone: string | null): Date {
  const utc = new Date(`${dayText}T00:00:00Z`);
  if (!timeZone) return utc;
  const guess = new Date(utc.getTime() - zoneOffsetMinutes(timeZone, utc) * 60_000);
  return new Date(utc.getTime() - zoneOffsetMinutes(timeZone, guess) * 60_000);
}

/**
 * The owner's form as an offer, or errors per field (translation keys). It starts at the start
 * of its first day (now, for today) and ends at the end of its last day, on the shop's clock.
 */
export function parseOffer(form: Record<string, unknown>, shop: { currencyCode: string; timezone: string | null }, tierIds: readonly string[], now: Date): { data: OfferData } | { errors: OfferErrors } {
  const errors: OfferErrors = {};
  const f = Object.fromEntries(
    Object.entries(offerFields).map(([key, schema]) => {
      const parsed = schema.safeParse(form[key]);
      if (!parsed.success) errors[key as keyof OfferForm] = parsed.error.issues[0]?.message.startsWith("offers.") ? parsed.error.issues[0].message : "offers.errors.invalid";
      return [key, parsed.success ? parsed.data : undefined];
    }),
  ) as OfferForm;
  const money = (field: "value" | "minimumSubtotal", text: string | undefined) => {
    if (text === undefined) return null;
    try {
      const minor = toMinor(text.replace(",", "."), shop.currencyCode);
      if (minor <= 0 || minor > 2_147_483_647) throw new MoneyError("range");
      return minor;
    } catch {
      errors[field] = "offers.errors.amount";
      return null;
    }
  };
  let percentage: number | null = null;
  if (f.kind === "percentage") {
    const n = Number(f.percentage);
    if (f.percentage === undefined) errors.percentage = "offers.errors.required";
    else if (!Number.isInteger(n) || n < 1 || n > 100) errors.percentage = "offers.errors.percent";
    else percentage = n;
  }
  const valueMinor = f.kind === "fixed_amount" ? money("value", f.value) : null;
  if (f.kind === "fixed_amount" && f.value === undefined) errors.value = "offers.errors.required";
  const minimumSubtotalMinor = money("minimumSubtotal", f.minimumSubtotal);
  const tierId = f.audience === "all" || f.audience === undefined ? null : f.audience;
  if (tierId && !tierIds.includes(tierId)) errors.audience = "offers.errors.choose";
  const today = utcDay(new Date(now.getTime() + (shop.timezone ? zoneOffsetMinutes(shop.timezone, now) : 0) * 60_000));
  const first = f.startsOn === undefined ? new Date(NaN) : dayStart(f.startsOn, shop.timezone);
  if (!errors.startsOn) {
    if (Number.isNaN(first.getTime()) || utcDay(new Date(`${f.startsOn}T00:00:00Z`)) !== f.startsOn) errors.startsOn = "offers.errors.date";
    else if (f.startsOn < today) errors.startsOn = "offers.errors.past";
    else if (first.getTime() - now.getTime() > 366 * DAY_MS) errors.startsOn = "offers.errors.tooFar";
  }
  let endsAt: Date | null = null;
  if (f.endsOn !== undefined && f.startsOn !== undefined) {
    const next = new Date(new Date(`${f.endsOn}T00:00:00Z`).getTime() + DAY_MS);
    if (Number.isNaN(next.getTime()) || utcDay(new Date(`${f.endsOn}T00:00:00Z`)) !== f.endsOn) errors.endsOn = "offers.errors.date";
    else if (f.endsOn < f.startsOn) errors.endsOn = "offers.errors.endBeforeStart";
    else endsAt = dayStart(utcDay(next), shop.timezone);
  }
  if (Object.keys(errors).length) return { errors };
  return {
    data: {
      title: f.title,
      kind: f.kind,
      percentage,
      valueMinor,
      minimumSubtotalMinor,
      tierId,
      combinesWithRewards: f.combinesWithRewards,
      startsAt: f.startsOn === today ? now : first,
      endsAt,
    },
  };
}

/** An offer as the activity log shows it. */
function offerLogged(offer: MemberOffer) {
  return {
    name: offer.title,
    kind: offer.kind,
    percentage: offer.percentage,
    valueMinor: offer.valueMinor,
    minimumSubtotalMinor: offer.minimumSubtotalMinor,
    tierId: offer.tierId ?? "",
    combinesWithRewards: offer.combinesWithRewards,
    startsAt: offer.startsAt.toISOString(),
    endsAt: offer.endsAt?.toISOString() ?? null,
    status: offer.status,
  };
}

function enqueueOfferSync(tx: Tx, offer: Pick<MemberOffer, "id" | "shopId">, now: Date) {
  return enqueue(tx, { shopId: offer.shopId, kind: MEMBER_OFFER, dedupeKey: `offer:${offer.id}`, payload: { offerId: offer.id }, now });
}

/**
 * Creates the offer, to be made on Shopify by the outbox; members whose tags were never sent are
 * sent now, so that the segment finds them.
 */
export async function createOffer(db: PrismaClient, shopId: string, data: OfferData, actor: string, now = new Date()): Promise<MemberOffer> {
  return inTransaction(db, async (tx) => {
    const offer = await tx.memberOffer.create({ data: { ...data, shopId, status: "pending" } });
    await enqueueOfferSync(tx, offer, now);
    await enqueueMemberSyncsUntagged(tx, shopId, now);
    await logActivity(tx, { shopId, actor, action: "offer.created", after: offerLogged(offer) });
    return offer;
  });
}

/** The owner ends the offer: Shopify deactivates its discount. False when there is no such live offer. */
export async function endOffer(db: PrismaClient, shopId: string, offerId: string, actor: string, now = new Date()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const offer = await tx.memberOffer.findFirst({ where: { id: offerId, shopId, status: { in: LIVE_STATUSES } } });
    if (!offer) return false;
    const ended = await tx.memberOffer.update({ where: { id: offer.id }, data: { status: "ending", endedAt: now } });
    await enqueueOfferSync(tx, ended, now);
    await logActivity(tx, { shopId, actor, action: "offer.ended", before: offerLogged(offer), after: offerLogged(ended) });
    return true;
  });
}

/** The owner tries a refused offer again. False when there is no such failed offer. */
export async function retryOffer(db: PrismaClient, shopId: string, offerId: string, actor: string, now = new Date()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const offer = await tx.memberOffer.findFirst({ where: { id: offerId, shopId, status: "failed" } });
    if (!offer) return false;
    const retried = await tx.memberOffer.update({ where: { id: offer.id }, data: { status: "pending", lastError: null } });
    await enqueueOfferSync(tx, retried, now);
    await logActivity(tx, { shopId, actor, action: "offer.retried", before: offerLogged(offer), after: offerLogged(retried) });
    return true;
  });
}

/** The shop's offers, newest first, with their tier's name. */
export function listOffers(db: PrismaClient, shopId: string) {
  return db.memberOffer.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take: 100, include: { tier: { select: { name: true } } } });
}

/** The tiers whose members an offer reaches now (null: every member), from the shop's ladder as it is. */
export async function offerAudience(db: PrismaClient | Tx, offer: Pick<MemberOffer, "shopId" | "tierId">): Promise<string[] | null> {
  if (!offer.tierId) return null;
  const ladder: LadderTier[] = await db.tier.findMany({ where: { shopId: offer.shopId }, select: { id: true, threshold: true } });
  return tiersFrom(offer.tierId, ladder);
}

/** The ladder changed (thresholds, tiers added): the live tier offers' segments are brought in step. */
export async function offersFollowLadder(tx: Tx, shopId: string, now: Date): Promise<void> {
  const offers = await tx.memberOffer.findMany({ where: { shopId, tierId: { not: null }, status: { in: ["pending", "active"] } }, select: { id: true, shopId: true } });
  for (const offer of offers) await enqueueOfferSync(tx, offer, now);
}

/** The tiers live offers are for: the ladder may not drop them (their segment would lose its meaning). */
export async function tiersWithLiveOffers(tx: Tx, shopId: string): Promise<Set<string>> {
  const offers = await tx.memberOffer.findMany({ where: { shopId, tierId: { not: null }, status: { in: LIVE_STATUSES } }, select: { tierId: true } });
  return new Set(offers.map((o) => o.tierId!));
}

/** What Shopify now holds for the offer (its segment, query, discount), and whether it is live. */
export function markOfferMade(db: PrismaClient, offerId: string, made: { segmentId: string; segmentQuery: string; discountNodeId: string }) {
  return db.memberOffer.updateMany({ where: { id: offerId, status: { in: ["pending", "active"] } }, data: { ...made, status: "active", lastError: null } });
}

/** Shopify refused the offer: its message is kept for the owner, who may retry. */
export function markOfferFailed(db: PrismaClient, offerId: string, message: string, made: { segmentId?: string | null; segmentQuery?: string | null } = {}) {
  return db.memberOffer.updateMany({ where: { id: offerId, status: "pending" }, data: { ...made, status: "failed", lastError: message.slice(0, 1000) } });
}

/** Shopify deactivated the offer's discount (or never made it). */
export function markOfferEnded(db: PrismaClient, offerId: string, made: { discountNodeId?: string | null } = {}) {
  return db.memberOffer.updateMany({ where: { id: offerId, status: "ending" }, data: { ...made, status: "ended" } });
}
