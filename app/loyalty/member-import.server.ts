// Importing members and opening balances from CSV. The file is validated whole first (a dry run
// says what importing would do); an accepted file is stored in chunks and applied by the
// background worker a chunk per transaction, the chunk index saved with it, so a restart resumes.
// A row's points balance becomes the member's balance: one adjustment by the difference, keyed by
// the file and the row (import:<file hash>:<line>), so the same file again, or Klub's own export
// imported back, changes nothing (docs/decisions/020).
import { createHash } from "node:crypto";
import type { MemberImport, Prisma, PrismaClient } from "@prisma/client";
import { credit, debit } from "./ledger.server";
import { lotExpiresAt } from "./lot-dates";
import { ensureMember } from "./members.server";
import type { ImportRow } from "./member-csv";
import { programRules } from "./program";
import { logActivity } from "./activity.server";
import { loadTierSetup } from "./tier-progress.server";

export const IMPORT_CHUNK = 250;
const LOOKUP_CHUNK = 500;

const rowKey = (fileHash: string, line: number) => `import:${fileHash}:${line}`;

/** The file as imported, identified by its validated rows. */
export const importHash = (rows: ImportRow[]) => createHash("sha256").update(JSON.stringify(rows)).digest("hex").slice(0, 32);

function chunked<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

export interface ImportPlan {
  rows: number;
  newMembers: number;
  existingMembers: number;
  /** Members whose balance the file changes, and by how many points in all (signed). */
  balancesToChange: number;
  pointsChange: number;
  /** Rows whose balance is already the member's (or were applied from this file before). */
  unchanged: number;
}

/** What importing the rows would do, computed without writing anything. */
export async function planImport(db: PrismaClient, shopId: string, rows: ImportRow[]): Promise<ImportPlan> {
  const plan: ImportPlan = { rows: rows.length, newMembers: 0, existingMembers: 0, balancesToChange: 0, pointsChange: 0, unchanged: 0 };
  const hash = importHash(rows);
  // The same file imported before: its balances were set then, and what happened since stays.
  const before = await db.memberImport.findFirst({ where: { shopId, fileHash: hash }, select: { id: true } });
  const balances = new Map<string, number>(); // as each row leaves it: a customer may have several rows
  for (const chunk of chunked(rows, LOOKUP_CHUNK)) {
    const [members, applied] = await Promise.all([
      db.member.findMany({ where: { shopId, customerId: { in: chunk.map((r) => r.customerId) } }, select: { customerId: true, balance: true } }),
      db.ledgerEntry.findMany({ where: { shopId, idempotencyKey: { in: chunk.map((r) => rowKey(hash, r.line)) } }, select: { idempotencyKey: true } }),
    ]);
    const known = new Map(members.map((m) => [m.customerId, m.balance]));
    const done = new Set(applied.map((a) => a.idempotencyKey));
    for (const row of chunk) {
      if (known.has(row.customerId) || balances.has(row.customerId)) plan.existingMembers++;
      else plan.newMembers++;
      const current = balances.get(row.customerId) ?? known.get(row.customerId) ?? 0;
      if (before || row.points === null || done.has(rowKey(hash, row.line)) || row.points === current) {
        plan.unchanged++;
        continue;
      }
      balances.set(row.customerId, row.points);
      plan.balancesToChange++;
      plan.pointsChange += row.points - current;
    }
  }
  return plan;
}

/** Brings the member's balance to the row's: one adjustment by the difference, once per file and row. Returns whether it changed. */
async function setBalance(tx: Prisma.TransactionClient, job: MemberImport, memberId: string, row: ImportRow, context: { now: Date; expiresAt: Date | null; tierSetup: Awaited<ReturnType<typeof loadTierSetup>> }) {
  if (row.points === null) return false;
  const key = rowKey(job.fileHash, row.line);
  if (await tx.ledgerEntry.findUnique({ where: { shopId_idempotencyKey: { shopId: job.shopId, idempotencyKey: key } } })) return false;
  const { balance } = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { balance: true } });
  const difference = row.points - balance;
  if (difference === 0) return false;
  const entry = { shopId: job.shopId, memberId, kind: "adjust" as const, key, reason: { code: "import" as const, params: { file: job.fileName, line: row.line } }, actor: job.actor, tierSetup: context.tierSetup, now: context.now };
  if (difference > 0) await credit(tx, { ...entry, points: difference, expiresAt: context.expiresAt });
  else await debit(tx, { ...entry, points: -difference });
  return true;
}

export async function startImport(db: PrismaClient, input: { shopId: string; fileName: string; rows: ImportRow[]; actor: string; now?: Date }): Promise<MemberImport> {
  const chunks = chunked(input.rows, IMPORT_CHUNK);
  return db.$transaction(async (tx) => {
    const job = await tx.memberImport.create({
      data: { shopId: input.shopId, fileName: input.fileName, fileHash: importHash(input.rows), actor: input.actor, totalRows: input.rows.length, chunks: chunks.length, startedAt: input.now },
    });
    await tx.memberImportChunk.createMany({ data: chunks.map((rows, index) => ({ importId: job.id, index, rows: JSON.stringify(rows) })) });
    await logActivity(tx, { shopId: input.shopId, actor: input.actor, action: "members.import_started", after: { importId: job.id, fileName: input.fileName, rows: input.rows.length } });
    return job;
  });
}

export function latestImport(db: PrismaClient, shopId: string) {
  return db.memberImport.findFirst({ where: { shopId }, orderBy: { id: "desc" } });
}

/** Applies the next chunk of the oldest running import; null when none is running. */
export async function stepMemberImport(db: PrismaClient, now = new Date()): Promise<MemberImport | null> {
  const next = await db.memberImport.findFirst({ where: { status: "running" }, orderBy: { id: "asc" }, select: { id: true } });
  if (!next) return null;
  return db.$transaction(async (tx) => {
    const job = await tx.memberImport.findUniqueOrThrow({ where: { id: next.id } });
    if (job.status !== "running") return job;
    const chunk = await tx.memberImportChunk.findUnique({ where: { importId_index: { importId: job.id, index: job.nextChunk } } });
    const rows: ImportRow[] = chunk ? JSON.parse(chunk.rows) : [];
    const rules = programRules(await tx.programSettings.findUniqueOrThrow({ where: { shopId: job.shopId } }));
    const tierSetup = await loadTierSetup(tx, job.shopId);
    let created = 0;
    let balances = 0;
    let skipped = 0;
    const known = new Set(
      (await tx.member.findMany({ where: { shopId: job.shopId, customerId: { in: rows.map((r) => r.customerId) } }, select: { customerId: true } })).map((m) => m.customerId),
    );
    // A file imported before sets no balance again (later earning and spending stay).
    const before = await tx.memberImport.findFirst({ where: { shopId: job.shopId, fileHash: job.fileHash, id: { lt: job.id } }, select: { id: true } });
    for (const row of rows) {
      const member = await ensureMember(tx, job.shopId, { customerId: row.customerId, email: row.email, firstName: row.firstName, lastName: row.lastName, birthday: row.birthday }, now, now, { welcome: false });
      if (!known.has(row.customerId)) {
        created++;
        known.add(row.customerId);
      }
      if (!before && (await setBalance(tx, job, member.id, row, { now, expiresAt: lotExpiresAt(now, rules), tierSetup }))) balances++;
      else skipped++;
    }
    const nextChunk = job.nextChunk + 1;
    const done = nextChunk >= job.chunks;
    if (chunk) await tx.memberImportChunk.delete({ where: { importId_index: { importId: job.id, index: chunk.index } } });
    const updated = await tx.memberImport.update({
      where: { id: job.id },
      data: {
        nextChunk,
        processedRows: { increment: rows.length },
        created: { increment: created },
        balances: { increment: balances },
        skipped: { increment: skipped },
        ...(done ? { status: "done", finishedAt: now } : {}),
      },
    });
    if (done) {
      await logActivity(tx, { shopId: job.shopId, actor: job.actor, action: "members.imported", after: { importId: job.id, fileName: job.fileName, rows: updated.processedRows, created: updated.created, balances: updated.balances, skipped: updated.skipped } });
    }
    return updated;
  });
}
