// installShop, as hooks.afterAuth calls it on every install and token: the shop's facts refreshed,
// and its install date kept unless Klub had been uninstalled (a reinstall is a new start).
import { afterAll, expect, it } from "vitest";
import { installShop } from "../app/loyalty/program.server";
import { freshDatabase } from "./support/database";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const details = { name: "Zielona Łąka", currencyCode: "PLN", locale: "pl" };
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 9));

it("keeps the install date on a new token, and starts it again on a reinstall", async () => {
  const first = await installShop(db, "lake.myshopify.com", details, at(1));
  expect(first).toMatchObject({ installedAt: at(1), uninstalledAt: null, programEnabled: true });
  const renamed = await installShop(db, "lake.myshopify.com", { ...details, name: "Łąka" }, at(2));
  expect(renamed).toMatchObject({ id: first.id, name: "Łąka", installedAt: at(1) });
  await db.shop.update({ where: { id: first.id }, data: { uninstalledAt: at(3) } });
  const back = await installShop(db, "lake.myshopify.com", details, at(4));
  expect(back).toMatchObject({ id: first.id, installedAt: at(4), uninstalledAt: null });
});
