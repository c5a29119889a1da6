// A friend's first paid order pays the bonuses the shop set, each side on its own; a second order,
// a redacted referrer or a shop with no bonuses pays nothing and links no one.
import { expect, it } from "vitest";
import { loadProgramRules } from "../app/loyalty/program.server";
import { creditReferral } from "../app/loyalty/referrals.server";
import { freshDatabase } from "./support/database";
import { installTestShop } from "./support/shop";

const { db } = freshDatabase();
const now = new Date("2026-11-10T12:00:00Z");
let seq = 0;

async function referral(bonuses: { referrerBonus: number; refereeBonus: number }, friend: { orderCount?: number; redactedReferrer?: boolean } = {}) {
  const shop = await installTestShop(db, `bonuses-${++seq}.myshopify.com`);
  await db.programSettings.update({ where: { shopId: shop.id }, data: bonuses });
  const referrer = await db.member.create({ data: { shopId: shop.id, customerId: "r", referralCode: `CODE${seq}`, ...(friend.redactedReferrer ? { redactedAt: now } : {}) } });
  const member = await db.member.create({ data: { shopId: shop.id, customerId: "f", orderCount: friend.orderCount ?? 1 } });
  const rules = await loadProgramRules(db, shop.id);
  const posted = await creditReferral(db, {
    shopId: shop.id, friendId: member.id, code: `code${seq}`, orderId: "o1", contactKeys: null, rules,
    tierSetup: { basis: rules.tierBasis, window: rules.tierWindow, tiers: [] }, now, orderedAt: now,
  });
  const balances = async () => [(await db.member.findUniqueOrThrow({ where: { id: referrer.id } })).balance, (await db.member.findUniqueOrThrow({ where: { id: member.id } })).balance];
  const linked = (await db.member.findUniqueOrThrow({ where: { id: member.id } })).referredById === referrer.id;
  return { posted: posted.length, balances: await balances(), linked };
}

it("pays each side the shop set, and only those", async () => {
  expect(await referral({ referrerBonus: 100, refereeBonus: 50 })).toEqual({ posted: 2, balances: [100, 50], linked: true });
  expect(await referral({ referrerBonus: 0, refereeBonus: 50 })).toEqual({ posted: 1, balances: [0, 50], linked: true });
  expect(await referral({ referrerBonus: 100, refereeBonus: 0 })).toEqual({ posted: 1, balances: [100, 0], linked: true });
});

it("pays nothing and links no one for a shop without bonuses, a second order or a redacted referrer", async () => {
  expect(await referral({ referrerBonus: 0, refereeBonus: 0 })).toEqual({ posted: 0, balances: [0, 0], linked: false });
  expect(await referral({ referrerBonus: 100, refereeBonus: 50 }, { orderCount: 2 })).toEqual({ posted: 0, balances: [0, 0], linked: false });
  expect(await referral({ referrerBonus: 100, refereeBonus: 50 }, { redactedReferrer: true })).toEqual({ posted: 0, balances: [0, 0], linked: false });
});
