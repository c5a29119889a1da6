// Checkout, after the discount field or where the merchant puts the block: the member's balance,
// the points this order earns, the rewards they can afford, redeemed and put on the checkout as a
// discount code; a Klub code on the checkout can be taken off again, and its points come back.
// Store credit has no code: redeemed here, it is on the customer's account, and checkout offers it.
// A partner's voucher is used at the partner: it is shown to copy, never put on this checkout.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { afterSpending, useActions, useLoad, type Notice } from "../../shared/hooks";
import { hasCode, isPartnerCode, isStoreCredit, KlubError, type MadeCode, type Reward } from "../../shared/klub";
import { RewardOffer } from "../../shared/RewardOffer";
import { counted, translator, Unreachable } from "../../shared/ui";
import { client } from "./client";
import { orderPoints } from "./earning";

export default async () => {
  render(<Checkout />, document.body);
};

export function Checkout() {
  const { i18n } = shopify;
  const t = translator(i18n);
  const { value: state, setValue: setState, retry } = useLoad(client.state);
  const { busy, notice, act } = useActions(() => t("unreachable.action"));

  if (state instanceof KlubError) return <Unreachable i18n={i18n} reason={state.reason} retry={retry} />;
  if (!state) return <s-skeleton-paragraph />;
  if (!state.programEnabled) return null;

  const estimate = orderPoints(shopify.lines.value, shopify.discountAllocations.value, state.earning);
  const { member } = state;
  if (!member) {
    return (
      <s-stack gap="small-200">
        <s-heading>{t("title")}</s-heading>
        <s-text>{t("guest.signIn")}</s-text>
        {state.guest && <s-text color="subdued">{state.guest.text}</s-text>}
        {estimate > 0 && <s-text color="subdued">{counted(i18n, "guest.earn", estimate)}</s-text>}
      </s-stack>
    );
  }

  // Discount codes cannot change when the checkout says so, nor in an accelerated checkout (Apple
  // Pay, Google Pay), the one where the shipping address cannot be chosen either.
  const { discounts, delivery } = shopify.instructions.value;
  const blocked = !discounts.canUpdateDiscountCodes ? t("blocked.codes") : !delivery.canSelectCustomAddress ? t("blocked.accelerated") : "";
  const onCheckout = new Set(shopify.discountCodes.value.map((d) => d.code.toUpperCase()));
  const issued = state.codes.filter(hasCode).filter((c) => c.status === "issued");
  const affordable = state.rewards.filter((r) => r.affordable && (r.slider?.min ?? r.pointsCost) <= member.points);

  async function apply(code: MadeCode): Promise<Notice> {
    const result = await shopify.applyDiscountCodeChange({ type: "addDiscountCode", code: code.code });
    if (result.type === "success") return { tone: "success", text: t("notice.applied", { code: code.code }) };
    // Shopify's error message is not localized and not meant for buyers: our own words instead.
    return { tone: "warning", text: t("notice.notApplied", { code: code.code }), refused: code };
  }

  const redeem = (reward: Reward, points?: number) =>
    act(reward.id, async () => {
      const spent = await client.redeem(reward.id, points);
      setState(afterSpending(state, spent));
      const { code } = spent;
      if (code && isStoreCredit(code)) {
        return code.status === "issued" ? { tone: "success", text: t("notice.storeCredit", { amount: code.amountText }) } : { tone: "warning", text: t("notice.storeCreditNotReady") };
      }
      if (code && isPartnerCode(code)) return { tone: "success", text: t("notice.partner", { code: code.code, reward: code.rewardName }), copy: code.code };
      return code && hasCode(code) && code.status === "issued" ? apply(code) : { tone: "warning", text: t("notice.notReady") };
    });

  // Off the checkout first (when it is on), then cancelled: the points come back.
  const giveBack = (code: MadeCode) =>
    act(code.id, async () => {
      if (onCheckout.has(code.code.toUpperCase())) {
        const result = await shopify.applyDiscountCodeChange({ type: "removeDiscountCode", code: code.code });
        if (result.type === "error") return { tone: "critical", text: t("notice.notRemoved", { code: code.code }) };
      }
      setState(afterSpending(state, await client.cancel(code.id)));
      return { tone: "success", text: t("notice.returned", { code: code.code }) };
    });

  const refused = notice?.refused;
  return (
    <s-stack gap="small-200">
      <s-heading>{t("title")}</s-heading>
      <s-text>{counted(i18n, "balance", member.points)}</s-text>
      {member.pendingPoints > 0 && <s-text color="subdued">{counted(i18n, "pending", member.pendingPoints)}</s-text>}
      {estimate > 0 && <s-text color="subdued">{counted(i18n, "earn", estimate)}</s-text>}
      {state.recommended && <s-text color="subdued">{state.recommended.text}</s-text>}
      {notice && (
        <s-banner tone={notice.tone}>
          <s-stack gap="small-200">
            <s-text>{notice.text}</s-text>
            {notice.copy && <s-clipboard-item id="klub-partner-code" text={notice.copy} />}
            {notice.copy && (
              <s-button variant="secondary" commandFor="klub-partner-code">
                {t("notice.copy")}
              </s-button>
            )}
            {refused && (
              <s-button variant="secondary" loading={busy === refused.id} disabled={!!busy} onClick={() => giveBack(refused)}>
                {t("notice.returnPoints")}
              </s-button>
            )}
          </s-stack>
        </s-banner>
      )}
      {blocked ? (
        <s-banner tone="info">{blocked}</s-banner>
      ) : (
        <>
          {issued.map((code) => {
            const applied = onCheckout.has(code.code.toUpperCase());
            return (
              <s-stack key={code.id} direction="inline" gap="small-200" alignItems="center" justifyContent="space-between">
                <s-text>{t(applied ? "codes.applied" : "codes.ready", { code: code.code, reward: code.rewardName })}</s-text>
                <s-button variant="secondary" loading={busy === code.id} disabled={!!busy} onClick={() => (applied ? giveBack(code) : act(code.id, () => apply(code)))}>
                  {t(applied ? "codes.remove" : "codes.apply")}
                </s-button>
              </s-stack>
            );
          })}
          {affordable.length === 0 && <s-text color="subdued">{t("rewards.none")}</s-text>}
          {affordable.map((reward) => (
            <RewardOffer key={reward.id} i18n={i18n} reward={reward} balance={member.points} busy={busy === reward.id} disabled={!!busy} onRedeem={(points) => redeem(reward, points)} />
          ))}
        </>
      )}
    </s-stack>
  );
}
