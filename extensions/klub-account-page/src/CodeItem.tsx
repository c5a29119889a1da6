// One of the member's codes: what it is for and where it stands; an issued code can be copied, an
// unused one cancelled (the points come back).
import type { Code } from "../../shared/klub";
import { translator } from "../../shared/ui";

interface Props {
  code: Code;
  busy: boolean;
  disabled: boolean;
  onCancel: () => void;
}

export function CodeItem({ code, busy, disabled, onCancel }: Props) {
  const t = translator(shopify.i18n);
  const copy = `klub-code-${code.id}`;
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{code.code}</s-text>
      <s-text color="subdued">{[code.rewardName, code.statusText, code.expiresText].filter(Boolean).join(" · ")}</s-text>
      <s-stack direction="inline" gap="small-200">
        {code.status === "issued" && <s-clipboard-item id={copy} text={code.code} onCopy={() => shopify.toast.show(t("codes.copied"))} />}
        {code.status === "issued" && (
          <s-button variant="secondary" commandFor={copy}>
            {t("codes.copy")}
          </s-button>
        )}
        {code.cancellable && (
          <s-button variant="secondary" tone="critical" loading={busy} disabled={disabled} onClick={onCancel}>
            {t("codes.cancel")}
          </s-button>
        )}
      </s-stack>
    </s-stack>
  );
}
