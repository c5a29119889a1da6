// The member's points, pending points, tier and next expiry as customer metafields in the app's
// namespace, so Liquid renders them with no request ({{ customer.metafields["$app:klub"].points.value }})
// and owners segment customers by them in Shopify (number, text and date definitions are filterable).

export const METAFIELD_NAMESPACE = "$app:klub";

/** metafieldsSet takes at most 25 metafields a call, and is atomic. */
export const METAFIELDS_PER_CALL = 25;

export const METAFIELDS_SET = `#graphql
  mutation KlubMemberMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key }
      userErrors { field message code }
    }
  }
`;

export interface MetafieldsSetInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MemberForMetafields {
  customerId: string;
  balance: number;
  pendingPoints: number;
  tierName: string | null;
  referralCode: string;
  /** The points that expire next, and when; null when none are due to expire. */
  nextExpiry: { points: number; at: Date } | null;
}

/** points, pending_points, tier, referral_code, points_expiring, points_expire_on (at most). */
export const METAFIELDS_PER_MEMBER = 6;

export function memberMetafields(member: MemberForMetafields): MetafieldsSetInput[] {
  const ownerId = `gid://shopify/Customer/${member.customerId}`;
  const field = (key: string, type: string, value: string) => ({ ownerId, namespace: METAFIELD_NAMESPACE, key, type, value });
  return [
    field("points", "number_integer", String(member.balance)),
    field("pending_points", "number_integer", String(member.pendingPoints)),
    // A text metafield cannot be blank: members below every tier show the dash.
    field("tier", "single_line_text_field", member.tierName ?? "-"),
    // For the member's referral link, which the theme embed shows them.
    field("referral_code", "single_line_text_field", member.referralCode),
    // For segments such as "points expiring this month": the count, and the day while there is one
    // (a date cannot be blank: with nothing left to expire the count says 0 and the day stays).
    field("points_expiring", "number_integer", String(member.nextExpiry?.points ?? 0)),
    ...(member.nextExpiry ? [field("points_expire_on", "date", member.nextExpiry.at.toISOString().slice(0, 10))] : []),
  ];
}
