// Health for a load balancer or an orchestrator: alive (the process answers) and ready (it can take
// traffic: its database answers). A process shutting down closes its port at once (server.js), so
// readiness needs no state of its own for that (app/shutdown.server.ts).
import type { PrismaClient } from "@prisma/client";
import { logger } from "./logger.server";

const NO_STORE = { "Cache-Control": "no-store" };

export function liveness(): Response {
  return Response.json({ status: "alive" }, { headers: NO_STORE });
}

export async function readiness(db: Pick<PrismaClient, "$queryRaw">): Promise<Response> {
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    logger.warn({ err: error }, "readiness: the database does not answer");
    return Response.json({ status: "database unavailable" }, { status: 503, headers: NO_STORE });
  }
  return Response.json({ status: "ready" }, { headers: NO_STORE });
}
