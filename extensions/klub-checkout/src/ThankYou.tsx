// Thank-you page: the points this order earns (or will, once paid or shipped) and the new balance;
// a guest is invited to create an account to collect them.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { KlubError, numericId } from "../../shared/klub";
import { useLoad } from "../../shared/hooks";
import { counted, translator, Unreachable } from "../../shared/ui";
import { client } from "./client";
import { orderPoints } from "./earning";

export default async () => {
  render(<ThankYou />, document.body);
};

const load = () => Promise.all([client.state(), client.order(numericId(shopify.orderConfirmation.value.order.id))]);

export function ThankYou() {
  const { i18n } = shopify;
  const t = translator(i18n);
  const { value, retry } = useLoad(load);
  if (value instanceof KlubError) return <Unreachable i18n={i18n} reason={value.reason} retry={retry} />;
  if (!value) return <s-skeleton-paragraph />;
  const [state, order] = value;
  if (!state.programEnabled) return null;

  // Until the app has the paid (or shipped) order, the rules say what it will earn.
  const estimate = orderPoints(shopify.lines.value, shopify.discountAllocations.value, state.earning);
  const member = order.member ?? state.member;
  if (!member) {
    const storefront = shopify.shop.storefrontUrl;
    return (
      <s-stack gap="small-200">
        <s-heading>{t("title")}</s-heading>
        <s-text>{estimate > 0 ? counted(i18n, "thankYou.guestPoints", estimate) : t("thankYou.guest")}</s-text>
        {state.guest && <s-text color="subdued">{state.guest.text}</s-text>}
        {storefront && <s-link href={`${storefront.replace(/\/$/, "")}/account`}>{t("thankYou.createAccount")}</s-link>}
      </s-stack>
    );
  }
  const awaiting = order.state === "awaiting_payment" || order.state === "awaiting_fulfilment";
  return (
    <s-stack gap="small-200">
      <s-heading>{t("title")}</s-heading>
      {awaiting && estimate > 0 && <s-text>{counted(i18n, "thankYou.estimate", estimate)}</s-text>}
      {order.stateText && <s-text>{order.stateText}</s-text>}
      <s-text color="subdued">{counted(i18n, "balance", member.points)}</s-text>
      {member.pendingPoints > 0 && <s-text color="subdued">{counted(i18n, "pending", member.pendingPoints)}</s-text>}
    </s-stack>
  );
}
