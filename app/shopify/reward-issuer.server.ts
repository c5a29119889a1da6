// Creates on Shopify what a granted reward gives: a single-use code for that customer only
// (discountCodeBasicCreate / discountCodeFreeShippingCreate with `context`), or store credit.
// The code is derived from the redemption, so a retry after a lost answer cannot make a second one.
import type { Member, PrismaClient, Redemption, Reward } from "@prisma/client";
import { createHash } from "node:crypto";
import { REWARD_ISSUE } from "../loyalty/grants.server";
import { REWARD_REVOKE } from "../loyalty/outbox.server";
import { toDecimalString } from "../loyalty/money";
import { logger } from "../logger.server";
import { confirmRedemption } from "../loyalty/redeem.server";
import { drainMessages, type AdminFor, type AdminGraphql } from "./outbox-worker.server";

const BASIC = `#graphql
  mutation KlubRewardCode($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message code } }
  }
`;
const FREE_SHIPPING = `#graphql
  mutation KlubFreeShippingCode($input: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message code } }
  }
`;
const BY_CODE = `#graphql
  query KlubRewardCodeNode($code: String!) { codeDiscountNodeByCode(code: $code) { id } }
`;
const DEACTIVATE = `#graphql
  mutation KlubRewardCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) { codeDiscountNode { id } userErrors { field message code } }
  }
`;
const STORE_CREDIT = `#graphql
  mutation KlubStoreCredit($id: ID!, $input: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $input) { storeCreditAccountTransaction { amount { amount } } userErrors { field message code } }
  }
`;

/** KLUB-XXXX-XXXX from the redemption id: the same redemption always asks for the same code. */
export function rewardCode(redemptionId: string): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
  const bytes = createHash("sha256").update(redemptionId).digest();
  const chars = Array.from(bytes.subarray(0, 8), (b) => alphabet[b % alphabet.length]).join("");
  return `KLUB-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export interface IssueRequest {
  query: string;
  variables: Record<string, unknown>;
  field: "discountCodeBasicCreate" | "discountCodeFreeShippingCreate" | "storeCreditAccountCredit";
  code: string | null;
  expiresAt: Date | null;
}

/** The Admin API call that gives the reward to the customer. */
export function issueRequest(reward: Reward, redemption: Redemption, customerId: string, currency: string, now: Date): IssueRequest {
  const customer = `gid://shopify/Customer/${customerId}`;
  // A partner's voucher comes from its pool, with the points (app/loyalty/partner-codes.server.ts).
  if (reward.type === "partner_code") throw new Error(`Reward ${reward.id} is a partner code: nothing is made on Shopify`);
  const expiresAt = reward.codeExpiryDays ? new Date(now.getTime() + reward.codeExpiryDays * 86_400_000) : null;
  if (reward.type === "store_credit") {
    const input = { creditAmount: { amount: toDecimalString(redemption.valueMinor ?? reward.valueMinor ?? 0, currency), currencyCode: currency }, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
    return { query: STORE_CREDIT, variables: { id: customer, input }, field: "storeCreditAccountCredit", code: null, expiresAt };
  }
  const code = rewardCode(redemption.id);
  const common = {
    title: `${reward.name} (Klub)`,
    code,
    startsAt: now.toISOString(),
    endsAt: expiresAt?.toISOString() ?? null,
    context: { customers: { add: [customer] } },
    minimumRequirement: reward.minimumSubtotalMinor ? { subtotal: { greaterThanOrEqualToSubtotal: toDecimalString(reward.minimumSubtotalMinor, currency) } } : null,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    combinesWith: { orderDiscounts: reward.combinesWithOrder, productDiscounts: reward.combinesWithProduct, shippingDiscounts: reward.combinesWithShipping },
  };
  if (reward.type === "free_shipping") {
    const maximum = reward.valueMinor ? { maximumShippingPrice: toDecimalString(reward.valueMinor, currency) } : {};
    return { query: FREE_SHIPPING, variables: { input: { ...common, destination: { all: true }, ...maximum } }, field: "discountCodeFreeShippingCreate", code, expiresAt };
  }
  if (reward.type === "free_product") {
    const variant = reward.productVariantId!.startsWith("gid://") ? reward.productVariantId! : `gid://shopify/ProductVariant/${reward.productVariantId}`;
    const items = { products: { productVariantsToAdd: [variant] } };
    return { query: BASIC, variables: { input: { ...common, customerGets: { value: { percentage: 1 }, items } } }, field: "discountCodeBasicCreate", code, expiresAt };
  }
  // A points slider's value is what the shopper chose, kept on the redemption.
  const value =
    reward.type === "percentage"
      ? { percentage: (reward.percentage ?? 0) / 100 }
      : { discountAmount: { amount: toDecimalString(redemption.valueMinor ?? reward.valueMinor ?? 0, currency), appliesOnEachItem: false } };
  return { query: BASIC, variables: { input: { ...common, customerGets: { value, items: { all: true } } } }, field: "discountCodeBasicCreate", code, expiresAt };
}

interface IssueAnswer {
  data?: Record<string, { codeDiscountNode?: { id: string } | null; userErrors: { field?: string[] | null; message: string; code?: string | null }[] } | null> | null;
  errors?: unknown;
}

export type IssueOutcome =
  | { issued: true; code: string | null; discountNodeId: string | null; expiresAt: Date | null }
  | { issued: false; userErrors: { message: string; code?: string | null }[] };

/**
 * Creates on Shopify what the redemption gives. Throws when Shopify does not answer or answers
 * with errors; a refusal (userErrors) is an outcome. Our own code already taken means an earlier
 * attempt made it and its answer was lost: that is issued.
 */
export async function issueOnShopify(graphql: AdminGraphql, redemption: Redemption & { reward: Reward }, customerId: string, currency: string, now: Date): Promise<IssueOutcome> {
  const request = issueRequest(redemption.reward, redemption, customerId, currency, now);
  const body = (await graphql(request.query, request.variables)) as IssueAnswer;
  const answer = body.data?.[request.field];
  if (body.errors || !answer) throw new Error(`${request.field} failed: ${JSON.stringify(body.errors ?? body)}`);
  const taken = answer.userErrors.some((e) => e.code === "TAKEN" && e.field?.includes("code"));
  const refused = answer.userErrors.filter((e) => !(e.code === "TAKEN" && e.field?.includes("code")));
  if (refused.length) return { issued: false, userErrors: refused };
  const discountNodeId = answer.codeDiscountNode?.id ?? (taken && request.code ? await codeNodeId(graphql, request.code) : null);
  return { issued: true, code: request.code, discountNodeId, expiresAt: request.expiresAt };
}

async function codeNodeId(graphql: AdminGraphql, code: string): Promise<string | null> {
  const body = (await graphql(BY_CODE, { code })) as { data?: { codeDiscountNodeByCode?: { id: string } | null } | null; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`codeDiscountNodeByCode failed: ${JSON.stringify(body.errors ?? body)}`);
  return body.data.codeDiscountNodeByCode?.id ?? null;
}

/**
 * Makes a redemption's code unusable: deactivates its discount, found by node id or, when the
 * answer that carried the id was lost, by code. A code Shopify never created is already unusable.
 */
export async function deactivateCode(graphql: AdminGraphql, redemption: Pick<Redemption, "id" | "code" | "discountNodeId">): Promise<void> {
  const code = redemption.code ?? rewardCode(redemption.id);
  const id = redemption.discountNodeId ?? (await codeNodeId(graphql, code));
  if (!id) return;
  const body = (await graphql(DEACTIVATE, { id })) as IssueAnswer;
  const answer = body.data?.discountCodeDeactivate;
  if (body.errors || !answer) throw new Error(`discountCodeDeactivate failed: ${JSON.stringify(body.errors ?? body)}`);
  if (answer.userErrors.length) throw new Error(`discountCodeDeactivate refused: ${JSON.stringify(answer.userErrors)}`);
}

type Pending = Redemption & { reward: Reward; member: Member; shop: { domain: string; currencyCode: string } };

async function issue(db: PrismaClient, adminFor: AdminFor, redemption: Pending, now: Date) {
  if (redemption.member.redactedAt) {
    await db.redemption.update({ where: { id: redemption.id }, data: { status: "failed" } });
    return;
  }
  const outcome = await issueOnShopify(await adminFor(redemption.shop.domain), redemption, redemption.member.customerId, redemption.shop.currencyCode, now);
  if (!outcome.issued) {
    await db.redemption.update({ where: { id: redemption.id }, data: { status: "failed" } });
    logger.error({ redemption: redemption.id, userErrors: outcome.userErrors }, "Shopify refused a granted reward");
    return;
  }
  await confirmRedemption(db, redemption.id, outcome);
}

/** Issues every granted reward waiting for Shopify; a failed call waits with backoff. */
export function drainRewardIssues(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  return drainMessages(db, REWARD_ISSUE, now, async (message) => {
    const { redemptionId } = JSON.parse(message.payload) as { redemptionId: string };
    const redemption = await db.redemption.findUnique({ where: { id: redemptionId }, include: { reward: true, member: true, shop: { select: { domain: true, currencyCode: true } } } });
    if (redemption?.status === "reserved") await issue(db, adminFor, redemption, now);
  });
}

/** Deactivates the codes of redemptions whose creation got no answer (they were given back). */
export function drainRewardRevokes(db: PrismaClient, adminFor: AdminFor): Promise<number> {
  return drainMessages(db, REWARD_REVOKE, new Date(), async (message) => {
    const { redemptionId } = JSON.parse(message.payload) as { redemptionId: string };
    const redemption = await db.redemption.findUnique({ where: { id: redemptionId }, include: { shop: { select: { domain: true } } } });
    if (redemption) await deactivateCode(await adminFor(redemption.shop.domain), redemption);
  });
}
