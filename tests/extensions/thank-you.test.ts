// The thank-you block (purchase.thank-you.block.render): what this order earns or will earn, the
// new balance, and a guest's invitation to collect the points.
import { expect, it, vi } from "vitest";
import { ok, type Routes } from "./support/app";
import { cart, guestState, member, state } from "./support/fixtures";
import { mount } from "./support/mount";
import type { Buyer } from "./support/shopify";

const thankYou = (routes: Routes, buyer: Partial<Buyer> = {}) => {
  routes.state ??= () => ({ body: state });
  return mount(() => import("../../extensions/klub-checkout/src/ThankYou"), { extension: "klub-checkout", ...cart, storefrontUrl: "https://klub-demo.example", ...buyer }, routes);
};
const after = { ...member, points: 1310, pointsText: "1,310" };

it("earned: the order's points and the new balance", async () => {
  const view = await thankYou({ order: () => ok({ points: 60, pointsText: "60 points", state: "earned", stateText: "60 points earned with this order", member: after }) });
  await view.shows(["Rewards", "60 points earned with this order", "You have 1,310 points", "100 more points on their way"]);
  expect(view.app.calls.map((c) => `${c.method} ${c.path}?locale=${c.query.locale}`).sort()).toEqual(["GET /api/orders/1234?locale=en", "GET /api/state?locale=en"]);
});

it("pending: the points, and from when they can be spent", async () => {
  const view = await thankYou({ order: () => ok({ points: 60, pointsText: "60 points", state: "pending", stateText: "60 points with this order, yours to spend from Apr 1, 2027", member: { ...member, pendingPoints: 160, pendingText: "160" } }) });
  await view.shows(["Rewards", "60 points with this order, yours to spend from Apr 1, 2027", "You have 1,250 points", "160 more points on their way"]);
});

it("not paid yet: what the order will earn by the rules, and when", async () => {
  const view = await thankYou({ order: () => ok({ points: 0, pointsText: "0 points", state: "awaiting_payment", stateText: "Points for this order come once it is paid", member }) });
  await view.shows(["Rewards", "This order will earn you 60 points", "Points for this order come once it is paid", "You have 1,250 points", "100 more points on their way"]);
});

it("not paid yet, with $5 off the order: what it will earn after the discount", async () => {
  const view = await thankYou({ order: () => ok({ points: 0, pointsText: "0 points", state: "awaiting_payment", stateText: "Points for this order come once it is paid", member }) }, { orderDiscounts: [5] });
  await view.shows(["Rewards", "This order will earn you 54 points", "Points for this order come once it is paid", "You have 1,250 points", "100 more points on their way"]);
});

it("a guest: invited to create an account to collect this order's points", async () => {
  const view = await thankYou({ state: () => ({ body: guestState }), order: () => ok({ points: 0, pointsText: "", state: "none", stateText: "", member: null }) });
  await view.shows(["Rewards", "Create an account to collect the 60 points this order earns.", "Join and get 50 points", "Create an account"]);
  expect(view.button("Create an account").attributes.href).toBe("https://klub-demo.example/account");
});

it("the app unreachable, then reached", async () => {
  const routes: Routes = { order: () => "unreachable" };
  const view = await thankYou(routes);
  await view.shows(["Your points can't be shown right now.", "Try again"]);
  routes.order = () => ok({ points: 60, pointsText: "60 points", state: "earned", stateText: "60 points earned with this order", member: after });
  view.click("Try again");
  await view.shows(["Rewards", "60 points earned with this order", "You have 1,310 points", "100 more points on their way"]);
});

it("the program off: nothing", async () => {
  const view = await thankYou({ state: () => ({ body: { programEnabled: false } }), order: () => ok({ points: 0, pointsText: "", state: "none", stateText: "", member: null }) });
  await vi.waitFor(() => expect(view.app.calls).toHaveLength(2));
  await vi.waitFor(() => expect(view.body.childNodes).toHaveLength(0));
});
