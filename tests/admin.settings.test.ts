// The shop owner turns the program on and edits its settings: real requests to the route modules
// with session tokens, validated, saved in one transaction and logged.
import { beforeAll, describe, expect, it } from "vitest";
import { COLLECTIONS_LOOKUP, WIDGET_SYNC } from "../app/loyalty/outbox.server";
import { loadProgramRules } from "../app/loyalty/program.server";
import { drainCollectionLookups, queueStaleCollectionLookups } from "../app/shopify/collections-lookup.server";
import { installTestShop } from "./support/shop";
import { drainWidgetSyncs } from "../app/shopify/widget-metafield.server";
import { startFakeAdminApi } from "./support/fake-admin-api";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";

const { db } = useFreshAppDatabase();
const SHOP = "settings-owner.myshopify.com";
let shopId = "";

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const valid = {
  earnPoints: "5", earnPerAmount: "2", awardOn: "fulfilled", subtractDiscounts: "true", earnOnShipping: "true", earnOnTax: "false",
  earnOnGiftCards: "false", rewardTestOrders: "false", maxPointsPerOrder: "100000", pendingDays: "14", expiryMode: "lot", expiryMonths: "12",
  allowNegativeBalance: "true", returnPointsOnRefund: "false", signupBonus: "200", birthdayBonus: "100", referrerBonus: "500",
  refereeBonus: "250", enrollment: "opt_in",
  widgetAccent: "#303030", widgetPosition: "right", widgetJoinTextEn: "", widgetJoinTextPl: "", widgetJoinTextRu: "",
  excludedProducts: "[]", excludedCollections: "[]",
};

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "PLN", programEnabled: false })).id;
  await storeOfflineSession(db, SHOP);
});

describe("home", () => {
  it("turns the program on and off, once each, with the activity logged", async () => {
    const home = await import("../app/routes/app._index");
    const before = await home.loader({ request: adminRequest("/app", SHOP), params: {}, context: {} });
    expect(before).toMatchObject({ programEnabled: false, members: 0, earningConfigured: false });
    await home.action({ request: adminRequest("/app?index", SHOP, form({ enabled: "true" })), params: {}, context: {} });
    await home.action({ request: adminRequest("/app?index", SHOP, form({ enabled: "true" })), params: {}, context: {} });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).programEnabled).toBe(true);
    const log = await db.activityLog.findMany({ where: { shopId } });
    expect(log.map((l) => [l.action, l.actor])).toEqual([["program.enabled", "staff:42"]]);
    expect(await home.action({ request: adminRequest("/app?index", SHOP, form({ enabled: "maybe" })), params: {}, context: {} })).toEqual({ ok: false, errors: { enabled: "home.badSwitch" } });
  });
});

describe("program settings", () => {
  it("shows the current settings, the earning rate as money in the shop's currency", async () => {
    const settings = await import("../app/routes/app.settings");
    const data = await settings.loader({ request: adminRequest("/app/settings", SHOP), params: {}, context: {} });
    expect(data.currencyCode).toBe("PLN");
    expect(data.settings).toMatchObject({ earnPoints: 1, earnPerAmount: "1.00", awardOn: "paid", allowNegativeBalance: true });
  });

  it("saves valid settings in one go and logs what changed, before and after", async () => {
    const settings = await import("../app/routes/app.settings");
    const result = await settings.action({ request: adminRequest("/app/settings", SHOP, form(valid)), params: {}, context: {} });
    expect(result).toEqual({ ok: true, errors: {} });
    expect(await db.programSettings.findUniqueOrThrow({ where: { shopId } })).toMatchObject({
      earnPoints: 5, earnPerAmountMinor: 200, awardOn: "fulfilled", earnOnShipping: true, pendingDays: 14, expiryMode: "lot",
      returnPointsOnRefund: false, signupBonus: 200, referrerBonus: 500, enrollment: "opt_in",
    });
    const entry = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "settings.updated" } });
    expect(JSON.parse(entry.before!)).toMatchObject({ earnPoints: 1, awardOn: "paid", enrollment: "all" });
    expect(JSON.parse(entry.after!)).toMatchObject({ earnPoints: 5, awardOn: "fulfilled", enrollment: "opt_in" });
    expect(JSON.parse(entry.after!)).not.toHaveProperty("allowNegativeBalance"); // unchanged
  });

  it("refuses bad values field by field and changes nothing", async () => {
    const settings = await import("../app/routes/app.settings");
    const before = await db.programSettings.findUniqueOrThrow({ where: { shopId } });
    const logged = await db.activityLog.count({ where: { shopId } });
    const result = await settings.action({
      request: adminRequest("/app/settings", SHOP, form({ ...valid, earnPoints: "-1", earnPerAmount: "1.505", pendingDays: "400", expiryMode: "sometimes", signupBonus: "lots" })),
      params: {},
      context: {},
    });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual({
      earnPoints: { key: "settings.errors.atLeast", value: 0 },
      earnPerAmount: { key: "settings.errors.amount" },
      pendingDays: { key: "settings.errors.atMost", value: 365 },
      expiryMode: { key: "settings.errors.choose" },
      signupBonus: { key: "settings.errors.wholeNumber" },
    });
    expect(await db.programSettings.findUniqueOrThrow({ where: { shopId } })).toEqual(before);
    expect(await db.activityLog.count({ where: { shopId } })).toBe(logged);
  });

  it("refuses an emptied field instead of reading it as 0, and saves nothing", async () => {
    const settings = await import("../app/routes/app.settings");
    const before = await db.programSettings.findUniqueOrThrow({ where: { shopId } });
    const logged = await db.activityLog.count({ where: { shopId } });
    const sent = { ...valid, earnPoints: "", earnPerAmount: " ", signupBonus: "" };
    const result = await settings.action({ request: adminRequest("/app/settings", SHOP, form(sent)), params: {}, context: {} });
    expect(result).toEqual({
      ok: false,
      errors: { earnPoints: { key: "settings.errors.required" }, earnPerAmount: { key: "settings.errors.required" }, signupBonus: { key: "settings.errors.required" } },
      sent: Object.entries(sent), // what was typed, for the page that answers a plain POST
    });
    expect(await db.programSettings.findUniqueOrThrow({ where: { shopId } })).toEqual(before);
    expect(await db.activityLog.count({ where: { shopId } })).toBe(logged);
  });

  it("offers a friend one of this shop's rewards that can be given whole, and no other", async () => {
    const settings = await import("../app/routes/app.settings");
    const save = (refereeRewardId: string) => settings.action({ request: adminRequest("/app/settings", SHOP, form({ ...valid, refereeRewardId })), params: {}, context: {} });
    const reward = (forShopId: string, type: string, deletedAt: Date | null = null) =>
      db.reward.create({ data: { shopId: forShopId, name: `${type} gift`, type, pointsCost: 100, valueMinor: type === "points_slider" ? null : 500, sliderMinPoints: 100, sliderMaxPoints: 500, deletedAt } });
    const fiveOff = await reward(shopId, "fixed_amount");
    expect(await save(fiveOff.id)).toEqual({ ok: true, errors: {} });
    expect((await db.programSettings.findUniqueOrThrow({ where: { shopId } })).refereeRewardId).toBe(fiveOff.id);

    const other = await installTestShop(db, "someone-else.myshopify.com");
    const refused = [(await reward(other.id, "fixed_amount")).id, (await reward(shopId, "points_slider")).id, (await reward(shopId, "store_credit", new Date())).id, "no-such-reward"];
    for (const id of refused) {
      const result = await save(id);
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual({ refereeRewardId: { key: "settings.errors.choose" } });
    }
    expect((await db.programSettings.findUniqueOrThrow({ where: { shopId } })).refereeRewardId).toBe(fiveOff.id);
    expect(await save("")).toEqual({ ok: true, errors: {} });
    expect((await db.programSettings.findUniqueOrThrow({ where: { shopId } })).refereeRewardId).toBeNull();
  });

  it("gives on birthdays one of this shop's rewards that can be given whole (not a partner code), logged by its name, and no other", async () => {
    const settings = await import("../app/routes/app.settings");
    const save = (birthdayRewardId: string) => settings.action({ request: adminRequest("/app/settings", SHOP, form({ ...valid, birthdayRewardId })), params: {}, context: {} });
    const reward = (forShopId: string, name: string, type: string, deletedAt: Date | null = null) =>
      db.reward.create({ data: { shopId: forShopId, name, type, pointsCost: 100, valueMinor: type === "percentage" ? null : 500, percentage: type === "percentage" ? 10 : null, deletedAt } });
    const tenPercent = await reward(shopId, "Birthday 10%", "percentage");
    const page = await settings.loader({ request: adminRequest("/app/settings", SHOP), params: {}, context: {} });
    expect(page.settings.birthdayRewardId).toBe("");
    expect(page.welcomeRewards.map((r) => r.name)).toContain("Birthday 10%"); // the same choices as the friend's welcome offer
    expect(await save(tenPercent.id)).toEqual({ ok: true, errors: {} });
    expect((await db.programSettings.findUniqueOrThrow({ where: { shopId } })).birthdayRewardId).toBe(tenPercent.id);
    expect((await settings.loader({ request: adminRequest("/app/settings", SHOP), params: {}, context: {} })).settings.birthdayRewardId).toBe(tenPercent.id);
    const log = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "settings.updated" }, orderBy: { id: "desc" } });
    expect([JSON.parse(log.before!).birthdayRewardId, JSON.parse(log.after!).birthdayRewardId]).toEqual(["", tenPercent.id]);

    const other = await installTestShop(db, "birthday-elsewhere.myshopify.com");
    const refused = [(await reward(other.id, "Theirs", "fixed_amount")).id, (await reward(shopId, "Voucher", "partner_code")).id, (await reward(shopId, "Gone", "store_credit", new Date())).id, "no-such-reward"];
    for (const id of refused) {
      const result = await save(id);
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual({ birthdayRewardId: { key: "settings.errors.choose" } });
    }
    expect((await db.programSettings.findUniqueOrThrow({ where: { shopId } })).birthdayRewardId).toBe(tenPercent.id);
    expect(await save("")).toEqual({ ok: true, errors: {} });
    expect((await db.programSettings.findUniqueOrThrow({ where: { shopId } })).birthdayRewardId).toBeNull();
  });

  it("takes the earning rate as money in the shop's currency (PLN: 2.50), and shows it back the same", async () => {
    const settings = await import("../app/routes/app.settings");
    expect(await settings.action({ request: adminRequest("/app/settings", SHOP, form({ ...valid, earnPerAmount: "2.50" })), params: {}, context: {} })).toEqual({ ok: true, errors: {} });
    expect((await db.programSettings.findUniqueOrThrow({ where: { shopId } })).earnPerAmountMinor).toBe(250);
    const page = await settings.loader({ request: adminRequest("/app/settings", SHOP), params: {}, context: {} });
    expect(page.settings.earnPerAmount).toBe("2.50");
    const entry = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "settings.updated" }, orderBy: { id: "desc" } });
    expect([JSON.parse(entry.before!).earnPerAmountMinor, JSON.parse(entry.after!).earnPerAmountMinor]).toEqual([200, 250]);
    await settings.action({ request: adminRequest("/app/settings", SHOP, form(valid)), params: {}, context: {} }); // back to 2.00 for what follows
  });

  it("reads the amount with the currency's own decimals, and refuses what is not an amount of it", async () => {
    const { parseSettingsInput } = await import("../app/loyalty/program-settings.server");
    const rate = (amount: string, currency: string) => {
      const parsed = parseSettingsInput({ ...valid, earnPerAmount: amount }, currency);
      return "data" in parsed ? parsed.data.earnPerAmountMinor : parsed.errors.earnPerAmount?.key;
    };
    expect(rate("2.50", "USD")).toBe(250);
    expect(rate("2", "USD")).toBe(200);
    expect(rate("250", "JPY")).toBe(250);
    expect(rate("2.5", "JPY")).toBe("settings.errors.amount"); // yen have no decimals
    expect(rate("2.505", "KWD")).toBe(2505);
    expect(rate("2.505", "USD")).toBe("settings.errors.amount");
    expect(rate("0", "USD")).toBe("settings.errors.amount");
    expect(rate("-1", "USD")).toBe("settings.errors.amount");
    expect(rate("1,50", "USD")).toBe("settings.errors.amount");
    expect(rate("1000000.01", "USD")).toBe("settings.errors.amount");
    expect(rate("1000000", "USD")).toBe(100_000_000);
  });
});

describe("bonus campaigns", () => {
  const post = async (fields: Record<string, string>) => {
    const route = await import("../app/routes/app.settings.campaigns");
    return route.action({ request: adminRequest("/app/settings/campaigns", SHOP, form(fields)), params: {}, context: {} }).catch((thrown: unknown) => thrown);
  };

  it("says what is wrong with a campaign and adds nothing", async () => {
    expect(await post({ name: "", multiplierPercent: "100", startsOn: "2026-12-01", endsOn: "soon" })).toEqual({
      ok: false,
      errors: { name: "campaigns.errors.required", multiplierPercent: "campaigns.errors.multiplier", endsOn: "campaigns.errors.date" },
    });
    expect(await post({ name: "Backwards", multiplierPercent: "200", startsOn: "2026-12-05", endsOn: "2026-12-01" })).toEqual({ ok: false, errors: { endsOn: "campaigns.errors.endBeforeStart" } });
    // A form without its date fields (not the page's own): the fields are named, nothing is added.
    expect(await post({ name: "Missing dates", multiplierPercent: "200" })).toEqual({ ok: false, errors: { startsOn: "campaigns.errors.invalid", endsOn: "campaigns.errors.invalid" } });
    expect(await db.campaign.count({ where: { shopId } })).toBe(0);
  });

  it("adds a campaign whose last day counts, lists it on the settings page, and deletes it, logged", async () => {
    expect(await post({ name: "Double weekend", multiplierPercent: "200", startsOn: "2026-12-05", endsOn: "2026-12-06" })).toEqual({ ok: true, errors: {} });
    const campaign = await db.campaign.findFirstOrThrow({ where: { shopId } });
    expect(campaign).toMatchObject({ multiplierPercent: 200, startsAt: new Date("2026-12-05T00:00:00Z"), endsAt: new Date("2026-12-07T00:00:00Z") });
    const settings = await import("../app/routes/app.settings");
    const page = await settings.loader({ request: adminRequest("/app/settings", SHOP), params: {}, context: {} });
    expect(page.campaigns).toEqual([{ id: campaign.id, name: "Double weekend", multiplierPercent: 200, startsAt: "2026-12-05T00:00:00.000Z", endsAt: "2026-12-07T00:00:00.000Z" }]);
    expect(((await post({ intent: "delete", id: "nope" })) as Response).status).toBe(404);
    expect(await post({ intent: "delete", id: campaign.id })).toEqual({ ok: true, errors: {} });
    expect(await db.campaign.count({ where: { shopId } })).toBe(0);
    const log = await db.activityLog.findMany({ where: { shopId, action: { startsWith: "campaign." } }, orderBy: { id: "asc" } });
    expect(log.map((l) => l.action)).toEqual(["campaign.created", "campaign.deleted"]);
  });
});

describe("the storefront widget", () => {
  const save = async (fields: Record<string, string>) => {
    const settings = await import("../app/routes/app.settings");
    return settings.action({ request: adminRequest("/app/settings", SHOP, form({ ...valid, ...fields })), params: {}, context: {} });
  };

  it("says what is wrong with a colour or a text that is too long, and saves nothing", async () => {
    const queued = await db.outboxMessage.findMany({ where: { shopId, kind: WIDGET_SYNC } }); // the program switch queued one
    const result = await save({ widgetAccent: "red", widgetJoinTextPl: "x".repeat(61) });
    expect(result).toEqual({ ok: false, errors: { widgetAccent: { key: "settings.errors.color" }, widgetJoinTextPl: { key: "settings.errors.tooLong", value: 60 } }, sent: Object.entries({ ...valid, widgetAccent: "red", widgetJoinTextPl: "x".repeat(61) }) });
    expect(await db.outboxMessage.findMany({ where: { shopId, kind: WIDGET_SYNC } })).toEqual(queued);
  });

  it("publishes a change to the app-data metafield the theme reads, and only a change", async () => {
    await save({ widgetAccent: "#0a7d4f", widgetPosition: "left", widgetJoinTextPl: "Dołącz do Klubu" });
    await save({ widgetAccent: "#0a7d4f", widgetPosition: "left", widgetJoinTextPl: "Dołącz do Klubu" }); // the same again
    expect(await db.outboxMessage.count({ where: { shopId, kind: WIDGET_SYNC } })).toBe(1);
    const api = await startFakeAdminApi();
    try {
      expect(await drainWidgetSyncs(db, api.adminFor)).toBe(1);
      expect(JSON.parse(api.metafields.get("gid://shopify/AppInstallation/1 klub.widget")!)).toEqual({
        enabled: true,
        accent: "#0a7d4f",
        position: "left",
        join_text: { en: "", pl: "Dołącz do Klubu", ru: "" },
        signup_points: 200,
        earning: { points: 5, per_minor: 200, excluded_product_ids: [], campaigns: [] }, // 5 points per 2.00 USD
      });
      expect(await db.outboxMessage.count({ where: { shopId, kind: WIDGET_SYNC } })).toBe(0);
      await save({ widgetAccent: "#0a7d4f", widgetPosition: "left", widgetJoinTextPl: "Dołącz do Klubu", birthdayBonus: "300" }); // not read by the storefront's blocks
      expect(await db.outboxMessage.count({ where: { shopId, kind: WIDGET_SYNC } })).toBe(0);
    } finally {
      await api.close();
    }
  });
});

describe("products and collections that earn nothing", () => {
  const save = async (fields: Record<string, string>) => {
    const settings = await import("../app/routes/app.settings");
    return settings.action({ request: adminRequest("/app/settings", SHOP, form({ ...valid, ...fields })), params: {}, context: {} });
  };
  const mug = { id: "gid://shopify/Product/11", title: "Enamel Mug" };
  const drinkware = { id: "gid://shopify/Collection/500", title: "Drinkware" };

  it("refuses a list that is not what the picker gives", async () => {
    const wrong = { excludedProducts: "[{\"id\":\"gid://shopify/Collection/1\",\"title\":\"x\"}]", excludedCollections: "nonsense" };
    expect(await save(wrong)).toEqual({
      ok: false,
      errors: { excludedProducts: { key: "settings.errors.resources" }, excludedCollections: { key: "settings.errors.resources" } },
      sent: Object.entries({ ...valid, ...wrong }),
    });
  });

  it("keeps the picked products and collections with their titles, and looks up the collections' products, page by page", async () => {
    expect(await save({ excludedProducts: JSON.stringify([mug]), excludedCollections: JSON.stringify([drinkware]) })).toEqual({ ok: true, errors: {} });
    const settings = await import("../app/routes/app.settings");
    const page = await settings.loader({ request: adminRequest("/app/settings", SHOP), params: {}, context: {} });
    expect(page.settings).toMatchObject({ excludedProducts: [mug], excludedCollections: [drinkware] });
    expect(await db.outboxMessage.count({ where: { shopId, kind: COLLECTIONS_LOOKUP } })).toBe(1);
    expect(await loadProgramRules(db, shopId)).toMatchObject({ excludedProductIds: ["11"], excludedCollectionProductIds: [] });

    const api = await startFakeAdminApi();
    try {
      api.collections.set(drinkware.id, ["gid://shopify/Product/11", "gid://shopify/Product/12", "gid://shopify/Product/13"]);
      api.pageSize = 2;
      expect(await drainCollectionLookups(db, api.adminFor)).toBe(1);
      expect(await loadProgramRules(db, shopId)).toMatchObject({ excludedProductIds: ["11"], excludedCollectionProductIds: ["11", "12", "13"] });
      // A day later the collection holds another product: the daily lookup finds it.
      api.collections.get(drinkware.id)!.push("gid://shopify/Product/14");
      await queueStaleCollectionLookups(db, new Date(Date.now() + 86_400_000 + 1000));
      await drainCollectionLookups(db, api.adminFor, new Date(Date.now() + 86_400_000 + 1000));
      expect((await loadProgramRules(db, shopId)).excludedCollectionProductIds).toEqual(["11", "12", "13", "14"]);
    } finally {
      await api.close();
    }
    const log = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "settings.updated" }, orderBy: { id: "desc" } });
    expect(JSON.parse(log.after!)).toMatchObject({ excludedProducts: [mug], excludedCollections: [drinkware] });
  });
});

describe("the activity log", () => {
  it("lists every change newest first, with who and what changed, a page at a time", async () => {
    const route = await import("../app/routes/app.activity");
    const page = await route.loader({ request: adminRequest("/app/activity", SHOP), params: {}, context: {} });
    const total = await db.activityLog.count({ where: { shopId } });
    expect(page.entries.length).toBe(Math.min(total, 50));
    expect(page.entries.map((e) => e.id)).toEqual([...page.entries.map((e) => e.id)].sort((a, b) => b - a));
    const accent = { label: { group: "settings.widget", key: "settings.widgetAccent" }, before: { text: "#303030" }, after: { text: "#0a7d4f" } };
    const widget = page.entries.find((e) => e.changes.some((c) => JSON.stringify(c) === JSON.stringify(accent)))!;
    expect(widget).toMatchObject({ action: "settings.updated", actor: "staff:42", author: null }); // no name learned: no id_token, no Shopify here
    expect(page.currency).toBe("PLN");
    // Enough entries for two pages: the second starts where the first ended.
    for (let i = 0; i < 55; i++) await db.activityLog.create({ data: { shopId, actor: "system", action: "settings.updated", before: JSON.stringify({ n: i }), after: JSON.stringify({ n: i + 1 }) } });
    const first = await route.loader({ request: adminRequest("/app/activity", SHOP), params: {}, context: {} });
    expect(first.entries).toHaveLength(50);
    const second = await route.loader({ request: adminRequest(`/app/activity?before=${first.nextBefore}`, SHOP), params: {}, context: {} });
    expect(second.entries[0].id).toBeLessThan(first.entries.at(-1)!.id);
    expect(first.entries.length + second.entries.length).toBe(Math.min(total + 55, 100));
  });
});
