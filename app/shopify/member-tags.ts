// How membership reaches Shopify for exclusive offers (decision 051): each member's customer
// carries the tag `klub-member` and the tag of their tier by its id (`klub-tier-<id>`), put there
// by the member sync; an offer's customer segment asks for those tags in ShopifyQL.

/** Every member's customer carries it. */
export const MEMBER_TAG = "klub-member";
/** A tier's tag, by the tier's id: renaming a tier changes nothing on Shopify. */
export const TIER_TAG_PREFIX = "klub-tier-";

export const tierTag = (tierId: string) => `${TIER_TAG_PREFIX}${tierId}`;

/** Klub's own tags; another app's or the owner's tags are not Klub's to touch. */
export const isKlubTag = (tag: string) => tag === MEMBER_TAG || tag.startsWith(TIER_TAG_PREFIX);

/** The tags a member's customer should carry: none once redacted. */
export function memberTags(member: { tierId: string | null; redactedAt: Date | null }): string[] {
  if (member.redactedAt) return [];
  return member.tierId ? [MEMBER_TAG, tierTag(member.tierId)] : [MEMBER_TAG];
}

/** Tags as Member.shopifyTags keeps them: sorted, space-separated ("" for none). */
export const tagsText = (tags: readonly string[]) => [...tags].sort().join(" ");
export const tagsOf = (text: string | null) => (text ? text.split(" ").filter(Boolean) : []);

/** What to add and remove to go from the Klub tags Shopify has to the ones it should have. */
export function tagChanges(published: readonly string[], wanted: readonly string[]) {
  return { add: wanted.filter((t) => !published.includes(t)), remove: published.filter((t) => !wanted.includes(t) && isKlubTag(t)) };
}

/** A ShopifyQL string literal. */
const literal = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * The segment query of an offer: every member (no tiers given), or the members of any of the
 * tiers (the offer's tier and those above it). Null for a tier offer with no tier left.
 */
export function segmentQuery(tierIds: readonly string[] | null): string | null {
  if (tierIds === null) return `customer_tags CONTAINS ${literal(MEMBER_TAG)}`;
  if (!tierIds.length) return null;
  return tierIds.map((id) => `customer_tags CONTAINS ${literal(tierTag(id))}`).join(" OR ");
}

/** Shopify wants segment names unique: the offer's id in it makes the segment findable after a lost answer. */
export const segmentName = (offer: { id: string; title: string }) => `Klub: ${offer.title.slice(0, 120)} (${offer.id})`;
