// Partner rewards in a real browser over the sandbox: the owner makes a partner reward in Klub's
// admin and uploads its pool (pasted codes and a file); a shopper redeems it in the storefront panel
// and sees the partner's code at once; the pool's remaining count drops in the admin.
// Screenshots go to test-results/e2e/.
import { expect, it } from "vitest";
import { createCustomer } from "../../sandbox/orders";
import { describeNoRequestOffTheMachine, hydrated, shot, useAdminShop } from "../support/admin-shop";
import { settled, shopAs } from "../support/sandbox";

let customerId = "";
const shop = useAdminShop("klub-partner-codes-e2e-", async ({ sandbox, db }) => {
  const customer = createCustomer(sandbox.store, sandbox.sender, { firstName: "Zofia", lastName: "Kupon", email: "zofia.k@example.com" });
  await settled(sandbox, db);
  customerId = String(customer.id);
});

const partnerReward = () => shop.db.reward.findFirstOrThrow({ where: { shopId: shop.id, name: "Coffee voucher", deletedAt: null } });

it("the owner makes a partner reward and uploads its codes: pasted and from a file, counted, the pool shown", async () => {
  const { page, frame } = await shop.openAdmin("/rewards/new");
  try {
    const name = await hydrated(frame.getByLabel("Name shoppers see"));
    await name.fill("Coffee voucher");
    await frame.getByLabel("Type").selectOption("partner_code");
    await frame.getByLabel("Points it costs").fill("60");
    await frame.getByLabel("Warn when fewer codes than this are left").fill("5");
    // A partner's voucher has no minimum order, expiry or combinations in this shop.
    expect(await frame.getByLabel("Code expires after (days)").count()).toBe(0);
    await frame.getByRole("button", { name: "Save reward" }).click();
    await page.getByRole("status").getByText("Reward saved").waitFor({ timeout: 15_000 });
    const row = frame.getByRole("row", { name: /Coffee voucher/ });
    await row.getByText("No codes left").waitFor();

    await (await hydrated(row.getByRole("link", { name: "Edit reward" }).or(row.getByRole("button", { name: "Edit reward" })))).click();
    await frame.getByRole("heading", { name: "Partner codes" }).waitFor();
    await frame.getByText("No codes left: members cannot redeem this reward until you upload more.").waitFor();
    await (await hydrated(frame.getByLabel("Paste codes, one per line"))).fill("CAFE-0001\n\n  CAFE-0002  \nCAFE-0003");
    await frame.locator('input[type=file][name="file"]').setInputFiles({ name: "vouchers.csv", mimeType: "text/csv", buffer: Buffer.from("code\nCAFE-0004\nCAFE-0005\nCAFE-0006\n") });
    await frame.getByRole("button", { name: "Add codes" }).click();
    await frame.getByText("6 codes added").waitFor();
    await frame.getByText("6 codes left").waitFor();
    await shot(page, "70-partner-codes-uploaded");

    // The same codes again: refused whole, by line, nothing added.
    await frame.getByLabel("Paste codes, one per line").fill("CAFE-0007\nCAFE-0001");
    await frame.getByRole("button", { name: "Add codes" }).click();
    await frame.getByText("1 line has a code this shop already has (line 2).").waitFor();
    await frame.getByText("6 codes left").waitFor();
    await shot(page, "71-partner-codes-refused");
    expect(await shop.db.partnerCode.count({ where: { rewardId: (await partnerReward()).id } })).toBe(6);
  } finally {
    await page.close();
  }
});

it("a shopper redeems it in the storefront panel and sees the partner's code; the pool's count drops", async () => {
  const reward = await partnerReward();
  const member = await shop.db.member.findFirstOrThrow({ where: { shopId: shop.id, customerId } });
  expect(member.balance).toBeGreaterThanOrEqual(60); // the signup bonus
  const page = await shop.browser.context.newPage();
  try {
    await page.goto(`${shop.sandbox.sandboxUrl}/?locale=en`, { waitUntil: "load" });
    await shopAs(page, "Zofia Kupon");
    await page.goto(`${shop.sandbox.sandboxUrl}/?locale=en`, { waitUntil: "load" });
    await page.locator("[data-klub-launcher]").click();
    const dialog = page.getByRole("dialog", { name: "Rewards" });
    const offer = dialog.locator(`[data-klub-reward="${reward.id}"]`);
    await expect.poll(() => offer.textContent()).toContain("A code from our partner");
    await offer.locator("[data-klub-redeem]").click();
    const issued = dialog.locator('[data-klub-code-status="issued"]');
    await issued.waitFor();
    const code = await issued.getAttribute("data-klub-code");
    expect(code).toMatch(/^CAFE-000[1-6]$/);
    expect(await issued.textContent()).toContain("Coffee voucher");
    expect(await issued.textContent()).toContain("Ready: use it with our partner, not at this shop's checkout");
    expect(await issued.locator("[data-klub-cancel]").count()).toBe(0); // a partner's voucher cannot be taken back
    await dialog.locator("[data-klub-balance]").getByText(`${member.balance - 60} points`).waitFor();
    await shot(page, "72-partner-code-redeemed");
    const redemption = await shop.db.redemption.findFirstOrThrow({ where: { memberId: member.id, rewardId: reward.id } });
    expect(redemption).toMatchObject({ status: "issued", code, pointsSpent: 60 });
  } finally {
    await page.close();
  }

  const { page: admin, frame } = await shop.openAdmin(`/rewards/${reward.id}`);
  try {
    await frame.getByText("5 codes left").waitFor();
    await frame.getByText("1 given to members").waitFor();
    await frame.getByText("Codes are running low: 5 left.").waitFor({ state: "detached" }); // 5 is not below 5
    await shot(admin, "73-partner-codes-after-redeem");
  } finally {
    await admin.close();
  }
});

describeNoRequestOffTheMachine(shop);
