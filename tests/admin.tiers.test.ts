// VIP tiers through their route: the ladder saved as a whole with errors per row, the activity
// log, and the recompute of every member that follows, in batches, resumable after a restart.
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../app/db.server";
import { credit } from "../app/loyalty/ledger.server";
import { MEMBER_SYNC } from "../app/loyalty/outbox.server";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { parseLadder, saveLadder } from "../app/loyalty/tier-ladder.server";
import { startDailyTierRecomputes, stepTierRecompute } from "../app/loyalty/tier-recompute.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";

const { db, url } = useFreshAppDatabase();
const SHOP = "tiers-owner.myshopify.com";
let shopId = "";

const post = async (body: string) => {
  const route = await import("../app/routes/app.tiers");
  return route
    .action({ request: adminRequest("/app/tiers", SHOP, { method: "POST", body, headers: { "Content-Type": "application/json" } }), params: {}, context: {} })
    .catch((thrown: unknown) => thrown);
};
const tiersOf = () => db.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" } });
const membersByTier = async () => {
  const tiers = await tiersOf();
  const members = await db.member.findMany({ where: { shopId }, orderBy: { customerId: "asc" } });
  return members.map((m) => `${m.customerId}:${tiers.find((t) => t.id === m.tierId)?.name ?? "-"}`);
};

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "PLN" })).id;
  await storeOfflineSession(db, SHOP);
  // 23 members earning 0, 50, 100 ... 1100 points.
  for (let i = 0; i < 23; i++) {
    const member = await ensureMember(db, shopId, { customerId: String(1000 + i), email: `m${i}@example.com` });
    if (i) await credit(db, { shopId, memberId: member.id, kind: "earn", key: `order:${i}:earn`, orderId: String(i), points: i * 50, reason: { code: "manual", params: { note: "Order" } } });
  }
});

describe("the ladder form", () => {
  const row = { name: "Silver", threshold: "500", multiplierPercent: "125", entryRewardId: "" };
  it("reads points or money by the basis, and says what is wrong per row", () => {
    expect(parseLadder({ basis: "spend", window: "lifetime", tiers: [{ ...row, threshold: "1 000,50".replace(" ", "") }] }, "PLN")).toMatchObject({ errors: { rows: { 0: { threshold: "tiers.errors.amount" } } } });
    expect(parseLadder({ basis: "spend", window: "lifetime", tiers: [{ ...row, threshold: "1000.50" }] }, "PLN")).toMatchObject({ data: { tiers: [{ threshold: 100050 }] } });
    expect(parseLadder({ basis: "points", window: "rolling12", tiers: [row, { ...row, name: "silver" }, { ...row, name: "Gold", threshold: "2.5", multiplierPercent: "50" }] }, "PLN")).toEqual({
      errors: { rows: { 1: { threshold: "tiers.errors.duplicateThreshold", name: "tiers.errors.duplicateName" }, 2: { multiplierPercent: "tiers.errors.range" } } },
    });
    expect(parseLadder({ basis: "weekly", window: "lifetime", tiers: [] }, "PLN")).toEqual({ errors: { form: "tiers.errors.choose" } });
  });
});

describe("saving tiers", () => {
  it("answers 400 to a body that is not JSON, and changes nothing", async () => {
    const thrown = (await post("basis=points")) as Response;
    expect(thrown.status).toBe(400);
    expect(await tiersOf()).toEqual([]);
  });

  it("shows errors next to the row and saves nothing", async () => {
    const result = await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [{ name: "", threshold: "abc", multiplierPercent: "100" }] }));
    expect(result).toEqual({ ok: false, errors: { rows: { 0: { name: "tiers.errors.required" } } } });
    expect(await tiersOf()).toEqual([]);
    expect(await db.tierRecompute.count()).toBe(0);
  });

  it("saves the ladder, logs it and recomputes every member in resumable batches", async () => {
    const result = await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [{ name: "Silver", threshold: "300", multiplierPercent: "125" }, { name: "Gold", threshold: "800", multiplierPercent: "150" }] }));
    expect(result).toEqual({ ok: true, errors: {} });
    expect((await tiersOf()).map((t) => [t.name, t.threshold, t.multiplierPercent])).toEqual([["Silver", 300, 125], ["Gold", 800, 150]]);
    const log = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "tiers.updated" } });
    expect(JSON.parse(log.after!).tiers.map((t: { name: string }) => t.name)).toEqual(["Silver", "Gold"]);
    expect(log.actor).toBe("staff:42");

    // Tiers were set when points were posted; the new ladder reaches nobody until recomputed.
    expect((await membersByTier()).filter((m) => !m.endsWith(":-"))).toEqual([]);
    await db.outboxMessage.deleteMany({ where: { shopId, kind: MEMBER_SYNC } }); // what the points' posting queued was sent
    const first = await stepTierRecompute(db, new Date(), 5);
    expect(first).toMatchObject({ status: "running", processed: 5, total: 23 });
    await stepTierRecompute(db, new Date(), 5);

    // A restart: a new connection carries on from the saved cursor.
    const restarted = createDb(url);
    let job = await stepTierRecompute(restarted, new Date(), 5);
    while (job?.status === "running") job = await stepTierRecompute(restarted, new Date(), 5);
    await restarted.$disconnect();
    expect(job).toMatchObject({ status: "done", processed: 23, total: 23, changed: 23 - 6 });
    const expected = Array.from({ length: 23 }, (_, i) => `${1000 + i}:${i * 50 >= 800 ? "Gold" : i * 50 >= 300 ? "Silver" : "-"}`);
    expect(await membersByTier()).toEqual(expected);
    // Every member who moved, and only they, is synced to the storefront.
    const synced = await db.outboxMessage.findMany({ where: { shopId, kind: MEMBER_SYNC } });
    const moved = await db.member.findMany({ where: { shopId, tierId: { not: null } }, select: { id: true } });
    expect(synced.map((m) => m.dedupeKey).sort()).toEqual(moved.map((m) => `member:${m.id}`).sort());
    expect(synced).toHaveLength(17);
    expect(await stepTierRecompute(db)).toBeNull();
  });

  it("a newer change supersedes a running recompute, and a name change recomputes nothing", async () => {
    const [silver, gold] = await tiersOf();
    await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [{ id: silver.id, name: "Silver", threshold: "100", multiplierPercent: "125" }, { id: gold.id, name: "Gold", threshold: "800", multiplierPercent: "150" }] }));
    await stepTierRecompute(db, new Date(), 5);
    await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [{ id: silver.id, name: "Silver", threshold: "200", multiplierPercent: "125" }, { id: gold.id, name: "Gold", threshold: "800", multiplierPercent: "150" }] }));
    const jobs = await db.tierRecompute.findMany({ where: { shopId }, orderBy: { id: "asc" } });
    expect(jobs.map((j) => j.status)).toEqual(["done", "superseded", "running"]);
    while ((await stepTierRecompute(db, new Date(), 7))?.status === "running");
    expect((await membersByTier()).filter((m) => m.endsWith(":Silver")).length).toBe(12); // 200..750
    const before = await db.tierRecompute.count();
    await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [{ id: silver.id, name: "Argent", threshold: "200", multiplierPercent: "130" }, { id: gold.id, name: "Gold", threshold: "800", multiplierPercent: "150" }] }));
    expect(await db.tierRecompute.count()).toBe(before);
    expect((await tiersOf())[0]).toMatchObject({ name: "Argent", multiplierPercent: 130 });
  });

  it("will not remove a tier that rewards are kept for", async () => {
    const [argent, gold] = await tiersOf();
    await db.reward.create({ data: { shopId, name: "Gold gift", type: "fixed_amount", pointsCost: 100, valueMinor: 500, tierId: gold.id } });
    const result = await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [{ id: argent.id, name: "Argent", threshold: "200", multiplierPercent: "130" }] }));
    expect(result).toEqual({ ok: false, errors: { form: "tiers.errors.hasRewards", tierName: "Gold" } });
    expect((await tiersOf()).length).toBe(2);
  });

  it("refuses another shop's tier or entry reward, and a save that changes nothing logs and recomputes nothing", async () => {
    const [argent, gold] = await tiersOf();
    const other = await installTestShop(db, "other-tiers.myshopify.com");
    const theirTier = await db.tier.create({ data: { shopId: other.id, name: "Theirs", threshold: 5 } });
    const theirReward = await db.reward.create({ data: { shopId: other.id, name: "Their gift", type: "fixed_amount", pointsCost: 1, valueMinor: 100 } });
    const argentRow = { id: argent.id, name: "Argent", threshold: "200", multiplierPercent: "130" };
    const goldRow = { id: gold.id, name: "Gold", threshold: "800", multiplierPercent: "150" };
    const logged = await db.activityLog.count({ where: { shopId } });
    const jobs = await db.tierRecompute.count();
    expect(await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [argentRow, goldRow, { id: theirTier.id, name: "Stolen", threshold: "900", multiplierPercent: "100" }] }))).toEqual({
      ok: false, errors: { form: "tiers.errors.unknownTier", tierName: "Stolen" },
    });
    expect(await post(JSON.stringify({ basis: "points", window: "lifetime", tiers: [argentRow, { ...goldRow, entryRewardId: theirReward.id }] }))).toEqual({
      ok: false, errors: { form: "tiers.errors.unknownReward", tierName: "Gold" },
    });
    expect(await db.tier.findUniqueOrThrow({ where: { id: theirTier.id } })).toMatchObject({ shopId: other.id, name: "Theirs" });
    const same = parseLadder({ basis: "points", window: "lifetime", tiers: [argentRow, goldRow] }, "PLN");
    if (!("data" in same)) throw new Error(JSON.stringify(same.errors));
    expect(await saveLadder(db, shopId, same.data, "staff:42")).toEqual({ changed: false, recompute: null });
    expect(await db.activityLog.count({ where: { shopId } })).toBe(logged);
    expect(await db.tierRecompute.count()).toBe(jobs);
    expect((await tiersOf()).map((t) => [t.name, t.entryRewardId])).toEqual([["Argent", null], ["Gold", null]]);
  });

  it("the page shows the ladder, its members and the recompute", async () => {
    const route = await import("../app/routes/app.tiers");
    const data = await route.loader({ request: adminRequest("/app/tiers", SHOP), params: {}, context: {} });
    expect(data.tiers.map((t) => [t.name, t.threshold, t.members, t.tierOnlyRewards.map((r) => r.name)])).toEqual([["Argent", "200", 12, []], ["Gold", "800", 7, ["Gold gift"]]]);
    // The last recompute (Silver at 200, after the superseded one at 100 had moved the first five
    // members: 100, 150 and 200 points into Silver) moved 100 and 150 back out and 250 in.
    expect(data.recompute).toEqual({ status: "done", processed: 23, total: 23, changed: 3 });
  });
});

describe("tiers over a rolling window", () => {
  it("are recomputed once a day, as points age out of the window", async () => {
    const day = 86_400_000;
    const now = new Date();
    while ((await stepTierRecompute(db))?.status === "running");
    expect(await startDailyTierRecomputes(db, now)).toBe(0); // lifetime tiers: nothing to do
    const [argent, gold] = await tiersOf();
    await post(JSON.stringify({ basis: "points", window: "rolling12", tiers: [{ id: argent.id, name: "Argent", threshold: "200", multiplierPercent: "130" }, { id: gold.id, name: "Gold", threshold: "800", multiplierPercent: "150" }] }));
    while ((await stepTierRecompute(db))?.status === "running");
    expect(await startDailyTierRecomputes(db, new Date(now.getTime() + day / 2))).toBe(0); // done today already
    expect(await startDailyTierRecomputes(db, new Date(now.getTime() + day + 60_000))).toBe(1);
    // A year and a day on, nothing earned counts any more: everyone leaves their tier.
    let job = await stepTierRecompute(db, new Date(now.getTime() + 367 * day));
    while (job?.status === "running") job = await stepTierRecompute(db, new Date(now.getTime() + 367 * day));
    expect((await membersByTier()).every((m) => m.endsWith(":-"))).toBe(true);
  });
});

describe("a tier renamed", () => {
  it("publishes its members' tier name again, and no one else's, without a recompute", async () => {
    const [argent, gold] = await tiersOf();
    const ladder = (argentName: string) => JSON.stringify({ basis: "points", window: "lifetime", tiers: [{ id: argent.id, name: argentName, threshold: "200", multiplierPercent: "130" }, { id: gold.id, name: "Gold", threshold: "800", multiplierPercent: "150" }] });
    await post(ladder("Argent"));
    while ((await stepTierRecompute(db))?.status === "running");
    const inArgent = (await db.member.findMany({ where: { shopId, tierId: argent.id } })).map((m) => m.id).sort();
    expect(inArgent).toHaveLength(12); // 200..750 points; Gold and no tier hold the others
    await db.outboxMessage.deleteMany({ where: { shopId, kind: MEMBER_SYNC } });
    const recomputes = await db.tierRecompute.count();

    await post(ladder("Srebro"));
    expect((await tiersOf()).map((t) => t.name)).toEqual(["Srebro", "Gold"]);
    const published = await db.outboxMessage.findMany({ where: { shopId, kind: MEMBER_SYNC } });
    expect(published.map((m) => (JSON.parse(m.payload) as { memberId: string }).memberId).sort()).toEqual(inArgent);
    expect(published.map((m) => m.dedupeKey).sort()).toEqual(inArgent.map((id) => `member:${id}`).sort());
    expect(await db.tierRecompute.count()).toBe(recomputes);
  });
});
