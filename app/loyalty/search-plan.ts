// How a search's page is read depends on how many members match, in all shops (counted up to MANY):
// - up to FEW: from the matches, sorted (a thousand rows at most);
// - up to MANY: in the sort's index order, each member checked against the matches, gathered once;
// - more ("example.com" matches everyone): in the sort's index order, each of the first PROBED members
//   looked up in the index on its own, which ends as soon as the page is full; when these few do not
//   fill it, as for up to MANY.
// (SQLite's plans, app/loyalty/sqlite-sql.server.ts; PostgreSQL plans its one query itself.)
export const SEARCH_PLAN = { few: 1000, many: 20_000, probed: 1000 } as const;
