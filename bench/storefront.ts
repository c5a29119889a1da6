// npm run bench:storefront
// 1. Lighthouse's performance score of the sandbox storefront (home, a product, a "collection"),
//    with Klub's app embed rendered and with the program off (the embed's Liquid then renders
//    nothing), weighted as Shopify weighs them for the Built for Shopify storefront criterion:
//    home 17%, product 40%, collection 43%. Shopify allows a drop of 10 points; our goal is under 2.
// 2. The app proxy's state endpoint (/apps/klub/state -> Klub's /proxy/state), signed as the
//    sandbox storefront signs it, 20 shoppers at once, through the production build, against a
//    bare Node server that only checks the signature (bench/bare-proxy-server.mjs), in the same
//    run. Prints the ratio Klub/bare (goal at least 0.3).
import { spawn, fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "../app/db.server";
import { createCustomer } from "../sandbox/orders";
import { LOCAL_APP_ENV, startSandbox, type RunningSandbox } from "../sandbox/run";
import { PROXY_PREFIX, proxiedUrl } from "../sandbox/storefront";
import { settled, until } from "../tests/support/sandbox";
import { freePort, startBuiltServer, type RunningServer } from "../tests/support/server";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const SHOPPERS = 20;
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
// As docs/stack.md's Browser section; chrome-launcher (inside Lighthouse) adds a fresh temporary
// --user-data-dir for every run and removes it afterwards.
const CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync";
const LIGHTHOUSE_TIMEOUT_MS = 180_000;

type PageKey = "home" | "product" | "collection";
const WEIGHTS: Record<PageKey, number> = { home: 0.17, product: 0.4, collection: 0.43 };

interface Page {
  key: PageKey;
  label: string;
  path: string;
  cookie: string | null;
}

interface LighthouseRun {
  score: number; // 0-100
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  benchmarkIndex: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Every child process this run starts, so that a failure anywhere still stops them.
const children = new Set<ChildProcess>();

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
  });
}

/** One Lighthouse run in its own process (the CLI launches and stops its own Chromium). */
async function lighthouse(url: string, cookie: string | null, outFile: string): Promise<LighthouseRun> {
  const args = [url, "--only-categories=performance", "--output=json", `--output-path=${outFile}`, "--quiet", `--chrome-flags=${CHROME_FLAGS}`];
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  const child = spawn("lighthouse", args, { env: { ...process.env, CHROME_PATH }, stdio: ["ignore", "ignore", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  // SIGINT: chrome-launcher's handler stops the Chromium it started before the CLI exits.
  const timer = setTimeout(() => child.kill("SIGINT"), LIGHTHOUSE_TIMEOUT_MS);
  await exited(child);
  clearTimeout(timer);
  children.delete(child);
  if (child.exitCode !== 0) throw new Error(`lighthouse ${url} exited ${child.exitCode ?? child.signalCode}:\n${stderr.slice(-2000)}`);
  const report = JSON.parse(readFileSync(outFile, "utf8"));
  rmSync(outFile, { force: true });
  const score = report.categories?.performance?.score;
  if (report.runtimeError || typeof score !== "number") throw new Error(`lighthouse ${url}: no score (${JSON.stringify(report.runtimeError ?? null)})`);
  const metric = (id: string) => Number(report.audits[id]?.numericValue ?? NaN);
  return {
    score: score * 100,
    fcp: metric("first-contentful-paint"),
    lcp: metric("largest-contentful-paint"),
    tbt: metric("total-blocking-time"),
    cls: metric("cumulative-layout-shift"),
    benchmarkIndex: Number(report.environment?.benchmarkIndex ?? NaN),
  };
}

/** Klub's program on or off, as the owner sets it on Klub's home page; waits until the storefront shows it. */
async function setProgram(sandbox: RunningSandbox, db: Db, enabled: boolean, probe: string) {
  const answer = (await sandbox.admin.submit("/app", new URLSearchParams({ enabled: String(enabled) }), { index: true })) as { ok?: boolean };
  if (answer?.ok === false) throw new Error(`Klub's home refused to turn the program ${enabled ? "on" : "off"}: ${JSON.stringify(answer)}`);
  const widget = () => JSON.parse(sandbox.store.state.appMetafields["klub.widget"]?.value ?? "{}") as { enabled?: boolean };
  await until(widget, (w) => w.enabled === enabled, `the widget metafield with enabled: ${enabled}`, 60_000);
  await until(() => db.outboxMessage.count(), (n) => n === 0, "Klub's outbox to drain", 60_000);
  const html = await (await fetch(probe)).text();
  if (html.includes("data-klub-embed") !== enabled) throw new Error(`${probe} ${enabled ? "lacks" : "still renders"} the Klub embed`);
}

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

let nonces = 0;

/** `count` state requests, SHOPPERS at a time, each shopper one logged-in customer. */
async function loadState(baseUrl: string, shop: string, customers: string[], count: number): Promise<Measured> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    customers.map(async (customer) => {
      while (next < count) {
        next++;
        // As the sandbox storefront forwards /apps/klub/state?locale&nonce (klub.js adds the nonce:
        // Klub answers a signature once); signed now, so the timestamp is fresh.
        const storefrontUrl = new URL(`${PROXY_PREFIX}/state?locale=en&nonce=${process.pid}-${++nonces}-${Math.random().toString(36).slice(2)}`, "http://storefront.local");
        const url = proxiedUrl(baseUrl, storefrontUrl, shop, Number(customer), LOCAL_APP_ENV.SHOPIFY_API_SECRET);
        const t = performance.now();
        const response = await fetch(url);
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: count / seconds, p50: at(0.5), p99: at(0.99), statuses };
}

async function main() {
  const began = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), "klub-bench-storefront-"));
  let sandbox: RunningSandbox | undefined;
  let sandboxStopped = false;
  let db: Db | undefined;
  let app: RunningServer | undefined;
  let bare: ChildProcess | undefined;
  try {
    // The demo shop: Klub's dev server installed in the sandbox, the demo program set up in its
    // admin, products, a dozen customers and their orders; then 8 more customers, so that 20
    // shoppers are members.
    const [appPort, sandboxPort] = await Promise.all([freePort(), freePort()]);
    console.log("starting the sandbox and Klub's dev server, setting up the demo shop...");
    sandbox = await startSandbox({ appPort, sandboxPort, dataDir, appOutput: "pipe", demo: true });
    db = createDb(sandbox.databaseUrl);
    for (let i = 0; i < SHOPPERS; i++) {
      if (sandbox.store.state.customers.length >= SHOPPERS) break;
      createCustomer(sandbox.store, sandbox.sender, { firstName: "Bench", lastName: `Shopper ${i}`, email: `bench.shopper${i}@example.com` });
    }
    await settled(sandbox, db);
    await until(() => db!.outboxMessage.count(), (n) => n === 0, "Klub's outbox to drain", 120_000);
    const shopDomain = sandbox.store.state.shop.domain;
    // The production build on the same database, started now (it stays idle until the proxy part)
    // so that it is checked against the sources soon after `npm run build`.
    app = await startBuiltServer(sandbox.databaseUrl, { ...LOCAL_APP_ENV });

    // --- Lighthouse ---
    const product = sandbox.store.state.products[0];
    const collection = sandbox.store.state.collections[0];
    const collectionProbe = collection ? await fetch(`${sandbox.sandboxUrl}/collections/${collection.handle}`) : null;
    await collectionProbe?.arrayBuffer();
    const hasCollections = collectionProbe?.status === 200;
    const cartCookie = `sandbox_cart=${encodeURIComponent(JSON.stringify([{ variantId: product.variantId, quantity: 1 }]))}`;
    const pages: Page[] = [
      { key: "home", label: "home", path: "/", cookie: null },
      { key: "product", label: "product", path: `/products/${product.handle}`, cookie: null },
      hasCollections
        ? { key: "collection", label: "collection", path: `/collections/${collection!.handle}`, cookie: null }
        : { key: "collection", label: "collection*", path: "/cart", cookie: cartCookie },
    ];
    const cart = await (await fetch(`${sandbox.sandboxUrl}/cart`, { headers: { Cookie: cartCookie } })).text();
    if (!cart.includes(product.title)) throw new Error("the cart page does not show the item the cookie puts in it");

    const runs: Record<"with" | "without", Record<PageKey, LighthouseRun[]>> = {
      with: { home: [], product: [], collection: [] },
      without: { home: [], product: [], collection: [] },
    };
    console.log(`Lighthouse ${RUNS} run(s) per page and variant (${RUNS * pages.length * 2} in all), Chromium at ${CHROME_PATH}...`);
    let file = 0;
    for (let round = 0; round < RUNS; round++) {
      // with, without; then without, with: each switch of the program serves two blocks of runs.
      const order: ("with" | "without")[] = round % 2 === 0 ? ["with", "without"] : ["without", "with"];
      for (const variant of order) {
        await setProgram(sandbox, db, variant === "with", `${sandbox.sandboxUrl}/`);
        for (const page of pages) {
          const run = await lighthouse(`${sandbox.sandboxUrl}${page.path}`, page.cookie, join(dataDir, `lighthouse-${file++}.json`));
          runs[variant][page.key].push(run);
          console.log(`  round ${round + 1} ${variant.padEnd(7)} ${page.label.padEnd(11)} score ${run.score.toFixed(0).padStart(3)}  FCP ${run.fcp.toFixed(0)} ms  LCP ${run.lcp.toFixed(0)} ms  TBT ${run.tbt.toFixed(0)} ms  CLS ${run.cls.toFixed(3)}`);
        }
      }
    }
    // The state endpoint answers only while the program is on.
    await setProgram(sandbox, db, true, `${sandbox.sandboxUrl}/`);

    // --- App proxy state, to the production build; the dev server and the sandbox are stopped
    // first so that they take no CPU from it. ---
    const customers = (await db.member.findMany({ where: { shop: { domain: shopDomain } }, orderBy: { customerId: "asc" }, take: SHOPPERS, select: { customerId: true } })).map((m) => m.customerId);
    if (customers.length < SHOPPERS) throw new Error(`only ${customers.length} members, ${SHOPPERS} needed`);
    await sandbox.stop();
    sandboxStopped = true;
    const barePort = await freePort();
    bare = fork(new URL("./bare-proxy-server.mjs", import.meta.url).pathname, [String(barePort), LOCAL_APP_ENV.SHOPIFY_API_SECRET]);
    children.add(bare);
    await new Promise((resolve, reject) => (bare!.once("message", resolve), bare!.once("exit", (code) => reject(new Error(`the bare server exited ${code}`)))));
    const bareUrl = `http://127.0.0.1:${barePort}`;

    // One request first: Klub answers this member's state (the signature and the data are right).
    const check = await fetch(proxiedUrl(app.url, new URL(`${PROXY_PREFIX}/state?locale=en&nonce=check`, "http://storefront.local"), shopDomain, Number(customers[0]), LOCAL_APP_ENV.SHOPIFY_API_SECRET));
    const state = (await check.json()) as { member?: unknown; programEnabled?: boolean };
    if (check.status !== 200 || !state.member || !state.programEnabled) throw new Error(`Klub's /proxy/state answered ${check.status}: ${JSON.stringify(state).slice(0, 300)}`);

    console.log(`app proxy state: warming up, then 2 rounds of ${REQUESTS} requests each...`);
    await loadState(bareUrl, shopDomain, customers, 200);
    await loadState(app.url, shopDomain, customers, 200);
    const rounds: { bare: Measured; app: Measured }[] = [];
    for (let round = 0; round < 2; round++) rounds.push({ bare: await loadState(bareUrl, shopDomain, customers, REQUESTS), app: await loadState(app.url, shopDomain, customers, REQUESTS) });
    const best = (pick: (r: (typeof rounds)[number]) => Measured) => rounds.map(pick).sort((a, b) => b.perSecond - a.perSecond)[0];
    const bareBest = best((r) => r.bare);
    const appBest = best((r) => r.app);

    // --- Report ---
    const medians = (variant: "with" | "without") => Object.fromEntries(pages.map((p) => [p.key, median(runs[variant][p.key].map((r) => r.score))])) as Record<PageKey, number>;
    const weighted = (m: Record<PageKey, number>) => (Object.keys(WEIGHTS) as PageKey[]).reduce((sum, key) => sum + WEIGHTS[key] * m[key], 0);
    const withEmbed = medians("with");
    const withoutEmbed = medians("without");
    const scores = (variant: "with" | "without", key: PageKey) => runs[variant][key].map((r) => r.score.toFixed(0)).join(" ");
    const benchmarkIndex = median(Object.values(runs).flatMap((v) => Object.values(v).flat().map((r) => r.benchmarkIndex)));
    const fmt = (m: Measured) => `${m.perSecond.toFixed(0).padStart(6)}/s  p50 ${m.p50.toFixed(2).padStart(6)} ms  p99 ${m.p99.toFixed(2).padStart(7)} ms  statuses ${JSON.stringify(m.statuses)}`;

    console.log("");
    console.log(`Lighthouse 12.2.3 performance (mobile, simulated throttling), median of ${RUNS} run(s); Chromium benchmark index ${benchmarkIndex.toFixed(0)}`);
    console.log(`"with": Klub's app embed rendered (guest shopper); "without": the program off, so the embed renders no markup`);
    console.log(`  (the sandbox still links the embed's stylesheet and script then: it has no switch to leave the embed out)`);
    for (const page of pages) {
      console.log(`  ${page.label.padEnd(11)} ${String(Math.round(WEIGHTS[page.key] * 100)).padStart(2)}%  ${page.path.padEnd(24)} with ${withEmbed[page.key].toFixed(0).padStart(3)} (${scores("with", page.key)})  without ${withoutEmbed[page.key].toFixed(0).padStart(3)} (${scores("without", page.key)})`);
    }
    if (!hasCollections) console.log(`  * the sandbox has no collection page (/collections/${collection?.handle ?? "<handle>"} answers ${collectionProbe?.status ?? "nothing"}): /cart with one item stands in`);
    const drop = weighted(withoutEmbed) - weighted(withEmbed);
    console.log(`weighted score: with ${weighted(withEmbed).toFixed(1)}, without ${weighted(withoutEmbed).toFixed(1)}, drop ${drop.toFixed(1)} points (Shopify allows 10; goal under 2)`);
    console.log("");
    console.log(`app proxy GET ${PROXY_PREFIX}/state -> /proxy/state, signed, ${SHOPPERS} shoppers at once, ${REQUESTS} requests a round, best of ${rounds.length} rounds`);
    console.log(`  bare signature server   ${fmt(bareBest)}`);
    console.log(`  Klub (production build) ${fmt(appBest)}`);
    console.log(`ratio: Klub/bare state throughput = ${(appBest.perSecond / bareBest.perSecond).toFixed(3)}  (p50 latency ${(appBest.p50 / bareBest.p50).toFixed(1)}x; goal at least 0.3)`);
    console.log(`took ${((performance.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    for (const child of children) {
      child.kill(child === bare ? "SIGTERM" : "SIGINT");
      await exited(child);
    }
    await app?.stop();
    await db?.$disconnect();
    if (sandbox && !sandboxStopped) await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
