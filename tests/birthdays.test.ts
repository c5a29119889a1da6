// The birthday bonus: birthdays from the owner or a CSV file, credited on the day, once a year; and
// the birthday reward, a code given on the day as the other grants are.
import { beforeAll, describe, expect, it } from "vitest";
import { birthdaySuffixes, parseBirthday } from "../app/loyalty/birthday";
import { awardBirthdays } from "../app/loyalty/birthdays.server";
import { parseMembersCsv } from "../app/loyalty/member-csv";
import { ensureMember } from "../app/loyalty/members.server";
import { installTestShop } from "./support/shop";
import { redactCustomer } from "../app/loyalty/privacy.server";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { startFakeAdminApi } from "./support/fake-admin-api";
import { proxyRequest } from "./support/proxy";
import { drainRewardIssues, rewardCode } from "../app/shopify/reward-issuer.server";

const { db } = useFreshAppDatabase();
const SHOP = "birthdays.myshopify.com";
let shopId = "";
const birthdayEntries = (memberId: string) => db.ledgerEntry.findMany({ where: { memberId, reason: "birthday" } });

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
  await storeOfflineSession(db, SHOP);
  await db.shop.update({ where: { id: shopId }, data: { programEnabled: true } });
  await db.programSettings.update({ where: { shopId }, data: { birthdayBonus: 150 } });
});

describe("what a birthday is", () => {
  it("takes a date, or a month and day, and nothing impossible", () => {
    const today = new Date("2026-11-22T00:00:00Z");
    expect(parseBirthday("1990-05-17", today)).toBe("1990-05-17");
    expect(parseBirthday("--02-29", today)).toBe("--02-29");
    expect(parseBirthday("02-29", today)).toBe("--02-29");
    expect(parseBirthday("1990-02-29", today)).toBeNull(); // 1990 was no leap year
    expect(parseBirthday("1990-13-01", today)).toBeNull();
    expect(parseBirthday("2030-01-01", today)).toBeNull(); // not born yet
    expect(parseBirthday("2026-06-15", new Date("2026-06-15T00:00:00Z"))).toBe("2026-06-15"); // born today
    expect(parseBirthday("17/05/1990", today)).toBeNull();
    expect(parseBirthday("x1990-05-17", today)).toBeNull(); // nothing before the date
    expect(parseBirthday("1990-05-17x", today)).toBeNull(); // nor after it
    expect(parseBirthday(" 1990-05-17 ", today)).toBe("1990-05-17");
  });

  it("is celebrated on its own day, and 29 February on 28 February only in a common year", () => {
    const on = (day: string) => birthdaySuffixes(new Date(`${day}T09:00:00Z`));
    expect(on("2027-02-28")).toEqual(["-02-28", "-02-29"]);
    expect(on("2028-02-28")).toEqual(["-02-28"]); // 2028 has its own 29th
    expect(on("2028-02-29")).toEqual(["-02-29"]);
    expect(on("2027-01-28")).toEqual(["-01-28"]);
    expect(on("2027-02-27")).toEqual(["-02-27"]);
    expect(on("2027-03-01")).toEqual(["-03-01"]);
  });
});

describe("the bonus", () => {
  it("is credited on the birthday, once a year, and 29 February counts on 28 February in a common year", async () => {
    const may = await ensureMember(db, shopId, { customerId: "1", birthday: "1990-05-17" });
    const leap = await ensureMember(db, shopId, { customerId: "2", birthday: "--02-29" });
    const none = await ensureMember(db, shopId, { customerId: "3" });
    expect(await awardBirthdays(db, new Date("2026-05-16T12:00:00Z"))).toBe(0);
    expect(await awardBirthdays(db, new Date("2026-05-17T08:00:00Z"))).toBe(1);
    expect(await awardBirthdays(db, new Date("2026-05-17T20:00:00Z"))).toBe(0); // again the same day
    expect(await awardBirthdays(db, new Date("2026-02-28T08:00:00Z"))).toBe(1); // 2026 has no 29 February
    expect(await awardBirthdays(db, new Date("2028-02-28T08:00:00Z"))).toBe(0); // 2028 has one
    expect(await awardBirthdays(db, new Date("2028-02-29T08:00:00Z"))).toBe(1);
    expect(await awardBirthdays(db, new Date("2027-05-17T08:00:00Z"))).toBe(1); // next year
    expect((await birthdayEntries(may.id)).map((e) => [e.kind, e.amount])).toEqual([["earn", 150], ["earn", 150]]);
    expect(await birthdayEntries(leap.id)).toHaveLength(2);
    expect(await birthdayEntries(none.id)).toHaveLength(0);
    expect((await db.member.findUniqueOrThrow({ where: { id: may.id } })).balance).toBe(300);
  });

  it("is not given while the program is off, nor to an erased customer", async () => {
    const june = await ensureMember(db, shopId, { customerId: "4", birthday: "1985-06-01" });
    await db.shop.update({ where: { id: shopId }, data: { programEnabled: false } });
    expect(await awardBirthdays(db, new Date("2026-06-01T08:00:00Z"))).toBe(0);
    await db.shop.update({ where: { id: shopId }, data: { programEnabled: true } });
    await redactCustomer(db, shopId, "4");
    expect(await awardBirthdays(db, new Date("2026-06-01T09:00:00Z"))).toBe(0);
    expect(await birthdayEntries(june.id)).toHaveLength(0);
  });
});

describe("the birthday reward", () => {
  const GIFT_SHOP = "birthday-gift.myshopify.com";
  const shopState = async (customerId: string, locale: string) => {
    const { loader } = await import("../app/routes/proxy.state");
    return (await loader({ request: proxyRequest("/state", { shop: GIFT_SHOP, customerId, query: { locale } }), params: {}, context: {} })).json();
  };

  it("gives the owner's reward as a code on the birthday, once a year, with or without points, and the member gets it like any grant", async () => {
    const api = await startFakeAdminApi();
    try {
      const gift = await installTestShop(db, GIFT_SHOP);
      await storeOfflineSession(db, GIFT_SHOP);
      const shipping = await db.reward.create({ data: { shopId: gift.id, name: "Birthday shipping", type: "free_shipping", pointsCost: 400 } });
      await db.programSettings.update({ where: { shopId: gift.id }, data: { birthdayBonus: 0, birthdayRewardId: shipping.id } });
      const member = await ensureMember(db, gift.id, { customerId: "71", birthday: "1992-09-03" });
      const grants = () => db.redemption.findMany({ where: { memberId: member.id }, orderBy: { createdAt: "asc" } });

      // A shop with a reward and no points is not left out.
      expect(await awardBirthdays(db, new Date("2026-09-03T07:00:00Z"))).toBe(1);
      expect(await awardBirthdays(db, new Date("2026-09-03T19:00:00Z"))).toBe(0); // again the same day
      expect(await grants()).toEqual([expect.objectContaining({ requestId: `birthday-reward:${member.id}:2026`, rewardId: shipping.id, pointsSpent: 0, status: "reserved" })]);
      expect(await birthdayEntries(member.id)).toEqual([]);
      // Made on Shopify after the run, as the welcome and tier entry rewards are.
      expect(await drainRewardIssues(db, api.adminFor)).toBe(1);
      const [issued] = await grants();
      expect(issued).toMatchObject({ status: "issued", code: rewardCode(issued.id) });
      expect(api.discounts.get(issued.code!)?.input).toMatchObject({ context: { customers: { add: ["gid://shopify/Customer/71"] } }, usageLimit: 1 });

      // Points and the reward together; next year again, once.
      await db.programSettings.update({ where: { shopId: gift.id }, data: { birthdayBonus: 50 } });
      expect(await awardBirthdays(db, new Date("2027-09-03T07:00:00Z"))).toBe(1);
      expect(await awardBirthdays(db, new Date("2027-09-03T08:00:00Z"))).toBe(0);
      expect((await grants()).map((g) => g.requestId)).toEqual([`birthday-reward:${member.id}:2026`, `birthday-reward:${member.id}:2027`]);
      expect((await birthdayEntries(member.id)).map((e) => e.amount)).toEqual([50]);

      // A paused reward is not given; the points still are.
      await db.reward.update({ where: { id: shipping.id }, data: { active: false } });
      expect(await awardBirthdays(db, new Date("2028-09-03T07:00:00Z"))).toBe(1);
      expect(await grants()).toHaveLength(2);
      expect(await birthdayEntries(member.id)).toHaveLength(2);
    } finally {
      await api.close();
    }
  });

  it("is named among the ways to earn, in the shopper's language", async () => {
    const gift = await db.shop.findUniqueOrThrow({ where: { domain: GIFT_SHOP } });
    const shipping = await db.reward.findFirstOrThrow({ where: { shopId: gift.id, name: "Birthday shipping" } });
    await db.reward.update({ where: { id: shipping.id }, data: { active: true } });
    const birthday = async (locale: string) => (await shopState("71", locale)).waysToEarn.find((w: { kind: string }) => w.kind === "birthday")?.text;
    expect(await birthday("en")).toBe("50 points and Free shipping on your birthday");
    expect(await birthday("ru")).toBe("50 баллов и Бесплатная доставка в день рождения");
    await db.programSettings.update({ where: { shopId: gift.id }, data: { birthdayBonus: 0 } });
    expect(await birthday("pl")).toBe("Darmowa dostawa w dniu urodzin");
    await db.programSettings.update({ where: { shopId: gift.id }, data: { birthdayRewardId: null } });
    expect(await birthday("en")).toBeUndefined();
  });
});

describe("where birthdays come from", () => {
  const postBirthday = async (memberId: string, birthday: string) => {
    const route = await import("../app/routes/app.members.$id.birthday");
    const body = new FormData();
    body.set("birthday", birthday);
    return route
      .action({ request: adminRequest(`/app/members/${memberId}/birthday`, SHOP, { method: "POST", body }), params: { id: memberId }, context: {} })
      .catch((thrown: unknown) => thrown);
  };
  const logged = () => db.activityLog.count({ where: { shopId, action: "member.birthday" } });

  it("the shop owner sets one on the member's page; a bad one is refused with a message", async () => {
    const member = await ensureMember(db, shopId, { customerId: "5" });
    expect(await postBirthday(member.id, "1990-02-30")).toEqual({ ok: false, errors: { birthday: "member.birthdayInvalid" } });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).birthday).toBeNull();
    expect(await postBirthday(member.id, "12-24")).toEqual({ ok: true, errors: {} });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).birthday).toBe("--12-24");
    expect(await logged()).toBe(1);
  });

  it("the same birthday again logs nothing, and another shop's member is not found", async () => {
    const member = await ensureMember(db, shopId, { customerId: "6" });
    expect(await postBirthday(member.id, "03-08")).toEqual({ ok: true, errors: {} });
    const before = await logged();
    expect(await postBirthday(member.id, "--03-08")).toEqual({ ok: true, errors: {} });
    expect(await logged()).toBe(before);
    const elsewhere = await installTestShop(db, "birthdays-elsewhere.myshopify.com");
    const stranger = await ensureMember(db, elsewhere.id, { customerId: "6" });
    expect(((await postBirthday(stranger.id, "1990-01-01")) as Response).status).toBe(404);
    expect((await db.member.findUniqueOrThrow({ where: { id: stranger.id } })).birthday).toBeNull();
  });

  it("a CSV file may carry them, checked line by line", () => {
    const { rows, errors } = parseMembersCsv("customer_id,birthday\n10,1990-05-17\n11,\n12,tomorrow\n");
    expect(rows.map((r) => [r.customerId, r.birthday])).toEqual([["10", "1990-05-17"], ["11", null]]);
    expect(errors).toEqual([{ line: 4, key: "import.errors.birthday", values: { column: "birthday" } }]);
  });
});
