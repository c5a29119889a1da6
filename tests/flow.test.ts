// Shopify Flow: the extensions as Shopify reads them, the lifecycle callback and the actions through
// their real route modules with requests signed as Flow signs them (the sandbox's signer), the
// triggers sent through the outbox to the sandbox's flowTriggerReceive (which checks each payload
// against its extension's declared fields), and the sandbox admin's Flow over HTTP against Klub.
import type { ActionFunctionArgs } from "@remix-run/node";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credit } from "../app/loyalty/ledger.server";
import { FLOW_TRIGGERS, type FlowFields, type FlowTrigger } from "../app/loyalty/flow-events";
import { announce } from "../app/loyalty/flow-events.server";
import { ensureMember } from "../app/loyalty/members.server";
import { FLOW_TRIGGER } from "../app/loyalty/outbox.server";
import { backoffMs, type AdminFor, type AdminGraphql } from "../app/shopify/outbox-worker.server";
import { answerAdminGraphql } from "../sandbox/admin-graphql";
import { loadFlowExtensions, runFlowAction, signFlowBody, switchWorkflow, type FlowExtension } from "../sandbox/flow";
import { createSandboxServer } from "../sandbox/server";
import type { WebhookSender } from "../sandbox/webhooks";
import { issueToken } from "../sandbox/oauth";
import { DEMO_SHOP, Store } from "../sandbox/state";
import { storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { installTestShop } from "./support/shop";
import { tempDir } from "./support/temp";

const { db } = useFreshAppDatabase();
// After the database is chosen: these reach app/db.server.ts (through shopify.server.ts).
const { FLOW_ACTIONS } = await import("../app/shopify/flow-actions.server");
const { drainFlowTriggers, payloadKey, TRIGGER_EXTENSIONS, triggerPayload } = await import("../app/shopify/flow-triggers.server");
const SHOP = DEMO_SHOP;
const SECRET = "test-secret";
const extensions = loadFlowExtensions();
let shopId = "";
let customerSeq = 700;
let runSeq = 0;

type Action = (args: ActionFunctionArgs) => Promise<Response>;
const ROUTES: Record<string, () => Promise<{ action: Action }>> = {
  "/flow/lifecycle": () => import("../app/routes/flow.lifecycle"),
  "/flow/actions/award-points": () => import("../app/routes/flow.actions.award-points"),
  "/flow/actions/deduct-points": () => import("../app/routes/flow.actions.deduct-points"),
  "/flow/actions/send-email": () => import("../app/routes/flow.actions.send-email"),
};

/** Sends a request to the route module serving its path, as the router would; a thrown answer is the answer. */
async function call(request: Request): Promise<Response> {
  const route = ROUTES[new URL(request.url).pathname];
  if (!route) return new Response("Not found", { status: 404 });
  try {
    return await (await route()).action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function signed(path: string, payload: unknown, secret = SECRET): Request {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return new Request(`http://localhost:3000${path}`, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": signFlowBody(body, secret) }, body });
}

let clock = Date.parse("2026-12-01T10:00:00Z");
const lifecycle = (handle: string, enabled: boolean, o: { at?: number; shop?: string; id?: string } = {}) =>
  call(signed("/flow/lifecycle", { flow_trigger_definition_id: o.id ?? handle, has_enabled_flow: enabled, shop_id: 954889, shopify_domain: o.shop ?? SHOP, timestamp: new Date(o.at ?? (clock += 1000)).toISOString() }));

const runPayload = (action: keyof typeof FLOW_ACTIONS, properties: Record<string, unknown>, runId = `run-${++runSeq}`) => ({
  shop_id: "954889",
  shopify_domain: SHOP,
  action_run_id: runId,
  action_definition_id: FLOW_ACTIONS[action].name,
  handle: FLOW_ACTIONS[action].handle,
  properties,
});
const runAction = (action: keyof typeof FLOW_ACTIONS, properties: Record<string, unknown>, runId?: string) => call(signed(`/flow/actions/${action}`, runPayload(action, properties, runId)));

async function newMember(balance = 0) {
  const customerId = String(++customerSeq);
  const member = await ensureMember(db, shopId, { customerId }, new Date(), new Date(), { welcome: false });
  if (balance) await credit(db, { shopId, memberId: member.id, kind: "earn", key: `seed:${customerId}`, points: balance, reason: { code: "signup" } });
  return db.member.findUniqueOrThrow({ where: { id: member.id } });
}
const balanceOf = async (id: string) => (await db.member.findUniqueOrThrow({ where: { id } })).balance;
const flowMessages = () => db.outboxMessage.findMany({ where: { shopId, kind: FLOW_TRIGGER }, orderBy: { id: "asc" } });

/** The sandbox shop, with the customers Klub's members are, and its Admin API as the outbox calls it. */
const store = new Store(join(tempDir("klub-flow-sandbox-"), "shopify.json"));
const token = issueToken(store).accessToken;
const sandboxGraphql: AdminGraphql = async (query, variables) => answerAdminGraphql(store, token, JSON.stringify({ query, variables })).body as Awaited<ReturnType<AdminGraphql>>;
const sandboxAdmin: AdminFor = async () => sandboxGraphql;
const addSandboxCustomer = (id: string) => store.state.customers.push({ id: Number(id), email: `c${id}@example.com`, firstName: "C", lastName: id, createdAt: "2026-01-01T00:00:00Z", metafields: {}, storeCreditMinor: 0 });

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP)).id;
  await storeOfflineSession(db, SHOP);
});

const SAMPLES: { [T in FlowTrigger]: FlowFields[T] } = {
  pointsEarned: { points: 120, balance: 340, reason: "order" },
  pointsSpent: { points: 100, balance: 240, reason: "redeemed" },
  tierChanged: { tier: "Gold", previousTier: "Silver", promoted: true },
  rewardIssued: { reward: "$5 off", code: "KLUB-ABCD-EFGH", points: 500 },
  pointsExpiring: { points: 80, expiresAt: "2026-12-31T00:00:00.000Z", days: 7 },
};
const JS_TYPES: Record<string, string> = { number_decimal: "number", single_line_text_field: "string", boolean: "boolean" };
const triggers = Object.keys(FLOW_TRIGGERS) as FlowTrigger[];
const extension = (type: FlowExtension["type"], handle: string) => extensions.find((e) => e.type === type && e.handle === handle);

describe("the Flow extensions", () => {
  it("declare each trigger with the fields Klub sends: the same keys, of the same types", () => {
    for (const trigger of triggers) {
      const declared = extension("flow_trigger", FLOW_TRIGGERS[trigger]);
      expect(declared, trigger).toBeDefined();
      expect(declared!.name).toBe(TRIGGER_EXTENSIONS[trigger].name);
      expect(declared!.fields[0]).toMatchObject({ type: "customer_reference", key: "customer_id" });
      const payload = triggerPayload(trigger, "501", SAMPLES[trigger]);
      expect(Object.keys(payload).sort(), trigger).toEqual(declared!.fields.map((f) => f.key).sort());
      for (const field of declared!.fields.slice(1)) expect(typeof payload[field.key], `${trigger} ${field.key}`).toBe(JS_TYPES[field.type]);
      expect(payload.customer_id).toBe(501);
    }
    expect(extensions.filter((e) => e.type === "flow_trigger")).toHaveLength(triggers.length);
    expect(payloadKey("previousTier")).toBe("Previous tier");
  });

  it("point each action and the lifecycle callback at a route Klub serves, with the fields the route reads", () => {
    for (const [action, { handle, name }] of Object.entries(FLOW_ACTIONS)) {
      const declared = extension("flow_action", handle)!;
      expect(declared.name).toBe(name);
      expect(declared.url).toBe(`/flow/actions/${action}`);
      expect(existsSync(`app/routes/flow.actions.${action}.tsx`)).toBe(true);
      expect(declared.fields[0]).toMatchObject({ type: "customer_reference", key: "customer_id", required: true });
      const rest = declared.fields.slice(1).map((f) => [f.key, f.type, f.required]);
      expect(rest).toEqual(action === "send-email" ? [] : [["points", "number_integer", true], ["reason", "single_line_text_field", true]]);
    }
    const callbacks = extensions.filter((e) => e.type === "flow_trigger_lifecycle_callback");
    expect(callbacks).toHaveLength(1);
    expect(new URL(callbacks[0].url).pathname).toBe("/flow/lifecycle");
    expect(callbacks[0].url).toMatch(/^https:\/\//);
    for (const e of extensions) expect(e.handle.length, e.handle).toBeLessThanOrEqual(30);
  });

  it("ship the two templates with their workflow file and English words", () => {
    const templates = extensions.filter((e) => e.type === "flow_template");
    expect(templates.map((t) => t.handle).sort()).toEqual(["klub-remind-points", "klub-welcome-vips"]);
    for (const t of templates) {
      expect(existsSync(join(t.dir, "template.flow"))).toBe(true);
      const words = JSON.parse(readFileSync(join(t.dir, "locales/en.default.json"), "utf8")) as { name: string; description: string };
      expect(words.name.length).toBeGreaterThan(5);
      expect(words.description.length).toBeGreaterThan(20);
      const workflow = readFileSync(join(t.dir, "template.flow"), "utf8");
      // Each names only Klub's own triggers and actions.
      for (const [, handle] of workflow.matchAll(/"handle": "([\w-]+)"/g)) expect(extensions.some((e) => e.handle === handle), handle).toBe(true);
    }
  });
});

describe("the lifecycle callback", () => {
  it("switches a trigger on and off for the shop: a trigger is written only while its workflow is on", async () => {
    const member = await newMember();
    const earn = (key: string) => credit(db, { shopId, memberId: member.id, kind: "earn", key, points: 10, reason: { code: "signup" } });
    await earn("off-1");
    expect(await flowMessages()).toHaveLength(0);

    expect((await lifecycle(FLOW_TRIGGERS.pointsEarned, true)).status).toBe(200);
    await earn("on-1");
    const written = await flowMessages();
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0].payload)).toMatchObject({ trigger: "pointsEarned", customerId: member.customerId, fields: { points: 10, balance: 20, reason: "signup" } });

    const offAt = (clock += 1000);
    expect((await lifecycle(FLOW_TRIGGERS.pointsEarned, false, { at: offAt })).status).toBe(200);
    // An older callback (delivered late) changes nothing.
    expect((await lifecycle(FLOW_TRIGGERS.pointsEarned, true, { at: offAt - 500 })).status).toBe(200);
    await earn("off-2");
    expect(await flowMessages()).toHaveLength(1);
    expect(await db.flowTriggerUse.findUniqueOrThrow({ where: { shopId_handle: { shopId, handle: FLOW_TRIGGERS.pointsEarned } } })).toMatchObject({ enabled: false });
    await db.outboxMessage.deleteMany({ where: { shopId, kind: FLOW_TRIGGER } });
  });

  it("knows a trigger by its name as well as its handle", async () => {
    expect((await lifecycle(FLOW_TRIGGERS.tierChanged, true, { id: "Klub tier changed" })).status).toBe(200);
    expect(await db.flowTriggerUse.findUnique({ where: { shopId_handle: { shopId, handle: FLOW_TRIGGERS.tierChanged } } })).toMatchObject({ enabled: true });
    expect((await lifecycle(FLOW_TRIGGERS.tierChanged, false)).status).toBe(200);
  });

  it("refuses a bad signature (401) and a malformed body (400), and changes nothing", async () => {
    const before = await db.flowTriggerUse.findMany({ where: { shopId } });
    const body = { flow_trigger_definition_id: FLOW_TRIGGERS.pointsSpent, has_enabled_flow: true, shopify_domain: SHOP, timestamp: new Date(clock += 1000).toISOString() };
    expect((await call(signed("/flow/lifecycle", body, "not-the-secret"))).status).toBe(401);
    const unsigned = new Request("http://localhost:3000/flow/lifecycle", { method: "POST", body: JSON.stringify(body) });
    expect((await call(unsigned)).status).toBe(401);
    expect((await call(signed("/flow/lifecycle", "{not json"))).status).toBe(400);
    expect((await call(signed("/flow/lifecycle", { ...body, has_enabled_flow: "yes" }))).status).toBe(400);
    expect((await call(signed("/flow/lifecycle", { ...body, timestamp: "yesterday" }))).status).toBe(400);
    expect(await db.flowTriggerUse.findMany({ where: { shopId } })).toEqual(before);
  });

  it("answers a shop it does not know: 404 to switch on (it could not keep it), 200 to switch off", async () => {
    const on = await lifecycle(FLOW_TRIGGERS.pointsSpent, true, { shop: "never-opened.myshopify.com" });
    expect(on.status).toBe(404);
    expect(((await on.json()) as { error: string }).error).toBe("not_set_up");
    expect((await lifecycle(FLOW_TRIGGERS.pointsSpent, false, { shop: "never-opened.myshopify.com" })).status).toBe(200);
  });
});

describe("sending triggers", () => {
  it("sends each trigger to flowTriggerReceive with the payload its extension declares, once", async () => {
    for (const trigger of triggers) expect((await lifecycle(FLOW_TRIGGERS[trigger], true)).status).toBe(200);
    for (const handle of Object.values(FLOW_TRIGGERS)) store.state.flow.workflows[handle] = { enabled: true, at: new Date().toISOString(), appStatus: 200 };
    const member = await newMember();
    addSandboxCustomer(member.customerId);
    const now = new Date();
    for (const trigger of triggers) await announce(db, { shopId, trigger, customerId: member.customerId, key: `sample:${trigger}`, fields: SAMPLES[trigger], now });
    expect(await drainFlowTriggers(db, sandboxAdmin, now)).toBe(triggers.length);
    const received = store.state.flow.received.filter((r) => r.payload.customer_id === Number(member.customerId));
    expect(received.map((r) => r.handle).sort()).toEqual(Object.values(FLOW_TRIGGERS).sort());
    expect(received.find((r) => r.handle === FLOW_TRIGGERS.tierChanged)!.payload).toEqual({ customer_id: Number(member.customerId), Tier: "Gold", "Previous tier": "Silver", Promoted: true });
    expect(received.every((r) => r.workflowOn)).toBe(true);
    expect(await flowMessages()).toHaveLength(0);
    expect(await drainFlowTriggers(db, sandboxAdmin, now)).toBe(0);
  });

  it("sends what a real event announces: points earned, from the ledger's transaction", async () => {
    const member = await newMember();
    addSandboxCustomer(member.customerId);
    await credit(db, { shopId, memberId: member.id, kind: "earn", key: `real:${member.id}`, points: 75, reason: { code: "birthday" } });
    await drainFlowTriggers(db, sandboxAdmin);
    expect(store.state.flow.received[0]).toMatchObject({ handle: FLOW_TRIGGERS.pointsEarned, payload: { customer_id: Number(member.customerId), Points: 75, Balance: 75, Reason: "birthday" } });
  });

  it("keeps a trigger Flow refused or did not take, and retries it with backoff", async () => {
    const member = await newMember(); // not a customer of the sandbox shop yet: Flow refuses the reference
    const t0 = new Date();
    await announce(db, { shopId, trigger: "pointsSpent", customerId: member.customerId, key: `retry:${member.id}`, fields: SAMPLES.pointsSpent, now: t0 });
    expect(await drainFlowTriggers(db, sandboxAdmin, t0)).toBe(0);
    const [kept] = await flowMessages();
    expect(kept).toMatchObject({ attempts: 1 });
    expect(kept.lastError).toContain("does not exist");
    expect(kept.nextAttemptAt.getTime()).toBe(t0.getTime() + backoffMs(1));
    const t1 = new Date(t0.getTime() + backoffMs(1));
    const down: AdminFor = async () => async () => {
      throw new Error("Admin API answered 503");
    };
    expect(await drainFlowTriggers(db, down, t1)).toBe(0);
    expect((await flowMessages())[0]).toMatchObject({ attempts: 2, lastError: "Admin API answered 503" });
    addSandboxCustomer(member.customerId);
    expect(await drainFlowTriggers(db, sandboxAdmin, new Date(t1.getTime() + backoffMs(2)))).toBe(1);
    expect(store.state.flow.received[0]).toMatchObject({ handle: FLOW_TRIGGERS.pointsSpent, payload: { customer_id: Number(member.customerId) } });
  });

  it("drops a trigger whose workflow was switched off before it went", async () => {
    const member = await newMember();
    addSandboxCustomer(member.customerId);
    const sent = store.state.flow.received.length;
    await announce(db, { shopId, trigger: "rewardIssued", customerId: member.customerId, key: `late:${member.id}`, fields: SAMPLES.rewardIssued, now: new Date() });
    await lifecycle(FLOW_TRIGGERS.rewardIssued, false);
    expect(await drainFlowTriggers(db, sandboxAdmin)).toBe(1);
    expect(store.state.flow.received).toHaveLength(sent);
    expect(await flowMessages()).toHaveLength(0);
  });

  it("the sandbox refuses a trigger the app does not declare, a field it does not declare, and a payload over 50 KB", () => {
    const ask = (handle: string, payload: unknown) =>
      answerAdminGraphql(store, token, JSON.stringify({ query: "mutation T($h: String!, $p: JSON!) { flowTriggerReceive(handle: $h, payload: $p) { userErrors { field message } } }", variables: { h: handle, p: payload } })).body as {
        data: { flowTriggerReceive: { userErrors: { field: string[]; message: string }[] } };
      };
    const customerId = store.state.customers[0].id;
    expect(ask("klub-unknown", { customer_id: customerId }).data.flowTriggerReceive.userErrors[0].field).toEqual(["handle"]);
    const fine = { customer_id: customerId, Points: 1, Balance: 1, Reason: "order" };
    expect(ask(FLOW_TRIGGERS.pointsEarned, fine).data.flowTriggerReceive.userErrors).toEqual([]);
    expect(ask(FLOW_TRIGGERS.pointsEarned, { ...fine, points: 1 }).data.flowTriggerReceive.userErrors[0].field).toEqual(["payload", "points"]);
    expect(ask(FLOW_TRIGGERS.pointsEarned, { ...fine, Points: "1" }).data.flowTriggerReceive.userErrors[0].field).toEqual(["payload", "Points"]);
    expect(ask(FLOW_TRIGGERS.pointsEarned, { ...fine, Reason: "x".repeat(50_001) }).data.flowTriggerReceive.userErrors[0].message).toContain("50 KB");
  });
});

describe("actions", () => {
  it("award points once per run, however often Flow sends it", async () => {
    const member = await newMember(50);
    const properties = { customer_id: member.customerId, points: 30, reason: "Thanks for the review" };
    const first = await runAction("award-points", properties, "award-1");
    expect(first.status).toBe(200);
    const answer = await first.json();
    expect(answer).toEqual({ ok: true, points: 30, balance: 80 });
    for (let i = 0; i < 3; i++) {
      const again = await runAction("award-points", properties, "award-1");
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(answer);
    }
    expect(await balanceOf(member.id)).toBe(80);
    const entries = await db.ledgerEntry.findMany({ where: { memberId: member.id, kind: "adjust" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ amount: 30, reason: "manual", actor: "flow" });
    expect(JSON.parse(entries[0].reasonParams!)).toEqual({ note: "Thanks for the review" });
    expect(await db.flowActionRun.findUniqueOrThrow({ where: { id: "award-1" } })).toMatchObject({ shopId, handle: "klub-award-points" });
    expect(await db.activityLog.count({ where: { shopId, action: "member.adjusted", actor: "flow" } })).toBeGreaterThanOrEqual(1);
  });

  it("deduct points once per run; beyond the balance it is refused, changes nothing, and stays refused", async () => {
    const member = await newMember(100);
    const take = { customer_id: `gid://shopify/Customer/${member.customerId}`, points: "40", reason: "Returned gift" };
    expect(await (await runAction("deduct-points", take, "deduct-1")).json()).toEqual({ ok: true, points: -40, balance: 60 });
    expect((await runAction("deduct-points", take, "deduct-1")).status).toBe(200);
    expect(await balanceOf(member.id)).toBe(60);

    const tooMuch = await runAction("deduct-points", { customer_id: member.customerId, points: 61, reason: "Too much" }, "deduct-2");
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.json()).toMatchObject({ ok: false, error: "insufficient_points", balance: 60, required: 61 });
    expect(await balanceOf(member.id)).toBe(60);
    await credit(db, { shopId, memberId: member.id, kind: "earn", key: `more:${member.id}`, points: 10, reason: { code: "signup" } });
    const replay = await runAction("deduct-points", { customer_id: member.customerId, points: 61, reason: "Too much" }, "deduct-2");
    expect(replay.status).toBe(422);
    expect(await balanceOf(member.id)).toBe(70);
    expect(await db.ledgerEntry.count({ where: { memberId: member.id, kind: "adjust" } })).toBe(1);
  });

  it("send the points reminder email once per run, when the shop sends it", async () => {
    const member = await newMember(300);
    const off = await runAction("send-email", { customer_id: member.customerId }, "email-0");
    expect(off.status).toBe(422);
    expect(((await off.json()) as { error: string }).error).toBe("email_off");
    await db.mailServer.create({ data: { shopId, host: "127.0.0.1", port: 2525, security: "none", fromAddress: "rewards@example.com" } });
    for (let i = 0; i < 2; i++) expect(await (await runAction("send-email", { customer_id: member.customerId }, "email-1")).json()).toEqual({ ok: true, email: "queued" });
    const emails = await db.emailDelivery.findMany({ where: { memberId: member.id } });
    expect(emails.map((e) => [e.type, e.eventKey])).toEqual([["pointsReminder", "flow:email-1"]]);
  });

  it("refuse a bad signature (401) and a malformed run (400), and change nothing", async () => {
    const member = await newMember(100);
    const properties = { customer_id: member.customerId, points: 10, reason: "x" };
    expect((await call(signed("/flow/actions/award-points", runPayload("award-points", properties, "bad-1"), "not-the-secret"))).status).toBe(401);
    expect((await call(signed("/flow/actions/deduct-points", "{]"))).status).toBe(400);
    expect((await runAction("award-points", { ...properties, points: 0 }, "bad-2")).status).toBe(400);
    expect((await runAction("award-points", { ...properties, points: "ten" }, "bad-3")).status).toBe(400);
    expect((await runAction("deduct-points", { customer_id: member.customerId, points: 5 }, "bad-4")).status).toBe(400);
    expect((await runAction("award-points", { ...properties, customer_id: "someone" }, "bad-5")).status).toBe(400);
    expect((await call(signed("/flow/actions/award-points", { ...runPayload("award-points", properties, "bad-6"), handle: "klub-deduct-points" }))).status).toBe(400);
    expect((await call(new Request("http://localhost:3000/flow/actions/award-points", { method: "GET" }))).status).toBe(405);
    expect(await balanceOf(member.id)).toBe(100);
    expect(await db.flowActionRun.count({ where: { id: { startsWith: "bad-" } } })).toBe(0);
  });

  it("refuse a run id seen with another request (409), a customer who is not a member, and a shop without Klub", async () => {
    const member = await newMember(100);
    await runAction("award-points", { customer_id: member.customerId, points: 5, reason: "a" }, "conflict-1");
    const other = await runAction("award-points", { customer_id: member.customerId, points: 6, reason: "a" }, "conflict-1");
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: string }).error).toBe("run_exists_with_different_request");
    expect(await balanceOf(member.id)).toBe(105);
    const stranger = await runAction("deduct-points", { customer_id: "999999", points: 1, reason: "b" });
    expect(stranger.status).toBe(422);
    expect(((await stranger.json()) as { error: string }).error).toBe("not_a_member");
    const elsewhere = await call(signed("/flow/actions/award-points", { ...runPayload("award-points", { customer_id: member.customerId, points: 1, reason: "c" }), shopify_domain: "no-klub.myshopify.com" }));
    expect(elsewhere.status).toBe(400); // authenticate.flow: no offline session for that shop
  });

  it("enrol the customer an award is for when the program enrols everyone", async () => {
    const customerId = String(++customerSeq);
    expect(await (await runAction("award-points", { customer_id: Number(customerId), points: 25, reason: "Welcome gift" })).json()).toEqual({ ok: true, points: 25, balance: 25 });
    expect(await db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } })).toMatchObject({ balance: 25 });
  });
});

describe("the sandbox's Flow, over HTTP, against Klub's routes", () => {
  let app: Server;
  let appUrl = "";
  beforeAll(async () => {
    app = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
      const response = await call(new Request(`http://localhost:3000${req.url}`, { method: req.method, headers, body: req.method === "GET" ? undefined : body }));
      res.writeHead(response.status, { "Content-Type": response.headers.get("content-type") ?? "text/plain" });
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => app.close(() => resolve())));

  it("switches a workflow on and off through the lifecycle callback, signed as Flow signs it", async () => {
    const flowApp = { appUrl, apiSecret: SECRET };
    expect((await switchWorkflow(store, flowApp, FLOW_TRIGGERS.pointsExpiring, false)).status).toBe(200);
    expect(await db.flowTriggerUse.findUnique({ where: { shopId_handle: { shopId, handle: FLOW_TRIGGERS.pointsExpiring } } })).toMatchObject({ enabled: false });
    expect((await switchWorkflow(store, flowApp, FLOW_TRIGGERS.pointsExpiring, true)).status).toBe(200);
    expect(store.state.flow.workflows[FLOW_TRIGGERS.pointsExpiring]).toMatchObject({ enabled: true, appStatus: 200 });
    expect(await db.flowTriggerUse.findUnique({ where: { shopId_handle: { shopId, handle: FLOW_TRIGGERS.pointsExpiring } } })).toMatchObject({ enabled: true });
    // Signed with another secret, Klub refuses, and Flow does not switch the workflow on.
    expect((await switchWorkflow(store, { appUrl, apiSecret: "wrong" }, FLOW_TRIGGERS.pointsSpent, false)).status).toBe(401);
  });

  it("runs each action for a customer, and a repeated run id changes nothing", async () => {
    const member = await newMember(40);
    addSandboxCustomer(member.customerId);
    const flowApp = { appUrl, apiSecret: SECRET };
    const award = await runFlowAction(store, flowApp, "klub-award-points", Number(member.customerId), { points: "15", reason: "Sandbox award" });
    expect(award).toMatchObject({ status: 200, properties: { customer_id: member.customerId, points: 15, reason: "Sandbox award" } });
    expect(JSON.parse(award.answer)).toEqual({ ok: true, points: 15, balance: 55 });
    expect((await runFlowAction(store, flowApp, "klub-award-points", Number(member.customerId), { points: "15", reason: "Sandbox award" }, award.id)).status).toBe(200);
    const deduct = await runFlowAction(store, flowApp, "klub-deduct-points", Number(member.customerId), { points: "100", reason: "Too many" });
    expect(deduct.status).toBe(422);
    expect((await runFlowAction(store, flowApp, "klub-send-email", Number(member.customerId), {})).status).toBe(200);
    expect(await balanceOf(member.id)).toBe(55);
    expect(store.state.flow.runs.slice(0, 4).map((r) => r.status)).toEqual([200, 422, 200, 200]);
  });

  it("the sandbox admin's Flow page switches workflows and runs actions, and shows what Klub answered", async () => {
    const member = await newMember(10);
    addSandboxCustomer(member.customerId);
    const sandbox = createSandboxServer({ store, sender: { send: () => {} } as unknown as WebhookSender, appUrl, apiKey: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c", apiSecret: SECRET });
    await new Promise<void>((resolve) => sandbox.listen(0, "127.0.0.1", resolve));
    const admin = `http://127.0.0.1:${(sandbox.address() as AddressInfo).port}`;
    const post = (path: string, form: Record<string, string>) => fetch(`${admin}${path}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
    try {
      const page = await (await fetch(`${admin}/admin/flow`)).text();
      for (const words of ["Klub points earned", "Klub tier changed", "Award Klub points", "Deduct Klub points", "Send a Klub email", "Triggers received"]) expect(page).toContain(words);
      const switched = await post("/admin/flow/workflows", { handle: FLOW_TRIGGERS.rewardIssued, enabled: "true" });
      expect(switched.status).toBe(303);
      expect(decodeURIComponent(switched.headers.get("location")!)).toContain("workflow on (Klub answered 200)");
      expect(await db.flowTriggerUse.findUnique({ where: { shopId_handle: { shopId, handle: FLOW_TRIGGERS.rewardIssued } } })).toMatchObject({ enabled: true });
      const ran = await post("/admin/flow/actions/klub-award-points", { customer_id: member.customerId, points: "5", reason: "From the Flow page", run_id: "" });
      expect(ran.status).toBe(303);
      expect(await balanceOf(member.id)).toBe(15);
      const runId = store.state.flow.runs[0].id;
      expect((await post("/admin/flow/actions/klub-award-points", { customer_id: member.customerId, points: "5", reason: "From the Flow page", run_id: runId })).status).toBe(303);
      expect(await balanceOf(member.id)).toBe(15);
      const after = await (await fetch(`${admin}/admin/flow`)).text();
      expect(after).toContain(runId);
      expect(after).toContain("&#34;balance&#34;:15");
      expect((await post("/admin/flow/actions/klub-unknown", { customer_id: member.customerId })).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => sandbox.close(() => resolve()));
    }
  });
});

describe("keeping", () => {
  it("forgets action runs after 30 days, when Flow no longer retries them", async () => {
    const { pruneFlowActionRuns } = await import("../app/shopify/flow-actions.server");
    const now = new Date("2027-02-01T00:00:00Z");
    await db.flowActionRun.createMany({
      data: [
        { id: "run-old", shopId, handle: "klub-award-points", outcome: "{}", createdAt: new Date("2026-12-31T23:59:59Z") },
        { id: "run-recent", shopId, handle: "klub-award-points", outcome: "{}", createdAt: new Date("2027-01-02T00:00:01Z") },
      ],
    });
    await pruneFlowActionRuns(db, now);
    expect((await db.flowActionRun.findMany({ where: { id: { in: ["run-old", "run-recent"] } } })).map((r) => r.id)).toEqual(["run-recent"]);
  });
});
