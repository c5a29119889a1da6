// Exclusive offers on Shopify (decision 051): a customer segment whose query asks for Klub's tags
// (segmentCreate / segmentUpdate), and an automatic discount for it (discountAutomaticBasicCreate
// or discountAutomaticFreeShippingCreate with `context: { customerSegments }`), ended with
// discountAutomaticDeactivate. Carried out from the outbox, the offer taken as it stands then.
// Nothing is made twice: the segment is found by its name (unique on Shopify, with the offer's
// id) and the discount by its title and segment before either is created.
import type { MemberOffer, PrismaClient } from "@prisma/client";
import { MEMBER_OFFER, markOfferEnded, markOfferFailed, markOfferMade, offerAudience } from "../loyalty/member-offers.server";
import { toDecimalString } from "../loyalty/money";
import { MEMBER_UNTAG } from "../loyalty/outbox.server";
import { segmentName, segmentQuery } from "./member-tags";
import { sendTagChanges } from "./member-tags.server";
import { drainMessages, type AdminFor, type AdminGraphql } from "./outbox-worker.server";

const SEGMENT_CREATE = `#graphql
  mutation KlubOfferSegment($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) { segment { id query } userErrors { field message } }
  }
`;
const SEGMENT_UPDATE = `#graphql
  mutation KlubOfferSegmentUpdate($id: ID!, $query: String!) {
    segmentUpdate(id: $id, query: $query) { segment { id query } userErrors { field message } }
  }
`;
const SEGMENTS_NAMED = `#graphql
  query KlubOfferSegmentByName($query: String!) { segments(first: 10, query: $query) { nodes { id name query } } }
`;
const DISCOUNTS_TITLED = `#graphql
  query KlubOfferDiscounts($query: String!) {
    automaticDiscountNodes(first: 25, query: $query) {
      nodes {
        id
        automaticDiscount {
          ... on DiscountAutomaticBasic { title context { ... on DiscountCustomerSegments { segments { id } } } }
          ... on DiscountAutomaticFreeShipping { title context { ... on DiscountCustomerSegments { segments { id } } } }
        }
      }
    }
  }
`;
const BASIC_CREATE = `#graphql
  mutation KlubOfferDiscount($input: DiscountAutomaticBasicInput!) {
    discountAutomaticBasicCreate(automaticBasicDiscount: $input) { automaticDiscountNode { id } userErrors { field message code } }
  }
`;
const FREE_SHIPPING_CREATE = `#graphql
  mutation KlubOfferFreeShipping($input: DiscountAutomaticFreeShippingInput!) {
    discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $input) { automaticDiscountNode { id } userErrors { field message code } }
  }
`;
const DEACTIVATE = `#graphql
  mutation KlubOfferDeactivate($id: ID!) {
    discountAutomaticDeactivate(id: $id) { automaticDiscountNode { id } userErrors { field message code } }
  }
`;

type UserError = { field?: string[] | null; message: string; code?: string | null };
type Answer = { data?: Record<string, unknown> | null; errors?: unknown };

/** The field's answer, or a throw when Shopify did not answer it (the outbox tries again later). */
async function call<T>(graphql: AdminGraphql, query: string, variables: Record<string, unknown>, field: string): Promise<T> {
  const body = (await graphql(query, variables)) as Answer;
  const answer = body.data?.[field];
  if (body.errors || answer === undefined || answer === null) throw new Error(`${field} failed: ${JSON.stringify(body.errors ?? body)}`);
  return answer as T;
}

const messages = (errors: UserError[]) => errors.map((e) => e.message).join("; ");
/** ShopifyQL's search syntax quotes a value with single quotes. */
const quoted = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** The automatic discount's input: the offer for the segment, from its start to its end. */
export function discountRequest(offer: MemberOffer, segmentId: string, currency: string) {
  const common = {
    title: offer.title,
    startsAt: offer.startsAt.toISOString(),
    endsAt: offer.endsAt?.toISOString() ?? null,
    context: { customerSegments: { add: [segmentId] } },
    minimumRequirement: offer.minimumSubtotalMinor ? { subtotal: { greaterThanOrEqualToSubtotal: toDecimalString(offer.minimumSubtotalMinor, currency) } } : null,
    // With Klub's reward codes (order and shipping discounts) only when the owner said so.
    combinesWith: { orderDiscounts: offer.combinesWithRewards, productDiscounts: false, shippingDiscounts: offer.combinesWithRewards && offer.kind !== "free_shipping" },
  };
  if (offer.kind === "free_shipping") {
    return { query: FREE_SHIPPING_CREATE, field: "discountAutomaticFreeShippingCreate", variables: { input: { ...common, destination: { all: true } } } };
  }
  const value = offer.kind === "percentage" ? { percentage: (offer.percentage ?? 0) / 100 } : { discountAmount: { amount: toDecimalString(offer.valueMinor ?? 0, currency), appliesOnEachItem: false } };
  return { query: BASIC_CREATE, field: "discountAutomaticBasicCreate", variables: { input: { ...common, customerGets: { value, items: { all: true } } } } };
}

async function findSegment(graphql: AdminGraphql, name: string): Promise<{ id: string; query: string } | null> {
  const found = await call<{ nodes: { id: string; name: string; query: string }[] }>(graphql, SEGMENTS_NAMED, { query: `name:${quoted(name)}` }, "segments");
  return found.nodes.find((s) => s.name === name) ?? null;
}

async function findDiscount(graphql: AdminGraphql, title: string, segmentId: string): Promise<string | null> {
  const found = await call<{ nodes: { id: string; automaticDiscount: { title?: string; context?: { segments?: { id: string }[] } } | null }[] }>(graphql, DISCOUNTS_TITLED, { query: `title:${quoted(title)}` }, "automaticDiscountNodes");
  return found.nodes.find((n) => n.automaticDiscount?.title === title && n.automaticDiscount.context?.segments?.some((s) => s.id === segmentId))?.id ?? null;
}

/** Makes the offer's segment hold its query, creating it when needed. Shopify's refusal is returned. */
async function ensureSegment(graphql: AdminGraphql, offer: MemberOffer, query: string): Promise<{ id: string } | { refused: string }> {
  const known = offer.segmentId ? { id: offer.segmentId, query: offer.segmentQuery } : await findSegment(graphql, segmentName(offer));
  if (!known) {
    const made = await call<{ segment: { id: string } | null; userErrors: UserError[] }>(graphql, SEGMENT_CREATE, { name: segmentName(offer), query }, "segmentCreate");
    return made.segment ? { id: made.segment.id } : { refused: messages(made.userErrors) };
  }
  if (known.query === query) return { id: known.id };
  const updated = await call<{ segment: { id: string } | null; userErrors: UserError[] }>(graphql, SEGMENT_UPDATE, { id: known.id, query }, "segmentUpdate");
  return updated.segment ? { id: known.id } : { refused: messages(updated.userErrors) };
}

/** Makes the offer on Shopify, or brings its segment in step with the ladder. */
async function makeOffer(db: PrismaClient, graphql: AdminGraphql, offer: MemberOffer, currency: string) {
  const query = segmentQuery(await offerAudience(db, offer));
  // The ladder keeps the tiers of live offers (app/loyalty/tier-ladder.server.ts): a tier gone all the same ends its offer.
  if (query === null) {
    if (offer.status === "pending") await markOfferFailed(db, offer.id, "The offer's tier no longer exists");
    else await db.memberOffer.updateMany({ where: { id: offer.id, status: "active" }, data: { status: "ending", endedAt: new Date() } });
    if (offer.status === "active") await endOffer(db, graphql, { ...offer, status: "ending" });
    return;
  }
  const segment = await ensureSegment(graphql, offer, query);
  if ("refused" in segment) {
    if (offer.status === "pending") await markOfferFailed(db, offer.id, segment.refused);
    else throw new Error(`segmentUpdate refused: ${segment.refused}`);
    return;
  }
  let discountNodeId = offer.discountNodeId ?? (await findDiscount(graphql, offer.title, segment.id));
  if (!discountNodeId) {
    const request = discountRequest(offer, segment.id, currency);
    const made = await call<{ automaticDiscountNode: { id: string } | null; userErrors: UserError[] }>(graphql, request.query, request.variables, request.field);
    if (!made.automaticDiscountNode) {
      await markOfferFailed(db, offer.id, messages(made.userErrors), { segmentId: segment.id, segmentQuery: query });
      return;
    }
    discountNodeId = made.automaticDiscountNode.id;
  }
  await markOfferMade(db, offer.id, { segmentId: segment.id, segmentQuery: query, discountNodeId });
}

/** Deactivates the offer's discount, found by its id or, when the answer that carried it was lost, by its segment. */
async function endOffer(db: PrismaClient, graphql: AdminGraphql, offer: MemberOffer) {
  const segmentId = offer.segmentId ?? (await findSegment(graphql, segmentName(offer)))?.id ?? null;
  const id = offer.discountNodeId ?? (segmentId ? await findDiscount(graphql, offer.title, segmentId) : null);
  if (id) {
    const answer = await call<{ userErrors: UserError[] }>(graphql, DEACTIVATE, { id }, "discountAutomaticDeactivate");
    if (answer.userErrors.length && !answer.userErrors.every((e) => /does not exist|not found/i.test(e.message))) throw new Error(`discountAutomaticDeactivate refused: ${messages(answer.userErrors)}`);
  }
  await markOfferEnded(db, offer.id, { discountNodeId: id });
}

/** Carries out the offers' messages: make, keep in step, or end each offer as it stands now. */
export function drainMemberOffers(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  return drainMessages(db, MEMBER_OFFER, now, async (message) => {
    const { offerId } = JSON.parse(message.payload) as { offerId: string };
    const offer = await db.memberOffer.findUnique({ where: { id: offerId }, include: { shop: { select: { domain: true, currencyCode: true } } } });
    if (!offer) return;
    const { shop, ...row } = offer;
    if (row.status === "pending" || row.status === "active") await makeOffer(db, await adminFor(shop.domain), row, shop.currencyCode);
    else if (row.status === "ending") await endOffer(db, await adminFor(shop.domain), row);
  });
}

/** Takes Klub's tags off the customers of redacted members. */
export function drainMemberUntags(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  return drainMessages(db, MEMBER_UNTAG, now, async (message) => {
    const { customerId, tags } = JSON.parse(message.payload) as { customerId: string; tags: string[] };
    const shop = await db.shop.findUniqueOrThrow({ where: { id: message.shopId }, select: { domain: true } });
    await sendTagChanges(await adminFor(shop.domain), [{ customerGid: `gid://shopify/Customer/${customerId}`, add: [], remove: tags }]);
  });
}
