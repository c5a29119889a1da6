// Switching the program on and off: once per change, logged with what it was, and the storefront
// widget told (it shows only while the program is on).
import { expect, it } from "vitest";
import { WIDGET_SYNC } from "../app/loyalty/outbox.server";
import { setProgramEnabled } from "../app/loyalty/program-settings.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();

it("switches once per change, logs each with the state before, and tells the widget", async () => {
  const shop = await installTestShop(db, "switch.myshopify.com", { programEnabled: false });
  expect(await setProgramEnabled(db, shop.id, true, "owner")).toBe(true);
  expect(await setProgramEnabled(db, shop.id, true, "owner")).toBe(false); // already on
  expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).programEnabled).toBe(true);
  expect(await setProgramEnabled(db, shop.id, false, "owner")).toBe(true);
  expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).programEnabled).toBe(false);

  const logged = await db.activityLog.findMany({ where: { shopId: shop.id, action: { startsWith: "program." } }, orderBy: { id: "asc" } });
  expect(logged.map((l) => [l.action, JSON.parse(l.before!), JSON.parse(l.after!)])).toEqual([
    ["program.enabled", { programEnabled: false }, { programEnabled: true }],
    ["program.disabled", { programEnabled: true }, { programEnabled: false }],
  ]);
  expect(await db.outboxMessage.count({ where: { shopId: shop.id, kind: WIDGET_SYNC, dedupeKey: "widget" } })).toBe(1);
});
