// Profile page of customer accounts: balance, tier and the way to the next, and a link to the
// rewards page (klub-account-page).
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useLoad } from "../../shared/hooks";
import { KlubError } from "../../shared/klub";
import { MemberSummary, translator, Unreachable } from "../../shared/ui";
import { client } from "./client";

export default async () => {
  render(<Profile />, document.body);
};

export const REWARDS_PAGE = "extension://klub-account-page";

export function Profile() {
  const { i18n } = shopify;
  const t = translator(i18n);
  const { value: state, retry } = useLoad(client.state);
  if (state instanceof KlubError) return <Unreachable i18n={i18n} reason={state.reason} retry={retry} />;
  if (!state) return <s-skeleton-paragraph />;
  if (!state.programEnabled) return null;
  return (
    <s-section heading={t("title")}>
      <s-stack gap="small-200">
        {state.member ? <MemberSummary i18n={i18n} member={state.member} /> : state.guest && <s-text>{state.guest.text}</s-text>}
        <s-link href={REWARDS_PAGE}>{t("open")}</s-link>
      </s-stack>
    </s-section>
  );
}
