// Members CSV: every row validated with its line, a dry run that writes nothing, an import applied
// in resumable chunks setting each row's balance (once per file), and an export that imports back.
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../app/db.server";
import { MAX_IMPORT_BYTES, parseMembersCsv } from "../app/loyalty/member-csv";
import { stepMemberImport } from "../app/loyalty/member-import.server";
import { credit } from "../app/loyalty/ledger.server";
import { installTestShop } from "./support/shop";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";

const { db, url } = useFreshAppDatabase();
const SHOP = "import-owner.myshopify.com";
const OTHER = "import-copy.myshopify.com";
let shopId = "";

const post = async (shop: string, fields: Record<string, string>) => {
  const route = await import("../app/routes/app.members.import");
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const result = await route.action({ request: adminRequest("/app/members/import", shop, { method: "POST", body }), params: {}, context: {} }).catch((thrown: unknown) => thrown);
  if (result instanceof Response) return result;
  // The action answers in the one shape: ok when the file had no errors, what was checked in data.
  const { ok, data } = result as { ok: boolean; data: { errorCount: number; preview: string[][] } };
  expect(ok).toBe(data.errorCount === 0);
  return data;
};
const finish = async (client = db) => {
  let job = await stepMemberImport(client);
  while (job?.status === "running") job = await stepMemberImport(client);
  return job;
};
const ledgerTotal = async (id: string) => (await db.ledgerEntry.aggregate({ where: { shopId: id }, _sum: { amount: true }, _count: true }));

// 600 members: customer 5000+i with i*10 points (the first has none).
const bigFile = ["customer_id,email,first_name,last_name,points_balance", ...Array.from({ length: 600 }, (_, i) => `${5000 + i},m${i}@example.com,Member,${i},${i * 10}`)].join("\n");

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
  await installTestShop(db, OTHER);
  await storeOfflineSession(db, SHOP);
  await storeOfflineSession(db, OTHER);
});

describe("reading a members CSV", () => {
  it("names the line of every bad row, counting lines inside quoted fields", () => {
    const csv = [
      "\uFEFFCustomer_ID,email,first_name,last_name,points_balance",
      "101,ann@example.com,Ann,\"Smith",
      "Jones\",250", // line 2 spans two lines
      "",
      "abc,bob@example.com,Bob,,10",
      "102,not-an-email,,,",
      "103,,,,-5",
      "101,dup@example.com,,,1",
      "gid://shopify/Customer/104,,Zoë,,7",
    ].join("\r\n");
    const { rows, errors } = parseMembersCsv(csv);
    expect(rows).toEqual([
      { line: 2, customerId: "101", email: "ann@example.com", firstName: "Ann", lastName: "Smith\r\nJones", points: 250, birthday: null },
      { line: 9, customerId: "104", email: null, firstName: "Zoë", lastName: null, points: 7, birthday: null },
    ]);
    expect(errors).toEqual([
      { line: 5, key: "import.errors.customerId", values: { column: "customer_id" } },
      { line: 6, key: "import.errors.email", values: { column: "email" } },
      { line: 7, key: "import.errors.points", values: { column: "points_balance" } },
      { line: 8, key: "import.errors.duplicate", values: { first: 2 } },
    ]);
  });

  it("reads a spreadsheet's export: a byte-order mark, headers in any case with spaces, cells with spaces, blank lines", () => {
    const csv = "\uFEFF\n Customer_ID , EMAIL ,First_Name,points_balance\n   \n 105 , eve@example.com ,  Eve  , 30 \n";
    expect(parseMembersCsv(csv)).toEqual({
      rows: [{ line: 4, customerId: "105", email: "eve@example.com", firstName: "Eve", lastName: null, points: 30, birthday: null }],
      errors: [],
    });
  });

  it("refuses a file without a customer_id column, or without rows", () => {
    expect(parseMembersCsv("email,points_balance\na@example.com,5").errors).toEqual([{ line: 1, key: "import.errors.noCustomerId" }]);
    expect(parseMembersCsv("customer_id\n").errors).toEqual([{ line: 0, key: "import.errors.noRows" }]);
    expect(parseMembersCsv("").errors).toEqual([{ line: 0, key: "import.errors.empty" }]);
  });

  it("refuses a file over the size limit as a whole, without reading its rows", () => {
    const big = `customer_id,points_balance\n101,${"5".repeat(MAX_IMPORT_BYTES)}`;
    expect(parseMembersCsv(big)).toEqual({ rows: [], errors: [{ line: 0, key: "import.errors.tooLarge" }] });
  });
});

describe("importing", () => {
  it("answers 400 to a request without the file, and imports nothing from a file with errors", async () => {
    expect(((await post(SHOP, { intent: "import" })) as Response).status).toBe(400);
    const result = await post(SHOP, { intent: "import", fileName: "bad.csv", csv: "customer_id,points_balance\n1,5\nx,5" });
    expect(result).toMatchObject({ errorCount: 1, errors: [{ line: 3, key: "import.errors.customerId" }], plan: null, started: null });
    expect(await db.member.count()).toBe(0);
    expect(await db.memberImport.count()).toBe(0);
  });

  it("a dry run says what would happen and writes nothing", async () => {
    const result = await post(SHOP, { intent: "check", fileName: "members.csv", csv: bigFile });
    expect(result).toMatchObject({ errorCount: 0, started: null, plan: { rows: 600, newMembers: 600, existingMembers: 0, balancesToChange: 599, pointsChange: 10 * (599 * 600) / 2, unchanged: 1 } });
    expect((result as { preview: string[][] }).preview[1]).toEqual(["3", "5001", "m1@example.com", "Member 1", "10"]);
    expect(await db.member.count()).toBe(0);
  });

  it("imports in chunks that resume after a restart, and a second import changes nothing", async () => {
    const started = await post(SHOP, { intent: "import", fileName: "members.csv", csv: bigFile });
    expect(started).toMatchObject({ started: (await db.memberImport.findFirstOrThrow({ where: { shopId }, orderBy: { id: "desc" } })).id });
    expect(await stepMemberImport(db)).toMatchObject({ status: "running", processedRows: 250, created: 250 });
    const restarted = createDb(url);
    expect(await finish(restarted)).toMatchObject({ status: "done", processedRows: 600, created: 600, balances: 599, skipped: 1 });
    await restarted.$disconnect();
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: "5123" } } });
    expect(member).toMatchObject({ balance: 1230, email: "m123@example.com", lastName: "123", lifetimePoints: 0 });
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id } });
    expect(entry).toMatchObject({ kind: "adjust", amount: 1230, reason: "import", reasonParams: JSON.stringify({ file: "members.csv", line: 125 }), actor: "staff:42" });
    const before = await ledgerTotal(shopId);
    expect(before).toEqual({ _sum: { amount: 1_797_000 }, _count: 599 });

    const again = await post(SHOP, { intent: "check", fileName: "members.csv", csv: bigFile });
    expect(again).toMatchObject({ plan: { newMembers: 0, existingMembers: 600, balancesToChange: 0, pointsChange: 0, unchanged: 600 } });
    await post(SHOP, { intent: "import", fileName: "members.csv", csv: bigFile });
    expect(await finish()).toMatchObject({ status: "done", created: 0, balances: 0, skipped: 600 });
    expect(await ledgerTotal(shopId)).toEqual(before);
    expect(await db.activityLog.count({ where: { shopId, action: "members.imported" } })).toBe(2);
  });

  it("exports every member, and the export imports into another shop with the same balances", async () => {
    const route = await import("../app/routes/app.members.export");
    const response = await route.loader({ request: adminRequest("/app/members/export", SHOP), params: {}, context: {} });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="klub-members-import-owner-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await response.text();
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.data).toHaveLength(600);
    expect(parsed.data.find((r) => r.customer_id === "5123")).toMatchObject({ email: "m123@example.com", points_balance: "1230", pending_points: "0", tier: "" });

    const copied = await post(OTHER, { intent: "import", fileName: "export.csv", csv });
    expect(copied).toMatchObject({ errorCount: 0, plan: { rows: 600, balancesToChange: 599 } });
    await finish();
    const otherId = (await installTestShop(db, OTHER)).id;
    const balances = async (id: string) => (await db.member.findMany({ where: { shopId: id }, orderBy: { customerId: "asc" } })).map((m) => `${m.customerId}:${m.balance}`);
    expect(await balances(otherId)).toEqual(await balances(shopId));

    // Klub's own export imported back where it came from changes nothing.
    const entries = await ledgerTotal(shopId);
    const back = await post(SHOP, { intent: "check", fileName: "export.csv", csv });
    expect(back).toMatchObject({ errorCount: 0, plan: { rows: 600, existingMembers: 600, balancesToChange: 0, pointsChange: 0, unchanged: 600 } });
    await post(SHOP, { intent: "import", fileName: "export.csv", csv });
    expect(await finish()).toMatchObject({ status: "done", balances: 0, skipped: 600 });
    expect(await ledgerTotal(shopId)).toEqual(entries);
  });

  it("sets balances rather than adding to them: down, up, a blank cell left alone, and the dry run's total", async () => {
    const ids = ["5001", "5002", "5003"];
    const before = Object.fromEntries((await db.member.findMany({ where: { shopId, customerId: { in: ids } } })).map((m) => [m.customerId, m.balance]));
    expect(before).toEqual({ "5001": 10, "5002": 20, "5003": 30 });
    const csv = "customer_id,points_balance\n5001,4\n5002,25\n5003,\n";
    const plan = await post(SHOP, { intent: "check", fileName: "corrections.csv", csv });
    expect(plan).toMatchObject({ plan: { balancesToChange: 2, pointsChange: -6 + 5, unchanged: 1 } });
    await post(SHOP, { intent: "import", fileName: "corrections.csv", csv });
    await finish();
    const after = Object.fromEntries((await db.member.findMany({ where: { shopId, customerId: { in: ids } } })).map((m) => [m.customerId, m.balance]));
    expect(after).toEqual({ "5001": 4, "5002": 25, "5003": 30 });
    const adjustments = await db.ledgerEntry.findMany({ where: { shopId, reason: "import", reasonParams: { startsWith: '{"file":"corrections.csv"' } }, orderBy: { id: "asc" } });
    expect(adjustments.map((e) => [e.kind, e.amount])).toEqual([["adjust", -6], ["adjust", 5]]);
    // The member earns meanwhile; the same file again does not take it back.
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: "5001" } } });
    await credit(db, { shopId, memberId: member.id, kind: "earn", key: "order:import-later:paid:earn", points: 7, reason: { code: "manual", params: { note: "Order" } } });
    await post(SHOP, { intent: "import", fileName: "corrections.csv", csv });
    expect(await finish()).toMatchObject({ status: "done", balances: 0, skipped: 3 });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(11);
  });

  it("keeps a spreadsheet from running a name as a formula", async () => {
    await db.member.update({ where: { shopId_customerId: { shopId, customerId: "5000" } }, data: { firstName: "=HYPERLINK(\"http://evil\")" } });
    const route = await import("../app/routes/app.members.export");
    const csv = await (await route.loader({ request: adminRequest("/app/members/export", SHOP), params: {}, context: {} })).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

it("puts an imported member, with or without points, in the tier that starts at 0 (a balance set by import is not points earned)", async () => {
  const shop = await installTestShop(db, "import-tiers.myshopify.com");
  await storeOfflineSession(db, shop.domain);
  await db.tier.createMany({ data: [{ shopId: shop.id, name: "Bronze", threshold: 0 }, { shopId: shop.id, name: "Silver", threshold: 500 }] });
  await post(shop.domain, { intent: "import", fileName: "tiers.csv", csv: "customer_id,email,first_name,last_name,points_balance\n7001,zero@example.com,Zero,,0\n7002,six@example.com,Six,,600" });
  await finish();
  const tierOf = async (customerId: string) => {
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId } }, include: { tier: true } });
    return member.tier?.name ?? null;
  };
  expect(await tierOf("7001")).toBe("Bronze");
  expect(await tierOf("7002")).toBe("Bronze");
});
