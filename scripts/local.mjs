// npm run local: runs Klub on this machine against a local SQLite file, with every step of
// set-up included (client generation, migrations). Reads .env when there is one; otherwise uses
// local defaults that are fine for a machine no one else can reach.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");

const LOCAL_DEFAULTS = {
  SHOPIFY_API_KEY: "6b4f2c9e1a3d5e7f9b0c2d4e6f8a1b3c", // the placeholder client_id of shopify.app.toml
  SHOPIFY_API_SECRET: "klub-local-development-secret",
  SHOPIFY_APP_URL: `http://localhost:${process.env.PORT ?? 3000}`,
  SCOPES:
    "read_customers,write_customers,read_orders,read_products,write_discounts,write_app_proxy,read_store_credit_accounts,write_store_credit_account_transactions",
  DATABASE_URL: "file:./prisma/dev.sqlite",
  PORT: "3000",
};
for (const [name, value] of Object.entries(LOCAL_DEFAULTS)) process.env[name] ??= value;

const step = (title, command, args) => {
  console.log(`\n> ${title}`);
  execFileSync(command, args, { stdio: "inherit" });
};
step("Generating the Prisma client", "prisma", ["generate", "--no-hints"]);
step(`Applying migrations to ${process.env.DATABASE_URL}`, "prisma", ["migrate", "deploy"]);

console.log(`\n> Starting Klub at ${process.env.SHOPIFY_APP_URL} (Ctrl-C stops it)\n`);
const server = spawn("remix", ["vite:dev", "--port", process.env.PORT, "--strictPort"], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
