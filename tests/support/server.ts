// Starts the production build (server.js build/server/index.js, as npm start) on a free port, for tests.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const BUILD = "build/server/index.js";

/** The newest modification time of the files under a folder. */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
}

/**
 * A test of the built server must test what the sources say: a build older than them (or missing)
 * is refused with what to run, rather than tested as if it were current.
 */
export function assertBuildIsCurrent(root = process.cwd()) {
  let built: number;
  try {
    built = statSync(join(root, BUILD)).mtimeMs;
  } catch {
    throw new Error(`${BUILD} is missing: run \`npm run build\` first (npm test does)`);
  }
  const sources = Math.max(newest(join(root, "app")), statSync(join(root, "prisma/schema.prisma")).mtimeMs);
  if (built < sources) throw new Error(`${BUILD} is older than the sources (app/, prisma/schema.prisma): run \`npm run build\` first (npm test does)`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

export const TEST_APP_ENV = {
  SHOPIFY_API_KEY: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c",
  SHOPIFY_API_SECRET: "test-secret",
  SCOPES: "read_customers,write_customers,read_orders",
};

/**
 * Every server started here, killed when the test process exits: a test that times out while its
 * server is starting never got it back to stop (a built server was seen left running that way).
 */
const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

export interface RunningServer {
  url: string;
  process: ChildProcess;
  /** What the server has printed so far (its warnings and errors: LOG_LEVEL is warn). */
  output: () => string;
  stop: () => Promise<void>;
}

const SERVER = "server.js";

/** `nodeArgs` go to the server's Node (a benchmark's `--cpu-prof`, which NODE_OPTIONS refuses). */
export async function startBuiltServer(databaseUrl: string, env: Record<string, string> = {}, { nodeArgs = [] as string[] } = {}): Promise<RunningServer> {
  assertBuildIsCurrent();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, SERVER, BUILD], {
    env: {
      ...process.env,
      ...TEST_APP_ENV,
      SHOPIFY_APP_URL: url,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      KLUB_OUTBOX_WORKER: "off",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(child);
  child.once("exit", () => started.delete(child));
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  // Stops the server: SIGTERM, then SIGKILL if it has not exited within 10 s (a server busy
  // applying a backlog may be slow to stop; the test must not leave it running).
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => (clearTimeout(kill), resolve()));
      child.kill("SIGTERM");
    });
  // A restarted server first applies what its inbox holds, which on a busy machine can hold up its
  // first answers for a while: 90 s before it counts as not started.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`server did not answer within 90 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { url, process: child, output: () => output, stop };
}
