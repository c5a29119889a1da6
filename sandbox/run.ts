// npm run local: Klub against the sandbox, set-up included. Migrates the app's database (the
// app's own setup, run as its command), starts the sandbox and the app's dev server pointed at it,
// then opens Klub in the sandbox admin as a shop owner would: the app exchanges the session token
// for an access token and installs itself (hooks.afterAuth). On first run the owner sets up the
// demo program in Klub's admin and the demo shop is seeded. The sandbox reaches Klub over HTTP only.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Server } from "node:http";
import { EmbeddedAdmin } from "./embedded-admin";
import { SandboxMail } from "./mail";
import { seedDemoShop, setUpDemoMail, setUpDemoProgram } from "./seed";
import { createSandboxServer } from "./server";
import { Store, type ShopDetails } from "./state";
import { ensureUiExtensionBundles } from "./ui-extensions";
import { WebhookSender } from "./webhooks";

export const LOCAL_APP_ENV = {
  SHOPIFY_API_KEY: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c", // the placeholder client_id of shopify.app.toml
  SHOPIFY_API_SECRET: "klub-local-development-secret",
  KLUB_SECRETS_KEY: "eREQXRO6wvbeoxuEPrAW4aBe8UMwuwUbbKtekWex2bQ=", // seals the demo shop's mail server password (local only)
  SCOPES: "read_customers,write_customers,read_orders,read_products,write_discounts,write_app_proxy,read_store_credit_accounts,write_store_credit_account_transactions,read_themes",
};

export interface SandboxOptions {
  appPort: number;
  sandboxPort: number;
  dataDir: string;
  /** Output of the app's dev server: inherited, or kept for tests. */
  appOutput?: "inherit" | "pipe";
  /** The sandbox shop (its currency, name, locale...), when the data dir holds none yet. */
  shop?: Partial<Omit<ShopDetails, "id">>;
  /**
   * Open Klub in the admin once it is up (installing it) and, on first run, set up the demo
   * program and seed the demo shop. Default true; tests of the install itself turn it off.
   */
  demo?: boolean;
  /** The sandbox's mail server's port (SMTP); 0 or unset: any free port. */
  mailPort?: number;
  /**
   * A SQLite file `prisma migrate deploy` already migrated, copied as the app's database instead of
   * migrating a new one (tests: the template their set-up made, saving a Prisma CLI run per shop).
   */
  migratedDatabase?: string;
}

export interface RunningSandbox {
  appUrl: string;
  sandboxUrl: string;
  store: Store;
  sender: WebhookSender;
  /** The shop owner in the sandbox admin: opens Klub, uses its pages. */
  admin: EmbeddedAdmin;
  databaseUrl: string;
  /** The shop's mail server: every email Klub sends, as members get it (also at /admin/mail). */
  mail: SandboxMail;
  /** The app's output so far, when it is piped. */
  appOutput: () => string;
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
  const env = {
    ...inherited,
    ...LOCAL_APP_ENV,
    NODE_ENV: "development" as const,
    DATABASE_URL: databaseUrl,
    SHOPIFY_APP_URL: appUrl,
    KLUB_SANDBOX_URL: sandboxUrl,
    KLUB_OUTBOX_WORKER: "on", // the app runs whole, whatever the calling test's environment says
  };

  mkdirSync(options.dataDir, { recursive: true });
  if (options.migratedDatabase) copyFileSync(options.migratedDatabase, resolve(options.dataDir, "klub.sqlite"));
  else execFileSync("prisma", ["migrate", "deploy"], { env, stdio: "pipe" });
  const store = new Store(join(options.dataDir, "shopify.json"), options.shop);
  const firstRun = store.state.products.length === 0;
  store.state.shop.storefrontUrl = sandboxUrl; // emails link to the storefront, which is here

  const sender = new WebhookSender(store, appUrl, LOCAL_APP_ENV.SHOPIFY_API_SECRET);
  const credentials = { apiKey: LOCAL_APP_ENV.SHOPIFY_API_KEY, apiSecret: LOCAL_APP_ENV.SHOPIFY_API_SECRET };
  const mail = new SandboxMail();
  const mailPort = await mail.listen(options.mailPort ?? 0);
  const server: Server = createSandboxServer({ store, sender, appUrl, ...credentials, mail: { server: mail, port: mailPort } });
  await new Promise<void>((done) => server.listen(options.sandboxPort, "localhost", done));

  const app = spawn("remix", ["vite:dev", "--port", String(options.appPort), "--strictPort"], { env, stdio: ["ignore", options.appOutput ?? "inherit", options.appOutput ?? "inherit"] });
  let output = "";
  app.stdout?.on("data", (d) => (output += d));
  app.stderr?.on("data", (d) => (output += d));

  const stop = async () => {
    await sender.idle();
    await new Promise<void>((done) => {
      if (app.exitCode !== null || app.signalCode !== null) return done();
      app.once("exit", () => done());
      app.kill("SIGTERM");
    });
    await new Promise<void>((done) => server.close(() => done()));
    await mail.close();
  };

  const admin = new EmbeddedAdmin(store, appUrl, credentials);
  try {
    await waitFor(appUrl, app, () => output);
    if (options.demo ?? true) {
      // The owner opens Klub: the app exchanges the session token and installs itself.
      const opened = await admin.open();
      if (opened.status !== 200) throw new Error(`opening Klub in the admin answered ${opened.status}:\n${(await opened.text()).slice(0, 500)}\n${output.slice(-2000)}`);
      await opened.arrayBuffer();
      if (firstRun) {
        await setUpDemoProgram(admin);
        seedDemoShop(store, sender);
        await sender.idle();
      }
      await setUpDemoMail(admin, mailPort);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl, sandboxUrl, store, sender, admin, mail, databaseUrl, appOutput: () => output, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The checkout and account pages host the UI extensions' built bundles: build them if need be.
  ensureUiExtensionBundles();
  const sandbox = await startSandbox({ appPort: Number(process.env.PORT ?? 3000), sandboxPort: Number(process.env.SANDBOX_PORT ?? 3100), mailPort: Number(process.env.SANDBOX_MAIL_PORT ?? 3125), dataDir: ".sandbox" });
  console.log(`
Klub is running against the sandbox (no Shopify account needed):
  Shopify admin with Klub embedded  ${sandbox.sandboxUrl}/admin
  Storefront (log in as a customer) ${sandbox.sandboxUrl}/
  Checkout, account (UI extensions) ${sandbox.sandboxUrl}/checkout, ${sandbox.sandboxUrl}/account
  Orders, refunds, webhook options  ${sandbox.sandboxUrl}/admin/orders
  Emails Klub sent (mail server)    ${sandbox.sandboxUrl}/admin/mail
  The app itself                    ${sandbox.appUrl}
Data lives in .sandbox/ (delete it to start over). Ctrl-C stops everything.
`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sandbox.stop().then(() => process.exit(0)));
}
