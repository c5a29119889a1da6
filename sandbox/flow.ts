// Shopify Flow on the sandbox shop, as far as an app meets it: the app's Flow extensions read from
// extensions/*/shopify.extension.toml as Shopify reads them on deploy; flowTriggerReceive (the
// Admin API's way in for a trigger), checked against the trigger's declared fields; the trigger
// lifecycle callback Flow posts when the owner switches a workflow on or off; and the action runs
// Flow posts to the app, signed as Flow signs them (X-Shopify-Hmac-Sha256: the base64 HMAC-SHA256
// of the body with the app's secret). Shares no code with the app.
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FlowActionRunSent, Store } from "./state";

export interface FlowField {
  type: string;
  /** The payload key: a reference field's is `<object>_id` (customer_reference: customer_id). */
  key: string;
  name?: string;
  description?: string;
  required?: boolean;
}

export interface FlowExtension {
  type: "flow_trigger" | "flow_action" | "flow_trigger_lifecycle_callback" | "flow_template";
  handle: string;
  name: string;
  description: string;
  /** An action's runtime_url, the lifecycle callback's url (absolute, or relative to the app's URL). */
  url: string;
  fields: FlowField[];
  dir: string;
}

type TomlValue = string | number | boolean | string[];

/** The TOML Shopify's extension files use: tables, arrays of tables, and key = JSON-like value lines. */
export function parseExtensionToml(text: string): { table: string; values: Record<string, TomlValue> }[] {
  const sections: { table: string; values: Record<string, TomlValue> }[] = [{ table: "", values: {} }];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const header = /^\[\[?([\w.]+)\]\]?$/.exec(line);
    if (header) {
      sections.push({ table: header[1], values: {} });
      continue;
    }
    const pair = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair) throw new Error(`Unreadable TOML line: ${line}`);
    sections.at(-1)!.values[pair[1]] = JSON.parse(pair[2]) as TomlValue;
  }
  return sections;
}

const EXTENSIONS_DIR = fileURLToPath(new URL("../extensions/", import.meta.url));

/** The app's Flow extensions: triggers, actions, the lifecycle callback, templates. */
export function loadFlowExtensions(root = EXTENSIONS_DIR): FlowExtension[] {
  return readdirSync(root).flatMap((name): FlowExtension[] => {
    const file = join(root, name, "shopify.extension.toml");
    if (!existsSync(file)) return [];
    const text = readFileSync(file, "utf8");
    if (!/^\s*type\s*=\s*"flow_/m.test(text)) return [];
    const sections = parseExtensionToml(text);
    const extension = sections.find((s) => s.table === "extensions")?.values;
    const type = String(extension?.type ?? "");
    if (!extension || !type.startsWith("flow_")) return [];
    const fields = sections
      .filter((s) => s.table === "settings.fields")
      .map(({ values }) => {
        const fieldType = String(values.type);
        const key = fieldType.endsWith("_reference") ? `${fieldType.replace(/_reference$/, "")}_id` : String(values.key);
        return { type: fieldType, key, name: values.name as string | undefined, description: values.description as string | undefined, required: values.required as boolean | undefined };
      });
    return [{ type: type as FlowExtension["type"], handle: String(extension.handle), name: String(extension.name), description: String(extension.description ?? ""), url: String(extension.runtime_url ?? extension.url ?? ""), fields, dir: join(root, name) }];
  });
}

let cached: FlowExtension[] | null = null;
export const flowExtensions = () => (cached ??= loadFlowExtensions());

/** Flow's limit on a trigger's payload. */
export const MAX_TRIGGER_PAYLOAD_BYTES = 50_000;

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  number_decimal: (v) => typeof v === "number" && Number.isFinite(v),
  number_integer: (v) => Number.isInteger(v),
  single_line_text_field: (v) => typeof v === "string" && !v.includes("\n"),
  multi_line_text_field: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
  email: (v) => typeof v === "string" && v.includes("@"),
  url: (v) => typeof v === "string" && /^https?:\/\//.test(v),
};

type UserError = { field: string[]; message: string };

/**
 * flowTriggerReceive(handle, payload): the handle must name one of the app's triggers, the payload
 * stay within 50 KB and carry each declared field with its type and nothing else (a customer
 * reference naming a customer of the shop). Stricter than Shopify may be: a payload Flow could not
 * use is refused here rather than failing in a workflow. Received triggers are kept for the admin.
 */
export function receiveFlowTrigger(store: Store, extensions: FlowExtension[], args: Record<string, unknown>, now = new Date()) {
  const refuse = (field: string, message: string) => ({ userErrors: [{ field: [field], message }] as UserError[] });
  const handle = String(args.handle ?? "");
  const trigger = extensions.find((e) => e.type === "flow_trigger" && e.handle === handle);
  if (!trigger) return refuse("handle", `Invalid handle: the app has no Flow trigger '${handle}'`);
  let payload = args.payload;
  if (typeof payload === "string") {
    try {
      payload = JSON.parse(payload);
    } catch {
      return refuse("payload", "Payload is not valid JSON");
    }
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return refuse("payload", "Payload must be a JSON object");
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_TRIGGER_PAYLOAD_BYTES) return refuse("payload", "Payload exceeds the 50 KB limit");
  const given = payload as Record<string, unknown>;
  const userErrors: UserError[] = [];
  for (const field of trigger.fields) {
    const value = given[field.key];
    if (field.type === "customer_reference") {
      if (!store.customer(String(value ?? "").replace(/^gid:\/\/shopify\/Customer\//, ""))) userErrors.push({ field: ["payload", field.key], message: `Customer ${String(value)} does not exist` });
    } else if (value === undefined) userErrors.push({ field: ["payload", field.key], message: `${field.key} is missing` });
    else if (!TYPE_CHECKS[field.type]?.(value)) userErrors.push({ field: ["payload", field.key], message: `${field.key} must be a ${field.type}` });
  }
  for (const key of Object.keys(given)) {
    if (!trigger.fields.some((f) => f.key === key)) userErrors.push({ field: ["payload", key], message: `${key} is not a field of ${handle}` });
  }
  if (userErrors.length) return { userErrors };
  const workflowOn = store.state.flow.workflows[handle]?.enabled ?? false;
  store.state.flow.received = [{ id: store.nextId(), handle, payload: given, workflowOn, at: now.toISOString() }, ...store.state.flow.received].slice(0, 200);
  store.save();
  return { userErrors: [] };
}

/** Where the app serves a URL of its extensions: a relative one on the app's URL, an absolute one's path there too (as the dev tunnel stands in for it). */
function appAddress(appUrl: string, url: string): URL {
  const parsed = new URL(url, appUrl);
  return new URL(`${parsed.pathname}${parsed.search}`, appUrl);
}

export interface FlowApp {
  appUrl: string;
  apiSecret: string;
}

export const signFlowBody = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

async function post(app: FlowApp, url: URL, payload: unknown): Promise<{ status: number; answer: string }> {
  const body = JSON.stringify(payload);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": signFlowBody(body, app.apiSecret) },
      body,
      signal: AbortSignal.timeout(30_000), // Flow's wait for an answer
    });
    return { status: response.status, answer: (await response.text()).slice(0, 2000) };
  } catch (error) {
    return { status: 0, answer: (error as Error).message };
  }
}

/**
 * The owner switches the shop's workflow for a trigger on or off: Flow tells the app through its
 * lifecycle callback. A workflow is switched on only when the app answers 2xx (Flow refuses
 * otherwise); off always. Returns the app's answer.
 */
export async function switchWorkflow(store: Store, app: FlowApp, handle: string, enabled: boolean, now = new Date()) {
  const callback = flowExtensions().find((e) => e.type === "flow_trigger_lifecycle_callback");
  if (!flowExtensions().some((e) => e.type === "flow_trigger" && e.handle === handle)) throw new Error(`The app has no Flow trigger ${handle}`);
  const { shop } = store.state;
  const sent = callback
    ? await post(app, appAddress(app.appUrl, callback.url), { flow_trigger_definition_id: handle, has_enabled_flow: enabled, shop_id: shop.id, shopify_domain: shop.domain, timestamp: now.toISOString() })
    : { status: 0, answer: "The app has no flow_trigger_lifecycle_callback extension" };
  const accepted = sent.status >= 200 && sent.status < 300;
  const was = store.state.flow.workflows[handle]?.enabled ?? false;
  store.state.flow.workflows[handle] = { enabled: enabled ? accepted || was : false, at: now.toISOString(), appStatus: sent.status };
  store.save();
  return sent;
}

/**
 * Flow runs one of the app's actions for a customer with the given field values (as the workflow's
 * step was filled in), posting the run to the action's runtime URL. `runId` repeats an earlier run
 * (as Flow retries one). Returns the run with the app's answer.
 */
export async function runFlowAction(store: Store, app: FlowApp, handle: string, customerId: number, values: Record<string, string>, runId: string = randomUUID(), now = new Date()): Promise<FlowActionRunSent> {
  const action = flowExtensions().find((e) => e.type === "flow_action" && e.handle === handle);
  if (!action) throw new Error(`The app has no Flow action ${handle}`);
  const properties: Record<string, unknown> = {};
  for (const field of action.fields) {
    if (field.type === "customer_reference") properties[field.key] = String(customerId);
    else if (field.type.startsWith("number_")) properties[field.key] = /^-?\d+(\.\d+)?$/.test(values[field.key] ?? "") ? Number(values[field.key]) : (values[field.key] ?? "");
    else if (field.type === "boolean") properties[field.key] = values[field.key] === "true";
    else properties[field.key] = values[field.key] ?? "";
  }
  const { shop } = store.state;
  const payload = { shop_id: String(shop.id), shopify_domain: shop.domain, action_run_id: runId, action_definition_id: action.name, handle: action.handle, properties };
  const sent = await post(app, appAddress(app.appUrl, action.url), payload);
  const run: FlowActionRunSent = { id: runId, handle, properties, status: sent.status, answer: sent.answer, at: now.toISOString() };
  store.state.flow.runs = [run, ...store.state.flow.runs].slice(0, 200);
  store.save();
  return run;
}
