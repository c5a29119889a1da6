// Exclusive offers for members (decision 051): an automatic discount on Shopify that only members,
// or the members of a tier and the tiers above it, get. Pure: the kinds, the states, who an
// offer is for.

export const OFFER_KINDS = ["percentage", "fixed_amount", "free_shipping"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/**
 * pending: waiting to be made on Shopify; active: made (Shopify runs it from startsAt to endsAt);
 * ending: the owner ended it, waiting for Shopify to deactivate it; ended; failed: Shopify refused
 * it (its message kept), to be retried by the owner.
 */
export const OFFER_STATUSES = ["pending", "active", "ending", "ended", "failed"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Offers whose discount exists or is to exist on Shopify: their tier must stay on the ladder. */
export const LIVE_STATUSES: OfferStatus[] = ["pending", "active", "failed"];

export interface LadderTier {
  id: string;
  threshold: number;
}

/**
 * The tiers whose members get a tier's offer: the tier and every tier above it (as tier-only
 * rewards), lowest first. Empty when the tier is no longer on the ladder.
 */
export function tiersFrom(tierId: string, ladder: readonly LadderTier[]): string[] {
  const tier = ladder.find((t) => t.id === tierId);
  if (!tier) return [];
  return ladder
    .filter((t) => t.threshold >= tier.threshold)
    .sort((a, b) => a.threshold - b.threshold || a.id.localeCompare(b.id))
    .map((t) => t.id);
}

/** Where the offer stands for the owner: Shopify starts and ends an active offer by its dates. */
export function shownStatus(offer: { status: string; startsAt: Date; endsAt: Date | null }, now: Date): OfferStatus | "scheduled" | "expired" {
  if (offer.status === "active" && offer.endsAt && offer.endsAt <= now) return "expired";
  if (offer.status === "active" && offer.startsAt > now) return "scheduled";
  return offer.status as OfferStatus;
}
