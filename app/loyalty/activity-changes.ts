// What an activity log entry changed, in terms the admin can put into the owner's words: each
// field under the label its form uses (a translation key), each value typed (money, yes/no, a
// date, a choice's own label, a member's or reward's name), tiers compared tier by tier. Pure: the
// names of the members, rewards and tiers an entry points at are looked up by the caller.
import { NOTICE_TYPES } from "./notices";
import { NETWORK_NAMES, SOCIAL_NETWORKS, socialField } from "./social";
import { REWARD_SEGMENTS } from "./reward-audience";
import { GOAL_AUDIENCES, GOAL_METRICS } from "./program-goals";
import { OFFER_KINDS, OFFER_STATUSES } from "./member-offers";

/** A value as the owner should read it. */
export type Shown =
  | { text: string }
  | { number: number }
  | { signed: number }
  | { points: number }
  | { money: number } // minor units of the shop's currency
  | { percent: number }
  | { yes: boolean }
  | { date: string } // an ISO instant, shown as its (UTC) day
  | { birthday: string } // YYYY-MM-DD, or --MM-DD without the year
  | { word: string } // a translation key: the label of a choice
  | { list: string[] }
  | { none: true } // empty
  | { gone: true }; // pointed at something that no longer exists

/** Translation keys, and names as they are: "What counts toward points · Shipping", "Gold · Points multiplier". */
export interface Label {
  tier?: string;
  group?: string;
  key?: string;
  field?: string; // a field no label is known for, as named
}

/** One line: a field before and after (a side is missing when the entry made or removed the thing), or a sentence. */
export type Change = { label: Label; before?: Shown; after?: Shown } | { sentence: string; params: Record<string, string | number> };

export interface ActivityDetail {
  subject: Shown | null; // what the entry is about: a reward's, campaign's or member's name, an imported file
  changes: Change[];
}

export interface Names {
  members: ReadonlyMap<string, string>;
  rewards: ReadonlyMap<string, string>;
  tiers: ReadonlyMap<string, string>;
}

type Row = Record<string, unknown>;
interface Field {
  label: Label;
  show: (value: unknown, names: Names) => Shown;
}

const DAY_MS = 86_400_000;
const num = (v: unknown): Shown => (typeof v === "number" ? { number: v } : none(v));
const money = (v: unknown): Shown => (typeof v === "number" ? { money: v } : none(v));
const percent = (v: unknown): Shown => (typeof v === "number" ? { percent: v } : none(v));
const yes = (v: unknown): Shown => (typeof v === "boolean" ? { yes: v } : none(v));
const text = (v: unknown): Shown => (typeof v === "string" && v.trim() !== "" ? { text: v } : none(v));
const none = (v: unknown): Shown => (v === null || v === undefined || v === "" ? { none: true } : { text: typeof v === "object" ? JSON.stringify(v) : String(v) });
const choice =
  (words: Record<string, string>) =>
  (v: unknown): Shown =>
    typeof v === "string" && words[v] ? { word: words[v] } : none(v);
const titles = (v: unknown): Shown => (Array.isArray(v) ? { list: v.map((item: unknown) => (item && typeof item === "object" && "title" in item ? String(item.title) : String(item))) } : none(v));
const named =
  (kind: keyof Names, empty: Shown) =>
  (v: unknown, names: Names): Shown =>
    typeof v === "string" && v !== "" ? (names[kind].has(v) ? { text: names[kind].get(v)! } : { gone: true }) : empty;

const field = (key: string, show: Field["show"], group?: string): Field => ({ label: group ? { group, key } : { key }, show });

const SETTINGS: Record<string, Field> = {
  earnPoints: field("settings.earnPoints", num),
  earnPerAmountMinor: field("settings.earnPerAmount", money),
  awardOn: field("settings.awardOn", choice({ paid: "settings.awardOnPaid", fulfilled: "settings.awardOnFulfilled" })),
  subtractDiscounts: field("settings.subtractDiscounts", yes, "settings.counts"),
  earnOnShipping: field("settings.earnOnShipping", yes, "settings.counts"),
  earnOnTax: field("settings.earnOnTax", yes, "settings.counts"),
  earnOnGiftCards: field("settings.earnOnGiftCards", yes, "settings.counts"),
  rewardTestOrders: field("settings.rewardTestOrders", yes, "settings.counts"),
  maxPointsPerOrder: field("settings.maxPointsPerOrder", num),
  pendingDays: field("settings.pendingDays", num),
  expiryMode: field("settings.expiryMode", choice({ none: "settings.expiryNone", lot: "settings.expiryLot", inactivity: "settings.expiryInactivity" })),
  expiryMonths: field("settings.expiryMonths", num, "settings.expiryMode"),
  allowNegativeBalance: field("settings.allowNegativeBalance", yes),
  returnPointsOnRefund: field("settings.returnPointsOnRefund", yes),
  signupBonus: field("settings.signupBonus", num),
  birthdayBonus: field("settings.birthdayBonus", num),
  referrerBonus: field("settings.referrerBonus", num),
  refereeBonus: field("settings.refereeBonus", num),
  refereeRewardId: field("settings.refereeReward", named("rewards", { word: "settings.refereeRewardNone" })),
  birthdayRewardId: field("settings.birthdayReward", named("rewards", { word: "settings.birthdayRewardNone" })),
  enrollment: field("settings.enrollment", choice({ all: "settings.enrollmentAll", opt_in: "settings.enrollmentOptIn" })),
  feedbackEnabled: field("settings.feedbackEnabled", yes, "settings.feedback"),
  feedbackBonus: field("settings.feedbackBonus", num, "settings.feedback"),
  widgetAccent: field("settings.widgetAccent", text, "settings.widget"),
  widgetPosition: field("settings.widgetPosition", choice({ right: "settings.widgetRight", left: "settings.widgetLeft" }), "settings.widget"),
  widgetJoinTextEn: field("settings.widgetJoinTextEn", text, "settings.widget"),
  widgetJoinTextPl: field("settings.widgetJoinTextPl", text, "settings.widget"),
  widgetJoinTextRu: field("settings.widgetJoinTextRu", text, "settings.widget"),
  excludedProducts: field("settings.excludedProducts", titles),
  excludedCollections: field("settings.excludedCollections", titles),
  // A social account's fields under its network's name (a brand, the same in every language).
  ...Object.fromEntries(
    SOCIAL_NETWORKS.flatMap((network) => [
      [socialField(network, "Url"), { label: { tier: NETWORK_NAMES[network], key: "settings.social.address" }, show: text }],
      [socialField(network, "Points"), { label: { tier: NETWORK_NAMES[network], key: "settings.social.points" }, show: num }],
    ]),
  ),
  // Saved on the Emails page (app/email/email-settings.server.ts).
  emailReminderDays: field("email.reminderDays", (v) => (typeof v === "string" && v !== "" ? { text: v.split(",").join(", ") } : none(v))),
  emailDailyCap: field("email.dailyCap", num),
};

const REWARD_TYPES = ["fixed_amount", "percentage", "free_shipping", "free_product", "store_credit", "points_slider", "partner_code"];
const REWARD: Record<string, Field> = {
  name: field("rewards.name", text),
  type: field("rewards.type", choice(Object.fromEntries(REWARD_TYPES.map((t) => [t, `rewards.types.${t}`])))),
  pointsCost: field("rewards.cost", num),
  valueMinor: field("rewards.value", money),
  percentage: field("rewards.percentage", percent),
  productVariantId: field("rewards.product", text),
  sliderMinPoints: field("rewards.sliderMin", num),
  sliderMaxPoints: field("rewards.sliderMax", num),
  minimumSubtotalMinor: field("rewards.minimumSubtotal", money),
  codeExpiryDays: field("rewards.codeExpiryDays", num),
  combinesWithOrder: field("rewards.combinesWithOrder", yes, "rewards.combinations"),
  combinesWithProduct: field("rewards.combinesWithProduct", yes, "rewards.combinations"),
  combinesWithShipping: field("rewards.combinesWithShipping", yes, "rewards.combinations"),
  tierId: field("rewards.tier", named("tiers", { word: "rewards.everyone" })),
  segment: field("rewards.segment", (v) => (v === null ? { word: "rewards.segmentAny" } : choice(Object.fromEntries(REWARD_SEGMENTS.map((s) => [s, `rewards.segments.${s}`])))(v))),
  segmentThreshold: field("rewards.segmentThresholdLabel", num),
  poolLowAt: field("rewards.pool.lowAt", num),
  // Codes added to a partner reward's pool: how many, never the codes (app/loyalty/partner-codes.server.ts).
  codesAdded: field("rewards.pool.addedLabel", num),
  codesRemaining: field("rewards.pool.remainingLabel", num),
  active: field("rewards.status", (v) => (typeof v === "boolean" ? { word: v ? "rewards.active" : "rewards.paused" } : none(v))),
};

/** A campaign runs until the start of endsAt: the owner chose the day before as its last. */
const CAMPAIGN: Record<string, Field> = {
  name: field("campaigns.name", text),
  multiplierPercent: field("campaigns.multiplier", percent),
  startsAt: field("campaigns.startsOn", (v) => (typeof v === "string" ? { date: v } : none(v))),
  endsAt: field("campaigns.endsOn", (v) => (typeof v === "string" ? { date: new Date(new Date(v).getTime() - DAY_MS).toISOString() } : none(v))),
};

const MEMBER: Record<string, Field> = {
  points: field("member.points", (v) => (typeof v === "number" ? { signed: v } : none(v))),
  reason: field("member.reason", text),
  birthday: field("member.birthday", (v) => (typeof v === "string" && v !== "" ? { birthday: v } : none(v))),
};

const TIER_LADDER: Record<string, Field> = {
  basis: field("tiers.basis", choice({ points: "tiers.basisPoints", spend: "tiers.basisSpend" })),
  window: field("tiers.window", choice({ lifetime: "tiers.windowLifetime", rolling12: "tiers.windowRolling12", calendar_year: "tiers.windowCalendarYear" })),
};

/** Bookkeeping, or said by the action itself ("Reward deleted"). */
const UNSHOWN = new Set(["id", "shopId", "createdAt", "updatedAt", "deletedAt", "deleted", "memberId", "importId"]);

/** The mail server (app/email): never its password, only that it changed. */
const MAIL_SERVER: Record<string, Field> = {
  host: field("email.host", text),
  port: field("email.port", (v) => (typeof v === "number" ? { text: String(v) } : none(v))), // a port, not a quantity: no grouping
  security: field("email.securityLabel", choice({ tls: "email.security.tls", starttls: "email.security.starttls", none: "email.security.none" })),
  username: field("email.username", text),
  fromAddress: field("email.fromAddress", text),
  fromName: field("email.fromName", text),
  passwordChanged: field("email.password", (v) => (v === true ? { word: "email.passwordChanged" } : none(v))),
};

/**
 * An email type (app/email/email-settings.server.ts): each field under the type's name
 * ("welcomeSubjectPl"), so that the line says which email changed: "Welcome · Subject (Polish)".
 */
const EMAIL_TEMPLATE: Record<string, Field> = Object.fromEntries(
  NOTICE_TYPES.flatMap((type) => [
    [`${type}Enabled`, field("email.sendThis", yes, `email.types.${type}`)],
    ...["En", "Pl", "Ru"].flatMap((language) => [
      [`${type}Subject${language}`, field(`email.subjectIn${language}`, text, `email.types.${type}`)],
      [`${type}Opening${language}`, field(`email.openingIn${language}`, text, `email.types.${type}`)],
    ]),
  ]),
);

/** A program goal (app/loyalty/program-goals.server.ts logs rates as whole percents). */
const GOAL: Record<string, Field> = {
  metric: field("goals.metric", choice(Object.fromEntries(GOAL_METRICS.map((m) => [m, `health.metrics.${m}`])))),
  audience: field("goals.audience", choice(Object.fromEntries(GOAL_AUDIENCES.map((a) => [a, `goals.audiences.${a}`])))),
  targetPercent: field("goals.target", percent),
  targetMinor: field("goals.target", money),
  due: field("goals.due", (v) => (typeof v === "string" ? { date: v } : none(v))),
};

/** A members' offer (app/loyalty/member-offers.server.ts). */
const OFFER: Record<string, Field> = {
  kind: field("offers.kind", choice(Object.fromEntries(OFFER_KINDS.map((k) => [k, `offers.kinds.${k}`])))),
  percentage: field("offers.percentage", percent),
  valueMinor: field("offers.amount", money),
  minimumSubtotalMinor: field("offers.minimumOrder", money),
  tierId: field("offers.audience", named("tiers", { word: "offers.allMembers" })),
  combinesWithRewards: field("offers.combinesWithRewards", yes),
  startsAt: field("offers.startsOn", (v) => (typeof v === "string" ? { date: v } : none(v))),
  endsAt: field("offers.endsOn", (v) => (typeof v === "string" ? { date: v } : none(v))),
  status: field("offers.state", choice(Object.fromEntries(OFFER_STATUSES.map((k) => [k, `offers.status.${k}`])))),
};

const FIELDS: Record<string, Record<string, Field>> = { settings: SETTINGS, reward: REWARD, campaign: CAMPAIGN, member: MEMBER, tiers: TIER_LADDER, mailServer: MAIL_SERVER, emailTemplate: EMAIL_TEMPLATE, goal: GOAL, offer: OFFER };

const asRow = (value: unknown): Row | null => (value && typeof value === "object" && !Array.isArray(value) ? (value as Row) : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field by field: every field that differs; all of them (those with a value) when the entry made or removed the thing. */
function fieldChanges(fields: Record<string, Field>, before: Row | null, after: Row | null, names: Names): Change[] {
  const keys = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])].filter((k) => !UNSHOWN.has(k) && k !== "tiers");
  const known = Object.keys(fields);
  keys.sort((a, b) => (known.includes(a) ? known.indexOf(a) : known.length) - (known.includes(b) ? known.indexOf(b) : known.length));
  const changes: Change[] = [];
  for (const key of keys) {
    const spec = fields[key] ?? { label: { field: key }, show: none };
    const was = before?.[key];
    const now = after?.[key];
    if (before && after && same(was, now)) continue;
    if ((!before && (now === null || now === undefined)) || (!after && (was === null || was === undefined))) continue;
    changes.push({ label: spec.label, ...(before && { before: spec.show(was, names) }), ...(after && { after: spec.show(now, names) }) });
  }
  return changes;
}

interface TierRow {
  id?: string;
  name: string;
  threshold: number;
  multiplierPercent: number;
  entryRewardId: string | null;
}

const tierRows = (ladder: Row | null): TierRow[] => (Array.isArray(ladder?.tiers) ? (ladder.tiers as TierRow[]) : []);
const threshold = (value: number, basis: unknown): Shown => (basis === "spend" ? { money: value } : { points: value });

/** Tier by tier (matched by id, else by name): "Silver added", "Bronze removed", "Gold: 500 → 800 points". */
export function tierChanges(before: Row | null, after: Row | null, names: Names): Change[] {
  const was = tierRows(before);
  const now = tierRows(after);
  const key = (t: TierRow) => t.name.toLocaleLowerCase();
  const match = (t: TierRow, among: TierRow[]) => among.find((o) => (t.id && o.id ? o.id === t.id : key(o) === key(t)));
  const reward = named("rewards", { word: "tiers.noEntryReward" });
  const changes: Change[] = [];
  for (const tier of now) {
    const old = match(tier, was);
    if (!old) {
      changes.push({ sentence: "activity.tierAdded", params: { tier: tier.name } });
      continue;
    }
    if (old.name !== tier.name) changes.push({ label: { tier: old.name, key: "tiers.name" }, before: { text: old.name }, after: { text: tier.name } });
    if (old.threshold !== tier.threshold || before?.basis !== after?.basis) {
      changes.push({ label: { tier: tier.name }, before: threshold(old.threshold, before?.basis), after: threshold(tier.threshold, after?.basis) });
    }
    if (old.multiplierPercent !== tier.multiplierPercent) changes.push({ label: { tier: tier.name, key: "tiers.multiplier" }, before: { percent: old.multiplierPercent }, after: { percent: tier.multiplierPercent } });
    if ((old.entryRewardId ?? null) !== (tier.entryRewardId ?? null)) {
      changes.push({ label: { tier: tier.name, key: "tiers.entryReward" }, before: reward(old.entryRewardId, names), after: reward(tier.entryRewardId, names) });
    }
  }
  for (const tier of was) if (!match(tier, now)) changes.push({ sentence: "activity.tierRemoved", params: { tier: tier.name } });
  return changes;
}

const num0 = (v: unknown) => (typeof v === "number" ? v : 0);

/** The entry in the owner's terms; before and after as logActivity stored them (parsed JSON). */
export function describeActivity(action: string, before: unknown, after: unknown, names: Names): ActivityDetail {
  const was = asRow(before);
  const now = asRow(after);
  const subjectKind = action.split(".")[0];
  // "Program turned on" says it all.
  if (subjectKind === "program") return { subject: null, changes: [] };
  const about = now ?? was;
  // "Reward deleted" and its name (entries from before names were logged have none): its status
  // would read "Paused".
  if (action === "reward.deleted") return { subject: typeof about?.name === "string" ? text(about.name) : null, changes: [] };
  if (subjectKind === "members") {
    const rows = num0(now?.rows);
    const sentence: Change =
      action === "members.imported"
        ? { sentence: "import.progress", params: { processed: rows, total: rows, created: num0(now?.created), balances: num0(now?.balances), skipped: num0(now?.skipped) } }
        : { sentence: "import.planRows", params: { count: rows, n: rows } };
    return { subject: text(about?.fileName), changes: now ? [sentence] : [] };
  }
  const subject = typeof about?.memberId === "string" ? named("members", { none: true })(about.memberId, names) : typeof about?.name === "string" ? text(about.name) : null;
  const changes = fieldChanges(FIELDS[subjectKind] ?? {}, was, now, names);
  if (subjectKind === "tiers") changes.push(...tierChanges(was, now, names));
  return { subject, changes };
}

/** The ids of members, rewards and tiers an entry points at, to be named. */
export function referencedIds(before: unknown, after: unknown): { members: string[]; rewards: string[]; tiers: string[] } {
  const found = { members: [] as string[], rewards: [] as string[], tiers: [] as string[] };
  for (const side of [asRow(before), asRow(after)]) {
    if (!side) continue;
    if (typeof side.memberId === "string") found.members.push(side.memberId);
    if (typeof side.refereeRewardId === "string" && side.refereeRewardId) found.rewards.push(side.refereeRewardId);
    if (typeof side.birthdayRewardId === "string" && side.birthdayRewardId) found.rewards.push(side.birthdayRewardId);
    if (typeof side.tierId === "string") found.tiers.push(side.tierId);
    for (const tier of tierRows(side)) if (tier.entryRewardId) found.rewards.push(tier.entryRewardId);
  }
  return found;
}
