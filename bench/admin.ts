// npm run bench:admin
// The members index, the analytics and the program health loaders, through the built app as the admin's client calls
// them (a single-fetch .data request with a session token), on a generated shop of 1,000,000 members and
// 10,000,000 ledger entries (and 3,000,000 orders), each against a bare SQLite query of the same
// page through @libsql/client, measured in the same run. Prints median times and the ratios.
// The generated database is kept in .bench/ and reused (generating it takes a few minutes).
// BENCH_MEMBERS scales the shop down for a quick try (entries are 10 per member, orders 3);
// BENCH_ONLY=<text> times only the pages whose name contains it (e.g. "audience").
import { createClient, type Client, type InValue } from "@libsql/client";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { Agent, get } from "node:http";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { programAnalyticsQueries } from "../app/loyalty/analytics.server";
import { createDb } from "../app/db.server";
import { audienceQueries, refreshAudienceSnapshot } from "../app/loyalty/audience.server";
import { LATEST_COMMENTS } from "../app/loyalty/feedback.server";
import { monthsOf } from "../app/loyalty/feedback";
import { SEARCH_PLAN, searchMatch } from "../app/loyalty/members-query.server";
import { NEAR_TIER } from "../app/loyalty/program-health";
import { previousPeriod } from "../app/loyalty/program-health.server";
import * as sqlite from "../app/loyalty/sqlite-sql.server";
import { fullScanAnalyticsQueries } from "./analytics-full-scan";
import { sessionToken } from "../tests/support/admin";
import { startBuiltServer } from "../tests/support/server";

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const ENTRIES = MEMBERS * 10;
const ORDERS = MEMBERS * 3;
const RUNS = Number(process.env.BENCH_RUNS ?? 101); // fast pages: a steadier median on a shared machine
const SHOP = "bench-admin.myshopify.com";
// The library answers 410 to clients that look like bots; the admin is a browser.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const SHOP_ID = "bench-shop";
const BASE = "2024-11-22"; // the generated history spans the two years after this day
const NOW = new Date("2026-11-22T00:00:00Z");

const file = resolve(`.bench/admin-${MEMBERS}.sqlite`);
const url = `file:${file}`;
const at = (secondsExpr: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', '${BASE}', '+' || (${secondsExpr}) || ' seconds')`;
const series = (n: number) => `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n})`;
const TWO_YEARS = 63_000_000;

async function generate() {
  mkdirSync(".bench", { recursive: true });
  const building = `${file}.building`;
  rmSync(building, { force: true });
  execFileSync("prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${building}` }, stdio: "pipe" });
  const db = createClient({ url: `file:${building}` });
  await db.execute("PRAGMA journal_mode = OFF");
  await db.execute("PRAGMA synchronous = OFF");
  // Generating writes all over a file of several GB (indexes, rollups by trigger, the first-order
  // flags' update of millions of orders): with SQLite's default 2 MB cache that thrashed for over 15
  // minutes in the flags' step. 4 GB keeps the working set in memory.
  await db.execute("PRAGMA cache_size = -4000000");
  await db.execute("PRAGMA temp_store = MEMORY");
  const step = async (label: string, sql: string, args: InValue[] = []) => {
    const t = performance.now();
    await db.execute({ sql, args });
    console.log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  console.log(`generating ${MEMBERS.toLocaleString()} members, ${ENTRIES.toLocaleString()} entries, ${ORDERS.toLocaleString()} orders in ${file}`);
  await step("shop", `INSERT INTO Shop (id, domain, name, currencyCode, programEnabled, installedAt, createdAt, updatedAt) VALUES (?, ?, 'Bench', 'USD', 1, ?, ?, ?)`, [SHOP_ID, SHOP, `${BASE}T00:00:00.000+00:00`, `${BASE}T00:00:00.000+00:00`, `${BASE}T00:00:00.000+00:00`]);
  await step("settings", `INSERT INTO ProgramSettings (shopId, updatedAt) VALUES (?, ?)`, [SHOP_ID, `${BASE}T00:00:00.000+00:00`]);
  await step("tiers", `INSERT INTO Tier (id, shopId, name, threshold, multiplierPercent, createdAt, updatedAt) VALUES ('t1', ?, 'Bronze', 0, 100, ?, ?), ('t2', ?, 'Silver', 500, 125, ?, ?), ('t3', ?, 'Gold', 2000, 150, ?, ?)`, [SHOP_ID, BASE, BASE, SHOP_ID, BASE, BASE, SHOP_ID, BASE, BASE]);
  await step("rewards", `INSERT INTO Reward (id, shopId, name, type, pointsCost, valueMinor, createdAt, updatedAt) VALUES ('rw1', ?, '$5 off', 'fixed_amount', 500, 500, ?, ?)`, [SHOP_ID, BASE, BASE]);
  await step("session", `INSERT INTO Session (id, shop, state, isOnline, accessToken) VALUES (?, ?, 'installed', 0, 'shpat_bench')`, [`offline_${SHOP}`, SHOP]);
  const first = ["Anna", "Jan", "Olga", "Piotr", "Maria", "Ivan", "Ewa", "Nadia", "Tomasz", "Sofia", "Marek", "Elena", "Adam", "Irina", "Pawel", "Zofia"];
  const last = ["Nowak", "Kowalski", "Petrov", "Wisniewska", "Ivanova", "Zielinski", "Smirnov", "Lewandowska", "Kuznetsov", "Wojcik", "Popova", "Kaminski"];
  const pick = (list: string[], expr: string) => `CASE (${expr}) % ${list.length} ${list.map((n, k) => `WHEN ${k} THEN '${n}'`).join(" ")} END`;
  await step(
    "members",
    `${series(MEMBERS)}
     INSERT INTO Member (id, shopId, customerId, email, firstName, lastName, emailKey, firstNameKey, lastNameKey, balance, pendingPoints, lifetimePoints, lifetimeSpentMinor, tierId, tierProgress, enrolledAt, lastActivityAt, createdAt, updatedAt)
     SELECT printf('m%08d', i), ?, CAST(1000000 + i AS TEXT), 'customer' || i || '@example.com', ${pick(first, "i")}, ${pick(last, "i / 7")},
            'customer' || i || '@example.com', lower(${pick(first, "i")}), lower(${pick(last, "i / 7")}),
            (i * 37) % 3000 - 100, (i * 13) % 50, (i * 37) % 4000, (i * 97) % 500000,
            CASE WHEN (i * 37) % 4000 >= 2000 THEN 't3' WHEN (i * 37) % 4000 >= 500 THEN 't2' ELSE 't1' END, (i * 37) % 4000,
            ${at(`i * ${Math.floor(TWO_YEARS / MEMBERS)}`)}, ${at(`(i * 7919) % ${TWO_YEARS}`)}, ${at(`i * ${Math.floor(TWO_YEARS / MEMBERS)}`)}, ${at(`i * ${Math.floor(TWO_YEARS / MEMBERS)}`)}
     FROM s`,
    [SHOP_ID],
  );
  await step(
    "ledger entries",
    `${series(ENTRIES)}
     INSERT INTO LedgerEntry (id, shopId, memberId, kind, amount, balanceAfter, reason, idempotencyKey, orderId, occurredAt, createdAt)
     SELECT i, ?, printf('m%08d', (i - 1) / 10 + 1),
            CASE i % 10 WHEN 6 THEN 'redeem' WHEN 7 THEN 'adjust' WHEN 8 THEN 'expire' WHEN 9 THEN 'clawback' ELSE 'earn' END,
            CASE i % 10 WHEN 6 THEN -500 WHEN 7 THEN 25 WHEN 8 THEN -40 WHEN 9 THEN -20 ELSE 50 + i % 200 END,
            i % 3000, 'Order #' || i, 'k' || i, CASE WHEN i % 10 < 6 THEN CAST(i AS TEXT) END,
            ${at(`(i * 104729) % ${TWO_YEARS}`)}, ${at(`(i * 104729) % ${TWO_YEARS}`)}
     FROM s`,
    [SHOP_ID],
  );
  await step(
    "orders",
    `${series(ORDERS)}
     INSERT INTO OrderSummary (id, shopId, orderId, name, customerId, memberId, currencyCode, totalMinor, subtotalMinor, refundedMinor, redemptionId, isTest, earningFacts, processedAt, paidAt, cancelledAt, createdAt, updatedAt)
     SELECT 'os' || i, ?, CAST(i AS TEXT), '#' || i,
            CASE WHEN i % 5 = 0 THEN CAST(5000000 + i % 400000 AS TEXT) ELSE CAST(1000000 + (i * 7) % ${MEMBERS} + 1 AS TEXT) END,
            CASE WHEN i % 5 = 0 THEN NULL ELSE printf('m%08d', (i * 7) % ${MEMBERS} + 1) END,
            'USD', 1000 + (i * 31) % 20000, 1000 + (i * 31) % 20000, CASE WHEN i % 17 = 0 THEN 500 ELSE 0 END,
            CASE WHEN i % 20 = 0 THEN 'r' || i END, CASE WHEN i % 101 = 0 THEN 1 ELSE 0 END, '{}',
            ${at(`(i * 7727) % ${TWO_YEARS}`)}, ${at(`(i * 7727) % ${TWO_YEARS}`)}, CASE WHEN i % 53 = 0 THEN ${at(`(i * 7727) % ${TWO_YEARS} + 3600`)} END,
            ${at(`(i * 7727) % ${TWO_YEARS}`)}, ${at(`(i * 7727) % ${TWO_YEARS}`)}
     FROM s`,
    [SHOP_ID],
  );
  // What the app keeps on each member as its orders change (app/loyalty/orders.server.ts).
  await step(
    "members' orders",
    `UPDATE Member SET
       orderCount = (SELECT COUNT(*) FROM OrderSummary o WHERE o.memberId = Member.id AND o.paidAt IS NOT NULL AND o.cancelledAt IS NULL AND o.isTest = 0),
       lastOrderAt = (SELECT MAX(o.processedAt) FROM OrderSummary o WHERE o.memberId = Member.id AND o.paidAt IS NOT NULL AND o.cancelledAt IS NULL AND o.isTest = 0)`,
  );
  // The triggers kept the rollups as rows went in; the first-order flags are the app's to set.
  for (const [label, sql] of sqlite.rebuildSteps) await step(`rollups: ${label}`, sql, Array.from(sql.matchAll(/\?/g), () => SHOP_ID));
  await step("analyze", "ANALYZE");
  db.close();
  renameSync(building, file);
}

/**
 * What the audience page reads beyond the generated shop (decision 050): the members' places and
 * birthdays, redemptions and feedback answers, and the shop's time zone. Added once, also to a shop
 * generated before the page (a minute or so at a million members).
 */
async function seedAudience() {
  const db = createClient({ url });
  const seeded = (await db.execute({ sql: "SELECT 1 FROM Member WHERE shopId = ? AND countryCode IS NOT NULL LIMIT 1", args: [SHOP_ID] })).rows.length > 0;
  if (seeded) return db.close();
  console.log("adding the audience's facts: members' places and birthdays, redemptions, feedback answers");
  await db.execute("PRAGMA cache_size = -2000000");
  const step = async (label: string, sql: string, args: InValue[] = []) => {
    const t = performance.now();
    await db.execute({ sql, args });
    console.log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  // One member in 16 with no place known; a few countries with regions.
  const countries = ["US", "US", "US", "US", "PL", "PL", "PL", "DE", "DE", "GB", "CA", "FR", "UA", "NL", "ES"];
  const country = `CASE (rowid * 7) % 16 ${countries.map((c, k) => `WHEN ${k} THEN '${c}'`).join(" ")} END`;
  await step(
    "members' places and birthdays",
    `UPDATE Member SET countryCode = ${country},
       provinceCode = CASE ${country} WHEN 'US' THEN CASE rowid % 5 WHEN 0 THEN 'CA' WHEN 1 THEN 'NY' WHEN 2 THEN 'TX' WHEN 3 THEN 'WA' ELSE 'FL' END
                                      WHEN 'CA' THEN CASE rowid % 3 WHEN 0 THEN 'ON' WHEN 1 THEN 'QC' ELSE 'BC' END
                                      WHEN 'DE' THEN CASE rowid % 3 WHEN 0 THEN 'BY' WHEN 1 THEN 'BE' ELSE 'NW' END END,
       birthday = CASE rowid % 5 WHEN 0 THEN NULL WHEN 1 THEN printf('--%02d-%02d', 1 + rowid % 12, 1 + rowid % 28)
                  ELSE printf('%04d-%02d-%02d', 1950 + (rowid * 13) % 56, 1 + rowid % 12, 1 + rowid % 28) END
     WHERE shopId = ?`,
    [SHOP_ID],
  );
  await step(
    "redemptions",
    `${series(Math.floor(MEMBERS / 5))}
     INSERT INTO Redemption (id, shopId, memberId, rewardId, requestId, pointsSpent, status, createdAt, updatedAt)
     SELECT 'rd' || i, ?, printf('m%08d', (i * 13) % ${MEMBERS} + 1), 'rw1', 'bench-' || i, 500, CASE i % 10 WHEN 0 THEN 'returned' WHEN 1 THEN 'failed' WHEN 2 THEN 'issued' ELSE 'used' END,
            ${at(`(i * 7727) % ${TWO_YEARS}`)}, ${at(`(i * 7727) % ${TWO_YEARS}`)}
     FROM s`,
    [SHOP_ID],
  );
  await step(
    "feedback answers",
    `${series(Math.floor(MEMBERS / 20))}
     INSERT INTO FeedbackAnswer (id, shopId, memberId, quarter, score, createdAt)
     SELECT 'fb' || i, ?, printf('m%08d', (i * 17) % ${MEMBERS} + 1), 'bench', 1 + (i * 7) % 5, ${at(`(i * 7727) % ${TWO_YEARS}`)}
     FROM s`,
    [SHOP_ID],
  );
  await step("the shop's time zone", `UPDATE Shop SET timezone = 'Europe/Warsaw' WHERE id = ?`, [SHOP_ID]);
  db.close();
}

/** Dates as the app writes them (Prisma's libSQL adapter: ISO 8601 with +00:00), so bare comparisons match. */
const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");

/**
 * Two goals the health page tracks (replaced each run): the participation (the analytics since it
 * was set) and the repeat rate among customers with one order (the first and second orders' counts).
 */
async function seedGoals() {
  const db = createClient({ url });
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const since = new Date(today.getTime() - 30 * 86_400_000);
  const due = new Date(today.getTime() + 180 * 86_400_000);
  await db.execute({ sql: "DELETE FROM ProgramGoal WHERE shopId = ?", args: [SHOP_ID] });
  for (const [id, metric, audience] of [["bench-goal-participation", "participation", null], ["bench-goal-one-order", "repeatRate", "one_order"]]) {
    await db.execute({
      sql: "INSERT INTO ProgramGoal (id, shopId, metric, audience, baseline, target, since, due, createdAt) VALUES (?, ?, ?, ?, NULL, 0.3, ?, ?, ?)",
      args: [id, SHOP_ID, metric, audience, iso(since), iso(due), iso(new Date())],
    });
  }
  db.close();
  return { since, to: new Date(today.getTime() + 86_400_000) };
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(work: () => Promise<unknown>): Promise<number> {
  return (await timeAlternately(work))[0];
}

/**
 * Medians of the works' times, run one after the other in turns: on this shared machine the speed
 * changes from one second to the next, and a page timed a minute apart from its bare query could
 * be compared at two different speeds.
 */
async function timeAlternately(...works: (() => Promise<unknown>)[]): Promise<number[]> {
  for (let i = 0; i < 2; i++) for (const work of works) await work(); // warm: statements prepared, pages cached
  const samples: number[][] = works.map(() => []);
  const budget = performance.now() + 30_000; // slow pages: at least 3 runs, within about 30 s
  for (let i = 0; i < RUNS && (i < 3 || performance.now() < budget); i++) {
    for (const [w, work] of works.entries()) {
      const t = performance.now();
      await work();
      samples[w].push(performance.now() - t);
    }
  }
  return samples.map(median);
}

/** The server's CPU seconds so far (its threads together), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
}

/**
 * A server that has just started runs its background passes over the shop (tier recompute,
 * birthdays, expiry): at a million members they take a while and compete with the pages for the
 * CPU. The pages are measured once the server has been nearly idle for a second (at most 3 minutes).
 */
async function startUpWorkDone(pid: number) {
  const deadline = Date.now() + 180_000;
  for (let before = cpuSeconds(pid); Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuSeconds(pid);
    if (now - before < 0.05) return;
    process.stdout.write(`  the server's start-up work: ${(now - before).toFixed(2)} s of CPU in the last second\n`);
    before = now;
  }
}

async function main() {
  if (!existsSync(file)) await generate();
  // A shop generated by an older schema is migrated (the rollups' migration fills them: minutes, once).
  console.log("migrating the generated shop to the current schema");
  execFileSync("prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  await seedAudience();
  const goals = await seedGoals();
  // The audience page's snapshot of the members (053), as the hourly keeping makes it: fresh, so
  // neither the page nor the server's first keeping recomputes it while the pages are timed.
  const snapshotStarted = performance.now();
  const app = createDb(url);
  await refreshAudienceSnapshot(app, SHOP_ID);
  const snapshotAt = (await app.audienceSnapshot.findUniqueOrThrow({ where: { shopId: SHOP_ID } })).computedAt!;
  await app.$disconnect();
  const snapshotMs = performance.now() - snapshotStarted;
  const server = await startBuiltServer(url, { LOG_LEVEL: "error" });
  await startUpWorkDone(server.process.pid!);
  process.on("exit", (code) => {
    if (code !== 0 && server.output()) console.error(`server output:\n${server.output().split("\n").filter((l) => !/INFO|^GET /.test(l)).join("\n").slice(-3000)}`);
  });
  const bare: Client = createClient({ url });
  await bare.execute("PRAGMA busy_timeout = 5000");
  // The admin's browser keeps its connection to the app open: each page's requests share one
  // kept-alive connection, made by its first (warm-up) request, idle only while a bare query runs
  // between two of them (milliseconds), and closed before the full scans run (seconds: the server
  // may close an idle connection, failing the next request).
  let agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timeLoader = async (route: string, path: string, bareWork?: () => Promise<void>) => {
    agent.destroy();
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const [loaderMs, bareMs] = await timeAlternately(loader(route, path), ...(bareWork ? [bareWork] : []));
    agent.destroy();
    return { loaderMs, bareMs };
  };
  const loader = (route: string, path: string) => async () => {
    const [pathname, query = ""] = path.split("?");
    const params = new URLSearchParams(query);
    params.set("_routes", route);
    const { status, body } = await new Promise<{ status: number; body: string }>((done, fail) => {
      const request = get(`${server.url}${pathname}.data?${params}`, { agent, headers: { Authorization: `Bearer ${sessionToken(SHOP)}`, "User-Agent": BROWSER } }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => done({ status: response.statusCode ?? 0, body: text }));
      });
      request.on("error", fail);
    });
    if (status !== 200) throw new Error(`${path}: ${status} ${body.slice(0, 300)}`);
  };
  const raw = (...statements: [string, InValue[]][]) => async () => {
    for (const [sql, args] of statements) await bare.execute({ sql, args });
  };

  const page = (where: string, order: string) =>
    `SELECT m.*, t.name AS tierName FROM Member m LEFT JOIN Tier t ON t.id = m.tierId WHERE m.shopId = ? ${where} ORDER BY ${order} LIMIT 51`;
  const tiers: [string, InValue[]] = ["SELECT id, name FROM Tier WHERE shopId = ? ORDER BY threshold ASC", [SHOP_ID]];
  const prefix = "customer4242";
  const members = "routes/app.members._index";
  const analytics = "routes/app.analytics";
  // Search by any part of a name or email (decision 028): the bare statements are those of the plan
  // the loader picks for the number of matches (app/loyalty/members-query.server.ts), the page's
  // members joined to their tiers.
  const search = async (q: string) => {
    const match = searchMatch(q)!;
    const count: [string, InValue[]] = [`SELECT count(*) AS n FROM (SELECT 1 FROM member_search WHERE member_search MATCH ? LIMIT ${SEARCH_PLAN.many + 1})`, [match]];
    const n = Number((await bare.execute({ sql: count[0], args: count[1] })).rows[0].n);
    const order = "m.balance DESC, m.id DESC";
    const matches = n > SEARCH_PLAN.many ? `more than ${SEARCH_PLAN.many.toLocaleString()}` : n.toLocaleString();
    const found = { name: `members, search "${q}"`, route: members, path: `/app/members?q=${encodeURIComponent(q)}` };
    if (n <= SEARCH_PLAN.few) {
      const sql = `SELECT m.*, t.name AS tierName FROM (SELECT rowid AS r FROM member_search WHERE member_search MATCH ?) AS hit CROSS JOIN Member AS m ON m.rowid = hit.r LEFT JOIN Tier t ON t.id = m.tierId WHERE m.shopId = ? ORDER BY ${order} LIMIT 51`;
      return { ...found, bare: raw(count, [sql, [match, SHOP_ID]], tiers), plan: `${matches} matches, from the matches` };
    }
    const checked: [string, InValue[]] = [page("AND +m.rowid IN (SELECT rowid FROM member_search WHERE member_search MATCH ?)", order), [SHOP_ID, match]];
    if (n <= SEARCH_PLAN.many) return { ...found, bare: raw(count, checked, tiers), plan: `${matches} matches, checked in index order` };
    // Looked up one by one among the first PROBED members in the page's order (as many as a full page needs).
    const kth = `SELECT m.balance AS v, m.id AS id FROM Member m WHERE m.shopId = ? ORDER BY ${order} LIMIT 1 OFFSET ${SEARCH_PLAN.probed - 1}`;
    const probe = page("AND (m.balance, m.id) >= (?, ?) AND EXISTS (SELECT 1 FROM member_search WHERE member_search.rowid = m.rowid AND member_search MATCH ?)", order);
    const looked = async () => {
      await bare.execute({ sql: count[0], args: count[1] });
      const last = (await bare.execute({ sql: kth, args: [SHOP_ID] })).rows[0];
      const rows = (await bare.execute({ sql: probe, args: [SHOP_ID, last.v, last.id, match] })).rows;
      if (rows.length < 51) throw new Error(`"${q}": the look-ups did not fill the page, the bare statements are not the loader's`);
      await bare.execute({ sql: tiers[0], args: tiers[1] });
    };
    return { ...found, bare: looked, plan: `${matches} matches, looked up one by one` };
  };
  const cases: { name: string; path: string; bare: () => Promise<void>; route: string; plan?: string; before?: () => Promise<void>; beforeName?: string }[] = [
    { name: "members, first page (balance)", route: members, path: "/app/members", bare: raw([page("", "m.balance DESC, m.id DESC"), [SHOP_ID]], tiers) },
    { name: "members, newest first", route: members, path: "/app/members?sort=recent", bare: raw([page("", "m.enrolledAt DESC, m.id DESC"), [SHOP_ID]], tiers) },
    { name: "members, Gold with 1,000+ points", route: members, path: "/app/members?tier=t3&minBalance=1000", bare: raw([page("AND m.tierId = ? AND m.balance >= ?", "m.balance DESC, m.id DESC"), [SHOP_ID, "t3", 1000]], tiers) },
    {
      ...(await search(prefix)),
      // The prefix search that served this before, on the lower-cased keys' indexes.
      before: raw([page("AND ((m.emailKey >= ? AND m.emailKey < ?) OR (m.firstNameKey >= ? AND m.firstNameKey < ?) OR (m.lastNameKey >= ? AND m.lastNameKey < ?))", "m.balance DESC, m.id DESC"), [SHOP_ID, ...Array(3).fill([prefix, `${prefix}\u{10ffff}`]).flat()]], tiers),
      beforeName: "before the trigram index: prefix only,",
    },
    await search("wisn"), // Wisniewska: every 12th member
    await search("customer42"),
    await search("example.com"), // everyone
  ];
  const to = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()));
  for (const days of [30, 365]) {
    const from = new Date(to.getTime() - (days - 1) * 86_400_000);
    const range = { from, to: new Date(to.getTime() + 86_400_000), now: new Date() };
    const rewards: [string, InValue[]] = ["SELECT type, pointsCost, valueMinor FROM Reward WHERE shopId = ? AND active = 1 AND deletedAt IS NULL", [SHOP_ID]];
    const statements = (queries: { sql: string; args: InValue[] }[]) => queries.map((q) => [q.sql, q.args] as [string, InValue[]]);
    // The members' satisfaction (app/loyalty/feedback.server.ts): the answers counted month by month, the tiers, the latest comments.
    const satisfaction: [string, InValue[]][] = [
      ...monthsOf(range.from, range.to).map((month): [string, InValue[]] => {
        const start = new Date(`${month}-01T00:00:00Z`);
        const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
        return [`SELECT tierId, score, COUNT(*) FROM FeedbackAnswer WHERE shopId = ? AND createdAt >= ? AND createdAt < ? GROUP BY tierId, score`, [SHOP_ID, iso(start < range.from ? range.from : start), iso(end > range.to ? range.to : end)]];
      }),
      tiers,
      [
        `SELECT f.id, f.score, f.comment, f.createdAt, f.tierId, m.id AS memberId, m.firstName, m.lastName, m.email FROM FeedbackAnswer f JOIN Member m ON m.id = f.memberId
         WHERE f.shopId = ? AND f.createdAt >= ? AND f.createdAt < ? AND f.comment IS NOT NULL ORDER BY f.createdAt DESC LIMIT ${LATEST_COMMENTS}`,
        [SHOP_ID, iso(range.from), iso(range.to)],
      ],
    ];
    cases.push({
      name: `analytics, ${days} days`,
      route: analytics,
      path: `/app/analytics?from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
      bare: raw(...statements(programAnalyticsQueries(SHOP_ID, range)), rewards, ...satisfaction),
      // The same figures by the full scan the page ran before the rollups (the goal: 20x faster).
      before: raw(...statements(fullScanAnalyticsQueries(SHOP_ID, range)), rewards),
    });
    // The audience page (053): the members' snapshot, the range's answers by the snapshot's bands, the range's orders by quarter hour, and whether a fresh snapshot is due.
    const shop = (await bare.execute({ sql: "SELECT currencyCode, timezone FROM Shop WHERE id = ?", args: [SHOP_ID] })).rows[0];
    const audience = { shopId: SHOP_ID, currency: String(shop.currencyCode), timezone: shop.timezone === null ? null : String(shop.timezone), ...range, now: snapshotAt };
    cases.push({
      name: `audience, ${days} days`,
      route: "routes/app.audience",
      path: `/app/audience?from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
      bare: raw(...statements(audienceQueries(audience, null, sqlite)), ["SELECT computedAt, requestedAt FROM AudienceSnapshot WHERE shopId = ?", [SHOP_ID]]),
    });
    if (days !== 365) continue;
    // The goals (app/loyalty/program-goals.server.ts): the participation's analytics since it was
    // set, and the one-order cohort and its repeaters on the partial indexes of first and second orders.
    const goalStatements: [string, InValue[]][] = [
      ...statements(programAnalyticsQueries(SHOP_ID, { from: goals.since, to: goals.to, now: new Date() })),
      rewards,
      [
        `SELECT (SELECT COUNT(*) FROM OrderSummary WHERE shopId = ? AND firstOrder = true AND processedAt < ?),
                (SELECT COUNT(*) FROM OrderSummary WHERE shopId = ? AND secondOrder = true AND processedAt < ?),
                (SELECT COUNT(*) FROM OrderSummary WHERE shopId = ? AND secondOrder = true AND processedAt >= ? AND processedAt < ? AND firstOrderAt < ?)`,
        [SHOP_ID, iso(goals.since), SHOP_ID, iso(goals.since), SHOP_ID, iso(goals.since), iso(goals.to), iso(goals.since)],
      ],
    ];
    // Program health over the same year: both periods' analytics, the members just below each tier, and the goals.
    const tiersAbove = (await bare.execute({ sql: "SELECT threshold FROM Tier WHERE shopId = ? AND threshold > 0", args: [SHOP_ID] })).rows;
    const near = tiersAbove.map((t): [string, InValue[]] => [
      `SELECT count(*) AS n FROM Member WHERE shopId = ? AND tierProgress > 0 AND redactedAt IS NULL AND tierProgress >= ? AND tierProgress < ?`,
      [SHOP_ID, Math.ceil(Number(t.threshold) * (1 - NEAR_TIER)), Number(t.threshold)],
    ]);
    cases.push({
      name: `program health, ${days} days`,
      route: "routes/app.health",
      path: `/app/health?from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
      bare: raw(...statements(programAnalyticsQueries(SHOP_ID, range)), rewards, ...statements(programAnalyticsQueries(SHOP_ID, { ...previousPeriod(range), now: range.now })), rewards, ...near, ...goalStatements),
    });
  }

  // What any authenticated admin request costs before its page's own queries: HTTP, the session
  // token, the session lookup (the app layout's loader does only that).
  const { loaderMs: floorMs } = await timeLoader("routes/app", "/app/members");
  console.log(`\n${MEMBERS.toLocaleString()} members, ${ENTRIES.toLocaleString()} ledger entries, ${ORDERS.toLocaleString()} orders; median of up to ${RUNS} runs\n`);
  console.log("page".padEnd(40), "loader ms".padStart(10), "bare ms".padStart(10), "ratio".padStart(8), "beyond floor".padStart(14));
  console.log("authenticated request, no page query".padEnd(40), floorMs.toFixed(1).padStart(10));
  console.log(`(the audience's snapshot of the members, in the background: ${(snapshotMs / 1000).toFixed(1)} s, once)`);
  for (const c of cases.filter((c) => !process.env.BENCH_ONLY || c.name.includes(process.env.BENCH_ONLY))) {
    const { loaderMs, bareMs } = await timeLoader(c.route, c.path, c.bare);
    // "beyond floor": what the page's own work costs over the authenticated request, against bare.
    console.log(c.name.padEnd(40), loaderMs.toFixed(1).padStart(10), bareMs.toFixed(1).padStart(10), (loaderMs / bareMs).toFixed(2).padStart(8), (Math.max(0, loaderMs - floorMs) / bareMs).toFixed(2).padStart(14));
    if (c.plan) console.log(`  (${c.plan})`);
    if (c.before) {
      const beforeMs = await time(c.before);
      console.log(`  ${c.beforeName ?? "before the rollups: full scan"} ${beforeMs.toFixed(1)} ms bare, ${(beforeMs / loaderMs).toFixed(1)}x the page's loader now`);
    }
  }
  bare.close();
  await server.stop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
