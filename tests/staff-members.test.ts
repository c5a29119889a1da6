// Who made a change, by name (app/loyalty/staff-members.server.ts): learned once, asked again after a day.
import { afterAll, expect, it } from "vitest";
import { rememberStaffName, STAFF_NAME_TTL_MS, staffNameIsFresh, staffNames } from "../app/loyalty/staff-members.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

it("keeps a staff member's name for a day, then asks again, and a new name replaces the old", async () => {
  const shopId = (await installTestShop(db, "staff.myshopify.com")).id;
  const otherShopId = (await installTestShop(db, "staff-other.myshopify.com")).id;
  expect(await staffNameIsFresh(db, shopId, "42")).toBe(false);

  await rememberStaffName(db, shopId, "42", "Anna Nowak");
  const learnedAt = (await db.staffMember.findUniqueOrThrow({ where: { shopId_userId: { shopId, userId: "42" } } })).updatedAt.getTime();
  expect(await staffNameIsFresh(db, shopId, "42", new Date(learnedAt))).toBe(true);
  expect(await staffNameIsFresh(db, shopId, "42", new Date(learnedAt + STAFF_NAME_TTL_MS - 1))).toBe(true);
  expect(await staffNameIsFresh(db, shopId, "42", new Date(learnedAt + STAFF_NAME_TTL_MS))).toBe(false);
  expect(await staffNameIsFresh(db, otherShopId, "42", new Date(learnedAt))).toBe(false);

  await rememberStaffName(db, shopId, "42", "Anna Kowalska");
  await rememberStaffName(db, shopId, "7", "Piotr");
  await rememberStaffName(db, otherShopId, "8", "Elsewhere");
  expect(await staffNames(db, shopId, ["staff:42", "staff:7", "staff:42", "staff:8", "system", "webhook"])).toEqual(
    new Map([["staff:42", "Anna Kowalska"], ["staff:7", "Piotr"]]),
  );
  expect(await staffNames(db, shopId, ["system"])).toEqual(new Map());
});
