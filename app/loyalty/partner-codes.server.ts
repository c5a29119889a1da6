// Partner rewards: a pool of a partner brand's voucher codes the owner uploads, one given out per
// redemption, in the transaction that spends the points (decision 048). An upload is checked whole
// and added whole, or refused whole with what is wrong and on which lines; the activity log says
// how many codes were added, never the codes.
import Papa from "papaparse";
import { logActivity } from "./activity.server";
import { PoolRefused, problem, uploadProblems, type UploadLine } from "./partner-codes";
import { PARTNER_CODE } from "./reward-types";
import { inTransaction, sql, type DbOrTx, type Tx } from "./transactions.server";

export { PoolRefused, uploadProblems, type PoolProblem, type UploadLine } from "./partner-codes";

/**
 * The codes of pasted text (one per line) and of a file (.txt: one per line; .csv: the first cell
 * of each row, a first row headed "code" skipped), each trimmed; blank lines left out.
 */
export function uploadLines(pasted: string, file: { name: string; text: string } | null): UploadLine[] {
  const lines: UploadLine[] = [];
  pasted.split(/\r\n|\n|\r/).forEach((line, i) => {
    const code = line.trim();
    if (code) lines.push({ code, where: String(i + 1) });
  });
  if (!file) return lines;
  const rows = /\.csv$/i.test(file.name)
    ? Papa.parse<string[]>(file.text, { skipEmptyLines: false }).data.map((row) => (Array.isArray(row) ? String(row[0] ?? "") : ""))
    : file.text.split(/\r\n|\n|\r/);
  rows.forEach((cell, i) => {
    const code = cell.replace(/^\uFEFF/, "").trim();
    if (!code || (i === 0 && /\.csv$/i.test(file.name) && code.toLowerCase() === "code")) return;
    lines.push({ code, where: `${file.name}:${i + 1}` });
  });
  return lines;
}

const CHUNK = 500;

/** The codes among `codes` the shop has already: in a pool, or as a redemption's code (a code is unique in a shop). */
async function takenCodes(tx: Tx, shopId: string, codes: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += CHUNK) {
    const chunk = codes.slice(i, i + CHUNK);
    const [pooled, redeemed] = await Promise.all([
      tx.partnerCode.findMany({ where: { shopId, code: { in: chunk } }, select: { code: true } }),
      tx.redemption.findMany({ where: { shopId, code: { in: chunk } }, select: { code: true } }),
    ]);
    for (const row of [...pooled, ...redeemed]) if (row.code) taken.add(row.code);
  }
  return taken;
}

/**
 * Adds an upload to a partner reward's pool, all of it or nothing: refused (PoolRefused) when a
 * code repeats within the upload or is in the shop already. Returns how many were added and how
 * many are left unused.
 */
export async function addPartnerCodes(db: DbOrTx, input: { shopId: string; rewardId: string; lines: UploadLine[]; actor: string; now?: Date }) {
  const { shopId, rewardId, lines, actor } = input;
  const now = input.now ?? new Date();
  const own = uploadProblems(lines);
  if (own.length) throw new PoolRefused(own);
  return inTransaction(db, async (tx) => {
    const reward = await tx.reward.findFirst({ where: { id: rewardId, shopId, deletedAt: null } });
    if (!reward) return null;
    if (reward.type !== PARTNER_CODE) throw new PoolRefused([{ key: "notPartner", count: 0, lines: [] }]);
    const taken = await takenCodes(tx, shopId, lines.map((l) => l.code));
    if (taken.size) throw new PoolRefused([problem("taken", lines.filter((l) => taken.has(l.code)))]);
    // One transaction, in batches that stay within SQLite's bound parameters.
    for (let i = 0; i < lines.length; i += CHUNK) {
      await tx.partnerCode.createMany({ data: lines.slice(i, i + CHUNK).map((l) => ({ shopId, rewardId, code: l.code, createdAt: now })) });
    }
    const remaining = await tx.partnerCode.count({ where: { rewardId, redemptionId: null } });
    await logActivity(tx, { shopId, actor, action: "reward.codesAdded", after: { name: reward.name, codesAdded: lines.length, codesRemaining: remaining } });
    return { added: lines.length, remaining };
  });
}

/** Unused codes left in each of these rewards' pools (a reward with none is absent). */
export async function poolRemaining(db: DbOrTx, rewardIds: string[]): Promise<Map<string, number>> {
  if (rewardIds.length === 0) return new Map();
  const rows = await db.partnerCode.groupBy({ by: ["rewardId"], where: { rewardId: { in: rewardIds }, redemptionId: null }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.rewardId, r._count._all]));
}

/**
 * Gives the redemption one unused code of the reward's pool, oldest first, or null when none is
 * left. One conditional statement: two redemptions racing for the last code cannot both get it.
 */
export async function claimPartnerCode(tx: Tx, rewardId: string, redemptionId: string): Promise<string | null> {
  const rows = await sql(tx).query<{ code: string }>`
    UPDATE "PartnerCode" SET "redemptionId" = ${redemptionId}
    WHERE "id" = (SELECT "id" FROM "PartnerCode" WHERE "rewardId" = ${rewardId} AND "redemptionId" IS NULL ORDER BY "createdAt", "id" LIMIT 1)
      AND "redemptionId" IS NULL
    RETURNING "code"`;
  return rows[0]?.code ?? null;
}
