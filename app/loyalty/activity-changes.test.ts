import { describe, expect, it } from "vitest";
import { describeActivity, referencedIds, tierChanges, type Names } from "./activity-changes";

const names: Names = {
  members: new Map([["m1", "Zofia Wiśniewska"]]),
  rewards: new Map([["r1", "Free shipping"], ["r2", "$5 off"]]),
  tiers: new Map([["t1", "Gold"]]),
};

describe("an activity entry in the owner's terms", () => {
  it("labels settings as their form does and types their values", () => {
    const detail = describeActivity(
      "settings.updated",
      { earnPoints: 1, earnPerAmountMinor: 100, earnOnShipping: false, expiryMode: "none", refereeRewardId: "", excludedProducts: [] },
      { earnPoints: 5, earnPerAmountMinor: 250, earnOnShipping: true, expiryMode: "lot", refereeRewardId: "r1", excludedProducts: [{ id: "gid://shopify/Product/1", title: "Mug" }] },
      names,
    );
    expect(detail.subject).toBeNull();
    expect(detail.changes).toEqual([
      { label: { key: "settings.earnPoints" }, before: { number: 1 }, after: { number: 5 } },
      { label: { key: "settings.earnPerAmount" }, before: { money: 100 }, after: { money: 250 } },
      { label: { group: "settings.counts", key: "settings.earnOnShipping" }, before: { yes: false }, after: { yes: true } },
      { label: { key: "settings.expiryMode" }, before: { word: "settings.expiryNone" }, after: { word: "settings.expiryLot" } },
      { label: { key: "settings.refereeReward" }, before: { word: "settings.refereeRewardNone" }, after: { text: "Free shipping" } },
      { label: { key: "settings.excludedProducts" }, before: { list: [] }, after: { list: ["Mug"] } },
    ]);
  });

  it("shows what differs in a reward, as money and names, never its ids or timestamps", () => {
    const reward = { id: "r9", shopId: "s", name: "Amount off", type: "fixed_amount", valueMinor: 500, tierId: null, active: true, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
    const detail = describeActivity("reward.updated", reward, { ...reward, valueMinor: 1000, tierId: "t1", updatedAt: "2026-02-01T00:00:00.000Z" }, names);
    expect(detail.subject).toEqual({ text: "Amount off" });
    expect(detail.changes).toEqual([
      { label: { key: "rewards.value" }, before: { money: 500 }, after: { money: 1000 } },
      { label: { key: "rewards.tier" }, before: { word: "rewards.everyone" }, after: { text: "Gold" } },
    ]);
  });

  it("names a reward's segment in words, and everyone when it has none", () => {
    const reward = { id: "r9", name: "Come back", segment: null, segmentThreshold: null };
    const { changes } = describeActivity("reward.updated", reward, { ...reward, segment: "win_back", segmentThreshold: 90 }, names);
    expect(changes).toEqual([
      { label: { key: "rewards.segment" }, before: { word: "rewards.segmentAny" }, after: { word: "rewards.segments.win_back" } },
      { label: { key: "rewards.segmentThresholdLabel" }, before: { none: true }, after: { number: 90 } },
    ]);
  });

  it("lists a new reward's values (those it has) without a before", () => {
    const { changes } = describeActivity("reward.created", null, { id: "r9", name: "10% off", type: "percentage", pointsCost: 300, valueMinor: null, percentage: 10, combinesWithOrder: false }, names);
    expect(changes).toEqual([
      { label: { key: "rewards.name" }, after: { text: "10% off" } },
      { label: { key: "rewards.type" }, after: { word: "rewards.types.percentage" } },
      { label: { key: "rewards.cost" }, after: { number: 300 } },
      { label: { key: "rewards.percentage" }, after: { percent: 10 } },
      { label: { group: "rewards.combinations", key: "rewards.combinesWithOrder" }, after: { yes: false } },
    ]);
  });

  it("names a deleted reward and says nothing more of it or of a program switched on than the action does", () => {
    expect(describeActivity("reward.deleted", { name: "Free shipping", active: true }, { name: "Free shipping", active: false, deleted: true }, names)).toEqual({ subject: { text: "Free shipping" }, changes: [] });
    expect(describeActivity("reward.deleted", { active: true }, { active: false, deleted: true }, names)).toEqual({ subject: null, changes: [] }); // logged before names were
    expect(describeActivity("program.enabled", { programEnabled: false }, { programEnabled: true }, names)).toEqual({ subject: null, changes: [] });
  });

  it("shows a mail server's changes in the form's words, and of the password only that it changed", () => {
    const before = { host: "smtp.example.com", port: 587, security: "starttls", username: "klub", fromAddress: "a@example.com", fromName: null };
    const { subject, changes } = describeActivity("mailServer.updated", before, { ...before, port: 465, security: "tls", passwordChanged: true }, names);
    expect(subject).toBeNull();
    expect(changes).toEqual([
      { label: { key: "email.port" }, before: { text: "587" }, after: { text: "465" } },
      { label: { key: "email.securityLabel" }, before: { word: "email.security.starttls" }, after: { word: "email.security.tls" } },
      { label: { key: "email.password" }, before: { none: true }, after: { word: "email.passwordChanged" } },
    ]);
  });

  it("names a paused or activated reward and shows its status change", () => {
    expect(describeActivity("reward.paused", { name: "Free shipping", active: true }, { name: "Free shipping", active: false, deleted: false }, names)).toEqual({
      subject: { text: "Free shipping" },
      changes: [{ label: { key: "rewards.status" }, before: { word: "rewards.active" }, after: { word: "rewards.paused" } }],
    });
    expect(describeActivity("program.enabled", { programEnabled: false }, { programEnabled: true }, names)).toEqual({ subject: null, changes: [] });
  });

  it("names the member an adjustment or birthday is about, or says they are gone", () => {
    const adjusted = describeActivity("member.adjusted", null, { memberId: "m1", points: -25, reason: "Goodwill" }, names);
    expect(adjusted).toEqual({ subject: { text: "Zofia Wiśniewska" }, changes: [{ label: { key: "member.points" }, after: { signed: -25 } }, { label: { key: "member.reason" }, after: { text: "Goodwill" } }] });
    const birthday = describeActivity("member.birthday", { memberId: "gone", birthday: null }, { memberId: "gone", birthday: "--05-17" }, names);
    expect(birthday).toEqual({ subject: { gone: true }, changes: [{ label: { key: "member.birthday" }, before: { none: true }, after: { birthday: "--05-17" } }] });
  });

  it("shows a campaign's last day, the day before it stops", () => {
    const { subject, changes } = describeActivity("campaign.created", null, { id: "c", name: "Double weekend", multiplierPercent: 200, startsAt: "2026-12-05T00:00:00.000Z", endsAt: "2026-12-07T00:00:00.000Z" }, names);
    expect(subject).toEqual({ text: "Double weekend" });
    expect(changes).toContainEqual({ label: { key: "campaigns.endsOn" }, after: { date: "2026-12-06T00:00:00.000Z" } });
    expect(changes).toContainEqual({ label: { key: "campaigns.multiplier" }, after: { percent: 200 } });
  });

  it("sums up an import with the import page's own sentence", () => {
    const detail = describeActivity("members.imported", null, { importId: "i", fileName: "members.csv", rows: 3, created: 2, balances: 1, skipped: 0 }, names);
    expect(detail).toEqual({ subject: { text: "members.csv" }, changes: [{ sentence: "import.progress", params: { processed: 3, total: 3, created: 2, balances: 1, skipped: 0 } }] });
  });

  it("sums up an import's start with the number of lines it will apply", () => {
    const detail = describeActivity("members.import_started", null, { importId: "i", fileName: "members.csv", rows: 1200 }, names);
    expect(detail).toEqual({ subject: { text: "members.csv" }, changes: [{ sentence: "import.planRows", params: { count: 1200, n: 1200 } }] });
  });

  it("labels when points are awarded, and the reminder days saved on the Emails page as a list", () => {
    const detail = describeActivity("settings.updated", { awardOn: "paid", emailReminderDays: "" }, { awardOn: "fulfilled", emailReminderDays: "30,7,1" }, names);
    expect(detail.changes).toEqual([
      { label: { key: "settings.awardOn" }, before: { word: "settings.awardOnPaid" }, after: { word: "settings.awardOnFulfilled" } },
      { label: { key: "email.reminderDays" }, before: { none: true }, after: { text: "30, 7, 1" } },
    ]);
  });

  it("keeps a field it has no label for, under its own name", () => {
    expect(describeActivity("settings.updated", { n: 1 }, { n: 2 }, names).changes).toEqual([{ label: { field: "n" }, before: { text: "1" }, after: { text: "2" } }]);
  });

  it("finds the members, rewards and tiers to name", () => {
    expect(referencedIds({ memberId: "m1" }, { refereeRewardId: "r1", tierId: "t1", tiers: [{ name: "Gold", entryRewardId: "r2" }] })).toEqual({ members: ["m1"], rewards: ["r1", "r2"], tiers: ["t1"] });
  });
});

describe("tiers compared tier by tier", () => {
  const tier = (id: string, name: string, threshold: number, more: object = {}) => ({ id, name, threshold, multiplierPercent: 100, entryRewardId: null, ...more });

  it("says which tier was added, removed, renamed or moved, matched by id", () => {
    const before = { basis: "points", window: "lifetime", tiers: [tier("b", "Bronze", 0), tier("s", "Silver", 300), tier("g", "Gold", 500, { multiplierPercent: 150 })] };
    const after = { basis: "points", window: "lifetime", tiers: [tier("s", "Silver Plus", 300), tier("g", "Gold", 800, { multiplierPercent: 200, entryRewardId: "r1" }), tier("p", "Platinum", 2000)] };
    expect(tierChanges(before, after, names)).toEqual([
      { label: { tier: "Silver", key: "tiers.name" }, before: { text: "Silver" }, after: { text: "Silver Plus" } },
      { label: { tier: "Gold" }, before: { points: 500 }, after: { points: 800 } },
      { label: { tier: "Gold", key: "tiers.multiplier" }, before: { percent: 150 }, after: { percent: 200 } },
      { label: { tier: "Gold", key: "tiers.entryReward" }, before: { word: "tiers.noEntryReward" }, after: { text: "Free shipping" } },
      { sentence: "activity.tierAdded", params: { tier: "Platinum" } },
      { sentence: "activity.tierRemoved", params: { tier: "Bronze" } },
    ]);
  });

  it("adds every tier of a first ladder, and shows thresholds as money when tiers go by amount spent", () => {
    const first = describeActivity("tiers.updated", { basis: "points", window: "lifetime", tiers: [] }, { basis: "points", window: "lifetime", tiers: [tier("b", "Bronze", 0), tier("s", "Silver", 300)] }, names);
    expect(first.changes).toEqual([
      { sentence: "activity.tierAdded", params: { tier: "Bronze" } },
      { sentence: "activity.tierAdded", params: { tier: "Silver" } },
    ]);
    const spend = describeActivity("tiers.updated", { basis: "points", window: "lifetime", tiers: [tier("s", "Silver", 300)] }, { basis: "spend", window: "rolling12", tiers: [tier("s", "Silver", 30000)] }, names);
    expect(spend.changes).toEqual([
      { label: { key: "tiers.basis" }, before: { word: "tiers.basisPoints" }, after: { word: "tiers.basisSpend" } },
      { label: { key: "tiers.window" }, before: { word: "tiers.windowLifetime" }, after: { word: "tiers.windowRolling12" } },
      { label: { tier: "Silver" }, before: { points: 300 }, after: { money: 30000 } },
    ]);
  });

  it("matches tiers by name when the log has no ids", () => {
    expect(tierChanges({ tiers: [{ name: "Gold", threshold: 500, multiplierPercent: 100, entryRewardId: null }] }, { tiers: [{ name: "gold", threshold: 500, multiplierPercent: 100, entryRewardId: null }] }, names)).toEqual([
      { label: { tier: "Gold", key: "tiers.name" }, before: { text: "Gold" }, after: { text: "gold" } },
    ]);
  });
});
