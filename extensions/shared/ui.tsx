// What every Klub block shows the same way. `i18n` is the target's shopify.i18n, passed in: the
// CLI types the `shopify` global only inside an extension's folder. Each extension's locales
// have the keys used here.
import type { Member } from "./klub";

export interface I18n {
  translate: (key: string, options?: Record<string, string | number>) => string;
  formatNumber: (n: number) => string;
}

/** shopify.i18n.translate, called on its object. */
export const translator = (i18n: I18n) => (key: string, options?: Record<string, string | number>) => i18n.translate(key, options);

/** A translation about a number of points: its plural form by `count`, the number formatted for the reader. */
export const counted = (i18n: I18n, key: string, n: number) => i18n.translate(key, { count: n, points: i18n.formatNumber(n) });

export function Unreachable({ i18n, reason, retry }: { i18n: I18n; reason?: string; retry: () => void }) {
  return (
    <s-banner tone="warning">
      <s-stack gap="small-200">
        <s-text>{reason ?? i18n.translate("unreachable.text")}</s-text>
        <s-button variant="secondary" onClick={retry}>
          {i18n.translate("unreachable.retry")}
        </s-button>
      </s-stack>
    </s-banner>
  );
}

/** Balance, pending points, tier and the way to the next one. */
export function MemberSummary({ i18n, member }: { i18n: I18n; member: Member }) {
  const next = member.nextTier;
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{counted(i18n, "balance", member.points)}</s-text>
      {member.pendingPoints > 0 && <s-text color="subdued">{counted(i18n, "pending", member.pendingPoints)}</s-text>}
      {member.tier && <s-text>{i18n.translate("tier", { tier: member.tier.name })}</s-text>}
      {next && <s-progress value={next.progress} max={1} accessibilityLabel={i18n.translate("progress", { tier: next.name })} />}
      {next && <s-text color="subdued">{i18n.translate("nextTier", { count: next.remaining, points: next.remainingText, tier: next.name })}</s-text>}
    </s-stack>
  );
}
