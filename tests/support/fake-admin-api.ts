// A stand-in for Shopify's Admin GraphQL endpoint, over HTTP, as far as the outbox uses it
// (metafieldsSet, currentAppInstallation for app-data metafields, a collection's products) and
// the redeem uses it (reward codes, their lookup and deactivation, store credit). It checks the access token and the 25-metafield limit as Shopify does, keeps
// the metafields it was sent, and can be told to fail.
import { createServer, type Server } from "node:http";
import type { AdminGraphql } from "../../app/shopify/outbox-worker.server";

export interface FakeAdminApi {
  url: string;
  metafields: Map<string, string>; // "<ownerId> <namespace>.<key>" -> value
  collections: Map<string, string[]>; // collection gid -> product gids, answered a page of `pageSize` at a time
  missingOwners: Set<string>; // owner gids Shopify does not have ("Owner does not exist")
  pageSize: number;
  /** Each metafieldsSet call: how many metafields, and which app instance sent it (x-klub-instance, tests/support/shopify-at-fake.mjs). */
  calls: { metafields: number; instance?: string }[];
  /** Flow triggers received (flowTriggerReceive), in order, with the instance that sent each. */
  flowTriggers: { handle: string; payload: Record<string, unknown>; instance?: string }[];
  failNext: (count: number, how: "http_500" | "user_errors") => void;
  /** Discount codes created (discountCodeBasicCreate / discountCodeFreeShippingCreate), by code. */
  discounts: Map<string, FakeDiscount>;
  /** Store credit given (storeCreditAccountCredit), in order. */
  credits: { accountId: string; amount: string; currencyCode: string; expiresAt?: string }[];
  /**
   * The next discount creations fail: refused with userErrors, a 500, or made but the answer lost
   * (the connection is cut after the code exists, as a timeout would leave it).
   */
  failDiscounts: (count: number, how: "refuse" | "http_500" | "lose_answer") => void;
  /** Tags on customers (tagsAdd / tagsRemove), by customer gid; and each call, in order. */
  tags: Map<string, Set<string>>;
  tagCalls: { id: string; field: "tagsAdd" | "tagsRemove"; tags: string[] }[];
  /** Customer segments (segmentCreate / segmentUpdate), by gid. */
  segments: Map<string, { id: string; name: string; query: string }>;
  /** Automatic discounts (discountAutomaticBasicCreate / FreeShippingCreate), by gid. */
  automaticDiscounts: Map<string, FakeDiscount>;
  /** The next automatic discount creations are refused with a userError, or made with the answer lost. */
  failOffers: (count: number, how: "refuse" | "lose_answer") => void;
  adminFor: (shopDomain: string) => Promise<AdminGraphql>;
  close: () => Promise<void>;
}

export interface FakeDiscount {
  id: string;
  active: boolean;
  input: Record<string, unknown>;
}

export const ACCESS_TOKEN = "shpat_test_token";

export async function startFakeAdminApi(): Promise<FakeAdminApi> {
  const metafields = new Map<string, string>();
  const collections = new Map<string, string[]>();
  const missingOwners = new Set<string>();
  const api = { pageSize: 250 };
  const calls: FakeAdminApi["calls"] = [];
  const flowTriggers: FakeAdminApi["flowTriggers"] = [];
  const failures: ("http_500" | "user_errors")[] = [];
  const discounts = new Map<string, FakeDiscount>();
  const credits: FakeAdminApi["credits"] = [];
  const discountFaults: ("refuse" | "http_500" | "lose_answer")[] = [];
  const tags = new Map<string, Set<string>>();
  const segments: FakeAdminApi["segments"] = new Map();
  const automaticDiscounts: FakeAdminApi["automaticDiscounts"] = new Map();
  const offerFaults: ("refuse" | "lose_answer")[] = [];
  const tagCalls: FakeAdminApi["tagCalls"] = [];
  const server: Server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(value));
    };
    if (!/^\/admin\/api\/2026-10\/graphql\.json$/.test(request.url ?? "")) return json(404, { errors: "Not Found" });
    if (request.headers["x-shopify-access-token"] !== ACCESS_TOKEN) return json(401, { errors: "[API] Invalid API key or access token" });
    const { query, variables } = JSON.parse(body) as { query: string; variables: { metafields: Record<string, string>[]; id?: string; after?: string | null } };
    if (query.includes("collection(")) {
      const products = collections.get(variables.id ?? "");
      if (!products) return json(200, { data: { collection: null } });
      const start = Number(variables.after ?? 0);
      const nodes = products.slice(start, start + api.pageSize).map((id) => ({ id }));
      const more = start + api.pageSize < products.length;
      return json(200, { data: { collection: { products: { nodes, pageInfo: { hasNextPage: more, endCursor: more ? String(start + api.pageSize) : null } } } } });
    }
    const discountField = ["discountCodeBasicCreate", "discountCodeFreeShippingCreate"].find((f) => query.includes(`${f}(`));
    if (discountField) {
      const input = (variables as unknown as { input: Record<string, unknown> }).input;
      const fault = discountFaults.shift();
      if (fault === "http_500") return json(500, { errors: "Internal Server Error" });
      const refuse = (field: string, message: string, code: string) => json(200, { data: { [discountField]: { codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", field], message, code }] } } });
      if (fault === "refuse") return refuse("customerGets", "Customer gets value is invalid", "INVALID");
      const code = String(input.code);
      if (discounts.has(code)) return refuse("code", "Code must be unique. Please try a different code.", "TAKEN");
      const id = `gid://shopify/DiscountCodeNode/${discounts.size + 1}`;
      discounts.set(code, { id, active: true, input });
      if (fault === "lose_answer") return response.destroy();
      return json(200, { data: { [discountField]: { codeDiscountNode: { id }, userErrors: [] } } });
    }
    if (query.includes("codeDiscountNodeByCode(")) {
      const found = discounts.get(String((variables as unknown as { code: string }).code));
      return json(200, { data: { codeDiscountNodeByCode: found ? { id: found.id } : null } });
    }
    if (query.includes("discountCodeDeactivate(")) {
      const found = [...discounts.values()].find((d) => d.id === variables.id);
      if (!found) return json(200, { data: { discountCodeDeactivate: { codeDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }] } } });
      found.active = false;
      return json(200, { data: { discountCodeDeactivate: { codeDiscountNode: { id: found.id }, userErrors: [] } } });
    }
    if (query.includes("storeCreditAccountCredit(")) {
      const { id, input } = variables as unknown as { id: string; input: { creditAmount: { amount: string; currencyCode: string }; expiresAt?: string } };
      credits.push({ accountId: id, ...input.creditAmount, expiresAt: input.expiresAt });
      return json(200, { data: { storeCreditAccountCredit: { storeCreditAccountTransaction: { amount: input.creditAmount }, userErrors: [] } } });
    }
    // Members-only offers (app/shopify/member-offers.server.ts): segments and automatic discounts.
    const vars = variables as unknown as Record<string, unknown>;
    if (query.includes("segmentCreate(")) {
      const name = String(vars.name);
      if ([...segments.values()].some((x) => x.name === name)) return json(200, { data: { segmentCreate: { segment: null, userErrors: [{ field: ["name"], message: "Name has already been taken" }] } } });
      const id = `gid://shopify/Segment/${segments.size + 1}`;
      segments.set(id, { id, name, query: String(vars.query) });
      return json(200, { data: { segmentCreate: { segment: { id, query: vars.query }, userErrors: [] } } });
    }
    if (query.includes("segmentUpdate(")) {
      const found = segments.get(String(vars.id));
      if (!found) return json(200, { data: { segmentUpdate: { segment: null, userErrors: [{ field: ["id"], message: "Segment does not exist" }] } } });
      found.query = String(vars.query);
      return json(200, { data: { segmentUpdate: { segment: { id: found.id, query: found.query }, userErrors: [] } } });
    }
    if (query.includes("segments(")) {
      const name = /^name:'(.*)'$/.exec(String(vars.query))?.[1]?.replace(/\\(.)/g, "$1");
      return json(200, { data: { segments: { nodes: [...segments.values()].filter((x) => name === undefined || x.name.includes(name)) } } });
    }
    const automaticField = ["discountAutomaticBasicCreate", "discountAutomaticFreeShippingCreate"].find((f) => query.includes(`${f}(`));
    if (automaticField) {
      const input = vars.input as Record<string, unknown> & { title: string; context: { customerSegments: { add: string[] } } };
      const fault = offerFaults.shift();
      if (fault === "refuse") return json(200, { data: { [automaticField]: { automaticDiscountNode: null, userErrors: [{ field: ["automaticBasicDiscount", "title"], message: "Title is too long for Shopify today", code: "INVALID" }] } } });
      const id = `gid://shopify/DiscountAutomaticNode/${automaticDiscounts.size + 1}`;
      automaticDiscounts.set(id, { id, active: true, input });
      if (fault === "lose_answer") return response.destroy();
      return json(200, { data: { [automaticField]: { automaticDiscountNode: { id }, userErrors: [] } } });
    }
    if (query.includes("automaticDiscountNodes(")) {
      const title = /^title:'(.*)'$/.exec(String(vars.query))?.[1]?.replace(/\\(.)/g, "$1");
      const nodes = [...automaticDiscounts.values()]
        .filter((d) => d.input.title === title)
        .map((d) => ({ id: d.id, automaticDiscount: { title: d.input.title, context: { segments: (d.input.context as { customerSegments: { add: string[] } }).customerSegments.add.map((id) => ({ id })) } } }));
      return json(200, { data: { automaticDiscountNodes: { nodes } } });
    }
    if (query.includes("discountAutomaticDeactivate(")) {
      const found = automaticDiscounts.get(String(vars.id));
      if (!found) return json(200, { data: { discountAutomaticDeactivate: { automaticDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }] } } });
      found.active = false;
      return json(200, { data: { discountAutomaticDeactivate: { automaticDiscountNode: { id: found.id }, userErrors: [] } } });
    }
    const instance = request.headers["x-klub-instance"] as string | undefined;
    if (query.includes("flowTriggerReceive(")) {
      flowTriggers.push({ handle: String(vars.handle), payload: vars.payload as Record<string, unknown>, instance });
      return json(200, { data: { flowTriggerReceive: { userErrors: [] } } });
    }
    if (query.includes("currentAppInstallation")) return json(200, { data: { currentAppInstallation: { id: "gid://shopify/AppInstallation/1" } } });
    // Klub's tags on customers (app/shopify/member-tags.server.ts): aliased tagsAdd / tagsRemove, one call for a batch.
    const tagFields = [...query.matchAll(/(\w+): (tagsAdd|tagsRemove)\(id: \$(\w+), tags: \$(\w+)\)/g)];
    if (tagFields.length) {
      const data: Record<string, unknown> = {};
      for (const [, alias, field, idVar, tagsVar] of tagFields) {
        const id = String(vars[idVar]);
        tagCalls.push({ id, field: field as "tagsAdd" | "tagsRemove", tags: vars[tagsVar] as string[] });
        if (missingOwners.has(id)) {
          data[alias] = { userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
          continue;
        }
        const held = tags.get(id) ?? new Set<string>();
        for (const tag of vars[tagsVar] as string[]) if (field === "tagsAdd") held.add(tag); else held.delete(tag);
        tags.set(id, held);
        data[alias] = { node: { id }, userErrors: [] };
      }
      return json(200, { data });
    }
    if (!query.includes("metafieldsSet")) return json(200, { errors: [{ message: "This stand-in knows metafieldsSet and currentAppInstallation only" }] });
    const failure = failures.shift();
    if (failure === "http_500") return json(500, { errors: "Internal Server Error" });
    calls.push({ metafields: variables.metafields.length, instance });
    if (failure === "user_errors" || variables.metafields.length > 25) {
      return json(200, { data: { metafieldsSet: { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO" }] } } });
    }
    const unknown = variables.metafields.flatMap((m, i) => (missingOwners.has(m.ownerId) ? [{ field: ["metafields", String(i), "ownerId"], message: "Owner does not exist", code: "INVALID" }] : []));
    if (unknown.length) return json(200, { data: { metafieldsSet: { metafields: null, userErrors: unknown } } }); // atomic
    for (const m of variables.metafields) metafields.set(`${m.ownerId} ${m.namespace}.${m.key}`, m.value);
    json(200, { data: { metafieldsSet: { metafields: variables.metafields.map((m) => ({ key: m.key })), userErrors: [] } } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    metafields,
    collections,
    missingOwners,
    get pageSize() {
      return api.pageSize;
    },
    set pageSize(size: number) {
      api.pageSize = size;
    },
    calls,
    flowTriggers,
    failNext: (count, how) => failures.push(...Array<typeof how>(count).fill(how)),
    discounts,
    credits,
    failDiscounts: (count, how) => discountFaults.push(...Array<typeof how>(count).fill(how)),
    tags,
    tagCalls,
    segments,
    automaticDiscounts,
    failOffers: (count, how) => offerFaults.push(...Array<typeof how>(count).fill(how)),
    adminFor: async () => async (query, variables) => {
      const response = await fetch(`${url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": ACCESS_TOKEN },
        body: JSON.stringify({ query, variables }),
      });
      if (!response.ok) throw new Error(`Admin API answered ${response.status}`);
      return response.json();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
