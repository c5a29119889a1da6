// The rewards page of customer accounts: balance and tier, the rewards (Redeem for those within the
// member's points), their codes (copy, cancel), ways to earn, the invite link, and the history.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { afterSpending, useActions, useLoad } from "../../shared/hooks";
import { hasCode, isPartnerCode, isStoreCredit, KlubError, storefrontLink, type MadeCode, type Reward } from "../../shared/klub";
import { MemberSummary, translator, Unreachable } from "../../shared/ui";
import { client } from "./client";
import { CodeItem } from "./CodeItem";
import { Rewards } from "./Rewards";

export default async () => {
  render(<RewardsPage />, document.body);
};

// The token says which shop the invite link is for.
const load = () => Promise.all([client.state(), shopify.sessionToken.get()]);

export function RewardsPage() {
  const { i18n } = shopify;
  const t = translator(i18n);
  const { value, setValue, retry } = useLoad(load);
  const { busy, notice, act } = useActions(() => t("unreachable.action"));

  if (value instanceof KlubError || !value) {
    const body = value ? <Unreachable i18n={i18n} reason={value.reason} retry={retry} /> : <s-skeleton-paragraph />;
    return <s-page heading={t("title")}>{body}</s-page>;
  }
  const [state, token] = value;
  if (!state.programEnabled) {
    return (
      <s-page heading={t("title")}>
        <s-text>{t("off")}</s-text>
      </s-page>
    );
  }
  const { member } = state;

  const redeem = (reward: Reward, points?: number) =>
    act(reward.id, async () => {
      const spent = await client.redeem(reward.id, points);
      setValue([afterSpending(state, spent), token]);
      const { code } = spent;
      if (code && isStoreCredit(code)) {
        return code.status === "issued" ? { tone: "success", text: t("notice.storeCredit", { amount: code.amountText }) } : { tone: "warning", text: t("notice.storeCreditNotReady") };
      }
      if (code && isPartnerCode(code)) return { tone: "success", text: t("notice.partner", { code: code.code, reward: code.rewardName }) };
      return code && hasCode(code) && code.status === "issued" ? { tone: "success", text: t("notice.redeemed", { code: code.code }) } : { tone: "warning", text: t("notice.notReady") };
    });
  const cancel = (code: MadeCode) =>
    act(code.id, async () => {
      setValue([afterSpending(state, await client.cancel(code.id)), token]);
      return { tone: "success", text: t("notice.cancelled", { code: code.code }) };
    });
  const invite = member && storefrontLink(member.referralUrl, token);

  return (
    <s-page heading={t("title")}>
      <s-stack gap="base">
        {notice && <s-banner tone={notice.tone}>{notice.text}</s-banner>}
        <s-section heading={t("page.points")}>
          {member ? (
            <s-stack gap="small-200">
              <MemberSummary i18n={i18n} member={member} />
              {state.recommended && <s-text>{state.recommended.text}</s-text>}
            </s-stack>
          ) : (
            <s-text>{state.guest?.text}</s-text>
          )}
        </s-section>
        <s-section heading={t("page.rewards")}>
          <Rewards rewards={state.rewards} member={member} busy={busy} onRedeem={redeem} />
        </s-section>
        {state.codes.length > 0 && (
          <s-section heading={t("page.codes")}>
            <s-stack gap="base">
              {state.codes.map((code) => (
                <CodeItem key={code.id} code={code} busy={busy === code.id} disabled={!!busy} onCancel={cancel} />
              ))}
            </s-stack>
          </s-section>
        )}
        <s-section heading={t("page.earn")}>
          <s-unordered-list>
            {state.waysToEarn.map((way) => (
              <s-list-item key={way.kind + way.text}>{way.text}</s-list-item>
            ))}
          </s-unordered-list>
        </s-section>
        {invite && (
          <s-section heading={t("page.invite")}>
            <s-stack gap="small-200">
              <s-text>{t("page.inviteText")}</s-text>
              <s-text type="strong">{invite}</s-text>
              <s-clipboard-item id="klub-invite" text={invite} onCopy={() => shopify.toast.show(t("codes.copied"))} />
              <s-button variant="secondary" commandFor="klub-invite">
                {t("page.copyLink")}
              </s-button>
            </s-stack>
          </s-section>
        )}
        {member && (
          <s-section heading={t("page.history")}>
            <s-stack gap="small-200">
              {state.history.length === 0 && <s-text color="subdued">{t("page.noHistory")}</s-text>}
              {state.history.map((entry) => (
                <s-stack key={entry.id} direction="inline" gap="small-200" justifyContent="space-between">
                  <s-text>{`${entry.date} · ${entry.text}`}</s-text>
                  <s-text>{(entry.amount > 0 ? "+" : "") + i18n.formatNumber(entry.amount)}</s-text>
                </s-stack>
              ))}
            </s-stack>
          </s-section>
        )}
      </s-stack>
    </s-page>
  );
}
