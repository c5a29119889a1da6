// Flow triggers: written to the outbox in the transaction of the event that starts them, only for
// triggers the shop has an enabled workflow for (Flow's lifecycle callback keeps FlowTriggerUse),
// and sent after it commits (app/shopify/flow-triggers.server.ts, flowTriggerReceive).
import { enqueue, FLOW_TRIGGER } from "./outbox.server";
import { FLOW_TRIGGERS, type FlowFields, type FlowTrigger } from "./flow-events";
import { shopSetup } from "./shop-setup.server";
import type { DbOrTx } from "./transactions.server";

export interface Announcement<T extends FlowTrigger> {
  shopId: string;
  trigger: T;
  customerId: string;
  /** The event, unique within the shop. */
  key: string;
  fields: FlowFields[T];
  now: Date;
}

export async function announce<T extends FlowTrigger>(tx: DbOrTx, a: Announcement<T>): Promise<void> {
  if (!(await shopSetup(tx, a.shopId))?.flowTriggers.has(FLOW_TRIGGERS[a.trigger])) return;
  await enqueue(tx, { shopId: a.shopId, kind: FLOW_TRIGGER, dedupeKey: `flow:${a.key}`, payload: { trigger: a.trigger, customerId: a.customerId, fields: a.fields }, now: a.now });
}

/** Flow's lifecycle callback: the shop has (or no longer has) an enabled workflow using the trigger. Older news is ignored. */
export async function recordTriggerUse(db: DbOrTx, shopId: string, handle: string, enabled: boolean, at: Date): Promise<void> {
  const known = await db.flowTriggerUse.findUnique({ where: { shopId_handle: { shopId, handle } } });
  if (known && known.updatedAt > at) return;
  await db.flowTriggerUse.upsert({ where: { shopId_handle: { shopId, handle } }, update: { enabled, updatedAt: at }, create: { shopId, handle, enabled, updatedAt: at } });
}
