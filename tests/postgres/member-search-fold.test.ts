// Member search on PostgreSQL (docs/decisions/055-postgresql-sql-dialects.md): the migration's
// klub_search_fold() folds every letter of SEARCH_FOLDS as the query is folded in
// app/loyalty/members-query.server.ts, and the index follows a member's renames and deletion.
import { afterAll, expect, it } from "vitest";
import { SEARCH_FOLDS, searchFold } from "../../app/loyalty/members-query.server";
import { ensureMember } from "../../app/loyalty/members.server";
import { freshDatabase } from "../support/database";
import { installTestShop } from "../support/shop";

const { db } = freshDatabase("postgres");
afterAll(() => db.$disconnect());

it("folds every letter of SEARCH_FOLDS in the database as in the query", async () => {
  const letters = [...SEARCH_FOLDS.keys()];
  const rows = await db.$queryRaw<{ folded: string[] }[]>`SELECT array_agg(klub_search_fold(l) ORDER BY n) AS folded FROM unnest(${letters}::text[]) WITH ORDINALITY AS t(l, n)`;
  expect(rows[0].folded).toEqual(letters.map(searchFold));
  const [{ whole }] = await db.$queryRaw<{ whole: string }[]>`SELECT klub_search_fold(${"Łódź Ærø straße"}) AS whole`;
  expect(whole).toBe(searchFold("Łódź Ærø straße"));
});

it("keeps one lower-cased, folded row per member, following renames and deletion", async () => {
  const shopId = (await installTestShop(db, "search-fold.myshopify.com")).id;
  const member = await ensureMember(db, shopId, { customerId: "1", firstName: "Żaneta", lastName: "ÖZ", email: "Z@X.PL" });
  const text = async () => (await db.$queryRaw<{ text: string }[]>`SELECT "text" FROM member_search WHERE "memberId" = ${member.id}`).map((r) => r.text);
  expect(await text()).toEqual(["zaneta oz z@x.pl"]);
  await db.member.update({ where: { id: member.id }, data: { lastName: null } });
  expect(await text()).toEqual(["zaneta  z@x.pl"]);
  await db.member.delete({ where: { id: member.id } });
  expect(await text()).toEqual([]);
});
