// Klub's Shopify Flow triggers on Shopify's side. The domain writes a FLOW_TRIGGER outbox message
// in the transaction of the event (app/loyalty/flow-events.server.ts), only for triggers the shop
// has an enabled workflow for; here those messages are sent with flowTriggerReceive, and Flow's
// lifecycle callback says which shops have such a workflow (docs/decisions/037-flow.md).
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { FLOW_TRIGGERS, isFlowTrigger, type FlowFields, type FlowTrigger } from "../loyalty/flow-events";
import { recordTriggerUse } from "../loyalty/flow-events.server";
import { FLOW_TRIGGER } from "../loyalty/outbox.server";
import { isRedacted } from "../loyalty/privacy.server";
import { logger } from "../logger.server";
import { flowAnswer, readSignedFlowRequest } from "./flow-actions.server";
import { drainMessages, type AdminFor } from "./outbox-worker.server";

/** The field types Klub's triggers use (a trigger field takes no number_integer). */
export type TriggerFieldType = "number_decimal" | "single_line_text_field" | "boolean";

/**
 * Each trigger's extension as Flow knows it: its name, and the type of each field it tells
 * (extensions/klub-flow-<trigger>/shopify.extension.toml; tests/flow.test.ts holds the two together).
 */
export const TRIGGER_EXTENSIONS = {
  pointsEarned: { name: "Klub points earned", fields: { points: "number_decimal", balance: "number_decimal", reason: "single_line_text_field" } },
  pointsSpent: { name: "Klub points spent", fields: { points: "number_decimal", balance: "number_decimal", reason: "single_line_text_field" } },
  tierChanged: { name: "Klub tier changed", fields: { tier: "single_line_text_field", previousTier: "single_line_text_field", promoted: "boolean" } },
  rewardIssued: { name: "Klub reward issued", fields: { reward: "single_line_text_field", code: "single_line_text_field", points: "number_decimal" } },
  pointsExpiring: { name: "Klub points expiring", fields: { points: "number_decimal", expiresAt: "single_line_text_field", days: "number_decimal" } },
} as const satisfies { [T in FlowTrigger]: { name: string; fields: Record<keyof FlowFields[T], TriggerFieldType> } };

/** A trigger field's key in the TOML and the payload: Flow takes letters and spaces only ("previousTier" is "Previous tier"). */
export function payloadKey(field: string): string {
  const words = field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Flow's limit on a trigger's payload. */
export const MAX_PAYLOAD_BYTES = 50_000;

/**
 * What flowTriggerReceive is sent: the customer reference as customer_id (the numeric id), then
 * each declared field under its key. Only declared fields: Flow knows no others.
 */
export function triggerPayload<T extends FlowTrigger>(trigger: T, customerId: string, fields: FlowFields[T]): Record<string, unknown> {
  const id = Number(customerId);
  const declared = Object.keys(TRIGGER_EXTENSIONS[trigger].fields) as (keyof FlowFields[T] & string)[];
  return { customer_id: Number.isSafeInteger(id) ? id : customerId, ...Object.fromEntries(declared.map((field) => [payloadKey(field), fields[field]])) };
}

const FLOW_TRIGGER_RECEIVE = `#graphql
  mutation KlubFlowTrigger($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } }
  }
`;

interface TriggerAnswer {
  data?: { flowTriggerReceive?: { userErrors: { field?: string[] | null; message: string }[] } | null } | null;
  errors?: unknown;
}

/**
 * Sends every due trigger. A failed call or a refusal (userErrors) waits with backoff; a trigger
 * whose workflow was switched off since, for a shop that uninstalled Klub or a customer erased
 * since, is dropped (Flow would run nothing, or must not hear of them).
 */
export function drainFlowTriggers(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  return drainMessages(db, FLOW_TRIGGER, now, async (message) => {
    const { trigger, customerId, fields } = JSON.parse(message.payload) as { trigger: string; customerId: string; fields: FlowFields[FlowTrigger] };
    if (!isFlowTrigger(trigger)) return logger.error({ trigger, shopId: message.shopId }, "unknown Flow trigger in the outbox: dropped");
    const handle = FLOW_TRIGGERS[trigger];
    const shop = await db.shop.findUnique({ where: { id: message.shopId }, select: { domain: true, uninstalledAt: true } });
    if (!shop || shop.uninstalledAt) return;
    const use = await db.flowTriggerUse.findUnique({ where: { shopId_handle: { shopId: message.shopId, handle } }, select: { enabled: true } });
    if (!use?.enabled || (await isRedacted(db, message.shopId, customerId))) return;
    const payload = triggerPayload(trigger, customerId, fields);
    if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) return logger.error({ handle, shop: shop.domain }, "Flow trigger payload over 50 KB: dropped");
    const body = (await (await adminFor(shop.domain))(FLOW_TRIGGER_RECEIVE, { handle, payload })) as TriggerAnswer;
    const answer = body.data?.flowTriggerReceive;
    if (body.errors || !answer) throw new Error(`flowTriggerReceive failed: ${JSON.stringify(body.errors ?? body)}`);
    if (answer.userErrors.length) throw new Error(`flowTriggerReceive refused: ${answer.userErrors.map((e) => e.message).join("; ")}`);
  });
}

/** The trigger a lifecycle callback names: by its handle, or by its name (Flow's documentation shows a name). */
export function triggerHandleOf(definitionId: string): string | null {
  const handles: string[] = Object.values(FLOW_TRIGGERS);
  if (handles.includes(definitionId)) return definitionId;
  const named = (Object.keys(TRIGGER_EXTENSIONS) as FlowTrigger[]).find((t) => TRIGGER_EXTENSIONS[t].name === definitionId);
  return named ? FLOW_TRIGGERS[named] : null;
}

const lifecycleSchema = z.object({
  flow_trigger_definition_id: z.string().min(1),
  has_enabled_flow: z.boolean(),
  shopify_domain: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
});

/**
 * Flow's lifecycle callback: the shop has (or no longer has) an enabled workflow using a trigger;
 * an older callback than the one kept is ignored (recordTriggerUse). Bad signature 401, malformed
 * body 400. A shop Klub does not know (installed on Shopify, never opened) cannot keep the fact:
 * enabling answers 404 with a message, so the workflow is not switched on with a trigger that
 * would never fire; disabling answers 200, as there is nothing to forget.
 */
export async function receiveLifecycleCallback(db: PrismaClient, request: Request): Promise<Response> {
  const { payload } = await readSignedFlowRequest(request);
  const parsed = lifecycleSchema.safeParse(payload);
  if (!parsed.success) return flowAnswer(400, { ok: false, error: "malformed", message: "Expected flow_trigger_definition_id, has_enabled_flow, shopify_domain and timestamp" });
  const callback = parsed.data;
  const handle = triggerHandleOf(callback.flow_trigger_definition_id);
  if (!handle) {
    logger.error({ definition: callback.flow_trigger_definition_id, shop: callback.shopify_domain }, "Flow lifecycle callback for a trigger Klub does not know");
    return flowAnswer(200, { ok: true, recorded: false });
  }
  const shop = await db.shop.findUnique({ where: { domain: callback.shopify_domain }, select: { id: true } });
  if (!shop) {
    if (!callback.has_enabled_flow) return flowAnswer(200, { ok: true, recorded: false });
    return flowAnswer(404, { ok: false, error: "not_set_up", message: "Klub is not set up on this shop yet: open Klub in the Shopify admin once, then turn the workflow on again." });
  }
  await recordTriggerUse(db, shop.id, handle, callback.has_enabled_flow, new Date(callback.timestamp));
  return flowAnswer(200, { ok: true, recorded: true });
}
