// npm run local: Klub against the sandbox, set-up included. Migrates the app's database, installs
// the app on the demo shop (its offline session, as after a real install), starts the sandbox
// and the app's dev server pointed at it, and seeds the demo shop on first run.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Server } from "node:http";
import { createDb } from "../app/db.server";
import { ensureShop } from "../app/loyalty/program.server";
import { seedDemoShop } from "./seed";
import { createSandboxServer } from "./server";
import { Store } from "./state";
import { WebhookSender } from "./webhooks";

export const LOCAL_APP_ENV = {
  SHOPIFY_API_KEY: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c", // the placeholder client_id of shopify.app.toml
  SHOPIFY_API_SECRET: "klub-local-development-secret",
  SCOPES: "read_customers,write_customers,read_orders,read_products,write_discounts,write_app_proxy,read_store_credit_accounts,write_store_credit_account_transactions",
};

export interface SandboxOptions {
  appPort: number;
  sandboxPort: number;
  dataDir: string;
  /** Output of the app's dev server: inherited, or kept for tests. */
  appOutput?: "inherit" | "pipe";
}

export interface RunningSandbox {
  appUrl: string;
  sandboxUrl: string;
  store: Store;
  sender: WebhookSender;
  databaseUrl: string;
  stop: () => Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the app did not start:\n${output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const appUrl = `http://localhost:${options.appPort}`;
  const sandboxUrl = `http://localhost:${options.sandboxPort}`;
  const databaseUrl = `file:${resolve(options.dataDir, "klub.sqlite")}`;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
  const env = { ...inherited, ...LOCAL_APP_ENV, NODE_ENV: "development" as const, DATABASE_URL: databaseUrl, SHOPIFY_APP_URL: appUrl, KLUB_SANDBOX_URL: sandboxUrl };

  mkdirSync(options.dataDir, { recursive: true });
  execFileSync("prisma", ["migrate", "deploy"], { env, stdio: "pipe" });
  const store = new Store(join(options.dataDir, "shopify.json"));
  const firstRun = store.state.products.length === 0;

  // The install: the shop, its offline session and, on first run, a program to show.
  const db = createDb(databaseUrl);
  const shop = await ensureShop(db, store.state.shop.domain, { name: store.state.shop.name, currencyCode: store.state.shop.currency });
  await db.session.upsert({
    where: { id: `offline_${store.state.shop.domain}` },
    update: { accessToken: store.state.shop.accessToken, scope: LOCAL_APP_ENV.SCOPES },
    create: { id: `offline_${store.state.shop.domain}`, shop: store.state.shop.domain, state: "installed", isOnline: false, scope: LOCAL_APP_ENV.SCOPES, accessToken: store.state.shop.accessToken },
  });
  if (firstRun) {
    await db.shop.update({ where: { id: shop.id }, data: { programEnabled: true } });
    await db.programSettings.update({ where: { shopId: shop.id }, data: { signupBonus: 100 } });
    await db.tier.createMany({
      data: [
        { shopId: shop.id, name: "Bronze", threshold: 0, multiplierPercent: 100 },
        { shopId: shop.id, name: "Silver", threshold: 300, multiplierPercent: 125 },
        { shopId: shop.id, name: "Gold", threshold: 800, multiplierPercent: 150 },
      ],
    });
  }
  await db.$disconnect();

  const sender = new WebhookSender(store, appUrl, LOCAL_APP_ENV.SHOPIFY_API_SECRET);
  const server: Server = createSandboxServer({ store, sender, appUrl, apiKey: LOCAL_APP_ENV.SHOPIFY_API_KEY, apiSecret: LOCAL_APP_ENV.SHOPIFY_API_SECRET });
  await new Promise<void>((done) => server.listen(options.sandboxPort, "localhost", done));

  const app = spawn("remix", ["vite:dev", "--port", String(options.appPort), "--strictPort"], { env, stdio: ["ignore", options.appOutput ?? "inherit", options.appOutput ?? "inherit"] });
  let output = "";
  app.stdout?.on("data", (d) => (output += d));
  app.stderr?.on("data", (d) => (output += d));
  await waitFor(appUrl, app, () => output);

  if (firstRun) {
    seedDemoShop(store, sender);
    await sender.idle();
  }

  const stop = async () => {
    await sender.idle();
    await new Promise<void>((done) => {
      if (app.exitCode !== null) return done();
      app.once("exit", () => done());
      app.kill("SIGTERM");
    });
    await new Promise<void>((done) => server.close(() => done()));
  };
  return { appUrl, sandboxUrl, store, sender, databaseUrl, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sandbox = await startSandbox({ appPort: Number(process.env.PORT ?? 3000), sandboxPort: Number(process.env.SANDBOX_PORT ?? 3100), dataDir: ".sandbox" });
  console.log(`
Klub is running against the sandbox (no Shopify account needed):
  Shopify admin with Klub embedded  ${sandbox.sandboxUrl}/admin
  Storefront (log in as a customer) ${sandbox.sandboxUrl}/
  Orders, refunds, webhook options  ${sandbox.sandboxUrl}/admin/orders
  The app itself                    ${sandbox.appUrl}
Data lives in .sandbox/ (delete it to start over). Ctrl-C stops everything.
`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sandbox.stop().then(() => process.exit(0)));
}
