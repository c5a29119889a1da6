// On PostgreSQL several app instances run the same background loops. The outbox, the long jobs and
// the hourly keeping must run in one instance at a time (two would send a message twice), so each
// run first takes its loop's claim: a PostgreSQL session advisory lock, on a connection of this
// process's own, held while the run lasts. An instance that dies loses its connection and with it
// the claim, and another takes the loop at its next interval. The inbox needs no such claim: its
// deliveries are claimed one by one (claimDueDeliveries, app/loyalty/postgres-sql.server.ts).
// SQLite has one instance: its runs are not claimed. docs/decisions/054-postgresql.md.
import pg from "pg";
import { isPostgresUrl } from "./env.server";
import { logger } from "./logger.server";

export type LoopName = "outbox" | "jobs" | "hourly";
type Run = (signal: AbortSignal) => Promise<unknown>;

/** The two keys of the loop's advisory lock: Klub's ("KLUB" in ASCII) and the loop's. */
const LOCK_SPACE = 0x4b4c5542;
const LOOP_KEYS: Record<LoopName, number> = { outbox: 1, jobs: 2, hourly: 3 };

export interface LoopClaims {
  /** The run, taken only while this instance holds the loop's claim: else it does nothing. */
  claimed: (loop: LoopName, run: Run) => Run;
  close: () => Promise<void>;
}

export function loopClaims(databaseUrl: string): LoopClaims {
  if (!isPostgresUrl(databaseUrl)) return { claimed: (_loop, run) => run, close: async () => undefined };
  let connection: Promise<pg.Client> | null = null;
  const connect = () =>
    (connection ??= (async () => {
      const client = new pg.Client({ connectionString: databaseUrl, application_name: "klub-loop-claims" });
      // A lost connection has lost its claims too: the next run connects again and asks anew.
      client.on("error", (error) => {
        logger.warn({ err: error }, "loop claims' connection lost");
        connection = null;
      });
      client.on("end", () => (connection = null));
      await client.connect();
      return client;
    })().catch((error) => {
      connection = null;
      throw error;
    }));
  return {
    claimed: (loop, run) => async (signal) => {
      const client = await connect();
      const { rows } = await client.query<{ held: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS held", [LOCK_SPACE, LOOP_KEYS[loop]]);
      if (!rows[0].held) return; // another instance runs it now
      try {
        return await run(signal);
      } finally {
        await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_SPACE, LOOP_KEYS[loop]]).catch(() => undefined);
      }
    },
    close: async () => {
      const open = connection;
      connection = null;
      if (open) await (await open).end().catch(() => undefined);
    },
  };
}
