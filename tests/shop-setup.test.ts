// The shop's setup kept per process (app/loyalty/shop-setup.server.ts): read once, then checked by
// one narrow query; a change made through another connection (another process or thread) is seen
// at the next read whatever table it touched, and a change rolled back is never served.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { afterAll, describe, expect, it } from "vitest";
import { sends } from "../app/loyalty/notices.server";
import { shopSetup, shopSetupOrThrow } from "../app/loyalty/shop-setup.server";
import { FLOW_TRIGGERS } from "../app/loyalty/flow-events";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { url, db } = freshDatabase();
// Another process's connection to the same file: its writes reach this one only through SQLite.
const other = new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
// This process's reads, counted.
const counted = new PrismaClient({ adapter: new PrismaLibSQL({ url }), log: [{ emit: "event", level: "query" }] });
let queries = 0;
counted.$on("query", () => void queries++);
afterAll(() => Promise.all([other.$disconnect(), counted.$disconnect(), db.$disconnect()]));

async function readCounting(shopId: string) {
  queries = 0;
  const setup = await shopSetupOrThrow(counted, shopId);
  return { setup, queries };
}

describe("the shop's setup", () => {
  it("is read whole once, then answered from memory after one query for its version", async () => {
    const shop = await installTestShop(db, "kept.myshopify.com");
    const first = await readCounting(shop.id);
    expect(first.queries).toBe(8); // the version, six tables, the version again
    expect(first.setup.rules?.earnPoints).toBe(1);
    const second = await readCounting(shop.id);
    expect(second.queries).toBe(1);
    expect(second.setup.rules).toBe(first.setup.rules);
    expect(second.setup).toMatchObject({ shopId: shop.id, currencyCode: "USD", programEnabled: true });
  });

  it("sees each kind of change made through another connection at the next read", async () => {
    const shop = await installTestShop(db, "changed.myshopify.com");
    const at = new Date("2026-11-01T00:00:00Z");
    await shopSetupOrThrow(counted, shop.id);

    await other.programSettings.update({ where: { shopId: shop.id }, data: { earnPoints: 7 } });
    expect((await shopSetupOrThrow(counted, shop.id)).rules?.earnPoints).toBe(7);

    const gold = await other.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 500 } });
    expect((await shopSetupOrThrow(counted, shop.id)).tiers.map((t) => t.name)).toEqual(["Gold"]);
    await other.tier.update({ where: { id: gold.id }, data: { name: "Złoty" } });
    expect((await shopSetupOrThrow(counted, shop.id)).tiers.map((t) => t.name)).toEqual(["Złoty"]);
    await other.tier.delete({ where: { id: gold.id } });
    expect((await shopSetupOrThrow(counted, shop.id)).tiers).toEqual([]);

    await other.campaign.create({ data: { shopId: shop.id, name: "Double", multiplierPercent: 200, startsAt: at, endsAt: new Date("2026-12-01T00:00:00Z") } });
    expect((await shopSetupOrThrow(counted, shop.id)).campaigns.map((c) => c.multiplierPercent)).toEqual([200]);

    expect((await shopSetupOrThrow(counted, shop.id)).sendsEmail("welcome")).toBe(false); // no mail server
    await other.mailServer.create({ data: { shopId: shop.id, host: "localhost", port: 25, security: "none", fromAddress: "club@example.com" } });
    const mailing = await shopSetupOrThrow(counted, shop.id);
    expect([mailing.sendsEmail("welcome"), mailing.sendsEmail("pointsEarned")]).toEqual([true, false]); // on and off by default
    await other.emailTemplate.create({ data: { shopId: shop.id, type: "welcome", enabled: false } });
    expect((await shopSetupOrThrow(counted, shop.id)).sendsEmail("welcome")).toBe(false);
    await other.emailTemplate.update({ where: { shopId_type: { shopId: shop.id, type: "welcome" } }, data: { enabled: true } });
    expect((await shopSetupOrThrow(counted, shop.id)).sendsEmail("welcome")).toBe(true);
    await other.mailServer.delete({ where: { shopId: shop.id } });
    expect((await shopSetupOrThrow(counted, shop.id)).sendsEmail("welcome")).toBe(false);

    const handle = FLOW_TRIGGERS.tierChanged;
    await other.flowTriggerUse.create({ data: { shopId: shop.id, handle, enabled: true, updatedAt: at } });
    expect([...(await shopSetupOrThrow(counted, shop.id)).flowTriggers]).toEqual([handle]);
    await other.flowTriggerUse.update({ where: { shopId_handle: { shopId: shop.id, handle } }, data: { enabled: false } });
    expect([...(await shopSetupOrThrow(counted, shop.id)).flowTriggers]).toEqual([]);

    // What is read fresh every time: the shop's own row.
    await other.shop.update({ where: { id: shop.id }, data: { programEnabled: false, currencyCode: "PLN" } });
    expect(await shopSetupOrThrow(counted, shop.id)).toMatchObject({ programEnabled: false, currencyCode: "PLN" });
  });

  it("renews the version on every insert, update and delete of each table it keeps, for the shop the row is in", async () => {
    const shop = await installTestShop(db, "every-trigger.myshopify.com");
    const bystander = await installTestShop(db, "bystander.myshopify.com");
    const versionOf = async (shopId: string) => (await other.shop.findUniqueOrThrow({ where: { id: shopId } })).setupVersion;
    const at = new Date("2026-11-01T00:00:00Z");
    const shopId = shop.id;
    const changes: [string, () => Promise<unknown>][] = [
      ["ProgramSettings delete", () => other.programSettings.delete({ where: { shopId } })],
      ["ProgramSettings insert", () => other.programSettings.create({ data: { shopId } })],
      ["ProgramSettings update", () => other.programSettings.update({ where: { shopId }, data: { earnPoints: 3 } })],
      ["Tier insert", () => other.tier.create({ data: { id: "t1", shopId, name: "Gold", threshold: 500 } })],
      ["Tier update", () => other.tier.update({ where: { id: "t1" }, data: { threshold: 600 } })],
      ["Tier delete", () => other.tier.delete({ where: { id: "t1" } })],
      ["Campaign insert", () => other.campaign.create({ data: { id: "c1", shopId, name: "Double", multiplierPercent: 200, startsAt: at, endsAt: at } })],
      ["Campaign update", () => other.campaign.update({ where: { id: "c1" }, data: { multiplierPercent: 300 } })],
      ["Campaign delete", () => other.campaign.delete({ where: { id: "c1" } })],
      ["MailServer insert", () => other.mailServer.create({ data: { shopId, host: "localhost", port: 25, security: "none", fromAddress: "club@example.com" } })],
      ["MailServer update", () => other.mailServer.update({ where: { shopId }, data: { port: 2525 } })],
      ["MailServer delete", () => other.mailServer.delete({ where: { shopId } })],
      ["EmailTemplate insert", () => other.emailTemplate.create({ data: { shopId, type: "welcome", enabled: false } })],
      ["EmailTemplate update", () => other.emailTemplate.update({ where: { shopId_type: { shopId, type: "welcome" } }, data: { enabled: true } })],
      ["EmailTemplate delete", () => other.emailTemplate.delete({ where: { shopId_type: { shopId, type: "welcome" } } })],
      ["FlowTriggerUse insert", () => other.flowTriggerUse.create({ data: { shopId, handle: "klub-tier-changed", enabled: true, updatedAt: at } })],
      ["FlowTriggerUse update", () => other.flowTriggerUse.update({ where: { shopId_handle: { shopId, handle: "klub-tier-changed" } }, data: { enabled: false } })],
      ["FlowTriggerUse delete", () => other.flowTriggerUse.delete({ where: { shopId_handle: { shopId, handle: "klub-tier-changed" } } })],
    ];
    const unrenewed: string[] = [];
    const bystanderVersion = await versionOf(bystander.id);
    for (const [name, change] of changes) {
      const before = await versionOf(shopId);
      await change();
      if ((await versionOf(shopId)) === before) unrenewed.push(name);
    }
    expect(unrenewed).toEqual([]);
    expect(await versionOf(bystander.id)).toBe(bystanderVersion);
    // A row moved to another shop renews both.
    await other.tier.create({ data: { id: "t2", shopId, name: "Silver", threshold: 100 } });
    const [from, to] = [await versionOf(shopId), await versionOf(bystander.id)];
    await other.tier.update({ where: { id: "t2" }, data: { shopId: bystander.id } });
    expect([(await versionOf(shopId)) === from, (await versionOf(bystander.id)) === to]).toEqual([false, false]);
  });

  it("never serves a change that was rolled back, though it was read inside its transaction", async () => {
    const shop = await installTestShop(db, "rolled-back.myshopify.com");
    await expect(
      counted.$transaction(async (tx) => {
        await tx.tier.create({ data: { shopId: shop.id, name: "Ghost", threshold: 1 } });
        expect((await shopSetupOrThrow(tx, shop.id)).tiers.map((t) => t.name)).toEqual(["Ghost"]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await shopSetupOrThrow(counted, shop.id)).tiers).toEqual([]);
    // A later real change is read as such, not mistaken for the rolled-back one.
    await other.tier.create({ data: { shopId: shop.id, name: "Silver", threshold: 100 } });
    expect((await shopSetupOrThrow(counted, shop.id)).tiers.map((t) => t.name)).toEqual(["Silver"]);
  });

  it("is null for a shop that is not there, and kept setups cannot be changed by a caller", async () => {
    expect(await shopSetup(counted, "no-such-shop")).toBeNull();
    const shop = await installTestShop(db, "frozen.myshopify.com");
    await other.tier.create({ data: { shopId: shop.id, name: "Gold", threshold: 500 } });
    const setup = await shopSetupOrThrow(counted, shop.id);
    expect(() => ((setup.tiers as unknown as { threshold: number }[])[0].threshold = 1)).toThrow(TypeError);
    expect(() => (setup.tiers as unknown[]).push({})).toThrow(TypeError);
  });
});

describe("emails of a shop that is not there", () => {
  it("are not sent", async () => {
    expect(await shopSetup(db, "no-such-shop")).toBeNull();
    expect(await sends(db, "no-such-shop", "welcome")).toBe(false);
  });
});
