// Points for following the shop's social accounts: one claim per member and network, on the
// shopper's word (a shop cannot check that a shopper followed). The ledger key makes the claim once;
// a claim made before the owner changed the points is not posted again with the new amount.
import { credit } from "./ledger.server";
import { lotExpiresAt } from "./lot-dates";
import { programRules } from "./program";
import { activeFollows, NETWORK_NAMES, SOCIAL_NETWORKS, type SocialNetwork } from "./social";
import { inTransaction, type DbOrTx } from "./transactions.server";

export type FollowRefusal = "program_off" | "not_set_up" | "no_member";

export class FollowRefused extends Error {
  override name = "FollowRefused";
  constructor(readonly reason: FollowRefusal) {
    super(`Follow claim refused: ${reason}`);
  }
}

export const followKey = (memberId: string, network: SocialNetwork) => `social:${memberId}:${network}`;

export interface FollowClaim {
  network: SocialNetwork;
  /** The points this claim credited; 0 when the member had claimed this network before. */
  credited: number;
  alreadyClaimed: boolean;
  balance: number;
}

/** Credits the points for following `network` once per member; refuses an account not set up, a shopper who is not a member, a program that is off. */
export async function claimFollow(db: DbOrTx, shopId: string, customerId: string, network: SocialNetwork, now = new Date()): Promise<FollowClaim> {
  return inTransaction(db, async (tx) => {
    const shop = await tx.shop.findUnique({ where: { id: shopId }, include: { settings: true } });
    if (!shop?.settings || shop.uninstalledAt || !shop.programEnabled) throw new FollowRefused("program_off");
    const rules = programRules(shop.settings);
    const follow = activeFollows(rules.socialFollows).find((f) => f.network === network);
    if (!follow) throw new FollowRefused("not_set_up");
    const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
    if (!member || member.redactedAt) throw new FollowRefused("no_member");
    const key = followKey(member.id, network);
    const first = await tx.ledgerEntry.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey: key } } });
    if (first) return { network, credited: 0, alreadyClaimed: true, balance: member.balance };
    const { entry } = await credit(tx, {
      shopId, memberId: member.id, kind: "earn", key, points: follow.points,
      reason: { code: "social_follow", params: { network: NETWORK_NAMES[network] } }, now, expiresAt: lotExpiresAt(now, rules),
    });
    return { network, credited: follow.points, alreadyClaimed: false, balance: entry.balanceAfter };
  });
}

/** The networks a member has claimed the points for. */
export async function claimedFollows(db: DbOrTx, shopId: string, memberId: string): Promise<Set<SocialNetwork>> {
  const keys = SOCIAL_NETWORKS.map((network) => followKey(memberId, network));
  const entries = await db.ledgerEntry.findMany({ where: { shopId, idempotencyKey: { in: keys } }, select: { idempotencyKey: true } });
  return new Set(entries.map((e) => e.idempotencyKey.slice(e.idempotencyKey.lastIndexOf(":") + 1) as SocialNetwork));
}
