// The reward form read and written back: each field's forms of "empty", the money's range, the
// checkboxes as browsers send them, and the catalog's pause, activate and delete within one shop.
import { expect, it } from "vitest";
import { parseReward, rewardFormValues, setRewardState } from "../app/loyalty/rewards.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
const base = { name: "Reward", type: "fixed_amount", pointsCost: "500", value: "5" };
const data = (form: Record<string, unknown>) => {
  const parsed = parseReward({ ...base, ...form }, "USD");
  if (!("data" in parsed)) throw new Error(`refused: ${JSON.stringify(parsed.errors)}`);
  return parsed.data;
};
const errors = (form: Record<string, unknown>) => {
  const parsed = parseReward({ ...base, ...form }, "USD");
  return "errors" in parsed ? parsed.errors : null;
};

it("reads a checkbox as on only when the browser sent on, true or a true", () => {
  for (const on of ["on", "true", true]) expect(data({ combinesWithOrder: on }).combinesWithOrder, String(on)).toBe(true);
  for (const off of ["off", "false", "", undefined, false]) expect(data({ combinesWithOrder: off }).combinesWithOrder, String(off)).toBe(false);
});

it("takes an empty, missing or null optional number as none, and a number as itself", () => {
  for (const none of ["", undefined, null]) expect(data({ codeExpiryDays: none }).codeExpiryDays, String(none)).toBeNull();
  expect(data({ codeExpiryDays: "7" }).codeExpiryDays).toBe(7);
  expect(errors({ type: "percentage", percentage: "" })).toEqual({ percentage: "rewards.errors.required" });
  expect(data({ type: "percentage", percentage: "15" }).percentage).toBe(15);
});

it("keeps money between one minor unit and the largest amount stored, blank minimum as none", () => {
  expect(data({ value: "0.01" }).valueMinor).toBe(1);
  expect(data({ value: "21474836.47" }).valueMinor).toBe(2_147_483_647);
  for (const value of ["0", "21474836.48", "-1", "abc"]) expect(errors({ value }), value).toEqual({ value: "rewards.errors.amount" });
  expect(data({ minimumSubtotal: "" }).minimumSubtotalMinor).toBeNull();
  expect(data({ minimumSubtotal: "10" }).minimumSubtotalMinor).toBe(1000);
});

it("takes a slider whose most equals its least, not one whose most is below it", () => {
  const slider = { type: "points_slider", value: "", pointsCost: "100", sliderMinPoints: "200" };
  expect(data({ ...slider, sliderMaxPoints: "200" })).toMatchObject({ sliderMinPoints: 200, sliderMaxPoints: 200 });
  expect(errors({ ...slider, sliderMaxPoints: "199" })).toEqual({ sliderMaxPoints: "rewards.errors.maxBelowMin" });
});

it("writes a stored reward back into the form so that saving it unchanged stores the same", async () => {
  const shop = await installTestShop(db, "reward-form.myshopify.com");
  const full = await db.reward.create({
    data: { shopId: shop.id, name: "Slider", type: "points_slider", pointsCost: 100, sliderMinPoints: 200, sliderMaxPoints: 900, minimumSubtotalMinor: 2550, codeExpiryDays: 14, combinesWithOrder: true, combinesWithProduct: false, combinesWithShipping: true },
  });
  const values = rewardFormValues(full, "USD");
  expect(values).toMatchObject({ pointsCost: "100", sliderMinPoints: "200", sliderMaxPoints: "900", minimumSubtotal: "25.50", codeExpiryDays: "14", percentage: "", value: "", productVariantId: "", tierId: "" });
  expect(parseReward(values, "USD")).toEqual({ data: expect.objectContaining({ sliderMinPoints: 200, sliderMaxPoints: 900, minimumSubtotalMinor: 2550, codeExpiryDays: 14, combinesWithOrder: true, combinesWithShipping: true }) });
  const percent = await db.reward.create({ data: { shopId: shop.id, name: "Ten", type: "percentage", pointsCost: 300, percentage: 10 } });
  expect(rewardFormValues(percent, "USD")).toMatchObject({ percentage: "10", sliderMinPoints: "", sliderMaxPoints: "", codeExpiryDays: "", minimumSubtotal: "" });
});

it("pauses, activates and deletes a reward of its own shop only, and a deleted one no more", async () => {
  const shop = await installTestShop(db, "reward-state.myshopify.com");
  const other = await installTestShop(db, "other-reward-state.myshopify.com");
  const reward = await db.reward.create({ data: { shopId: shop.id, name: "Five off", type: "fixed_amount", pointsCost: 500, valueMinor: 500 } });

  expect(await setRewardState(db, other.id, reward.id, "paused", "owner")).toBeNull();
  expect(await setRewardState(db, shop.id, reward.id, "paused", "owner")).toMatchObject({ active: false, deletedAt: null });
  expect(await setRewardState(db, shop.id, reward.id, "active", "owner")).toMatchObject({ active: true, deletedAt: null });
  expect(await setRewardState(db, shop.id, reward.id, "deleted", "owner")).toMatchObject({ active: false, deletedAt: expect.any(Date) });
  expect(await setRewardState(db, shop.id, reward.id, "active", "owner")).toBeNull();
  const logged = await db.activityLog.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" }, select: { action: true, after: true } });
  expect(logged.map((l) => l.action)).toEqual(["reward.paused", "reward.active", "reward.deleted"]);
  expect(logged.map((l) => JSON.parse(l.after!))).toEqual([
    { name: "Five off", active: false, deleted: false },
    { name: "Five off", active: true, deleted: false },
    { name: "Five off", active: false, deleted: true },
  ]);
});
