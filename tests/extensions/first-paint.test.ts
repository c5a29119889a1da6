// What each target paints before the app answers (its effects have not run: no request yet),
// rendered to a string on the server side of Preact.
import { h, type FunctionComponent } from "preact";
import { renderToString } from "preact-render-to-string";
import { expect, it, vi } from "vitest";
import { fakeShopify, type Extension } from "./support/shopify";

const SKELETON = "<s-skeleton-paragraph></s-skeleton-paragraph>";
const targets: [string, Extension, () => Promise<Record<string, unknown>>, string, string][] = [
  ["checkout", "klub-checkout", () => import("../../extensions/klub-checkout/src/Checkout"), "Checkout", SKELETON],
  ["thank-you", "klub-checkout", () => import("../../extensions/klub-checkout/src/ThankYou"), "ThankYou", SKELETON],
  ["profile", "klub-account", () => import("../../extensions/klub-account/src/Profile"), "Profile", SKELETON],
  ["order status", "klub-account", () => import("../../extensions/klub-account/src/OrderStatus"), "OrderStatus", SKELETON],
  ["rewards page", "klub-account-page", () => import("../../extensions/klub-account-page/src/RewardsPage"), "RewardsPage", `<s-page heading="Rewards">${SKELETON}</s-page>`],
];

it.each(targets)("%s: a skeleton, and no request, until the app answers", async (_, extension, load, name, painted) => {
  vi.stubGlobal("shopify", fakeShopify({ extension }).shopify);
  const fetch = vi.fn();
  vi.stubGlobal("fetch", fetch);
  const component = (await load())[name] as FunctionComponent;
  expect(renderToString(h(component, {}))).toBe(painted);
  expect(fetch).not.toHaveBeenCalled();
  vi.unstubAllGlobals();
});
