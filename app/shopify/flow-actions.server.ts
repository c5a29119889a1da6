// Klub's Shopify Flow actions: award points, deduct points, send the "points to spend" email. Flow
// posts each run signed with the app's secret (X-Shopify-Hmac-Sha256, as webhooks are signed) and
// retries it on a 5xx or no answer; a run is carried out once per action_run_id: its outcome is
// stored (FlowActionRun) in the transaction that does the work, and a replay gets the same answer
// and changes nothing. A 4xx tells Flow the run failed, not to retry (docs/decisions/037-flow.md).
import type { FlowActionRun, Member, PrismaClient } from "@prisma/client";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { appEnv } from "../env.server";
import { adjustBalance } from "../loyalty/adjustments.server";
import { InsufficientPoints } from "../loyalty/ledger.server";
import { ensureMember } from "../loyalty/members.server";
import { notify, sends } from "../loyalty/notices.server";
import { isRedacted } from "../loyalty/privacy.server";
import { programRules } from "../loyalty/program";
import { inTransaction, type Tx } from "../loyalty/transactions.server";
import { authenticate } from "../shopify.server";

/** Each action's extension (extensions/klub-flow-<action>/shopify.extension.toml; tests/flow.test.ts holds the two together). */
export const FLOW_ACTIONS = {
  "award-points": { handle: "klub-award-points", name: "Award Klub points" },
  "deduct-points": { handle: "klub-deduct-points", name: "Deduct Klub points" },
  "send-email": { handle: "klub-send-email", name: "Send a Klub email" },
} as const;
export type FlowAction = keyof typeof FLOW_ACTIONS;

/** Who the activity log names for a change Flow made. */
export const FLOW_ACTOR = "flow";

const MAX_BODY_BYTES = 256 * 1024;

export function flowAnswer(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

let appSecret: string | undefined;

function signedByShopify(signature: string | null, rawBody: string): boolean {
  appSecret ??= appEnv().SHOPIFY_API_SECRET; // as shopify.server's configuration, read once
  if (!signature) return false;
  const given = Buffer.from(signature);
  const expected = Buffer.from(createHmac("sha256", appSecret).update(rawBody, "utf8").digest("base64"));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A request from Flow (an action run, a lifecycle callback), checked as the library's
 * flow.validate checks it (base64 HMAC-SHA256 of the raw body with the app's secret) but answering
 * 401 rather than its 400 for a bad signature, and 400 for a body that is not JSON. Throws the
 * answer. The request's body is left unread for authenticate.flow.
 */
export async function readSignedFlowRequest(request: Request): Promise<{ payload: unknown }> {
  if (request.method !== "POST") throw flowAnswer(405, { ok: false, error: "method", message: "POST only" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw flowAnswer(413, { ok: false, error: "too_large", message: "Body too large" });
  const raw = await request.clone().text();
  if (!signedByShopify(request.headers.get("x-shopify-hmac-sha256"), raw)) throw flowAnswer(401, { ok: false, error: "signature", message: "Invalid Flow signature" });
  try {
    return { payload: JSON.parse(raw) };
  } catch {
    throw flowAnswer(400, { ok: false, error: "malformed", message: "Body is not JSON" });
  }
}

const customerId = z
  .union([z.string(), z.number()])
  .transform((id) => String(id).replace(/^gid:\/\/shopify\/Customer\//, ""))
  .pipe(z.string().regex(/^\d{1,20}$/, "a Shopify customer id"));
const points = z
  .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(1).max(10_000_000));
const reason = z.string().trim().min(1).max(500);

const PROPERTIES = {
  "award-points": z.object({ customer_id: customerId, points, reason }),
  "deduct-points": z.object({ customer_id: customerId, points, reason }),
  "send-email": z.object({ customer_id: customerId }),
} satisfies Record<FlowAction, z.ZodType>;

type Properties = { customer_id: string; points?: number; reason?: string };

const runSchema = z.object({
  shopify_domain: z.string().min(1),
  action_run_id: z.string().min(1).max(255),
  handle: z.string().optional(),
  properties: z.record(z.string(), z.unknown()),
});

/** What a run answered, kept for its replays with a digest of what it was asked (not the customer's id: no personal data). */
interface Outcome {
  status: number;
  body: Record<string, unknown>;
  request: string;
}

const digest = (p: Properties) => createHash("sha256").update(JSON.stringify([p.customer_id, p.points ?? null, p.reason ?? null])).digest("base64url");
const done = (request: Properties, body: Record<string, unknown>): Outcome => ({ status: 200, body: { ok: true, ...body }, request: digest(request) });
const refused = (request: Properties, error: string, message: string, extra: Record<string, unknown> = {}): Outcome => ({ status: 422, body: { ok: false, error, message, ...extra }, request: digest(request) });

interface Run {
  shopId: string;
  runId: string;
  properties: Properties;
  now: Date;
}

/** The member the run is for: enrolled by an award when the program enrols everyone; never one whose data was erased. */
async function memberFor(tx: Tx, run: Run, enrol: boolean): Promise<Member | Outcome> {
  const { customer_id } = run.properties;
  const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId: run.shopId, customerId: customer_id } } });
  if (member?.redactedAt || (!member && (await isRedacted(tx, run.shopId, customer_id)))) return refused(run.properties, "customer_erased", "The customer's Klub data was erased at their request.");
  if (member) return member;
  const settings = await tx.programSettings.findUnique({ where: { shopId: run.shopId } });
  if (enrol && settings && programRules(settings).enrollment === "all") return ensureMember(tx, run.shopId, { customerId: customer_id }, run.now);
  return refused(run.properties, "not_a_member", "The customer is not a Klub member.");
}

/** A points change as the owner's own adjustment (a reasoned ledger entry and an activity log line), keyed by the run. */
async function adjust(tx: Tx, run: Run, sign: 1 | -1): Promise<Outcome> {
  const member = await memberFor(tx, run, sign > 0);
  if (!("id" in member)) return member;
  const points = run.properties.points!;
  // adjustBalance joins this transaction (inTransaction); its signature names the client only.
  const posted = await adjustBalance(tx, { shopId: run.shopId, memberId: member.id, points: sign * points, reason: run.properties.reason!, actor: FLOW_ACTOR, requestId: `flow:${run.runId}`, now: run.now });
  return done(run.properties, { points: sign * points, balance: posted.entry.balanceAfter });
}

async function sendEmail(tx: Tx, run: Run): Promise<Outcome> {
  const member = await memberFor(tx, run, false);
  if (!("id" in member)) return member;
  if (!(await sends(tx, run.shopId, "pointsReminder"))) return refused(run.properties, "email_off", "Klub sends no \"points to spend\" email on this shop: set up its mail server and switch the email on in Klub's Emails page.");
  // Consent and unsubscribes are checked when it is sent (app/email/deliveries.server.ts).
  await notify(tx, { shopId: run.shopId, memberId: member.id, type: "pointsReminder", key: `flow:${run.runId}`, facts: {}, now: run.now });
  return done(run.properties, { email: "queued" });
}

const CARRY_OUT: Record<FlowAction, (tx: Tx, run: Run) => Promise<Outcome>> = {
  "award-points": (tx, run) => adjust(tx, run, 1),
  "deduct-points": (tx, run) => adjust(tx, run, -1),
  "send-email": sendEmail,
};

/** The stored run's answer; the same id for another shop, action or request is a conflict with a name, never a silent replay. */
function answer(row: FlowActionRun, shopId: string, handle: string, request: Properties): Response {
  const outcome = JSON.parse(row.outcome) as Outcome;
  if (row.shopId !== shopId || row.handle !== handle || outcome.request !== digest(request)) {
    return flowAnswer(409, { ok: false, error: "run_exists_with_different_request", message: `Flow action run ${row.id} was carried out before with another request.` });
  }
  return flowAnswer(outcome.status, outcome.body);
}

/** Carries out one Flow action run (or answers its replay). The route's whole work. */
export async function runFlowAction(db: PrismaClient, action: FlowAction, request: Request, now = new Date()): Promise<Response> {
  const { payload } = await readSignedFlowRequest(request);
  const handle = FLOW_ACTIONS[action].handle;
  const envelope = runSchema.safeParse(payload);
  if (!envelope.success || (envelope.data.handle !== undefined && envelope.data.handle !== handle)) {
    return flowAnswer(400, { ok: false, error: "malformed", message: `Expected a ${handle} run: shopify_domain, action_run_id and properties` });
  }
  const parsed = PROPERTIES[action].safeParse(envelope.data.properties);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    return flowAnswer(400, { ok: false, error: "invalid_properties", fields, message: `Invalid ${fields.join(", ")}` });
  }
  // The library's own check and the shop's offline session: a shop without one has not installed Klub (400).
  await authenticate.flow(request);
  const { shopify_domain, action_run_id: runId } = envelope.data;
  const properties: Properties = parsed.data;
  const shop = await db.shop.findUnique({ where: { domain: shopify_domain }, select: { id: true, programEnabled: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return flowAnswer(422, { ok: false, error: "not_set_up", message: "Klub is not set up on this shop: open Klub in the Shopify admin once." });
  const run: Run = { shopId: shop.id, runId, properties, now };
  const create = (outcome: Outcome) => ({ id: runId, shopId: shop.id, handle, outcome: JSON.stringify(outcome), createdAt: now });
  let row: FlowActionRun;
  try {
    row = await inTransaction(db, async (tx) => {
      const previous = await tx.flowActionRun.findUnique({ where: { id: runId } });
      if (previous) return previous;
      const outcome = shop.programEnabled ? await CARRY_OUT[action](tx, run) : refused(properties, "program_off", "Klub's program is switched off on this shop.");
      return tx.flowActionRun.create({ data: create(outcome) });
    });
  } catch (error) {
    if (!(error instanceof InsufficientPoints)) throw error;
    // Nothing was taken (the transaction rolled back): the refusal is kept, so a replay is refused alike.
    const outcome = refused(properties, "insufficient_points", `The member has ${error.balance} points: ${error.required} cannot be deducted.`, { balance: error.balance, required: error.required });
    row = await db.flowActionRun.upsert({ where: { id: runId }, update: {}, create: create(outcome) });
  }
  return answer(row, shop.id, handle, properties);
}

/** Flow retries a run for hours, not weeks: runs older than 30 days are forgotten. */
export function pruneFlowActionRuns(db: PrismaClient, now = new Date()) {
  return db.flowActionRun.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 30 * 86_400_000) } } });
}
