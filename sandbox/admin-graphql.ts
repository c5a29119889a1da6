// POST /admin/api/2026-10/graphql.json: the Admin API operations Klub sends, answered from the
// sandbox's state, with Shopify's userErrors for invalid input, its 401 for a wrong token and its
// ACCESS_DENIED for a field the token's scopes do not reach.
import { Kind, parse, valueFromASTUntyped, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { flowExtensions, receiveFlowTrigger } from "./flow";
import { memberOfferResolvers, MEMBER_OFFER_SCOPES } from "./member-offers";
import { fromMinor, toMinor } from "./money";
import { acceptsAccessToken } from "./oauth";
import type { Customer, Discount, MetafieldDefinition, Store, Theme } from "./state";
import { storeCreditBalance } from "./store-credit";

type Args = Record<string, unknown>;
type UserError = { field: string[]; message: string; code?: string };

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const idOf = (value: unknown) => Number(String(value ?? "").split("/").pop());

function customerNode(store: Store, c: Customer) {
  const currency = store.state.shop.currency;
  return {
    id: gid("Customer", c.id),
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: `${c.firstName} ${c.lastName}`,
    createdAt: c.createdAt,
    tags: c.tags ?? [],
    storeCreditAccounts: { nodes: [{ id: gid("StoreCreditAccount", c.id), balance: { amount: fromMinor(storeCreditBalance(store, c.id), currency), currencyCode: currency } }] },
    metafields: { nodes: Object.entries(c.metafields).map(([key, m]) => ({ namespace: key.split(".")[0], key: key.split(".")[1], ...m })) },
  };
}

function discountInput(store: Store, input: Args, kind: Discount["kind"]): { discount?: Discount; userErrors: UserError[] } {
  const errors: UserError[] = [];
  const field = kind === "basic" ? "basicCodeDiscount" : "freeShippingCodeDiscount";
  const code = String(input.code ?? "").trim();
  if (!input.title) errors.push({ field: [field, "title"], message: "Title can't be blank", code: "BLANK" });
  if (!code) errors.push({ field: [field, "code"], message: "Code can't be blank", code: "BLANK" });
  if (store.state.discounts.some((d) => d.code.toUpperCase() === code.toUpperCase())) {
    errors.push({ field: [field, "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" });
  }
  if (!input.startsAt) errors.push({ field: [field, "startsAt"], message: "Starts at can't be blank", code: "BLANK" });
  const context = input.context as { customers?: { add?: string[] } } | undefined;
  const customerIds = context?.customers?.add?.map(idOf) ?? null;
  for (const id of customerIds ?? []) {
    if (!store.customer(id)) errors.push({ field: [field, "context", "customers", "add"], message: `Customer ${id} does not exist`, code: "INVALID" });
  }
  let amount: string | null = null;
  let percentage: number | null = null;
  if (kind === "basic") {
    const value = ((input.customerGets as Args | undefined)?.value ?? {}) as { percentage?: number; discountAmount?: { amount?: string | number } };
    if (value.percentage !== undefined) {
      percentage = Number(value.percentage);
      if (!(percentage > 0 && percentage <= 1)) errors.push({ field: [field, "customerGets", "value", "percentage"], message: "Value must be between 0.0 and 1.0", code: "INVALID" });
    } else if (value.discountAmount?.amount !== undefined) {
      amount = String(value.discountAmount.amount);
      if (!(Number(amount) > 0)) errors.push({ field: [field, "customerGets", "value", "discountAmount", "amount"], message: "Value must be greater than 0", code: "GREATER_THAN" });
    } else {
      errors.push({ field: [field, "customerGets", "value"], message: "Value can't be blank", code: "BLANK" });
    }
  }
  if (errors.length) return { userErrors: errors };
  const minimum = (input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: string | number } } | undefined)?.subtotal?.greaterThanOrEqualToSubtotal;
  const combines = (input.combinesWith ?? {}) as Discount["combinesWith"];
  return {
    userErrors: [],
    discount: {
      id: store.nextId(),
      code,
      title: String(input.title),
      kind,
      amount,
      percentage,
      customerIds,
      minimumSubtotal: minimum !== undefined ? String(minimum) : null,
      usageLimit: input.usageLimit === undefined || input.usageLimit === null ? null : Number(input.usageLimit),
      appliesOncePerCustomer: Boolean(input.appliesOncePerCustomer),
      usedBy: [],
      startsAt: String(input.startsAt),
      endsAt: input.endsAt ? String(input.endsAt) : null,
      combinesWith: { orderDiscounts: !!combines.orderDiscounts, productDiscounts: !!combines.productDiscounts, shippingDiscounts: !!combines.shippingDiscounts },
      active: true,
    },
  };
}

type Resolver = (store: Store, args: Args) => unknown;

/** A field's error, answered in `errors` beside the other fields' data, as GraphQL does. */
class FieldError extends Error {}

/** A field that takes arguments below the top level (a theme's files): given them when the query selects it. */
type WithArgs = (args: Args) => unknown;

/** Shopify's filename patterns: '*' matches any characters. */
const matches = (pattern: string, name: string) => new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(name);

function themeNode(theme: Theme) {
  const files: WithArgs = (args) => {
    const names = args.filenames as string[] | undefined;
    if (names && names.length > 50) throw new FieldError("filenames: at most 50 filenames can be specified");
    const nodes = Object.entries(theme.files)
      .filter(([name]) => !names || names.some((pattern) => matches(pattern, name)))
      .slice(0, Number(args.first ?? 50))
      .map(([filename, content]) => ({
        filename,
        size: Buffer.byteLength(content),
        contentType: filename.endsWith(".json") ? "application/json" : "text/plain",
        body: { __typename: "OnlineStoreThemeFileBodyText", content },
      }));
    return { nodes, edges: nodes.map((node) => ({ node, cursor: node.filename })), pageInfo: { hasNextPage: false, endCursor: null }, userErrors: [] };
  };
  return { id: gid("OnlineStoreTheme", theme.id), name: theme.name, role: theme.role, processing: false, processingFailed: false, files };
}

/** The scopes a field needs (either one), as Shopify checks them: otherwise ACCESS_DENIED. */
const REQUIRED_SCOPES: Record<string, string[]> = { themes: ["read_themes", "write_themes"], theme: ["read_themes", "write_themes"], ...MEMBER_OFFER_SCOPES };

const OWNER_TYPES = ["CUSTOMER", "ORDER", "PRODUCT", "PRODUCTVARIANT", "COLLECTION", "SHOP", "COMPANY", "LOCATION"];
const METAFIELD_TYPES = ["boolean", "number_integer", "number_decimal", "single_line_text_field", "multi_line_text_field", "json", "date", "date_time", "money", "url", "color"];

const definitionNode = (d: MetafieldDefinition) => ({
  id: gid("MetafieldDefinition", d.id),
  name: d.name,
  namespace: d.namespace,
  key: d.key,
  ownerType: d.ownerType,
  type: { name: d.type },
  access: d.access,
});

/** The app's one installation on the sandbox shop: the owner of app-data metafields. */
export const APP_INSTALLATION = "gid://shopify/AppInstallation/1";

const resolvers: Record<string, Resolver> = {
  ...memberOfferResolvers,
  currentAppInstallation: () => ({ id: APP_INSTALLATION }),
  flowTriggerReceive: (store, args) => receiveFlowTrigger(store, flowExtensions(), args),
  themes: (store, args) => {
    const roles = args.roles as string[] | undefined;
    const nodes = store.state.themes.filter((t) => !roles?.length || roles.includes(t.role)).slice(0, Number(args.first ?? 50)).map(themeNode);
    return { nodes, edges: nodes.map((node) => ({ node, cursor: node.id })), pageInfo: { hasNextPage: false, endCursor: null } };
  },
  theme: (store, args) => {
    const theme = store.state.themes.find((t) => t.id === idOf(args.id));
    return theme ? themeNode(theme) : null;
  },
  shop: ({ state: { shop } }) => ({
    id: gid("Shop", shop.id),
    name: shop.name,
    myshopifyDomain: shop.domain,
    // A development store answers on its myshopify domain; the sandbox's storefront on its own origin.
    primaryDomain: shop.storefrontUrl ? { host: new URL(shop.storefrontUrl).host, url: shop.storefrontUrl } : { host: shop.domain, url: `https://${shop.domain}` },
    brand: { logo: null },
    currencyCode: shop.currency,
    ianaTimezone: shop.timezone,
    email: shop.email,
    contactEmail: shop.email,
    plan: { ...shop.plan, displayName: shop.plan.publicDisplayName },
    customerAccountsV2: { customerAccountsVersion: shop.customerAccountsVersion, loginRequiredAtCheckout: false },
    billingAddress: { countryCodeV2: "PL", country: "Poland", city: "Warsaw" },
  }),
  shopLocales: (store, args) => {
    // One published locale, the primary one.
    const locales = [{ locale: store.state.shop.locale, name: store.state.shop.locale, primary: true, published: true }];
    return args.published === false ? [] : locales;
  },
  metafieldDefinitions: (store, args) => {
    const nodes = store.state.metafieldDefinitions
      .filter((d) => (!args.ownerType || d.ownerType === args.ownerType) && (!args.namespace || d.namespace === args.namespace))
      .map(definitionNode);
    return { nodes, pageInfo: { hasNextPage: false, endCursor: null } };
  },
  metafieldDefinitionCreate: (store, args) => {
    const input = (args.definition ?? {}) as Args;
    const errors: UserError[] = [];
    const text = (name: string) => String(input[name] ?? "").trim();
    if (!text("name")) errors.push({ field: ["definition", "name"], message: "Name can't be blank", code: "BLANK" });
    if (!/^[\w$:-]{2,255}$/.test(text("namespace"))) errors.push({ field: ["definition", "namespace"], message: "Namespace is invalid", code: "INVALID" });
    if (!/^[\w-]{2,64}$/.test(text("key"))) errors.push({ field: ["definition", "key"], message: "Key is invalid", code: "INVALID" });
    if (!METAFIELD_TYPES.includes(text("type"))) errors.push({ field: ["definition", "type"], message: "Type is invalid", code: "INCLUSION" });
    if (!OWNER_TYPES.includes(text("ownerType"))) errors.push({ field: ["definition", "ownerType"], message: "Owner type is invalid", code: "INCLUSION" });
    const access = (input.access ?? {}) as { admin?: string; storefront?: string; customerAccount?: string };
    if (access.storefront !== undefined && !["PUBLIC_READ", "NONE"].includes(access.storefront)) errors.push({ field: ["definition", "access", "storefront"], message: "Storefront access is invalid", code: "INVALID" });
    if (access.customerAccount !== undefined && !["READ", "READ_WRITE", "NONE"].includes(access.customerAccount)) errors.push({ field: ["definition", "access", "customerAccount"], message: "Customer account access is invalid", code: "INVALID" });
    if (access.admin !== undefined && !["MERCHANT_READ", "MERCHANT_READ_WRITE", "PRIVATE", "PUBLIC_READ", "PUBLIC_READ_WRITE"].includes(access.admin)) errors.push({ field: ["definition", "access", "admin"], message: "Admin access is invalid", code: "INVALID" });
    const taken = store.state.metafieldDefinitions.some((d) => d.ownerType === text("ownerType") && d.namespace === text("namespace") && d.key === text("key"));
    if (taken) errors.push({ field: ["definition", "key"], message: `Key is in use for ${text("ownerType").toLowerCase()} metafields on the '${text("namespace")}' namespace.`, code: "TAKEN" });
    if (errors.length) return { createdDefinition: null, userErrors: errors };
    const definition: MetafieldDefinition = {
      id: store.nextId(),
      ownerType: text("ownerType"),
      namespace: text("namespace"),
      key: text("key"),
      name: text("name"),
      type: text("type"),
      access: { admin: access.admin ?? null, storefront: access.storefront ?? "NONE", customerAccount: access.customerAccount ?? "NONE" },
    };
    store.state.metafieldDefinitions.push(definition);
    store.save();
    return { createdDefinition: definitionNode(definition), userErrors: [] };
  },
  customers: (store, args) => {
    const query = String(args.query ?? "").toLowerCase();
    const nodes = store.state.customers
      .filter((c) => !query || `${c.email} ${c.firstName} ${c.lastName}`.toLowerCase().includes(query))
      .slice(0, Number(args.first ?? 50))
      .map((c) => customerNode(store, c));
    return { nodes, edges: nodes.map((node) => ({ node, cursor: node.id })), pageInfo: { hasNextPage: false, endCursor: nodes.at(-1)?.id ?? null } };
  },
  customer: (store, args) => {
    const c = store.customer(idOf(args.id));
    return c ? customerNode(store, c) : null;
  },
  products: (store, args) => {
    const nodes = store.state.products.slice(0, Number(args.first ?? 50)).map((p) => ({
      id: gid("Product", p.id),
      title: p.title,
      handle: p.handle,
      variants: { nodes: [{ id: gid("ProductVariant", p.variantId), price: p.price, title: "Default Title" }] },
    }));
    return { nodes, edges: nodes.map((node) => ({ node, cursor: node.id })), pageInfo: { hasNextPage: false, endCursor: null } };
  },
  collection: (store, args) => {
    const collection = store.state.collections.find((c) => c.id === idOf(args.id));
    if (!collection) return null;
    const nodes = collection.productIds.map((id) => ({ id: gid("Product", id) }));
    return { id: gid("Collection", collection.id), title: collection.title, handle: collection.handle, products: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } };
  },
  discountCodeBasicCreate: (store, args) => createDiscount(store, args.basicCodeDiscount as Args, "basic"),
  discountCodeFreeShippingCreate: (store, args) => createDiscount(store, args.freeShippingCodeDiscount as Args, "free_shipping"),
  codeDiscountNodeByCode: (store, args) => {
    const discount = store.state.discounts.find((d) => d.code.toUpperCase() === String(args.code ?? "").toUpperCase());
    return discount ? { id: gid("DiscountCodeNode", discount.id), codeDiscount: { title: discount.title, status: discount.active ? "ACTIVE" : "EXPIRED" } } : null;
  },
  discountCodeDeactivate: (store, args) => {
    const discount = store.state.discounts.find((d) => d.id === idOf(args.id));
    if (!discount) return { codeDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }] };
    discount.active = false;
    store.save();
    return { codeDiscountNode: { id: gid("DiscountCodeNode", discount.id), codeDiscount: { status: "EXPIRED" } }, userErrors: [] };
  },
  metafieldsSet: (store, args) => {
    const metafields = (args.metafields ?? []) as { ownerId: string; namespace: string; key: string; type: string; value: string }[];
    if (metafields.length > 25) {
      return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO" }] };
    }
    const userErrors: UserError[] = [];
    const forApp = (m: { ownerId: string }) => m.ownerId === APP_INSTALLATION;
    metafields.forEach((m, i) => {
      if (m.type === "json") {
        try {
          JSON.parse(m.value);
        } catch {
          userErrors.push({ field: ["metafields", String(i), "value"], message: "Value must be valid JSON", code: "INVALID_VALUE" });
        }
      }
      if (!forApp(m) && !store.customer(idOf(m.ownerId))) userErrors.push({ field: ["metafields", String(i), "ownerId"], message: "Owner does not exist", code: "INVALID" });
      const definition = forApp(m) ? undefined : store.state.metafieldDefinitions.find((d) => d.ownerType === "CUSTOMER" && d.namespace === m.namespace && d.key === m.key);
      if (definition && definition.type !== m.type) userErrors.push({ field: ["metafields", String(i), "type"], message: `Type must be ${definition.type} (the definition's type)`, code: "INVALID_TYPE" });
      if (m.type === "number_integer" && !/^-?\d+$/.test(m.value)) userErrors.push({ field: ["metafields", String(i), "value"], message: "Value must be an integer", code: "INVALID_VALUE" });
      if (!m.value) userErrors.push({ field: ["metafields", String(i), "value"], message: "Value can't be blank", code: "BLANK" });
    });
    if (userErrors.length) return { metafields: null, userErrors }; // atomic, as Shopify's
    for (const m of metafields) {
      const owner = forApp(m) ? store.state.appMetafields : store.customer(idOf(m.ownerId))!.metafields;
      owner[`${m.namespace}.${m.key}`] = { type: m.type, value: m.value };
    }
    store.save();
    return { metafields: metafields.map((m) => ({ key: m.key, namespace: m.namespace, value: m.value })), userErrors: [] };
  },
  storeCreditAccountCredit: (store, args) => {
    const customer = store.customer(idOf(args.id));
    const input = args.creditInput as { creditAmount?: { amount?: string; currencyCode?: string }; expiresAt?: string | null } | undefined;
    const credit = input?.creditAmount;
    const currency = store.state.shop.currency;
    if (!customer) return { storeCreditAccountTransaction: null, userErrors: [{ field: ["id"], message: "Store credit account does not exist", code: "ACCOUNT_NOT_FOUND" }] };
    let minor: number;
    try {
      minor = credit?.amount && credit.currencyCode === currency ? toMinor(credit.amount, currency) : 0;
    } catch {
      minor = 0; // more decimals than the currency has: not an amount Shopify takes
    }
    if (!(minor > 0)) {
      return { storeCreditAccountTransaction: null, userErrors: [{ field: ["creditInput", "creditAmount"], message: "A positive amount in the account's currency is required", code: "INVALID" }] };
    }
    customer.storeCreditMinor += minor;
    store.state.storeCreditTransactions.push({ id: store.nextId(), customerId: customer.id, amount: credit!.amount!, currencyCode: credit!.currencyCode!, expiresAt: input?.expiresAt ?? null, createdAt: new Date().toISOString() });
    store.save();
    const balance = { amount: fromMinor(storeCreditBalance(store, customer.id), currency), currencyCode: currency };
    return { storeCreditAccountTransaction: { amount: { amount: fromMinor(minor, currency), currencyCode: currency }, balanceAfterTransaction: balance, account: { id: gid("StoreCreditAccount", customer.id), balance } }, userErrors: [] };
  },
};

function createDiscount(store: Store, input: Args, kind: Discount["kind"]) {
  const { discount, userErrors } = discountInput(store, input ?? {}, kind);
  if (!discount) return { codeDiscountNode: null, userErrors };
  store.state.discounts.push(discount);
  store.save();
  return {
    codeDiscountNode: { id: gid("DiscountCodeNode", discount.id), codeDiscount: { title: discount.title, codes: { nodes: [{ code: discount.code }] }, status: "ACTIVE" } },
    userErrors: [],
  };
}

export interface GraphqlAnswer {
  status: number;
  body: unknown;
}

/** The fields a selection set asks for, inline fragments (a union's members) flattened. */
function fieldsOf(set: SelectionSetNode): FieldNode[] {
  return set.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s] : s.kind === Kind.INLINE_FRAGMENT ? fieldsOf(s.selectionSet) : []));
}

const argsOf = (field: FieldNode, variables: Args): Args => Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));

/** Gives the selected fields that take arguments their arguments, all the way down; the rest stays as resolved. */
function settle(value: unknown, field: FieldNode, variables: Args): unknown {
  if (Array.isArray(value)) return value.map((v) => settle(v, field, variables));
  if (!value || typeof value !== "object" || !field.selectionSet) return value;
  const settled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const child of fieldsOf(field.selectionSet)) {
    const raw = settled[child.name.value];
    settled[child.alias?.value ?? child.name.value] = settle(typeof raw === "function" ? (raw as WithArgs)(argsOf(child, variables)) : raw, child, variables);
  }
  return settled;
}

export function answerAdminGraphql(store: Store, accessToken: string | null, rawBody: string, now = new Date()): GraphqlAnswer {
  if (!acceptsAccessToken(store, accessToken, now)) {
    return { status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } };
  }
  let request: { query?: string; variables?: Args };
  try {
    request = JSON.parse(rawBody);
  } catch {
    return { status: 400, body: { errors: "Body is not JSON" } };
  }
  let operation: OperationDefinitionNode | undefined;
  try {
    operation = parse(request.query ?? "").definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch (error) {
    return { status: 200, body: { errors: [{ message: (error as Error).message }] } };
  }
  if (!operation) return { status: 200, body: { errors: [{ message: "No operation" }] } };
  const data: Record<string, unknown> = {};
  const errors: { message: string; path?: string[]; extensions?: Record<string, string> }[] = [];
  const granted = (store.state.app.tokens.find((t) => t.accessToken === accessToken)?.scope ?? "").split(",").map((s) => s.trim());
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = selection as FieldNode;
    const name = field.name.value;
    const resolve = resolvers[name];
    if (!resolve) {
      errors.push({ message: `Field '${name}' doesn't exist on type '${operation.operation === "mutation" ? "Mutation" : "QueryRoot"}'` });
      continue;
    }
    const key = field.alias?.value ?? name;
    const needs = REQUIRED_SCOPES[name];
    if (needs && !needs.some((scope) => granted.includes(scope))) {
      const requiredAccess = `\`${needs[0]}\` access scope.`;
      errors.push({ message: `Access denied for ${name} field. Required access: ${requiredAccess}`, path: [key], extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess } });
      data[key] = null;
      continue;
    }
    try {
      data[key] = settle(resolve(store, argsOf(field, request.variables ?? {})), field, request.variables ?? {});
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors.push({ message: error.message, path: [key] });
      data[key] = null;
    }
  }
  return { status: 200, body: errors.length ? { data, errors } : { data } };
}
