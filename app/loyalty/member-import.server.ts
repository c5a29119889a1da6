// Importing members and opening balances from CSV. The file is validated whole first (a dry run
// says what importing would do); an accepted file is stored in chunks and applied by the
// background worker a chunk per transaction, the chunk index saved with it, so a restart resumes.
// An opening balance is posted once per member (key opening-balance:<customer id>): the same file
// imported twice, or an overlapping one, changes nothing the second time.
import type { MemberImport, PrismaClient } from "@prisma/client";
import { credit } from "./ledger.server";
import { lotExpiresAt } from "./lot-dates";
import { ensureMember } from "./members.server";
import type { ImportRow } from "./member-csv";
import { programRules } from "./program";
import { logActivity } from "./program-settings.server";
import { loadTierSetup } from "./tier-progress.server";

export const IMPORT_CHUNK = 250;
const LOOKUP_CHUNK = 500;

const openingKey = (customerId: string) => `opening-balance:${customerId}`;

function chunked<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

export interface ImportPlan {
  rows: number;
  newMembers: number;
  existingMembers: number;
  balancesToPost: number;
  pointsToPost: number;
  /** Members whose opening balance was posted before: their rows leave the balance as it is. */
  alreadyPosted: number;
}

/** What importing the rows would do, computed without writing anything. */
export async function planImport(db: PrismaClient, shopId: string, rows: ImportRow[]): Promise<ImportPlan> {
  const plan: ImportPlan = { rows: rows.length, newMembers: 0, existingMembers: 0, balancesToPost: 0, pointsToPost: 0, alreadyPosted: 0 };
  for (const chunk of chunked(rows, LOOKUP_CHUNK)) {
    const ids = chunk.map((r) => r.customerId);
    const [members, posted] = await Promise.all([
      db.member.findMany({ where: { shopId, customerId: { in: ids } }, select: { customerId: true } }),
      db.ledgerEntry.findMany({ where: { shopId, idempotencyKey: { in: ids.map(openingKey) } }, select: { idempotencyKey: true } }),
    ]);
    const known = new Set(members.map((m) => m.customerId));
    const done = new Set(posted.map((p) => p.idempotencyKey));
    for (const row of chunk) {
      if (known.has(row.customerId)) plan.existingMembers++;
      else plan.newMembers++;
      if (row.points === 0) continue;
      if (done.has(openingKey(row.customerId))) plan.alreadyPosted++;
      else {
        plan.balancesToPost++;
        plan.pointsToPost += row.points;
      }
    }
  }
  return plan;
}

export async function startImport(db: PrismaClient, input: { shopId: string; fileName: string; rows: ImportRow[]; actor: string; now?: Date }): Promise<MemberImport> {
  const chunks = chunked(input.rows, IMPORT_CHUNK);
  return db.$transaction(async (tx) => {
    const job = await tx.memberImport.create({
      data: { shopId: input.shopId, fileName: input.fileName, actor: input.actor, totalRows: input.rows.length, chunks: chunks.length, startedAt: input.now },
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
    for (const row of rows) {
      const member = await ensureMember(tx, job.shopId, { customerId: row.customerId, email: row.email, firstName: row.firstName, lastName: row.lastName, birthday: row.birthday }, now);
      if (!known.has(row.customerId)) created++;
      if (row.points === 0) continue;
      const posted = await credit(tx, {
        shopId: job.shopId,
        memberId: member.id,
        kind: "adjust",
        key: openingKey(row.customerId),
        points: row.points,
        reason: `Opening balance (${job.fileName}, line ${row.line})`,
        actor: job.actor,
        expiresAt: lotExpiresAt(now, rules),
        tierSetup,
        now,
      });
      if (posted.replayed) skipped++;
      else balances++;
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
