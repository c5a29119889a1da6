// The program health page on a real database: the period before, the members just below each
// tier, and the page's loader putting them together (the figures' meaning: app/loyalty/program-health.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { ensureMember } from "../app/loyalty/members.server";
import { nearTiers, previousPeriod } from "../app/loyalty/program-health.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";

const { db } = useFreshAppDatabase();
const SHOP = "health.myshopify.com";
let shopId = "";
let seq = 0;

async function membersAt(shop: string, ...progress: number[]) {
  for (const tierProgress of progress) {
    const member = await ensureMember(db, shop, { customerId: `h${++seq}` });
    await db.member.update({ where: { id: member.id }, data: { tierProgress } });
  }
}

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { currencyCode: "USD" })).id;
  await storeOfflineSession(db, SHOP);
  await db.tier.createMany({ data: [{ shopId, name: "Bronze", threshold: 0 }, { shopId, name: "Silver", threshold: 500 }, { shopId, name: "Gold", threshold: 1000 }] });
  // Silver: 450 is 10% short, so 450-499 count; Gold: 900-999. Reached, further off, and forgotten members do not.
  await membersAt(shopId, 449, 450, 499, 500, 899, 1000, 5000);
  await membersAt(shopId, ...Array.from({ length: 12 }, (_, i) => 900 + i * 9)); // 900 ... 999
  const forgotten = await ensureMember(db, shopId, { customerId: "forgotten" });
  await db.member.update({ where: { id: forgotten.id }, data: { tierProgress: 950, redactedAt: new Date() } });
  const other = await installTestShop(db, "health-other.myshopify.com");
  await membersAt(other.id, 460, 950);
});

describe("program health", () => {
  it("sets a period against the days just before it, as many", () => {
    expect(previousPeriod({ from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") })).toEqual({
      from: new Date("2026-01-29T00:00:00Z"),
      to: new Date("2026-03-01T00:00:00Z"),
    });
  });

  it("counts the members less than 10% short of each tier above the lowest, in this shop only", async () => {
    expect(await nearTiers(db, shopId)).toEqual([
      { tier: "Silver", threshold: 500, members: 2 },
      { tier: "Gold", threshold: 1000, members: 12 },
    ]);
  });

  it("counts them from the partial index on tier progress, which no members page can be planned onto", async () => {
    const plan = async (sql: string) => (await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, shopId)).map((r) => r.detail).join(" | ");
    expect(await plan(`SELECT count(*) FROM "Member" WHERE "shopId" = ? AND "tierProgress" > 0 AND "redactedAt" IS NULL AND "tierProgress" >= 900 AND "tierProgress" < 1000`)).toContain("Member_shopId_tierProgress_idx");
    expect(await plan(`SELECT * FROM "Member" WHERE "shopId" = ? ORDER BY "balance" DESC, "id" DESC LIMIT 51`)).not.toContain("tierProgress");
    expect(await plan(`SELECT * FROM "Member" WHERE "shopId" = ? AND "tierProgress" >= 900 ORDER BY "enrolledAt" DESC LIMIT 51`)).not.toContain("tierProgress_idx");
  });

  it("answers the page with each figure against the period before and the advice the shop's members call for", async () => {
    const { loader } = await import("../app/routes/app.health");
    // The last 90 days, up to today: the members all joined today.
    const page = await loader({ request: adminRequest("/app/health", SHOP), params: {}, context: {} });
    expect(page.chosen.to).toBe(new Date().toISOString().slice(0, 10));
    expect(page.comparisons.map((c) => c.metric)).toEqual(["participation", "repeatRate", "memberOrderValue", "nonMemberOrderValue", "retention", "redemptionRate", "liability"]);
    // 12 of 20 members just below Gold (60%); Silver's 2 are too few to mention. No orders, no points: nothing else to say.
    expect(page.advice).toEqual([{ code: "near_tier", tier: "Gold", members: 12, share: 0.6 }]);
  });
});
