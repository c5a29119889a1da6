// Order status page of customer accounts: the points of this order and where they stand (earned,
// pending until a date, waiting for payment or shipping, none).
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useLoad } from "../../shared/hooks";
import { KlubError, numericId, type OrderPoints } from "../../shared/klub";
import { counted, translator, Unreachable } from "../../shared/ui";
import { client } from "./client";

export default async () => {
  render(<OrderStatus />, document.body);
};

const NOTHING: OrderPoints = { points: 0, pointsText: "", state: "none", stateText: "", member: null };
const load = () => {
  const id = numericId(shopify.order.value?.id ?? "");
  return id ? client.order(id) : Promise.resolve(NOTHING);
};

export function OrderStatus() {
  const { i18n } = shopify;
  const t = translator(i18n);
  const { value: order, retry } = useLoad(load);
  if (order instanceof KlubError) return <Unreachable i18n={i18n} reason={order.reason} retry={retry} />;
  if (!order) return <s-skeleton-paragraph />;
  // No program, or a customer who is not a member: the app has nothing to say.
  if (!order.stateText) return null;
  return (
    <s-section heading={t("title")}>
      <s-stack gap="small-200">
        <s-text>{order.stateText}</s-text>
        {order.member && <s-text color="subdued">{counted(i18n, "balance", order.member.points)}</s-text>}
      </s-stack>
    </s-section>
  );
}
