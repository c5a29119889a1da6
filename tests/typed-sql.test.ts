// Typed SQL run straight on the transaction's connection (decision 043) gives and takes the same
// values as Prisma's $queryRaw, stays inside its transaction, and cannot outlive it.
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { ensureMember } from "../app/loyalty/members.server";
import { inTransaction, sql } from "../app/loyalty/transactions.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();

async function memberOfNewShop(domain: string) {
  const shop = await installTestShop(db, domain);
  const member = await ensureMember(db, shop.id, { customerId: "501", email: "ola@example.com", firstName: "Ola", lastName: null });
  return { shop, member };
}

describe("typed SQL in a transaction", () => {
  it("reads rows as Prisma's $queryRaw does: dates, booleans, nulls, numbers and expressions", async () => {
    const { shop } = await memberOfNewShop("typed-read.myshopify.com");
    const text = `SELECT *, "programEnabled" AND 1 AS "both", length("domain") AS "length", max("installedAt") OVER () AS "latest" FROM "Shop" WHERE "id" = ?`;
    const viaPrisma = await db.$queryRawUnsafe<Record<string, unknown>[]>(text, shop.id);
    const direct = await inTransaction(db, (tx) => sql(tx).query<Record<string, unknown>>`SELECT *, "programEnabled" AND 1 AS "both", length("domain") AS "length", max("installedAt") OVER () AS "latest" FROM "Shop" WHERE "id" = ${shop.id}`);
    expect(direct).toEqual(viaPrisma);
    expect(direct[0]).toMatchObject({ id: shop.id, programEnabled: true, shopifyPlus: false, uninstalledAt: null, installedAt: shop.installedAt, both: 1, length: "typed-read.myshopify.com".length });
    expect(direct[0].installedAt).toBeInstanceOf(Date);
  });

  it("writes dates and booleans that Prisma's model API reads back the same, and joins lists", async () => {
    const { shop, member } = await memberOfNewShop("typed-write.myshopify.com");
    const when = new Date("2026-03-04T05:06:07.089Z");
    const changed = await inTransaction(db, async (tx) => {
      await sql(tx).execute`UPDATE "Shop" SET "shopifyPlus" = ${true} WHERE "id" = ${shop.id}`;
      return sql(tx).execute`UPDATE "Member" SET "birthday" = ${"--03-04"}, "lastOrderAt" = ${when} WHERE "id" IN (${Prisma.join([member.id, "no-such-member"])})`;
    });
    expect(changed).toBe(1);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ birthday: "--03-04", lastOrderAt: when });
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).shopifyPlus).toBe(true);
    // Stored as Prisma stores it, so that comparisons in SQL between the two agree.
    const stored = () => db.$queryRawUnsafe<{ raw: string }[]>(`SELECT CAST("lastOrderAt" AS TEXT) AS raw FROM "Member" WHERE "id" = ?`, member.id);
    const [direct] = await stored();
    await db.member.update({ where: { id: member.id }, data: { lastOrderAt: when } });
    expect(await stored()).toEqual([direct]);
    expect(direct.raw).toBe("2026-03-04T05:06:07.089+00:00");
  });

  it("is undone with its transaction", async () => {
    const { member } = await memberOfNewShop("typed-undone.myshopify.com");
    const attempt = inTransaction(db, async (tx) => {
      await sql(tx).execute`UPDATE "Member" SET "balance" = 500 WHERE "id" = ${member.id}`;
      expect((await sql(tx).query<{ balance: number }>`SELECT "balance" FROM "Member" WHERE "id" = ${member.id}`)[0].balance).toBe(500);
      throw new Error("something after it failed");
    });
    await expect(attempt).rejects.toThrow("something after it failed");
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(0);
  });

  it("refuses a statement once its transaction has ended, even while another is open", async () => {
    const { member } = await memberOfNewShop("typed-late.myshopify.com");
    const { tx: ended } = await inTransaction(db, async (tx) => ({ tx }));
    await inTransaction(db, async (other) => {
      await expect(sql(ended).execute`UPDATE "Member" SET "balance" = 7 WHERE "id" = ${member.id}`).rejects.toThrow("The transaction is closed");
      await sql(other).execute`UPDATE "Member" SET "balance" = 8 WHERE "id" = ${member.id}`;
    });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance).toBe(8);
  });

});

describe("typed SQL outside a transaction", () => {
  it("reads as Prisma's $queryRaw does, big integers too", async () => {
    const { shop } = await memberOfNewShop("typed-plain.myshopify.com");
    await db.session.create({ data: { id: "offline_typed", shop: shop.domain, state: "", isOnline: false, accessToken: "t", userId: 9_007_199_254_740_991n } });
    const text = `SELECT * FROM "Session" WHERE "id" = ?`;
    const direct = await sql(db).query<Record<string, unknown>>`SELECT * FROM "Session" WHERE "id" = ${"offline_typed"}`;
    expect(direct).toEqual(await db.$queryRawUnsafe(text, "offline_typed"));
    expect(direct[0].userId).toBe(9_007_199_254_740_991n);
  });

  it("waits for the transaction open on the connection, and is not undone with it", async () => {
    const { member } = await memberOfNewShop("typed-beside.myshopify.com");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const inside = new Promise<void>((resolve) => (begun = resolve));
    const transaction = inTransaction(db, async (tx) => {
      await sql(tx).execute`UPDATE "Member" SET "balance" = 5 WHERE "id" = ${member.id}`;
      begun();
      await held;
      throw new Error("undone");
    });
    await inside;
    let outsideDone = false;
    const outside = sql(db).execute`UPDATE "Member" SET "pendingPoints" = 3 WHERE "id" = ${member.id}`.then(() => (outsideDone = true));
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(outsideDone).toBe(false);
    } finally {
      release();
      await transaction.catch(() => undefined);
    }
    await expect(transaction).rejects.toThrow("undone");
    await outside;
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ balance: 0, pendingPoints: 3 });
  });
});
