// Members CSV: every row validated with its line, a dry run that writes nothing, an import applied
// in resumable chunks with opening balances posted once per member, and an export that imports back.
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../app/db.server";
import { parseMembersCsv } from "../app/loyalty/member-csv";
import { stepMemberImport } from "../app/loyalty/member-import.server";
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
  return route.action({ request: adminRequest("/app/members/import", shop, { method: "POST", body }), params: {}, context: {} }).catch((thrown: unknown) => thrown);
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

  it("refuses a file without a customer_id column, or without rows", () => {
    expect(parseMembersCsv("email,points_balance\na@example.com,5").errors).toEqual([{ line: 1, key: "import.errors.noCustomerId" }]);
    expect(parseMembersCsv("customer_id\n").errors).toEqual([{ line: 0, key: "import.errors.noRows" }]);
    expect(parseMembersCsv("").errors).toEqual([{ line: 0, key: "import.errors.empty" }]);
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
    expect(result).toMatchObject({ errorCount: 0, started: null, plan: { rows: 600, newMembers: 600, existingMembers: 0, balancesToPost: 599, pointsToPost: 10 * (599 * 600) / 2, alreadyPosted: 0 } });
    expect((result as { preview: string[][] }).preview[1]).toEqual(["3", "5001", "m1@example.com", "Member 1", "10"]);
    expect(await db.member.count()).toBe(0);
  });

  it("imports in chunks that resume after a restart, and a second import changes nothing", async () => {
    const started = await post(SHOP, { intent: "import", fileName: "members.csv", csv: bigFile });
    expect(started).toMatchObject({ started: expect.any(Number) });
    expect(await stepMemberImport(db)).toMatchObject({ status: "running", processedRows: 250, created: 250 });
    const restarted = createDb(url);
    expect(await finish(restarted)).toMatchObject({ status: "done", processedRows: 600, created: 600, balances: 599, skipped: 0 });
    await restarted.$disconnect();
    const member = await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: "5123" } } });
    expect(member).toMatchObject({ balance: 1230, email: "m123@example.com", lastName: "123", lifetimePoints: 0 });
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: member.id } });
    expect(entry).toMatchObject({ kind: "adjust", amount: 1230, reason: "Opening balance (members.csv, line 125)", actor: "staff:42" });
    const before = await ledgerTotal(shopId);
    expect(before).toEqual({ _sum: { amount: 1_797_000 }, _count: 599 });

    const again = await post(SHOP, { intent: "check", fileName: "members.csv", csv: bigFile });
    expect(again).toMatchObject({ plan: { newMembers: 0, existingMembers: 600, balancesToPost: 0, alreadyPosted: 599 } });
    await post(SHOP, { intent: "import", fileName: "members.csv", csv: bigFile });
    expect(await finish()).toMatchObject({ status: "done", created: 0, balances: 0, skipped: 599 });
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
    expect(copied).toMatchObject({ errorCount: 0, plan: { rows: 600, balancesToPost: 599 } });
    await finish();
    const otherId = (await installTestShop(db, OTHER)).id;
    const balances = async (id: string) => (await db.member.findMany({ where: { shopId: id }, orderBy: { customerId: "asc" } })).map((m) => `${m.customerId}:${m.balance}`);
    expect(await balances(otherId)).toEqual(await balances(shopId));
  });

  it("keeps a spreadsheet from running a name as a formula", async () => {
    await db.member.update({ where: { shopId_customerId: { shopId, customerId: "5000" } }, data: { firstName: "=HYPERLINK(\"http://evil\")" } });
    const route = await import("../app/routes/app.members.export");
    const csv = await (await route.loader({ request: adminRequest("/app/members/export", SHOP), params: {}, context: {} })).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});
