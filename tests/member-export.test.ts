// The members export (app/loyalty/member-export.server.ts) over more members than one batch: every
// member of this shop once, none erased, none of another shop, blanks as empty cells.
import Papa from "papaparse";
import { afterAll, expect, it } from "vitest";
import { parseMembersCsv } from "../app/loyalty/member-csv";
import { exportMembersCsv } from "../app/loyalty/member-export.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
afterAll(() => db.$disconnect());

const BEYOND_A_BATCH = 2_345; // the export reads 2,000 members at a time

async function exportText(shopId: string) {
  let text = "";
  for await (const chunk of exportMembersCsv(db, shopId)) text += chunk;
  return text;
}
const exported = async (shopId: string) => Papa.parse<Record<string, string>>(await exportText(shopId), { header: true, skipEmptyLines: true });

it("exports every member of the shop once, beyond one batch, with empty cells for what is not known", async () => {
  const shopId = (await installTestShop(db, "export.myshopify.com")).id;
  const otherId = (await installTestShop(db, "export-other.myshopify.com")).id;
  const gold = await db.tier.create({ data: { shopId, name: "Gold", threshold: 0 } });
  const at = new Date("2026-05-01T10:00:00Z");
  await db.member.createMany({
    data: Array.from({ length: BEYOND_A_BATCH }, (_, i) => ({
      shopId, customerId: String(1000 + i), balance: i, enrolledAt: at, lastActivityAt: at,
      ...(i === 0 ? { email: "first@example.com", firstName: "Ewa", lastName: "Nowak", birthday: "--05-17", tierId: gold.id } : {}),
    })),
  });
  await db.member.create({ data: { shopId, customerId: "erased", balance: 5, enrolledAt: at, lastActivityAt: at, redactedAt: at } });
  await db.member.create({ data: { shopId: otherId, customerId: "theirs", balance: 5, enrolledAt: at, lastActivityAt: at } });

  const { data, meta } = await exported(shopId);
  expect(meta.fields).toEqual(["customer_id", "email", "first_name", "last_name", "points_balance", "birthday", "pending_points", "lifetime_points", "tier", "enrolled_at", "last_activity_at"]);
  expect(data).toHaveLength(BEYOND_A_BATCH);
  expect(new Set(data.map((row) => row.customer_id)).size).toBe(BEYOND_A_BATCH);
  const byCustomer = new Map(data.map((row) => [row.customer_id, row]));
  expect(byCustomer.has("erased") || byCustomer.has("theirs")).toBe(false);
  expect(byCustomer.get("1000")).toEqual({
    customer_id: "1000", email: "first@example.com", first_name: "Ewa", last_name: "Nowak", points_balance: "0", birthday: "'--05-17", // quoted: no formula
    pending_points: "0", lifetime_points: "0", tier: "Gold", enrolled_at: at.toISOString(), last_activity_at: at.toISOString(),
  });
  expect(byCustomer.get("1001")).toMatchObject({ email: "", first_name: "", last_name: "", birthday: "", tier: "", points_balance: "1" });

  // The export imports as it was, the year-less birthday too.
  const imported = parseMembersCsv(await exportText(shopId));
  expect(imported.errors).toEqual([]);
  expect(imported.rows[0]).toEqual({ line: 2, customerId: "1000", email: "first@example.com", firstName: "Ewa", lastName: "Nowak", points: 0, birthday: "--05-17" });
});

it("exports the header alone for a shop without members", async () => {
  const shopId = (await installTestShop(db, "export-empty.myshopify.com")).id;
  const { data, meta } = await exported(shopId);
  expect([data, meta.fields?.length]).toEqual([[], 11]);
});
