// One reward the member can afford, with Redeem; a points slider reward asks how many points to
// spend, within its bounds and the balance.
import { useState } from "preact/hooks";
import type { Reward } from "./klub";
import type { I18n } from "./ui";

interface Props {
  i18n: I18n;
  reward: Reward;
  balance: number;
  busy: boolean;
  disabled: boolean;
  onRedeem: (points?: number) => void;
}

export function RewardOffer({ i18n, reward, balance, busy, disabled, onRedeem }: Props) {
  const { slider } = reward;
  const max = Math.min(slider?.max ?? 0, balance);
  const [chosen, choose] = useState(max);
  const points = slider ? Math.min(max, Math.max(slider.min, Math.round(chosen) || 0)) : undefined;
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{reward.name}</s-text>
      <s-text color="subdued">{[reward.text, reward.costText, reward.minimumText].filter(Boolean).join(" · ")}</s-text>
      {slider && (
        <s-number-field
          label={i18n.translate("rewards.slider")}
          min={slider.min}
          max={max}
          step={slider.step}
          value={String(points)}
          onChange={(event) => choose(Number((event.currentTarget as HTMLInputElement).value))}
        />
      )}
      <s-button variant="secondary" loading={busy} disabled={disabled} onClick={() => onRedeem(points)}>
        {i18n.translate("rewards.redeem")}
      </s-button>
    </s-stack>
  );
}
