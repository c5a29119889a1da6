// The rewards: Redeem for those within the member's points, and for the others what they take
// (cost, minimum order, tier, the points still missing).
import type { Member, Reward } from "../../shared/klub";
import { RewardOffer } from "../../shared/RewardOffer";
import { translator } from "../../shared/ui";

interface Props {
  rewards: Reward[];
  member: Member | null;
  busy: string;
  onRedeem: (reward: Reward, points?: number) => void;
}

export function Rewards({ rewards, member, busy, onRedeem }: Props) {
  const { i18n } = shopify;
  const t = translator(i18n);
  return (
    <s-stack gap="base">
      {rewards.map((reward) =>
        member && reward.affordable ? (
          <RewardOffer key={reward.id} i18n={i18n} reward={reward} balance={member.points} busy={busy === reward.id} disabled={!!busy} onRedeem={(points) => onRedeem(reward, points)} />
        ) : (
          <s-stack key={reward.id} gap="small-200">
            <s-text type="strong">{reward.name}</s-text>
            <s-text color="subdued">
              {[reward.text, reward.costText, reward.minimumText, reward.tierName && t("rewards.forTier", { tier: reward.tierName }), reward.missingText].filter(Boolean).join(" · ")}
            </s-text>
          </s-stack>
        ),
      )}
    </s-stack>
  );
}
