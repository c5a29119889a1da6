// The rewards catalog through its routes: every type saved with its own fields, errors per field,
// edits, pause, delete, and the activity log.
import { beforeAll, describe, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { parseReward } from "../app/loyalty/rewards.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";

const { db } = useFreshAppDatabase();
const SHOP = "rewards-owner.myshopify.com";
let shopId = "";

const base = { name: "Reward", pointsCost: "500", codeExpiryDays: "30", combinesWithOrder: "false", combinesWithProduct: "false", combinesWithShipping: "true", tierId: "" };
const post = async (id: string, fields: Record<string, string>) => {
  const route = await import("../app/routes/app.rewards.$id");
  return route
    .action({ request: adminRequest(`/app/rewards/${id}`, SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: { id }, context: {} })
    .catch((thrown: unknown) => thrown);
};

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "KWD" })).id;
  await storeOfflineSession(db, SHOP);
});

describe("reward forms", () => {
  it("keeps only the fields of the reward's type, money in the shop's minor units", () => {
    const cases = {
      fixed_amount: { value: "1.500" },
      percentage: { percentage: "15", value: "9.000" },
      free_shipping: { value: "" },
      free_product: { productVariantId: "gid://shopify/ProductVariant/7" },
      store_credit: { value: "2.250" },
      points_slider: { sliderMinPoints: "100", sliderMaxPoints: "5000" },
    } as const;
    const saved = Object.fromEntries(
      Object.entries(cases).map(([type, extra]) => {
        const parsed = parseReward({ ...base, type, ...extra }, "KWD");
        if (!("data" in parsed)) throw new Error(`${type}: ${JSON.stringify(parsed.errors)}`);
        return [type, parsed.data];
      }),
    );
    expect(saved.fixed_amount).toMatchObject({ valueMinor: 1500, percentage: null });
    expect(saved.percentage).toMatchObject({ percentage: 15, valueMinor: null });
    expect(saved.free_shipping).toMatchObject({ valueMinor: null });
    expect(saved.free_product).toMatchObject({ productVariantId: "gid://shopify/ProductVariant/7" });
    expect(saved.store_credit).toMatchObject({ valueMinor: 2250 });
    expect(saved.points_slider).toMatchObject({ sliderMinPoints: 100, sliderMaxPoints: 5000 });
  });

  it("says what is wrong, field by field", () => {
    expect(parseReward({ ...base, name: " ", type: "fixed_amount", pointsCost: "0", value: "1.2345" }, "KWD")).toEqual({
      errors: { name: "rewards.errors.required", pointsCost: "rewards.errors.atLeast" },
    });
    expect(parseReward({ ...base, type: "fixed_amount", value: "1.2345" }, "KWD")).toEqual({ errors: { value: "rewards.errors.amount" } });
    expect(parseReward({ ...base, type: "store_credit" }, "KWD")).toEqual({ errors: { value: "rewards.errors.required" } });
    expect(parseReward({ ...base, type: "free_product" }, "KWD")).toEqual({ errors: { productVariantId: "rewards.errors.chooseProduct" } });
    expect(parseReward({ ...base, type: "points_slider", sliderMinPoints: "500", sliderMaxPoints: "100" }, "KWD")).toEqual({ errors: { sliderMaxPoints: "rewards.errors.maxBelowMin" } });
    expect(parseReward({ ...base, type: "bogus" }, "KWD")).toEqual({ errors: { type: "rewards.errors.choose" } });
    expect(parseReward({ ...base, type: "percentage" }, "KWD")).toEqual({ errors: { percentage: "rewards.errors.required" } });
    expect(parseReward({ ...base, type: "points_slider" }, "KWD")).toEqual({ errors: { sliderMinPoints: "rewards.errors.required", sliderMaxPoints: "rewards.errors.required" } });
    expect(parseReward({ ...base, type: "free_shipping", segment: "win_back" }, "KWD")).toEqual({ errors: { segmentThreshold: "rewards.errors.required" } });
    expect(parseReward({ ...base, type: "free_shipping", segment: "everyone_named_bob", segmentThreshold: "3" }, "KWD")).toEqual({ errors: { segment: "rewards.errors.choose" } });
    expect(parseReward({ ...base, type: "free_shipping", segment: "new_members", segmentThreshold: "0" }, "KWD")).toEqual({ errors: { segmentThreshold: "rewards.errors.atLeast" } });
    // A check without a message of its own (the name's length) still names the field.
    expect(parseReward({ ...base, type: "free_shipping", name: "x".repeat(101) }, "KWD")).toEqual({ errors: { name: "rewards.errors.invalid" } });
  });
});

describe("reward routes", () => {
  it("starts a new reward as 5 KWD off (in KWD's three decimals) for 500 points, its code valid 30 days and combining with shipping discounts", async () => {
    const editor = await import("../app/routes/app.rewards.$id");
    const form = await editor.loader({ request: adminRequest("/app/rewards/new", SHOP), params: { id: "new" }, context: {} });
    expect(form).toMatchObject({ isNew: true, currency: "KWD" });
    expect(form.values).toEqual({
      name: "", type: "fixed_amount", pointsCost: "500", value: "5.000", percentage: "", productVariantId: "", sliderMinPoints: "", sliderMaxPoints: "",
      minimumSubtotal: "", codeExpiryDays: "30", combinesWithOrder: false, combinesWithProduct: false, combinesWithShipping: true, tierId: "",
      segment: "", segmentThreshold: "", segmentValue: "", poolLowAt: "10",
    });
  });

  it("creates, edits, pauses and deletes, logging each change", async () => {
    const created = (await post("new", { ...base, name: "1 KWD off", type: "fixed_amount", value: "1" })) as Response;
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/app/rewards?saved=1");
    const reward = await db.reward.findFirstOrThrow({ where: { shopId } });
    expect(reward).toMatchObject({ name: "1 KWD off", valueMinor: 1000, active: true });

    const editor = await import("../app/routes/app.rewards.$id");
    const form = await editor.loader({ request: adminRequest(`/app/rewards/${reward.id}`, SHOP), params: { id: reward.id }, context: {} });
    expect(form.values).toMatchObject({ name: "1 KWD off", value: "1.000", type: "fixed_amount" });
    await post(reward.id, { ...base, name: "2 KWD off", type: "fixed_amount", value: "2.000", pointsCost: "900" });
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ name: "2 KWD off", valueMinor: 2000, pointsCost: 900 });
    const emptied = { ...base, type: "fixed_amount", value: "" };
    expect(await post(reward.id, emptied)).toEqual({ ok: false, errors: { value: "rewards.errors.required" }, sent: Object.entries(emptied) });

    const list = await import("../app/routes/app.rewards._index");
    const act = (state: string) => list.action({ request: adminRequest("/app/rewards", SHOP, { method: "POST", body: new URLSearchParams({ id: reward.id, state }) }), params: {}, context: {} });
    expect(await act("paused")).toEqual({ ok: true, errors: {}, data: { done: "paused" } });
    expect((await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).active).toBe(false);
    expect(await act("deleted")).toEqual({ ok: true, errors: {}, data: { done: "deleted" } });
    expect((await list.loader({ request: adminRequest("/app/rewards", SHOP), params: {}, context: {} })).rewards).toEqual([]);
    expect(await act("active")).toEqual({ ok: true, errors: {}, data: { done: null } }); // deleted stays deleted
    const log = await db.activityLog.findMany({ where: { shopId }, orderBy: { id: "asc" } });
    expect(log.map((l) => l.action)).toEqual(["reward.created", "reward.updated", "reward.paused", "reward.deleted"]);
  });

  it("targets a reward to a segment, shows it in the catalog, and logs the change in the owner's words", async () => {
    await post("new", { ...base, name: "Come back", type: "free_shipping", segment: "win_back", segmentThreshold: "90" });
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Come back" } });
    expect(reward).toMatchObject({ segment: "win_back", segmentThreshold: 90 });
    const list = await import("../app/routes/app.rewards._index");
    const listed = (await list.loader({ request: adminRequest("/app/rewards", SHOP), params: {}, context: {} })).rewards.find((r) => r.id === reward.id);
    expect(listed).toMatchObject({ segment: "win_back" });
    // Back to everyone: the threshold goes with the segment.
    await post(reward.id, { ...base, name: "Come back", type: "free_shipping", segment: "", segmentThreshold: "90" });
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ segment: null, segmentThreshold: null });
    const log = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "reward.updated" }, orderBy: { id: "desc" } });
    expect([JSON.parse(log.before!), JSON.parse(log.after!)]).toEqual([
      expect.objectContaining({ segment: "win_back", segmentThreshold: 90 }),
      expect.objectContaining({ segment: null, segmentThreshold: null }),
    ]);
  });

  it("restricts a reward to a tier of this shop only, and 404s another shop's reward", async () => {
    const gold = await db.tier.create({ data: { shopId, name: "Gold", threshold: 1000 } });
    await post("new", { ...base, name: "Gold only", type: "percentage", percentage: "20", tierId: gold.id });
    expect(await db.reward.findFirstOrThrow({ where: { name: "Gold only" } })).toMatchObject({ tierId: gold.id, percentage: 20 });
    const other = await installTestShop(db, "elsewhere.myshopify.com");
    const theirs = await db.reward.create({ data: { shopId: other.id, name: "Theirs", type: "free_shipping", pointsCost: 1 } });
    expect(((await post(theirs.id, { ...base, type: "free_shipping" })) as Response).status).toBe(404);
  });
});
