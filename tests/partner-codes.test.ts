// Partner rewards end to end through the route modules: the owner makes one and uploads its pool
// (pasted and as a file; blanks trimmed; repeats and codes the shop has refused whole, by line);
// the pool's count and warning in the catalog and on the reward's page; shoppers redeem one code
// each through the app proxy with no Shopify call, never cancel it, race for the last code, and
// meet an empty pool with a refusal in their language and their points untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import { credit } from "../app/loyalty/ledger.server";
import { ensureMember } from "../app/loyalty/members.server";
import { uploadLines, uploadProblems } from "../app/loyalty/partner-codes.server";
import { composeEmail } from "../app/email/messages";
import { eraseShop, redactCustomer } from "../app/loyalty/privacy.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { startFakeAdminApi, type FakeAdminApi } from "./support/fake-admin-api";
import { proxyRequest } from "./support/proxy";
import { installTestShop } from "./support/shop";

const { db, url } = useFreshAppDatabase();
type RaceOutcome = { ok: true; code: string } | { ok: false; reason: string };
const SHOP = "partner-owner.myshopify.com";
let api: FakeAdminApi;
let shopId = "";

const base = { name: "Coffee voucher", type: "partner_code", pointsCost: "300", poolLowAt: "3", codeExpiryDays: "30", combinesWithOrder: "false", combinesWithProduct: "false", combinesWithShipping: "true", tierId: "" };

const editor = () => import("../app/routes/app.rewards.$id");
const saveReward = async (id: string, fields: Record<string, string>) =>
  (await editor()).action({ request: adminRequest(`/app/rewards/${id}`, SHOP, { method: "POST", body: new URLSearchParams(fields) }), params: { id }, context: {} }).catch((thrown: unknown) => thrown);
const upload = async (id: string, codes: string, file?: { name: string; text: string }) => {
  const form = new FormData();
  form.set("intent", "codes");
  form.set("codes", codes);
  if (file) form.set("file", new File([file.text], file.name, { type: "text/plain" }));
  return (await editor()).action({ request: adminRequest(`/app/rewards/${id}`, SHOP, { method: "POST", body: form }), params: { id }, context: {} }).catch((thrown: unknown) => thrown);
};
const rewardPage = async (id: string) => (await editor()).loader({ request: adminRequest(`/app/rewards/${id}`, SHOP), params: { id }, context: {} });
const catalog = async () => (await import("../app/routes/app.rewards._index")).loader({ request: adminRequest("/app/rewards", SHOP), params: {}, context: {} });

const state = async (customerId: string, locale = "en") => {
  const { loader } = await import("../app/routes/proxy.state");
  return (await loader({ request: proxyRequest("/state", { shop: SHOP, customerId, query: { locale } }), params: {}, context: {} })).json();
};
const redeem = async (customerId: string, rewardId: string, requestId: string, locale = "en") => {
  const { action } = await import("../app/routes/proxy.redeem");
  return action({ request: proxyRequest("/redeem", { shop: SHOP, customerId, method: "POST", body: { rewardId, requestId }, query: { locale } }), params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
};
const cancel = async (customerId: string, id: string) => {
  const { action } = await import("../app/routes/proxy.codes.$id.cancel");
  return action({ request: proxyRequest(`/codes/${id}/cancel`, { shop: SHOP, customerId, method: "POST" }), params: { id }, context: {} }).catch((thrown: unknown) => thrown as Response);
};

let customerSeq = 5000;
async function member(points: number): Promise<string> {
  const customerId = String(customerSeq++);
  const m = await ensureMember(db, shopId, { customerId, email: `p${customerId}@example.com` });
  if (points > 0) await credit(db, { shopId, memberId: m.id, kind: "adjust", key: `seed:${customerId}`, points, reason: { code: "manual", params: { note: "seed" } } });
  return customerId;
}
const balanceOf = async (customerId: string) => (await db.member.findFirstOrThrow({ where: { shopId, customerId } })).balance;
const unused = (rewardId: string) => db.partnerCode.count({ where: { rewardId, redemptionId: null } });

async function partnerReward(name: string, codes: string[], poolLowAt = "3") {
  await saveReward("new", { ...base, name, poolLowAt });
  const reward = await db.reward.findFirstOrThrow({ where: { shopId, name } });
  if (codes.length) expect(await upload(reward.id, codes.join("\n"))).toMatchObject({ ok: true });
  return reward;
}

beforeAll(async () => {
  api = await startFakeAdminApi();
  process.env.KLUB_SANDBOX_URL = api.url;
  shopId = (await installTestShop(db, SHOP)).id;
  await storeOfflineSession(db, SHOP);
  // A mail server: members are emailed their codes.
  await db.mailServer.create({ data: { shopId, host: "127.0.0.1", port: 2525, security: "none", fromAddress: "shop@example.com" } });
});

afterAll(async () => {
  delete process.env.KLUB_SANDBOX_URL;
  await api?.close();
});

describe("reading an upload", () => {
  it("takes pasted lines and a file's lines trimmed, blanks left out, a CSV's first column under a 'code' heading", () => {
    const lines = uploadLines("  AAA-1 \n\n\tBBB-2\r\n", { name: "vouchers.csv", text: "code,value\nCCC-3,10\n\n\"DDD,4\",10\n" });
    expect(lines).toEqual([
      { code: "AAA-1", where: "1" },
      { code: "BBB-2", where: "3" },
      { code: "CCC-3", where: "vouchers.csv:2" },
      { code: "DDD,4", where: "vouchers.csv:4" },
    ]);
    expect(uploadLines("", { name: "codes.txt", text: "code\nX1\r\nX2" }).map((l) => l.code)).toEqual(["code", "X1", "X2"]); // a .txt has no heading
  });

  it("names repeated and too long codes by line, and refuses an empty upload", () => {
    const lines = uploadLines(["A", "B", "A", "C", "B", "A", "x".repeat(101)].join("\n"), null);
    expect(uploadProblems(lines)).toEqual([
      { key: "tooLong", count: 1, lines: ["7"] },
      { key: "repeated", count: 3, lines: ["3", "5", "6"] },
    ]);
    expect(uploadProblems(uploadLines(" \n \n", null))).toEqual([{ key: "empty", count: 0, lines: [] }]);
  });
});

describe("the owner's partner reward", () => {
  it("is saved as a partner code with its warning threshold, without a minimum, expiry or Shopify fields", async () => {
    expect(((await saveReward("new", { ...base, minimumSubtotal: "20" })) as Response).status).toBe(302);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Coffee voucher" } });
    expect(reward).toMatchObject({ type: "partner_code", pointsCost: 300, poolLowAt: 3, minimumSubtotalMinor: null, codeExpiryDays: null, valueMinor: null });
    expect(await rewardPage(reward.id)).toMatchObject({ values: { type: "partner_code", poolLowAt: "3" }, pool: { remaining: 0, used: 0, lowAt: 3 } });
    expect(await saveReward(reward.id, { ...base, poolLowAt: "-1" })).toMatchObject({ ok: false, errors: { poolLowAt: "rewards.errors.atLeast" } });
  });

  it("adds pasted and uploaded codes at once, says how many, and logs the count, never the codes", async () => {
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Coffee voucher" } });
    const added = await upload(reward.id, " CAFE-001 \n\nCAFE-002\n", { name: "more.txt", text: "CAFE-003\r\n\r\nCAFE-004\n" });
    expect(added).toEqual({ ok: true, errors: {}, data: { added: 4, remaining: 4 } });
    expect((await db.partnerCode.findMany({ where: { rewardId: reward.id }, orderBy: { code: "asc" } })).map((c) => c.code)).toEqual(["CAFE-001", "CAFE-002", "CAFE-003", "CAFE-004"]);
    const log = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "reward.codesAdded" } });
    expect(JSON.parse(log.after!)).toEqual({ name: "Coffee voucher", codesAdded: 4, codesRemaining: 4 });
    expect(`${log.before} ${log.after}`).not.toContain("CAFE-");
    // The log page says it in the owner's words: which reward, how many added, how many left.
    const activity = await (await import("../app/routes/app.activity")).loader({ request: adminRequest("/app/activity", SHOP), params: {}, context: {} });
    expect(activity.entries.find((e) => e.action === "reward.codesAdded")).toMatchObject({
      subject: { text: "Coffee voucher" },
      changes: expect.arrayContaining([{ label: { key: "rewards.pool.addedLabel" }, after: { number: 4 } }, { label: { key: "rewards.pool.remainingLabel" }, after: { number: 4 } }]),
    });
  });

  it("refuses the whole upload when a code repeats in it or is in the shop already, naming the lines, and adds nothing", async () => {
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Coffee voucher" } });
    expect(await upload(reward.id, "NEW-1\nNEW-2\nNEW-1")).toEqual({ ok: false, errors: { codes: [{ key: "repeated", count: 1, lines: ["3"] }] } });
    expect(await upload(reward.id, "NEW-1\nCAFE-002", { name: "b.csv", text: "CAFE-004\n" })).toEqual({
      ok: false, errors: { codes: [{ key: "taken", count: 2, lines: ["2", "b.csv:1"] }] },
    });
    // Another partner reward of the shop cannot take the same code either.
    const other = await partnerReward("Cinema ticket", []);
    expect(await upload(other.id, "CAFE-001")).toMatchObject({ ok: false, errors: { codes: [{ key: "taken", count: 1 }] } });
    expect(await upload(reward.id, "\n  \n")).toEqual({ ok: false, errors: { codes: [{ key: "empty", count: 0, lines: [] }] } });
    expect(await upload(reward.id, "", { name: "codes.pdf", text: "X" })).toEqual({ ok: false, errors: { file: "rewards.pool.errors.file" } });
    expect(await db.partnerCode.count({ where: { shopId } })).toBe(4);
    expect(await db.activityLog.count({ where: { shopId, action: "reward.codesAdded" } })).toBe(1);
  });

  it("keeps a reward with codes a partner reward: another type is refused, nothing changed", async () => {
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Coffee voucher" } });
    expect(await saveReward(reward.id, { ...base, type: "fixed_amount", value: "5" })).toMatchObject({ ok: false, errors: { type: "rewards.errors.partnerType" } });
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ type: "partner_code", valueMinor: null });
    // Its other fields may change.
    expect(((await saveReward(reward.id, { ...base, pointsCost: "350" })) as Response).status).toBe(302);
    await saveReward(reward.id, base);
    expect(await db.reward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ type: "partner_code", pointsCost: 300 });
  });

  it("refuses codes for a reward of another type, and 404s another shop's reward", async () => {
    await saveReward("new", { ...base, name: "Five off", type: "fixed_amount", value: "5" });
    const fixed = await db.reward.findFirstOrThrow({ where: { shopId, name: "Five off" } });
    expect(await upload(fixed.id, "ZZZ-1")).toEqual({ ok: false, errors: { codes: [{ key: "notPartner", count: 0, lines: [] }] } });
    const elsewhere = await installTestShop(db, "partner-elsewhere.myshopify.com");
    const theirs = await db.reward.create({ data: { shopId: elsewhere.id, name: "Theirs", type: "partner_code", pointsCost: 1 } });
    expect(((await upload(theirs.id, "ZZZ-2")) as Response).status).toBe(404);
    expect(await db.partnerCode.count({ where: { code: { startsWith: "ZZZ" } } })).toBe(0);
  });

  it("adds 50,000 codes in one request, in a few seconds", async () => {
    const big = await partnerReward("Big pool", []);
    const codes = Array.from({ length: 50_000 }, (_, i) => `BULK-${String(i).padStart(6, "0")}`).join("\n");
    const started = performance.now();
    expect(await upload(big.id, "", { name: "bulk.txt", text: codes })).toEqual({ ok: true, errors: {}, data: { added: 50_000, remaining: 50_000 } });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await unused(big.id)).toBe(50_000);
    await db.reward.update({ where: { id: big.id }, data: { deletedAt: new Date(), active: false } });
  }, 60_000);
});

describe("redeeming a partner reward", () => {
  it("gives the next code at once with the points, with no Shopify call; the code is not cancellable and the pool shrinks", async () => {
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Coffee voucher" } });
    const customerId = await member(1000);
    const discountsBefore = api.discounts.size;
    const response = (await redeem(customerId, reward.id, "coffee-0001")) as Response;
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data.code).toMatchObject({ kind: "partner_code", status: "issued", cancellable: false, rewardName: "Coffee voucher", expiresText: null });
    expect(data.code.code).toMatch(/^CAFE-00[1-4]$/);
    expect(api.discounts.size).toBe(discountsBefore);
    expect(await balanceOf(customerId)).toBe(700);
    expect(await db.partnerCode.findFirstOrThrow({ where: { code: data.code.code } })).toMatchObject({ redemptionId: data.code.id });
    // A retry of the same click answers with the same code, and spends nothing more.
    const again = await (await redeem(customerId, reward.id, "coffee-0001")).json();
    expect(again.data.code.code).toBe(data.code.code);
    expect(await balanceOf(customerId)).toBe(700);
    // The code cannot be taken back: a partner's voucher may be used already.
    expect((await cancel(customerId, data.code.id)).status).toBe(409);
    expect(await balanceOf(customerId)).toBe(700);
    expect(await unused(reward.id)).toBe(3);
    // The member is told (email and Flow), as for every issued reward, the email saying where to use it.
    const notice = await db.emailDelivery.findFirst({ where: { shopId, type: "rewardRedeemed", eventKey: `redemption:${data.code.id}` } });
    expect(notice && JSON.parse(notice.facts)).toMatchObject({ reward: "Coffee voucher", code: data.code.code, partner: true });
    const brand = { shopName: "Shop", accent: "#000000", logoUrl: null, loyaltyUrl: "https://shop.example/apps/klub" };
    const email = composeEmail("rewardRedeemed", { ...JSON.parse(notice!.facts), balance: 700 }, { firstName: null, locale: "pl" }, brand, "https://x/unsubscribe");
    expect(email.paragraphs[0]).toBe("Użyj kodu u naszego partnera: nie wpisuje się go przy kasie tego sklepu.");
    expect(email.code).toEqual({ label: expect.any(String), value: data.code.code, note: null });
    const view = await state(customerId);
    expect(view.codes[0]).toMatchObject({ kind: "partner_code", code: data.code.code, cancellable: false, statusText: "Ready: use it with our partner, not at this shop's checkout" });
    expect(view.rewards.find((r: { id: string }) => r.id === reward.id)).toMatchObject({ text: "A code from our partner" });
  });

  it("shows the count and a warning below the owner's threshold, in the catalog and on the reward's page", async () => {
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Coffee voucher" } });
    expect((await catalog()).rewards.find((r) => r.id === reward.id)?.pool).toEqual({ remaining: 3, lowAt: 3 });
    await redeem(await member(300), reward.id, "coffee-0002");
    expect((await catalog()).rewards.find((r) => r.id === reward.id)?.pool).toEqual({ remaining: 2, lowAt: 3 });
    expect((await rewardPage(reward.id)).pool).toEqual({ remaining: 2, used: 2, lowAt: 3 });
  });

  it("gives the last code to one of two shoppers racing on two connections; the other is refused and keeps their points", async () => {
    const reward = await partnerReward("Last one", ["ONLY-1"]);
    const [a, b] = [await member(500), await member(500)];
    const start = new SharedArrayBuffer(4);
    const racers = [a, b].map((customerId) => {
      const worker = new Worker(new URL("./support/partner-redeem-worker.ts", import.meta.url), {
        execArgv: ["--import", "tsx"],
        workerData: { url, shopId, customerId, rewardId: reward.id, requestId: `race-${customerId}`, start },
      });
      let markReady!: () => void;
      const ready = new Promise<void>((resolve) => (markReady = resolve));
      const done = new Promise<RaceOutcome>((resolve, reject) => {
        worker.on("message", (m) => (m.type === "ready" ? markReady() : resolve(m)));
        worker.on("error", reject);
      });
      return { worker, ready, done };
    });
    try {
      await Promise.all(racers.map((r) => r.ready));
      Atomics.store(new Int32Array(start), 0, 1);
      Atomics.notify(new Int32Array(start), 0);
      const outcomes = await Promise.all(racers.map((r) => r.done));
      expect(outcomes.filter((o) => o.ok).map((o) => o.code)).toEqual(["ONLY-1"]);
      expect(outcomes.filter((o) => !o.ok).map((o) => o.reason)).toEqual(["sold_out"]);
      expect([await balanceOf(a), await balanceOf(b)].sort()).toEqual([200, 500]);
      expect(await db.redemption.count({ where: { rewardId: reward.id } })).toBe(1);
    } finally {
      await Promise.all(racers.map((r) => r.worker.terminate()));
    }
  }, 60_000);

  it("hides a reward with an empty pool, and refuses it in the shopper's language with nothing spent", async () => {
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Last one" } });
    const customerId = await member(900);
    expect((await state(customerId, "ru")).rewards.map((r: { id: string }) => r.id)).not.toContain(reward.id);
    const refused = (await redeem(customerId, reward.id, "empty-0001", "ru")) as Response;
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ ok: false, errors: { form: "К сожалению, эта награда только что закончилась. Ваши баллы не списаны." } });
    expect(await balanceOf(customerId)).toBe(900);
    expect(await db.ledgerEntry.count({ where: { member: { customerId, shopId }, kind: "redeem" } })).toBe(0);
    expect(await db.redemption.count({ where: { requestId: { contains: "empty-0001" } } })).toBe(0);
    // The owner sees it: none left, in the catalog and on the page.
    expect((await catalog()).rewards.find((r) => r.id === reward.id)?.pool).toEqual({ remaining: 0, lowAt: 3 });
    // More codes: offered again.
    expect(await upload(reward.id, "ONLY-2")).toMatchObject({ ok: true });
    expect((await state(customerId)).rewards.map((r: { id: string }) => r.id)).toContain(reward.id);
  });

  it("is not taken for an order's discount code of the same letters, so a refund gives nothing back for it", async () => {
    const reward = await partnerReward("Same letters", ["SUMMER10"]);
    const customerId = await member(300);
    const { data } = await (await redeem(customerId, reward.id, "summer-0001")).json();
    expect(data.code.code).toBe("SUMMER10");
    const { applyOrderEvent } = await import("../app/loyalty/orders.server");
    const facts = { currency: "USD", lines: [], shippingMinor: 0, shippingTaxMinor: 0, taxesIncluded: false, isTest: false, placedAt: new Date() };
    const order = { orderId: "7001", name: "#7001", customer: { customerId }, currency: "USD", totalMinor: 4000, subtotalMinor: 4000, discountMinor: 500, discountCodes: ["summer10"], facts, processedAt: new Date(), cancelledAt: null };
    await applyOrderEvent(db, shopId, { type: "paid", order });
    await applyOrderEvent(db, shopId, { type: "cancelled", order: { ...order, cancelledAt: new Date() } });
    expect(await db.orderSummary.findFirstOrThrow({ where: { shopId, orderId: "7001" } })).toMatchObject({ redemptionId: null });
    expect(await db.redemption.findUniqueOrThrow({ where: { id: data.code.id } })).toMatchObject({ status: "issued" });
    expect(await balanceOf(customerId)).toBe(0); // the 300 points stay spent: the voucher is the partner's
  });
});

describe("privacy", () => {
  it("keeps a redacted customer's code given (it may be used at the partner) and erases every code with the shop", async () => {
    const reward = await db.reward.findFirstOrThrow({ where: { shopId, name: "Coffee voucher" } });
    const customerId = await member(300);
    const { data } = await (await redeem(customerId, reward.id, "redact-0001")).json();
    await redactCustomer(db, shopId, customerId);
    expect(await db.partnerCode.findFirstOrThrow({ where: { code: data.code.code } })).toMatchObject({ redemptionId: data.code.id });
    expect(await db.redemption.findUniqueOrThrow({ where: { id: data.code.id }, include: { member: true } })).toMatchObject({ code: data.code.code, status: "issued", member: { email: null } });
    await eraseShop(db, SHOP);
    expect(await db.partnerCode.count({ where: { shopId } })).toBe(0);
  });
});
