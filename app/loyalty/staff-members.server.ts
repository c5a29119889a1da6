// The shop's staff members by name, so the activity log can say who made a change: actors are
// "staff:<user id>" (the session token's sub), and a name learned once serves every entry.
import type { PrismaClient } from "@prisma/client";

/** A name older than this is asked again (a staff member may rename themselves). */
export const STAFF_NAME_TTL_MS = 86_400_000;

export async function staffNameIsFresh(db: PrismaClient, shopId: string, userId: string, now = new Date()): Promise<boolean> {
  const known = await db.staffMember.findUnique({ where: { shopId_userId: { shopId, userId } }, select: { updatedAt: true } });
  return !!known && now.getTime() - known.updatedAt.getTime() < STAFF_NAME_TTL_MS;
}

export async function rememberStaffName(db: PrismaClient, shopId: string, userId: string, name: string) {
  await db.staffMember.upsert({ where: { shopId_userId: { shopId, userId } }, create: { shopId, userId, name }, update: { name, updatedAt: new Date() } });
}

/** The names known for these actors ("staff:<id>"), by actor. */
export async function staffNames(db: PrismaClient, shopId: string, actors: string[]): Promise<Map<string, string>> {
  const userIds = [...new Set(actors.filter((a) => a.startsWith("staff:")).map((a) => a.slice(6)))];
  if (!userIds.length) return new Map();
  const rows = await db.staffMember.findMany({ where: { shopId, userId: { in: userIds } }, select: { userId: true, name: true } });
  return new Map(rows.map((r) => [`staff:${r.userId}`, r.name]));
}
