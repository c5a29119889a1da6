// The customer account extensions: the profile block and the order status block (klub-account),
// and the rewards page (klub-account-page, a full page: it cannot share an extension).
import { describe, expect, it, vi } from "vitest";
import { ok, refused, type Routes } from "./support/app";
import { cancelled, credited, creditReward, guestState, issued, member, partnerCode, partnerReward, state } from "./support/fixtures";
import { mount } from "./support/mount";
import type { Buyer } from "./support/shopify";

const profile = (routes: Routes, buyer: Partial<Buyer> = {}) => mount(() => import("../../extensions/klub-account/src/Profile"), { extension: "klub-account", ...buyer }, routes);
const orderStatus = (routes: Routes) => mount(() => import("../../extensions/klub-account/src/OrderStatus"), { extension: "klub-account" }, routes);
const page = (routes: Routes, buyer: Partial<Buyer> = {}) => mount(() => import("../../extensions/klub-account-page/src/RewardsPage"), { extension: "klub-account-page", ...buyer }, routes);

describe("profile block", () => {
  it("balance, tier and the way to the next, and the link to the rewards page", async () => {
    const view = await profile({ state: () => ({ body: state }) });
    await view.shows(["[Rewards]", "You have 1,250 points", "100 more points on their way", "Tier: Gold", "750 points more to reach Platinum", "See your rewards"]);
    const progress = view.element("s-progress");
    expect([progress.value, progress.attributes]).toEqual([0.625, { max: "1", accessibilityLabel: "Progress to Platinum" }]);
    expect(view.button("See your rewards").attributes.href).toBe("extension://klub-account-page");
    expect(view.app.calls.map((c) => [c.path, c.query])).toEqual([["/api/state", { locale: "en", surface: "account" }]]);
  });

  it("in Polish", async () => {
    const view = await profile({ state: () => ({ body: state }) }, { language: "pl" });
    await view.shows(["[Nagrody]", "Masz 1250 punktów", "Jeszcze 100 punktów w drodze", "Poziom: Gold", "Jeszcze 750 punktów do poziomu Platinum", "Zobacz swoje nagrody"]);
  });

  it("a customer who is not a member yet, the app unreachable, the program off", async () => {
    await (await profile({ state: () => ({ body: guestState }) })).shows(["[Rewards]", "Join and get 50 points", "See your rewards"]);
    await (await profile({ state: () => "unreachable" })).shows(["Your points can't be shown right now.", "Try again"]);
    const off = await profile({ state: () => ({ body: { programEnabled: false } }) });
    await vi.waitFor(() => expect(off.app.calls).toHaveLength(1));
    await vi.waitFor(() => expect(off.body.childNodes).toHaveLength(0));
  });
});

describe("order status block", () => {
  it("the points of this order and where they stand", async () => {
    const view = await orderStatus({ order: () => ok({ points: 60, pointsText: "60 points", state: "earned", stateText: "60 points earned with this order", member }) });
    await view.shows(["[Rewards]", "60 points earned with this order", "You have 1,250 points"]);
    expect(view.app.calls.map((c) => [c.path, c.query])).toEqual([["/api/orders/1234", { locale: "en", surface: "account" }]]);
  });

  it("points still to come", async () => {
    const view = await orderStatus({ order: () => ok({ points: 0, pointsText: "0 points", state: "awaiting_fulfilment", stateText: "Points for this order come once it is shipped", member }) });
    await view.shows(["[Rewards]", "Points for this order come once it is shipped", "You have 1,250 points"]);
  });

  it("nothing when the app has nothing to say (no program, not a member)", async () => {
    const view = await orderStatus({ order: () => ok({ points: 0, pointsText: "", state: "none", stateText: "", member: null }) });
    await vi.waitFor(() => expect(view.app.calls).toHaveLength(1));
    await vi.waitFor(() => expect(view.body.childNodes).toHaveLength(0));
  });
});

describe("rewards page", () => {
  const CODE = issued("KLUB-5OFF");
  const POINTS = ["[Your points]", "You have 1,250 points", "100 more points on their way", "Tier: Gold", "750 points more to reach Platinum"];
  const REWARDS = [
    "[Rewards]",
    "$5 off",
    "$5.00 off your order · 500 points",
    "Redeem",
    "Points to dollars",
    "$1.00 off for every 100 points · 200 points",
    "[Points to spend]",
    "Redeem",
    "Free shipping",
    "Free shipping · 2,000 points · On orders from $50.00 · For Gold members · 750 points more needed",
  ];
  const REST = [
    "[Ways to earn]",
    "1 point for every $1.00 spent",
    "50 points for joining",
    "[Invite friends]",
    "Share your link: you earn points when friends order with it.",
    "https://klub-demo.myshopify.com/?ref=ANNA-7K2",
    "Copy link",
    "[History]",
    "Mar 2, 2027 · Spent on a reward",
    "-500",
    "Feb 14, 2027 · Earned",
    "+1,750",
  ];

  it("balance, rewards, codes, ways to earn, the invite link (on the shop's domain) and the history", async () => {
    const view = await page({ state: () => ({ body: state }) });
    await view.shows(["[Rewards]", ...POINTS, ...REWARDS, "[Your codes]", "KLUB-USED1", "$5 off · Used", ...REST]);
    expect(view.element("s-clipboard-item").attributes).toEqual({ id: "klub-invite", text: "https://klub-demo.myshopify.com/?ref=ANNA-7K2" });
    expect(view.button("Copy link").attributes.commandFor).toBe("klub-invite");
  });

  it("names the member's recommended next reward under their points, as the app words it", async () => {
    const recommended = { id: "r-ship", name: "Free shipping", missing: 750, text: "Your next reward: Free shipping, 750 points to go" };
    const view = await page({ state: () => ({ body: { ...state, recommended } }) });
    await view.shows(["[Rewards]", ...POINTS, recommended.text, ...REWARDS, "[Your codes]", "KLUB-USED1", "$5 off · Used", ...REST]);
  });

  it("redeems a reward, copies its code, and cancels it with the points returned", async () => {
    const view = await page({
      state: () => ({ body: state }),
      redeem: () => ok({ code: CODE, member: { ...member, points: 750, pointsText: "750" } }),
      cancel: () => ok({ code: cancelled(CODE), member }),
    });
    await view.shows(["[Rewards]", ...POINTS, ...REWARDS, "[Your codes]", "KLUB-USED1", "$5 off · Used", ...REST]);
    view.click("Redeem", "$5 off");
    await vi.waitFor(() => expect(view.lines()).toContain("Your code KLUB-5OFF is ready. Use it at checkout."));
    expect(view.lines().slice(0, 4)).toEqual(["[Rewards]", "Your code KLUB-5OFF is ready. Use it at checkout.", "[Your points]", "You have 750 points"]);
    const codes = view.lines().slice(view.lines().indexOf("[Your codes]"), view.lines().indexOf("[Ways to earn]"));
    expect(codes).toEqual(["[Your codes]", "KLUB-5OFF", "$5 off · Ready to use · Use by Apr 1, 2027", "Copy", "Cancel and return the points", "KLUB-USED1", "$5 off · Used"]);
    expect(view.app.calls[1]).toMatchObject({ method: "POST", path: "/api/redeem", query: { locale: "en", surface: "account" }, body: { rewardId: "r-5off" } });

    const clipboard = [...view.body.elements()].find((el) => el.attributes.text === "KLUB-5OFF");
    expect(view.button("Copy").attributes.commandFor).toBe(clipboard?.attributes.id);
    clipboard?.dispatch("copy");
    expect(view.toasts).toEqual(["Copied"]);

    view.click("Cancel and return the points");
    await vi.waitFor(() => expect(view.lines()).toContain("The code KLUB-5OFF is cancelled and your points are back."));
    expect(view.lines()).toContain("$5 off · Cancelled, points returned");
    expect(view.lines()).toContain("You have 1,250 points");
    expect(view.app.calls[2]).toMatchObject({ method: "POST", path: `/api/codes/${CODE.id}/cancel`, query: { locale: "en", surface: "account" } });
  });

  it("a store credit redemption reads as the credit it is: no code, nothing to copy", async () => {
    const view = await page({ state: () => ({ body: { ...state, codes: [credited(), ...state.codes] } }) });
    await view.shows(["[Rewards]", ...POINTS, ...REWARDS, "[Your codes]", "$5.00 store credit added to your account", "$5 store credit · Use by Apr 1, 2027", "KLUB-USED1", "$5 off · Used", ...REST]);
    expect([...view.body.elements()].filter((el) => el.localName === "s-clipboard-item").map((el) => el.attributes.id)).toEqual(["klub-invite"]);
    expect([...view.body.elements()].filter((el) => el.localName === "s-button").map((el) => el.textContent)).toEqual(["Redeem", "Redeem", "Copy link"]);
  });

  it("a partner's voucher: redeemed, shown and copied, to be used at the partner; it cannot be cancelled", async () => {
    const view = await page({ state: () => ({ body: { ...state, rewards: [partnerReward, ...state.rewards] } }), redeem: () => ok({ code: partnerCode(), member: { ...member, points: 950, pointsText: "950" } }) });
    await vi.waitFor(() => expect(view.lines()).toContain("[Your points]"));
    view.click("Redeem", "Coffee voucher");
    await vi.waitFor(() => expect(view.lines().slice(0, 2)).toEqual(["[Rewards]", "Your Coffee voucher code is CAFE-0042. Use it with our partner, not at this shop's checkout."]));
    const codes = view.lines().slice(view.lines().indexOf("[Your codes]"), view.lines().indexOf("[Ways to earn]"));
    expect(codes).toEqual(["[Your codes]", "CAFE-0042", "Coffee voucher · Use it with our partner", "Copy", "KLUB-USED1", "$5 off · Used"]);
    const clipboard = [...view.body.elements()].find((el) => el.attributes.text === "CAFE-0042");
    expect(view.button("Copy").attributes.commandFor).toBe(clipboard?.attributes.id);
  });

  it("redeems store credit: added to the account, with no code", async () => {
    const view = await page({ state: () => ({ body: { ...state, rewards: [creditReward, ...state.rewards] } }), redeem: () => ok({ code: credited(), member: { ...member, points: 750, pointsText: "750" } }) });
    await vi.waitFor(() => expect(view.lines()).toContain("[Your points]"));
    view.click("Redeem", "$5 store credit");
    await vi.waitFor(() => expect(view.lines().slice(0, 2)).toEqual(["[Rewards]", "$5.00 store credit added to your account. Use it at checkout."]));
    const codes = view.lines().slice(view.lines().indexOf("[Your codes]"), view.lines().indexOf("[Ways to earn]"));
    expect(codes).toEqual(["[Your codes]", "$5.00 store credit added to your account", "$5 store credit · Use by Apr 1, 2027", "KLUB-USED1", "$5 off · Used"]);
  });

  it("store credit in Russian and Polish, and one not added yet", async () => {
    const ru = { ...credited(), amountText: "5,00 $", rewardName: "Кредит", expiresText: null };
    const pending = { ...credited("c-pending"), amountText: "5,00 $", rewardName: "Кредит", status: "pending" as const, statusText: "Создаётся", expiresText: null };
    const russian = await page({ state: () => ({ body: { ...state, rewards: [], history: [], codes: [ru, pending] } }) }, { language: "ru" });
    await vi.waitFor(() => expect(russian.lines()).toContain("[Ваши коды]"));
    const codes = russian.lines().slice(russian.lines().indexOf("[Ваши коды]"), russian.lines().indexOf("[Как получить баллы]"));
    expect(codes).toEqual(["[Ваши коды]", "5,00 $ зачислено на ваш счёт в магазине", "Кредит", "5,00 $ на счёт в магазине", "Кредит · Создаётся"]);
    const polish = await page({ state: () => ({ body: { ...state, rewards: [creditReward], history: [] } }), redeem: () => ok({ code: { ...credited(), amountText: "5,00 USD" }, member }) }, { language: "pl" });
    await vi.waitFor(() => expect(polish.lines()).toContain("Wymień"));
    polish.click("Wymień");
    await vi.waitFor(() => expect(polish.lines()).toContain("5,00 USD środków w sklepie dodano do Twojego konta. Użyj ich przy składaniu zamówienia."));
  });

  it("says why the app refused", async () => {
    const view = await page({ state: () => ({ body: state }), redeem: () => refused(409, "You need 250 points more for this reward.") });
    await vi.waitFor(() => expect(view.lines()).toContain("[Your points]"));
    view.click("Redeem", "$5 off");
    await vi.waitFor(() => expect(view.lines().slice(0, 2)).toEqual(["[Rewards]", "You need 250 points more for this reward."]));
  });

  it("the program paused, the app unreachable", async () => {
    await (await page({ state: () => ({ body: { programEnabled: false } }) })).shows(["[Rewards]", "The rewards program is paused at the moment."]);
    await (await page({ state: () => "unreachable" })).shows(["[Rewards]", "Your points can't be shown right now.", "Try again"]);
  });

  it("in Russian", async () => {
    const view = await page({ state: () => ({ body: { ...state, rewards: [], codes: [], history: [] } }) }, { language: "ru-RU" });
    await view.shows([
      "[Награды]",
      "[Ваши баллы]",
      "У вас 1\u00a0250 баллов",
      "Ещё 100 баллов в пути",
      "Уровень: Gold",
      "Ещё 750 баллов до уровня Platinum",
      "[Награды]",
      "[Как получить баллы]",
      "1 point for every $1.00 spent",
      "50 points for joining",
      "[Пригласите друзей]",
      "Поделитесь ссылкой: вы получите баллы, когда друзья сделают по ней заказ.",
      "https://klub-demo.myshopify.com/?ref=ANNA-7K2",
      "Копировать ссылку",
      "[История]",
      "Пока ничего нет.",
    ]);
  });
});
