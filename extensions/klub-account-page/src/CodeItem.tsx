// One of the member's codes: what it is for and where it stands; an issued code can be copied, an
// unused one cancelled (the points come back). Store credit has no code: it reads as the credit on
// the customer's account, which checkout offers. A partner's voucher is copied and used at the
// partner; it cannot be cancelled.
import { hasCode, isPartnerCode, isStoreCredit, type Code, type MadeCode } from "../../shared/klub";
import { translator } from "../../shared/ui";

interface Props {
  code: Code;
  busy: boolean;
  disabled: boolean;
  onCancel: (code: MadeCode) => void;
}

export function CodeItem({ code, busy, disabled, onCancel }: Props) {
  const t = translator(shopify.i18n);
  if (isStoreCredit(code)) {
    // Once added, the title says so: the status would only repeat it.
    const added = code.status === "issued";
    return (
      <s-stack gap="small-200">
        <s-text type="strong">{t(added ? "codes.storeCredit" : "codes.storeCreditAmount", { amount: code.amountText })}</s-text>
        <s-text color="subdued">{[code.rewardName, !added && code.statusText, code.expiresText].filter(Boolean).join(" · ")}</s-text>
      </s-stack>
    );
  }
  const copy = `klub-code-${code.id}`;
  const copyable = (hasCode(code) || isPartnerCode(code)) && code.status === "issued" ? code.code : null;
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{code.code}</s-text>
      <s-text color="subdued">{[code.rewardName, isPartnerCode(code) ? t("codes.partner") : code.statusText, code.expiresText].filter(Boolean).join(" · ")}</s-text>
      <s-stack direction="inline" gap="small-200">
        {copyable && <s-clipboard-item id={copy} text={copyable} onCopy={() => shopify.toast.show(t("codes.copied"))} />}
        {copyable && (
          <s-button variant="secondary" commandFor={copy}>
            {t("codes.copy")}
          </s-button>
        )}
        {hasCode(code) && code.cancellable && (
          <s-button variant="secondary" tone="critical" loading={busy} disabled={disabled} onClick={() => onCancel(code)}>
            {t("codes.cancel")}
          </s-button>
        )}
      </s-stack>
    </s-stack>
  );
}
