// A shop's program setup (its rules, tiers, campaigns, and whether it sends emails and Flow
// triggers), read on every webhook and admin page, changed a few times a year. Kept per process and
// checked against Shop.setupVersion, which triggers renew in the transaction of any change to what
// is kept here (migration 20261201141116_shop_setup_version): the check is one narrow query instead
// of five wide ones, and a change made by any process or thread is seen at once.
import type { Campaign, Tier } from "@prisma/client";
import { ON_BY_DEFAULT, type NoticeType } from "./notices";
import { programRules, type ProgramRules } from "./program";
import { sql, type DbOrTx } from "./transactions.server";

export interface ShopSetup {
  shopId: string;
  currencyCode: string;
  programEnabled: boolean;
  /** Null while the shop has no settings (installed, not yet set up). */
  rules: ProgramRules | null;
  tiers: readonly Tier[];
  /** Every campaign, past and future: callers pick the ones running at their moment. */
  campaigns: readonly Campaign[];
  /** Whether the shop sends each email type: a mail server and the type on (or on by default). */
  sendsEmail: (type: NoticeType) => boolean;
  /** The Flow trigger handles the shop has an enabled workflow for. */
  flowTriggers: ReadonlySet<string>;
}

type Kept = Omit<ShopSetup, "currencyCode" | "programEnabled">;

const MAX_SHOPS = 1_000;
const kept = new Map<string, { version: string; setup: Kept }>();

interface ShopRow {
  currencyCode: string;
  programEnabled: boolean | number | bigint;
  setupVersion: string;
}

async function shopRow(db: DbOrTx, shopId: string): Promise<ShopRow | null> {
  const rows = await sql(db).query<ShopRow>`SELECT "currencyCode", "programEnabled", "setupVersion" FROM "Shop" WHERE "id" = ${shopId}`;
  return rows[0] ?? null;
}

/** Kept objects are shared by every caller: none may change them (a change would reach the others). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

async function load(db: DbOrTx, shopId: string): Promise<Kept> {
  const [settings, tiers, campaigns, mailServer, templates, triggers] = await Promise.all([
    db.programSettings.findUnique({ where: { shopId } }),
    db.tier.findMany({ where: { shopId }, orderBy: { threshold: "asc" } }),
    db.campaign.findMany({ where: { shopId } }),
    db.mailServer.findUnique({ where: { shopId }, select: { shopId: true } }),
    db.emailTemplate.findMany({ where: { shopId }, select: { type: true, enabled: true } }),
    db.flowTriggerUse.findMany({ where: { shopId, enabled: true }, select: { handle: true } }),
  ]);
  const switched = new Map(templates.map((t) => [t.type, t.enabled]));
  return {
    shopId,
    rules: settings ? deepFreeze(programRules(settings)) : null,
    tiers: deepFreeze(tiers),
    campaigns: deepFreeze(campaigns),
    sendsEmail: (type) => mailServer !== null && (switched.get(type) ?? ON_BY_DEFAULT.includes(type)),
    flowTriggers: new Set(triggers.map((t) => t.handle)),
  };
}

/** Transactions that change no shop's setup (applying webhook events): each shop's read once in them. */
const readOnce = new WeakMap<DbOrTx, Map<string, ShopSetup | null>>();

/** Marks a transaction that changes no shop's setup, so that it reads each shop's setup once. */
export function readSetupOnceIn(tx: DbOrTx) {
  readOnce.set(tx, new Map());
}

/** The shop's setup as `db` sees it now; null when the shop is gone. */
export async function shopSetup(db: DbOrTx, shopId: string): Promise<ShopSetup | null> {
  const once = readOnce.get(db);
  if (once?.has(shopId)) return once.get(shopId)!;
  const setup = await currentSetup(db, shopId);
  once?.set(shopId, setup);
  return setup;
}

async function currentSetup(db: DbOrTx, shopId: string): Promise<ShopSetup | null> {
  const row = await shopRow(db, shopId);
  if (!row) return null;
  const version = row.setupVersion;
  let setup = kept.get(shopId)?.version === version ? kept.get(shopId)!.setup : null;
  if (!setup) {
    setup = await load(db, shopId);
    // Outside a transaction a change may land between the two reads: keep only a setup read whole
    // at one version (a transaction sees one version throughout).
    const after = (await shopRow(db, shopId))?.setupVersion;
    if (after === version) {
      if (kept.size >= MAX_SHOPS) kept.delete(kept.keys().next().value!);
      kept.set(shopId, { version, setup });
    }
  }
  return { ...setup, currencyCode: row.currencyCode, programEnabled: Boolean(row.programEnabled) };
}

/** The setup, for a shop that must exist (inside the work on one of its events). */
export async function shopSetupOrThrow(db: DbOrTx, shopId: string): Promise<ShopSetup> {
  const setup = await shopSetup(db, shopId);
  if (!setup) throw new Error(`shop ${shopId} not found`);
  return setup;
}
