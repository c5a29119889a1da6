// Members search (decision 028): any part of a name or email, in any case, with or without accents,
// through the FTS5 trigram index the migration's triggers keep; one or two letters match a prefix.
// The index follows members as they are made, renamed, redacted and deleted, and every way the page
// is read (few matches, many, nearly everyone, a shop where few of many match) gives what a plain
// filter and sort of the shop's members gives, page after page.
import { createClient } from "@libsql/client";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "../app/db.server";
import { listMembers, MEMBER_SORTS, SEARCH_FOLDS, SEARCH_PLAN, searchFold, searchMatch, type MemberQuery } from "../app/loyalty/members-query.server";
import { ensureMember, withSearchKeys } from "../app/loyalty/members.server";
import { eraseShop, redactCustomer } from "../app/loyalty/privacy.server";
import { DIRECT_SQL, type DirectSqlOfClient } from "../app/loyalty/transactions.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";
import { tempDir } from "./support/temp";

const { db } = useFreshAppDatabase();
const SHOP = "search-owner.myshopify.com";
let shopId = "";

const PEOPLE = [
  { customerId: "1", firstName: "Zofia", lastName: "Wiśniewska", email: "zofia.w@example.com" },
  { customerId: "2", firstName: "Łukasz", lastName: "Żak", email: "LUKASZ.ZAK@Poczta.PL" },
  { customerId: "3", firstName: "Ольга", lastName: "Иванова", email: "olga@yandex.ru" },
  { customerId: "4", firstName: "Jan", lastName: "Kowalski", email: "jan.kowalski@firma.pl" },
  { customerId: "5", firstName: "Émile", lastName: "Müller-Lüdenscheidt", email: "emile@gruß.de" },
  { customerId: "6", firstName: "Anna", lastName: "Nowak", email: "anna.nowak@example.com" },
];

const names = async (q: string, sort: MemberQuery["sort"] = "name", id = shopId) =>
  (await listMembers(db, id, { sort, q, take: 200 })).members.map((m) => m.name);

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
  await storeOfflineSession(db, SHOP);
  for (const person of PEOPLE) await ensureMember(db, shopId, person);
});

describe("search by any part of a name or email", () => {
  it("finds a name or an email by a part from its middle, in any case, with or without accents", async () => {
    expect(await names("wisn")).toEqual(["Zofia Wiśniewska"]);
    expect(await names("WIŚN")).toEqual(["Zofia Wiśniewska"]);
    expect(await names("niewsk")).toEqual(["Zofia Wiśniewska"]);
    expect(await names("example.com")).toEqual(["Anna Nowak", "Zofia Wiśniewska"]);
    expect(await names("poczta.pl")).toEqual(["Łukasz Żak"]);
    expect(await names("lukasz")).toEqual(["Łukasz Żak"]);
    expect(await names("Zak")).toEqual(["Łukasz Żak"]);
    expect(await names("иван")).toEqual(["Ольга Иванова"]);
    expect(await names("ВАНОВ")).toEqual(["Ольга Иванова"]);
    expect(await names("emile mull")).toEqual(["Émile Müller-Lüdenscheidt"]);
    expect(await names("ludensch")).toEqual(["Émile Müller-Lüdenscheidt"]);
    expect(await names("gruss.de")).toEqual(["Émile Müller-Lüdenscheidt"]); // ß is "ss"
    expect(await names("zofia.w@")).toEqual(["Zofia Wiśniewska"]);
    expect(await names("nowakx")).toEqual([]);
  });

  it("needs every word, in any order; a word of one or two letters is read with its neighbour", async () => {
    expect(await names("kowalski jan")).toEqual(["Jan Kowalski"]);
    expect(await names("anna nowak")).toEqual(["Anna Nowak"]);
    expect(await names("anna kowalski")).toEqual([]);
    expect(await names("jan ko")).toEqual(["Jan Kowalski"]); // the run "jan ko"
    expect(searchMatch("jan ko")).toBe('"jan ko"');
    expect(searchMatch("ko  jan")).toBe('"ko jan"');
    expect(searchMatch("Wiś  NIE")).toBe('"Wis" AND "NIE"');
  });

  it("matches one or two letters at the start of a first name, last name or email", async () => {
    expect(searchMatch("wi")).toBeNull();
    expect(searchMatch(" ż ")).toBeNull();
    expect(await names("wi")).toEqual(["Zofia Wiśniewska"]);
    expect(await names("śn")).toEqual([]); // not at the start
    expect(await names("ż")).toEqual(["Łukasz Żak"]);
    expect(await names("z")).toEqual(["Zofia Wiśniewska"]); // short prefixes keep their accents
    expect(await names("OL")).toEqual(["Ольга Иванова"]); // olga@
    expect(await names("")).toHaveLength(PEOPLE.length);
  });

  it("matches one or two letters with an @ at the start of an email only", async () => {
    const other = (await installTestShop(db, "short-emails.myshopify.com")).id;
    await ensureMember(db, other, { customerId: "1", firstName: "Bo", lastName: "Li", email: "b@li.cn" });
    await ensureMember(db, other, { customerId: "2", firstName: "Ben", lastName: "Bo", email: "ben@example.com" });
    expect(await names("b@", "name", other)).toEqual(["Bo Li"]);
    expect(await names("b", "name", other)).toEqual(["Ben Bo", "Bo Li"]);
  });

  it("reads what the owner types as text, never as the index's query language", async () => {
    for (const q of ['wi"sn', 'NEAR("a" "b")', "a* OR b", "^zof", "-nowak", "(jan)", "'; DROP TABLE Member; --"]) {
      await expect(listMembers(db, shopId, { sort: "name", q })).resolves.toBeDefined();
    }
    expect(await names("zofia.w@example")).toEqual(["Zofia Wiśniewska"]);
    expect(await names("a* OR b")).toEqual([]);
  });

  it("serves the search through the members page's loader", async () => {
    const route = await import("../app/routes/app.members._index");
    const load = async (q: string) => (await route.loader({ request: adminRequest(`/app/members?q=${encodeURIComponent(q)}`, SHOP), params: {}, context: {} })).members.map((m) => m.name);
    expect(await load("wisn")).toEqual(["Zofia Wiśniewska"]);
    expect((await load("example.com")).sort()).toEqual(["Anna Nowak", "Zofia Wiśniewska"]);
  });

  it("folds every letter of SEARCH_FOLDS in the database's triggers as in the query", async () => {
    const other = (await installTestShop(db, "folds.myshopify.com")).id;
    const folds = [...SEARCH_FOLDS];
    expect(folds.length).toBeGreaterThan(200);
    await db.member.createMany({ data: folds.map(([letter], i) => ({ shopId: other, customerId: String(i), ...withSearchKeys({ firstName: `xq${letter}qx` }) })) });
    for (const [letter, base] of folds) {
      const found = await names(`xq${letter}qx`, "name", other);
      expect(found, `${letter} (U+${letter.codePointAt(0)!.toString(16)}) as ${base}`).toContain(`xq${letter}qx`);
      expect(found.every((name) => searchFold(name).toLowerCase() === `xq${base}qx`.toLowerCase())).toBe(true);
    }
  });
});

describe("the index follows the members", () => {
  it("has its three triggers on Member (a migration that redefines Member drops them)", async () => {
    const triggers = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Member' AND name LIKE 'Member_search%' ORDER BY name`);
    expect(triggers.map((t) => t.name)).toEqual(["Member_search_delete", "Member_search_insert", "Member_search_update"]);
  });

  it("follows a renamed member, a detail saved again unchanged, and a redacted one", async () => {
    const shop = (await installTestShop(db, "renames.myshopify.com")).id;
    const maria = await ensureMember(db, shop, { customerId: "1", firstName: "Maria", lastName: "Dąbrowska", email: "maria@dom.pl" });
    expect(await names("dabrow", "name", shop)).toEqual(["Maria Dąbrowska"]);
    await db.member.update({ where: { id: maria.id }, data: withSearchKeys({ lastName: "Wójcik", email: "maria.w@praca.pl" }) });
    expect(await names("dabrow", "name", shop)).toEqual([]);
    expect(await names("maria@dom", "name", shop)).toEqual([]);
    expect(await names("wojc", "name", shop)).toEqual(["Maria Wójcik"]);
    expect(await names("praca", "name", shop)).toEqual(["Maria Wójcik"]);
    await ensureMember(db, shop, { customerId: "1", firstName: "Maria", lastName: "Wójcik", email: "maria.w@praca.pl" }); // an order's details, unchanged
    await db.member.update({ where: { id: maria.id }, data: { balance: 10 } });
    expect(await names("wojc", "name", shop)).toEqual(["Maria Wójcik"]);
    await redactCustomer(db, shop, "1");
    expect(await names("maria", "name", shop)).toEqual([]);
    expect(await names("praca", "name", shop)).toEqual([]);
  });

  it("forgets a deleted member, even when a new one takes its rowid, and a shop's members when the shop is erased", async () => {
    const shop = (await installTestShop(db, "deletes.myshopify.com")).id;
    const gone = await ensureMember(db, shop, { customerId: "1", firstName: "Tadeusz", lastName: "Kościuszko", email: "tk@kosciuszko.pl" });
    const [{ rowid }] = await db.$queryRawUnsafe<{ rowid: number }[]>(`SELECT rowid FROM "Member" WHERE id = ?`, gone.id);
    await db.member.delete({ where: { id: gone.id } });
    expect(await names("kosciusz", "name", shop)).toEqual([]);
    const next = await ensureMember(db, shop, { customerId: "2", firstName: "Kazimierz", lastName: "Pułaski", email: "kp@pulaski.pl" });
    const [{ rowid: reused }] = await db.$queryRawUnsafe<{ rowid: number }[]>(`SELECT rowid FROM "Member" WHERE id = ?`, next.id);
    expect(reused).toBe(rowid); // the newest row's rowid is given out again
    expect(await names("kosciusz", "name", shop)).toEqual([]);
    expect(await names("pulask", "name", shop)).toEqual(["Kazimierz Pułaski"]);

    await eraseShop(db, "deletes.myshopify.com");
    const indexed = await db.$queryRaw<{ r: number }[]>`SELECT rowid AS r FROM member_search WHERE member_search MATCH '"pulask"'`;
    expect(indexed).toEqual([]);
  });

  it("indexes the members a database already has when the migration runs", async () => {
    const url = `file:${join(tempDir("klub-search-migration-"), "before.sqlite")}`;
    const sqlite = createClient({ url });
    const migrations = readdirSync("prisma/migrations").filter((d) => /^\d{14}_/.test(d)).sort();
    const search = migrations.findIndex((d) => d.endsWith("_member_search"));
    const apply = (dir: string) => sqlite.executeMultiple(readFileSync(join("prisma/migrations", dir, "migration.sql"), "utf8"));
    for (const dir of migrations.slice(0, search)) await apply(dir);
    const at = "2026-01-01T00:00:00.000+00:00";
    await sqlite.executeMultiple(`
      INSERT INTO Shop (id, domain, currencyCode, createdAt, updatedAt) VALUES ('s', 'before.myshopify.com', 'USD', '${at}', '${at}');
      INSERT INTO Member (id, shopId, customerId, email, firstName, lastName, enrolledAt, lastActivityAt, createdAt, updatedAt) VALUES
        ('m1', 's', '1', 'zofia.w@example.com', 'Zofia', 'Wiśniewska', '${at}', '${at}', '${at}', '${at}'),
        ('m2', 's', '2', NULL, 'Jan', NULL, '${at}', '${at}', '${at}', '${at}'),
        ('m3', 's', '3', NULL, NULL, NULL, '${at}', '${at}', '${at}', '${at}');
    `);
    for (const dir of migrations.slice(search)) await apply(dir); // the search's, and those that came after
    sqlite.close();
    const migrated = createDb(url);
    try {
      const find = async (q: string) => (await listMembers(migrated, "s", { sort: "name", q })).members.map((m) => m.id);
      expect(await find("wisn")).toEqual(["m1"]);
      expect(await find("example.com")).toEqual(["m1"]);
      expect(await find("jan")).toEqual(["m2"]);
    } finally {
      await migrated.$disconnect();
    }
  });
});

describe("every way a search's page is read gives the plain filter and sort, page after page", () => {
  const BULK = "bulk.myshopify.com";
  const SPARSE = "sparse.myshopify.com";
  let bulk = "";
  let sparse = "";
  let gold = "";
  const BULK_MEMBERS = SEARCH_PLAN.many + 1000; // "bulk.example" matches more than MANY
  const SPARSE_MEMBERS = SEARCH_PLAN.probed * 2 + 500;

  beforeAll(async () => {
    bulk = (await installTestShop(db, BULK)).id;
    sparse = (await installTestShop(db, SPARSE)).id;
    gold = (await db.tier.create({ data: { shopId: bulk, name: "Gold", threshold: 1000 } })).id;
    const first = ["Anna", "Grzegorz", "Olga", "Piotr", "Maria", "Ivan", "Ewa", "Tomasz"];
    const last = ["Nowak", "Kowalczyk", "Petrov", "Wiśniewska", "Lewandowska", "Popova"];
    const pick = (list: string[], expr: string) => `CASE (${expr}) % ${list.length} ${list.map((n, k) => `WHEN ${k} THEN '${n}'`).join(" ")} END`;
    const insert = (shop: string, count: number, prefix: string, email: string) =>
      db.$executeRawUnsafe(
        `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${count})
         INSERT INTO Member (id, shopId, customerId, email, firstName, lastName, balance, tierId, enrolledAt, lastActivityAt, createdAt, updatedAt)
         SELECT printf('${prefix}%06d', i), ?, CAST(i AS TEXT), ${email}, ${pick(first, "i")},
                CASE WHEN i % 13 = 0 THEN NULL ELSE ${pick(last, "i / 8")} END,
                (i * 37) % 500, CASE WHEN i % 10 = 0 THEN ? END,
                strftime('%Y-%m-%dT%H:%M:%f+00:00', '2026-01-01', '+' || ((i * 7919) % 100000) || ' seconds'), '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00'
         FROM s`,
        shop,
        gold,
      );
    await insert(bulk, BULK_MEMBERS, "b", `'b' || i || '@bulk.example'`);
    // Few of this shop's members match "bulk.example", which matches more than MANY in all shops.
    await insert(sparse, SPARSE_MEMBERS, "s", `CASE WHEN i % 100 = 7 THEN 's' || i || '@bulk.example' ELSE 's' || i || '@other.test' END`);
  }, 60_000);

  /** What the page should hold: the shop's members filtered and sorted in JavaScript. */
  async function expected(shop: string, query: Omit<MemberQuery, "cursor">) {
    const words = searchFold(query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const members = await db.member.findMany({ where: { shopId: shop } });
    const sort = {
      balance_desc: ["balance", -1],
      balance_asc: ["balance", 1],
      recent: ["enrolledAt", -1],
      name: ["lastName", 1],
    } as const;
    const [field, sign] = sort[query.sort];
    const key = (m: (typeof members)[number]) => (field === "enrolledAt" ? m.enrolledAt.getTime() : m[field]);
    return members
      .filter((m) => words.every((w) => searchFold(`${m.firstName ?? ""} ${m.lastName ?? ""} ${m.email ?? ""}`).toLowerCase().includes(w)))
      .filter((m) => (query.tierId ? m.tierId === (query.tierId === "none" ? null : query.tierId) : true))
      .filter((m) => (query.minBalance === undefined ? true : m.balance >= query.minBalance))
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (x !== y) return x === null ? -sign : y === null ? sign : (x < y ? -1 : 1) * sign; // nulls first ascending, as SQLite
        return (a.id < b.id ? -1 : 1) * sign;
      })
      .map((m) => m.id);
  }

  /** The ids of the first `most` pages, and the ways they were read. */
  async function pages(shop: string, query: Omit<MemberQuery, "cursor">, most = Infinity) {
    const seen: string[] = [];
    const ways = new Set<string>();
    // The search's typed SQL runs straight on the connection (decision 043): watched there.
    const typedSql = (db as unknown as { [DIRECT_SQL]: DirectSqlOfClient })[DIRECT_SQL].outside()!;
    const run = typedSql.query.bind(typedSql);
    const spy = vi.spyOn(typedSql, "query").mockImplementation((text, values) => {
      if (text.includes("CROSS JOIN")) ways.add("from the matches");
      if (text.includes("EXISTS (SELECT 1 FROM member_search")) ways.add("looked up one by one");
      if (text.includes("+m.rowid IN")) ways.add("checked in index order");
      return run(text, values);
    });
    try {
      let cursor: string | undefined;
      for (let n = 0; n < most; n++) {
        const page = await listMembers(db, shop, { ...query, cursor });
        seen.push(...page.members.map((m) => m.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
    } finally {
      spy.mockRestore();
    }
    return Object.assign(seen, { ways: [...ways].sort() });
  }

  it.each(MEMBER_SORTS)("reads a few matches, sorted by %s", async (sort) => {
    const query = { sort, q: "b123", take: 20 } as const; // b123, b1230-b1239, b12300-b12399
    const read = await pages(bulk, query);
    expect([...read]).toEqual(await expected(bulk, query));
    expect(read).toHaveLength(111);
    expect(read.ways).toEqual(["from the matches"]);
  });

  it.each(MEMBER_SORTS)("reads more than FEW matches in index order, sorted by %s, names that are empty included", async (sort) => {
    const query = { sort, q: "grzeg", take: 100 } as const;
    const want = await expected(bulk, query);
    expect(want.length).toBeGreaterThan(SEARCH_PLAN.few);
    expect(want.length).toBeLessThan(SEARCH_PLAN.many);
    const read = await pages(bulk, query);
    expect([...read]).toEqual(want);
    expect(read.ways).toEqual(["checked in index order"]);
  });

  it.each(MEMBER_SORTS)("reads nearly everyone by looking each member up, sorted by %s", async (sort) => {
    const query = { sort, q: "bulk.example", take: 50 } as const;
    const read = await pages(bulk, query, 3);
    expect([...read]).toEqual((await expected(bulk, query)).slice(0, 150));
    expect(read.ways).toEqual(["looked up one by one"]);
  });

  it("reads nearly everyone with filters, to the last page", async () => {
    for (const query of [
      { sort: "balance_desc", q: "bulk.example", minBalance: 490, take: 50 },
      { sort: "recent", q: "bulk.example", tierId: "none", minBalance: 495, take: 50 },
      { sort: "name", q: "@bulk wisn", tierId: gold, take: 100 },
    ] as const) {
      const want = await expected(bulk, query);
      expect(want.length).toBeGreaterThan(0);
      expect([...(await pages(bulk, query))]).toEqual(want);
    }
  });

  it("finds the few members of a shop among many matches in other shops", async () => {
    for (const sort of MEMBER_SORTS) {
      const query = { sort, q: "bulk.example", take: 20 } as const;
      const want = await expected(sparse, query);
      expect(want.length).toBe(SPARSE_MEMBERS / 100);
      const read = await pages(sparse, query);
      expect([...read]).toEqual(want);
      expect(read.ways).toEqual(["checked in index order", "looked up one by one"]); // the look-ups did not fill a page
    }
  });
});
