// The checkout block (purchase.checkout.reductions.render-after and purchase.checkout.block.render):
// every state a shopper can meet, read as they read it, and what reaches the app and the checkout.
import { describe, expect, it, vi } from "vitest";
import { ok, refused, type Routes } from "./support/app";
import { cancelled, cart, credited, creditReward, guestState, issued, member, partnerCode, partnerReward, state } from "./support/fixtures";
import { mount } from "./support/mount";
import { TOKEN, type Buyer } from "./support/shopify";

const checkout = (routes: Routes, buyer: Partial<Buyer> = {}) => mount(() => import("../../extensions/klub-checkout/src/Checkout"), { extension: "klub-checkout", ...cart, ...buyer }, routes);

const BALANCE = ["Rewards", "You have 1,250 points", "100 more points on their way", "This order earns you 60 points"];
const OFFERS = ["$5 off", "$5.00 off your order · 500 points", "Redeem", "Points to dollars", "$1.00 off for every 100 points · 200 points", "[Points to spend]", "Redeem"];
const CODE = issued("KLUB-5OFF");
const redeemed = ok({ code: CODE, member: { ...member, points: 750, pointsText: "750" } });

describe("a member with rewards within their points", () => {
  it("shows the balance, what the order earns, and the rewards they can afford", async () => {
    const view = await checkout({ state: () => ({ body: state }) });
    await view.shows([...BALANCE, ...OFFERS]);
    expect(view.app.calls).toEqual([
      { method: "GET", path: "/api/state", query: { locale: "en" }, headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: undefined },
    ]);
  });

  it("names the member's recommended next reward after what the order earns", async () => {
    const recommended = { id: "r-ship", name: "Free shipping", missing: 750, text: "Your next reward: Free shipping, 750 points to go" };
    const view = await checkout({ state: () => ({ body: { ...state, recommended } }) });
    await view.shows([...BALANCE, recommended.text, ...OFFERS]);
  });

  it("redeems, puts the code on the checkout, and takes it off again with the points returned", async () => {
    const view = await checkout({ state: () => ({ body: state }), redeem: () => redeemed, cancel: () => ok({ code: cancelled(CODE), member }) });
    await view.shows([...BALANCE, ...OFFERS]);
    view.click("Redeem", "$5 off");
    await view.shows([
      "Rewards",
      "You have 750 points",
      "100 more points on their way",
      "This order earns you 60 points",
      "Your reward is on this order with the code KLUB-5OFF.",
      "KLUB-5OFF is on this order: $5 off",
      "Remove",
      ...OFFERS,
    ]);
    const redeem = view.app.calls[1];
    expect(redeem).toMatchObject({ method: "POST", path: "/api/redeem", query: { locale: "en" }, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(redeem.body).toEqual({ rewardId: "r-5off", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(view.discountChanges).toEqual([{ type: "addDiscountCode", code: "KLUB-5OFF" }]);

    view.click("Remove");
    await view.shows([...BALANCE, "The code KLUB-5OFF is cancelled and your points are back.", ...OFFERS]);
    expect(view.discountChanges).toEqual([
      { type: "addDiscountCode", code: "KLUB-5OFF" },
      { type: "removeDiscountCode", code: "KLUB-5OFF" },
    ]);
    expect(view.app.calls[2]).toMatchObject({ method: "POST", path: `/api/codes/${CODE.id}/cancel`, query: { locale: "en" } });
  });

  it("spends what the shopper chose on a points slider, kept within its bounds and their balance", async () => {
    const bodies: unknown[] = [];
    const view = await checkout({ state: () => ({ body: state }), redeem: (body) => (bodies.push(body), refused(409, "Try another amount.")) });
    await view.shows([...BALANCE, ...OFFERS]);
    for (const [typed, spent] of [["300", 300], ["5000", 1000], ["50", 200]] as const) {
      view.fill("Points to spend", typed);
      await vi.waitFor(() => expect(view.element("s-number-field").value).toBe(String(spent)));
      view.click("Redeem", "Points to dollars");
      await vi.waitFor(() => expect(bodies.at(-1)).toMatchObject({ rewardId: "r-slider", points: spent }));
      await view.shows([...BALANCE, "Try another amount.", ...OFFERS]);
    }
  });

  it("says why the app refused a redeem, and retries one that got no answer with the same request id", async () => {
    const answers = ["unreachable", refused(409, "You need 250 points more for this reward."), redeemed] as const;
    const bodies: { requestId: string }[] = [];
    const view = await checkout({ state: () => ({ body: state }), redeem: (body) => (bodies.push(body), answers[bodies.length - 1]) });
    await view.shows([...BALANCE, ...OFFERS]);
    view.click("Redeem", "$5 off");
    await view.shows([...BALANCE, "The rewards program didn't answer. Please try again.", ...OFFERS]);
    view.click("Redeem", "$5 off");
    await view.shows([...BALANCE, "You need 250 points more for this reward.", ...OFFERS]);
    view.click("Redeem", "$5 off");
    await view.shows(["Rewards", "You have 750 points", "100 more points on their way", "This order earns you 60 points", "Your reward is on this order with the code KLUB-5OFF.", "KLUB-5OFF is on this order: $5 off", "Remove", ...OFFERS]);
    // The unanswered try is replayed as itself; an answered one is not.
    expect(bodies[1].requestId).toBe(bodies[0].requestId);
    expect(bodies[2].requestId).not.toBe(bodies[1].requestId);
  });

  it("offers a code the member already has, and the points back when the checkout refuses it", async () => {
    const old = issued("KLUB-OLD5");
    const view = await checkout(
      { state: () => ({ body: { ...state, codes: [old, ...state.codes] } }), cancel: () => ok({ code: cancelled(old), member: { ...member, points: 1750, pointsText: "1,750" } }) },
      { discountAnswer: () => ({ type: "error", message: "Discount code is not applicable" }) },
    );
    await view.shows([...BALANCE, "KLUB-OLD5 is ready: $5 off", "Apply", ...OFFERS]);
    view.click("Apply");
    await view.shows([...BALANCE, "The code KLUB-OLD5 can't be used on this order yet, for example because its minimum is not met. Keep it for later, or return your points.", "Return my points", "KLUB-OLD5 is ready: $5 off", "Apply", ...OFFERS]);
    view.click("Return my points");
    await view.shows(["Rewards", "You have 1,750 points", "100 more points on their way", "This order earns you 60 points", "The code KLUB-OLD5 is cancelled and your points are back.", ...OFFERS]);
    // Never on the checkout, so nothing to take off it.
    expect(view.discountChanges).toEqual([{ type: "addDiscountCode", code: "KLUB-OLD5" }]);
    expect(view.app.calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /api/state", `POST /api/codes/${old.id}/cancel`]);
  });
});

describe("store credit (Klub credits the customer's Shopify account; checkout offers it itself)", () => {
  const CREDIT_OFFER = ["$5 store credit", "$5.00 store credit · 500 points", "Redeem"];
  const withCredit = { ...state, rewards: [creditReward, ...state.rewards] };

  it("a member who redeemed store credit before: the block shows, with only their codes to apply", async () => {
    const view = await checkout({ state: () => ({ body: { ...state, codes: [credited(), issued("KLUB-OLD5"), ...state.codes] } }) });
    await view.shows([...BALANCE, "KLUB-OLD5 is ready: $5 off", "Apply", ...OFFERS]);
  });

  it("redeeming store credit applies no code: the credit is on the account, for checkout to use", async () => {
    const view = await checkout({ state: () => ({ body: withCredit }), redeem: () => ok({ code: credited(), member: { ...member, points: 750, pointsText: "750" } }) });
    await view.shows([...BALANCE, ...CREDIT_OFFER, ...OFFERS]);
    view.click("Redeem", "$5 store credit");
    await view.shows([
      "Rewards",
      "You have 750 points",
      "100 more points on their way",
      "This order earns you 60 points",
      "$5.00 store credit added to your account. You can use it at checkout.",
      ...CREDIT_OFFER,
      ...OFFERS,
    ]);
    expect(view.element("s-banner").attributes.tone).toBe("success");
    expect(view.app.calls[1]).toMatchObject({ method: "POST", path: "/api/redeem", body: { rewardId: "r-credit" } });
    expect(view.discountChanges).toEqual([]);
  });

  it("store credit still being added says so, in the buyer's language", async () => {
    const pending = { ...credited(), status: "pending" as const, statusText: "W przygotowaniu", amountText: "5,00 USD" };
    const view = await checkout({ state: () => ({ body: { ...withCredit, rewards: [creditReward] } }), redeem: () => ok({ code: pending, member }) }, { language: "pl" });
    await vi.waitFor(() => expect(view.lines()).toContain("Wymień"));
    view.click("Wymień");
    await vi.waitFor(() => expect(view.lines()).toContain("Środki w sklepie są w drodze na Twoje konto. Odśwież stronę za chwilę, aby ich użyć."));
    expect(view.discountChanges).toEqual([]);
  });
});

describe("partner rewards", () => {
  const PARTNER_OFFER = ["Coffee voucher", "A code from our partner · 300 points", "Redeem"];

  it("a partner's voucher is shown to copy and never put on the checkout, nor offered to apply later", async () => {
    const view = await checkout({
      state: () => ({ body: { ...state, rewards: [partnerReward, ...state.rewards], codes: [partnerCode("CAFE-OLD1", "c-old"), ...state.codes] } }),
      redeem: () => ok({ code: partnerCode(), member: { ...member, points: 950, pointsText: "950" } }),
    });
    await view.shows([...BALANCE, ...PARTNER_OFFER, ...OFFERS]);
    view.click("Redeem", "Coffee voucher");
    await vi.waitFor(() => expect(view.lines()).toContain("Your Coffee voucher code is CAFE-0042. It is for our partner, not for this order: copy it and use it with them."));
    expect(view.discountChanges).toEqual([]);
    expect(view.lines()).not.toContain("Apply");
    const clipboard = [...view.body.elements()].find((el) => el.localName === "s-clipboard-item");
    expect(clipboard?.attributes).toEqual({ id: "klub-partner-code", text: "CAFE-0042" });
    expect(view.button("Copy code").attributes.commandFor).toBe("klub-partner-code");
  });
});

describe("this order's points", () => {
  const earns = (points: number) => ["Rewards", "You have 1,250 points", "100 more points on their way", `This order earns you ${points} points`, ...OFFERS];

  it("take off an order discount, as the order earns after it: $5 off the $50 cart", async () => {
    // Shopify spreads an order discount over the lines: $4 of it on the $40 that earns, so $36 at 150%.
    const view = await checkout({ state: () => ({ body: state }) }, { orderDiscounts: [5] });
    await view.shows(earns(54));
  });

  it("take off several order discounts, never below nothing", async () => {
    await (await checkout({ state: () => ({ body: state }) }, { orderDiscounts: [5, 10] })).shows(earns(42));
    const free = await checkout({ state: () => ({ body: state }) }, { orderDiscounts: [80] });
    await free.shows(["Rewards", "You have 1,250 points", "100 more points on their way", ...OFFERS]);
  });

  it("for a program that earns before discounts, count the lines' and the order's discounts back in", async () => {
    const beforeDiscounts = { ...state, earning: { ...state.earning, subtract_discounts: false } };
    const lines: [string, number, number?][] = [["111", 36, 4], ["222", 10]];
    await (await checkout({ state: () => ({ body: beforeDiscounts }) }, { lines, orderDiscounts: [5] })).shows(earns(60));
    // After discounts: $36 less its share of the $5 ($3.91) earns 48 at 150%.
    await (await checkout({ state: () => ({ body: state }) }, { lines, orderDiscounts: [5] })).shows(earns(48));
  });
});

describe("states where points cannot be used", () => {
  it("a guest is asked to sign in, and told what members earn", async () => {
    const view = await checkout({ state: () => ({ body: guestState }) });
    await view.shows(["Rewards", "Sign in to use your points on this order.", "Join and get 50 points", "Members earn 60 points with this order"]);
  });

  it("a checkout whose discount codes cannot change", async () => {
    const view = await checkout({ state: () => ({ body: { ...state, codes: [issued("KLUB-OLD5")] } }) }, { canUpdateDiscountCodes: false, discountCodes: ["KLUB-OLD5"] });
    await view.shows([...BALANCE, "Rewards can't be added to this checkout."]);
  });

  it("an accelerated checkout (Apple Pay, Google Pay)", async () => {
    const view = await checkout({ state: () => ({ body: state }) }, { accelerated: true });
    await view.shows([...BALANCE, "Rewards can't be used with express checkout. Choose another way to pay to use your points."]);
  });

  it("a redeemed reward that no longer applies: the checkout's message, and the points back", async () => {
    const view = await checkout({ state: () => ({ body: state }), redeem: () => redeemed, cancel: () => ok({ code: cancelled(CODE), member }) }, { discountAnswer: (change) => (change.type === "addDiscountCode" ? { type: "error", message: "Minimum subtotal not met" } : { type: "success" }) });
    await view.shows([...BALANCE, ...OFFERS]);
    view.click("Redeem", "$5 off");
    await view.shows([
      "Rewards",
      "You have 750 points",
      "100 more points on their way",
      "This order earns you 60 points",
      "The code KLUB-5OFF can't be used on this order yet, for example because its minimum is not met. Keep it for later, or return your points.",
      "Return my points",
      "KLUB-5OFF is ready: $5 off",
      "Apply",
      ...OFFERS,
    ]);
    view.click("Return my points");
    await view.shows([...BALANCE, "The code KLUB-5OFF is cancelled and your points are back.", ...OFFERS]);
  });

  it("the app unreachable: said so, and tried again on request", async () => {
    const routes: Routes = { state: () => "unreachable" };
    const view = await checkout(routes);
    await view.shows(["Your points can't be shown right now.", "Try again"]);
    routes.state = () => ({ body: state });
    view.click("Try again");
    await view.shows([...BALANCE, ...OFFERS]);
  });

  it("the program off: nothing at all", async () => {
    const view = await checkout({ state: () => ({ body: { programEnabled: false } }) });
    await vi.waitFor(() => expect(view.app.calls).toHaveLength(1));
    await vi.waitFor(() => expect(view.body.childNodes).toHaveLength(0));
  });
});

describe("in the buyer's language", () => {
  const polish = {
    ...state,
    member: { ...member, pendingPoints: 22, pendingText: "22" },
    earning: { ...state.earning, multiplier_percent: 100, excluded_product_ids: [] },
    rewards: [{ ...state.rewards[0], name: "Rabat 5 zł", text: "5,00 zł zniżki na zamówienie", costText: "500 punktów" }],
  };
  const small = { subtotal: 21, lines: [["111", 21]] as [string, number][] };

  it("Polish: plural forms, numbers and the app's locale", async () => {
    const view = await checkout({ state: () => ({ body: polish }) }, { language: "pl-PL", ...small });
    await view.shows(["Nagrody", "Masz 1250 punktów", "Jeszcze 22 punkty w drodze", "To zamówienie da Ci 21 punktów", "Rabat 5 zł", "5,00 zł zniżki na zamówienie · 500 punktów", "Wymień"]);
    expect(view.app.calls[0].query).toEqual({ locale: "pl" });
  });

  it("Russian: plural forms, numbers and the app's locale", async () => {
    const view = await checkout({ state: () => ({ body: { ...polish, rewards: [] } }) }, { language: "ru", ...small });
    await view.shows(["Награды", "У вас 1\u00a0250 баллов", "Ещё 22 балла в пути", "За этот заказ вы получите 21 балл", "Пока ни одна награда не доступна за ваши баллы."]);
    expect(view.app.calls[0].query).toEqual({ locale: "ru" });
  });

  it("a language the app does not speak: English from the app", async () => {
    const view = await checkout({ state: () => ({ body: state }) }, { language: "de-DE" });
    await vi.waitFor(() => expect(view.app.calls[0]?.query).toEqual({ locale: "en" }));
  });
});
