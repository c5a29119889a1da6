// The member's points, pending points and tier as customer metafields in the app's namespace,
// so Liquid renders them with no request ({{ customer.metafields["$app:klub"].points.value }}).

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
}

/** points, pending_points, tier, referral_code. */
export const METAFIELDS_PER_MEMBER = 4;

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
  ];
}
