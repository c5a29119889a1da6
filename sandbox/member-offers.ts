// The Admin API operations behind members-only offers, answered as Shopify answers them: customer
// segments (segmentCreate / segmentUpdate / segments), customer tags (tagsAdd / tagsRemove), and
// automatic discounts for a segment (discountAutomaticBasicCreate,
// discountAutomaticFreeShippingCreate, automaticDiscountNodes, discountAutomaticDeactivate), each
// validated with Shopify's userErrors. Checkout applies the automatic discounts (sandbox/orders.ts).
import { toMinor } from "./money";
import { parseSegmentQuery, segmentQueryError } from "./segments";
import type { AutomaticDiscount, Customer, Segment, Store } from "./state";

type Args = Record<string, unknown>;
type UserError = { field: string[]; message: string; code?: string };

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const idOf = (value: unknown) => Number(String(value ?? "").split("/").pop());

const segmentNode = (s: Segment) => ({ id: gid("Segment", s.id), name: s.name, query: s.query, creationDate: s.createdAt, lastEditDate: s.createdAt });

/** A search query's `field:'value'` (or field:value) term, the only form the sandbox reads. */
function searchTerm(query: unknown, field: string): string | null {
  const match = new RegExp(`${field}:(?:'((?:\\\\.|[^'])*)'|(\\S+))`, "i").exec(String(query ?? ""));
  return match ? (match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2]) : null;
}

/** Whether the customer is in the segment now (a guest never is). */
export function inSegment(store: Store, segmentId: number, customer: Customer | undefined): boolean {
  const segment = store.state.segments.find((s) => s.id === segmentId);
  if (!segment || !customer) return false;
  return parseSegmentQuery(segment.query)(customer.tags ?? []);
}

/** The automatic discounts this buyer gets now: live, in their segment (or everyone's). */
export function automaticDiscountsFor(store: Store, customer: Customer | undefined, now: Date): AutomaticDiscount[] {
  return (store.state.automaticDiscounts ?? []).filter(
    (d) =>
      d.active &&
      new Date(d.startsAt) <= now &&
      (!d.endsAt || new Date(d.endsAt) > now) &&
      (d.segmentIds === null || d.segmentIds.some((id) => inSegment(store, id, customer))),
  );
}

function automaticInput(store: Store, input: Args, kind: AutomaticDiscount["kind"]): { discount?: AutomaticDiscount; userErrors: UserError[] } {
  const field = kind === "basic" ? "automaticBasicDiscount" : "freeShippingAutomaticDiscount";
  const errors: UserError[] = [];
  if (!String(input.title ?? "").trim()) errors.push({ field: [field, "title"], message: "Title can't be blank", code: "BLANK" });
  if (!input.startsAt || Number.isNaN(new Date(String(input.startsAt)).getTime())) errors.push({ field: [field, "startsAt"], message: "Starts at can't be blank", code: "BLANK" });
  if (input.endsAt && new Date(String(input.endsAt)) <= new Date(String(input.startsAt))) errors.push({ field: [field, "endsAt"], message: "Ends at needs to be after starts_at", code: "INVALID" });
  const context = input.context as { all?: string; customerSegments?: { add?: string[] } } | undefined;
  let segmentIds: number[] | null = null;
  if (!context) errors.push({ field: [field, "context"], message: "Context can't be blank", code: "BLANK" });
  else if (context.customerSegments) {
    segmentIds = (context.customerSegments.add ?? []).map(idOf);
    if (!segmentIds.length) errors.push({ field: [field, "context", "customerSegments", "add"], message: "Customer segments can't be blank", code: "BLANK" });
    for (const id of segmentIds) {
      if (!store.state.segments.some((s) => s.id === id)) errors.push({ field: [field, "context", "customerSegments", "add"], message: `Segment ${id} does not exist`, code: "INVALID" });
    }
  } else if (context.all !== "ALL") errors.push({ field: [field, "context"], message: "Context is invalid", code: "INVALID" });
  let amount: string | null = null;
  let percentage: number | null = null;
  if (kind === "basic") {
    const value = ((input.customerGets as Args | undefined)?.value ?? {}) as { percentage?: number; discountAmount?: { amount?: string | number } };
    if (value.percentage !== undefined) {
      percentage = Number(value.percentage);
      if (!(percentage > 0 && percentage <= 1)) errors.push({ field: [field, "customerGets", "value", "percentage"], message: "Value must be between 0.0 and 1.0", code: "INVALID" });
    } else if (value.discountAmount?.amount !== undefined) {
      amount = String(value.discountAmount.amount);
      let minor: number;
      try {
        minor = toMinor(amount, store.state.shop.currency);
      } catch {
        minor = 0; // more decimals than the currency has: not an amount Shopify takes
      }
      if (!(minor > 0)) errors.push({ field: [field, "customerGets", "value", "discountAmount", "amount"], message: "Value must be greater than 0", code: "GREATER_THAN" });
    } else errors.push({ field: [field, "customerGets", "value"], message: "Value can't be blank", code: "BLANK" });
  }
  if (errors.length) return { userErrors: errors };
  const minimum = (input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: string | number } } | null | undefined)?.subtotal?.greaterThanOrEqualToSubtotal;
  const combines = (input.combinesWith ?? {}) as Partial<AutomaticDiscount["combinesWith"]>;
  return {
    userErrors: [],
    discount: {
      id: store.nextId(),
      title: String(input.title).trim(),
      kind,
      amount,
      percentage,
      segmentIds,
      minimumSubtotal: minimum !== undefined ? String(minimum) : null,
      startsAt: new Date(String(input.startsAt)).toISOString(),
      endsAt: input.endsAt ? new Date(String(input.endsAt)).toISOString() : null,
      combinesWith: { orderDiscounts: !!combines.orderDiscounts, productDiscounts: !!combines.productDiscounts, shippingDiscounts: !!combines.shippingDiscounts },
      active: true,
    },
  };
}

function automaticNode(d: AutomaticDiscount) {
  const status = !d.active || (d.endsAt && new Date(d.endsAt) <= new Date()) ? "EXPIRED" : new Date(d.startsAt) > new Date() ? "SCHEDULED" : "ACTIVE";
  return {
    id: gid("DiscountAutomaticNode", d.id),
    automaticDiscount: {
      __typename: d.kind === "basic" ? "DiscountAutomaticBasic" : "DiscountAutomaticFreeShipping",
      title: d.title,
      status,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      context: d.segmentIds ? { __typename: "DiscountCustomerSegments", segments: d.segmentIds.map((id) => ({ id: gid("Segment", id) })) } : { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
    },
  };
}

function createAutomatic(store: Store, input: Args | undefined, kind: AutomaticDiscount["kind"]) {
  const { discount, userErrors } = automaticInput(store, input ?? {}, kind);
  if (!discount) return { automaticDiscountNode: null, userErrors };
  store.state.automaticDiscounts.push(discount);
  store.save();
  return { automaticDiscountNode: automaticNode(discount), userErrors: [] };
}

function changeTags(store: Store, args: Args, add: boolean) {
  const customer = store.customer(idOf(args.id));
  if (!customer) return { node: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
  const tags = (Array.isArray(args.tags) ? args.tags : String(args.tags ?? "").split(",")).map((t) => String(t).trim()).filter(Boolean);
  if (!tags.length) return { node: null, userErrors: [{ field: ["tags"], message: "Tags can't be blank" }] };
  const held = customer.tags ?? [];
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  customer.tags = add ? [...held, ...tags.filter((t) => !held.some((h) => same(h, t)))] : held.filter((h) => !tags.some((t) => same(h, t)));
  store.save();
  return { node: { id: gid("Customer", customer.id) }, userErrors: [] };
}

type Resolver = (store: Store, args: Args) => unknown;

export const memberOfferResolvers: Record<string, Resolver> = {
  segmentCreate: (store, args) => {
    const name = String(args.name ?? "").trim();
    const query = String(args.query ?? "");
    const userErrors: UserError[] = [];
    if (!name) userErrors.push({ field: ["name"], message: "Name can't be blank" });
    else if (store.state.segments.some((s) => s.name === name)) userErrors.push({ field: ["name"], message: "Name has already been taken" });
    const invalid = segmentQueryError(query);
    if (invalid) userErrors.push({ field: ["query"], message: invalid });
    if (userErrors.length) return { segment: null, userErrors };
    const segment: Segment = { id: store.nextId(), name, query, createdAt: new Date().toISOString() };
    store.state.segments.push(segment);
    store.save();
    return { segment: segmentNode(segment), userErrors: [] };
  },
  segmentUpdate: (store, args) => {
    const segment = store.state.segments.find((s) => s.id === idOf(args.id));
    if (!segment) return { segment: null, userErrors: [{ field: ["id"], message: "Segment does not exist" }] };
    if (args.query !== undefined && args.query !== null) {
      const invalid = segmentQueryError(String(args.query));
      if (invalid) return { segment: null, userErrors: [{ field: ["query"], message: invalid }] };
      segment.query = String(args.query);
    }
    if (args.name) segment.name = String(args.name);
    store.save();
    return { segment: segmentNode(segment), userErrors: [] };
  },
  segment: (store, args) => {
    const segment = store.state.segments.find((s) => s.id === idOf(args.id));
    return segment ? segmentNode(segment) : null;
  },
  segments: (store, args) => {
    const name = searchTerm(args.query, "name");
    const nodes = store.state.segments.filter((s) => name === null || s.name.toLowerCase().includes(name.toLowerCase())).slice(0, Number(args.first ?? 50)).map(segmentNode);
    return { nodes, edges: nodes.map((node) => ({ node, cursor: node.id })), pageInfo: { hasNextPage: false, endCursor: null } };
  },
  tagsAdd: (store, args) => changeTags(store, args, true),
  tagsRemove: (store, args) => changeTags(store, args, false),
  discountAutomaticBasicCreate: (store, args) => createAutomatic(store, args.automaticBasicDiscount as Args, "basic"),
  discountAutomaticFreeShippingCreate: (store, args) => createAutomatic(store, args.freeShippingAutomaticDiscount as Args, "free_shipping"),
  automaticDiscountNodes: (store, args) => {
    const title = searchTerm(args.query, "title");
    const nodes = store.state.automaticDiscounts.filter((d) => title === null || d.title.toLowerCase() === title.toLowerCase()).slice(0, Number(args.first ?? 50)).map(automaticNode);
    return { nodes, edges: nodes.map((node) => ({ node, cursor: node.id })), pageInfo: { hasNextPage: false, endCursor: null } };
  },
  discountAutomaticDeactivate: (store, args) => {
    const discount = store.state.automaticDiscounts.find((d) => d.id === idOf(args.id));
    if (!discount) return { automaticDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }] };
    discount.active = false;
    store.save();
    return { automaticDiscountNode: automaticNode(discount), userErrors: [] };
  },
};

/** The scopes each operation needs, as Shopify checks them. */
export const MEMBER_OFFER_SCOPES: Record<string, string[]> = {
  segmentCreate: ["write_customers"],
  segmentUpdate: ["write_customers"],
  segments: ["read_customers", "write_customers"],
  segment: ["read_customers", "write_customers"],
  tagsAdd: ["write_customers"],
  tagsRemove: ["write_customers"],
  discountAutomaticBasicCreate: ["write_discounts"],
  discountAutomaticFreeShippingCreate: ["write_discounts"],
  automaticDiscountNodes: ["read_discounts", "write_discounts"],
  discountAutomaticDeactivate: ["write_discounts"],
};
