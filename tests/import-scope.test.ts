// Importing members is the shop's own: another shop holding the same customer ids, or having
// imported the very same file, changes nothing in this shop's plan or import.
import { expect, it } from "vitest";
import type { ImportRow } from "../app/loyalty/member-csv";
import { planImport, startImport, stepMemberImport } from "../app/loyalty/member-import.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
const now = new Date("2026-11-10T12:00:00Z");
const row = (line: number, customerId: string, points: number | null): ImportRow => ({ line, customerId, email: null, firstName: null, lastName: null, points, birthday: null });

async function importAll(shopId: string, rows: ImportRow[]) {
  await startImport(db, { shopId, fileName: "members.csv", rows, actor: "owner", now });
  let job = await stepMemberImport(db, now);
  while (job && job.status === "running") job = await stepMemberImport(db, now);
  return job!;
}

it("plans and imports a file for this shop whatever another shop holds or imported", async () => {
  const first = await installTestShop(db, "first-import.myshopify.com");
  const second = await installTestShop(db, "second-import.myshopify.com");
  const rows = [row(2, "c1", 100), row(3, "c2", null)];

  expect(await importAll(first.id, rows)).toMatchObject({ status: "done", created: 2, balances: 1, skipped: 1 });
  expect(await planImport(db, first.id, rows)).toEqual({ rows: 2, newMembers: 0, existingMembers: 2, balancesToChange: 0, pointsChange: 0, unchanged: 2 });

  // The other shop: same ids, same file. Nothing of the first shop's counts.
  expect(await planImport(db, second.id, rows)).toEqual({ rows: 2, newMembers: 2, existingMembers: 0, balancesToChange: 1, pointsChange: 100, unchanged: 1 });
  expect(await importAll(second.id, rows)).toMatchObject({ status: "done", created: 2, balances: 1, skipped: 1 });
  const balances = await db.member.findMany({ where: { customerId: "c1" }, select: { shopId: true, balance: true }, orderBy: { shopId: "asc" } });
  expect(balances.map((m) => m.balance)).toEqual([100, 100]);
});
