// The one place that configures @shopify/shopify-app-remix.
import { sandboxUrl } from "./sandbox-switch.server"; // first: it may set APP_BRIDGE_URL for the adapter
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import db from "./db.server";
import { appEnv } from "./env.server";
import { logger } from "./logger.server";
import { installShopFromShopify, installUnderWay } from "./shopify/install.server";
import { KlubSessionStorage } from "./shopify/session-storage.server";

const env = appEnv();

if (sandboxUrl) (await import("./shopify/sandbox-seam.server")).routeShopifyTo(sandboxUrl);

const sessionStorage = new KlubSessionStorage(db);

// The library's logs go through Klub's logger. Its info lines ("Authenticating admin request", one
// per admin request, written to the console as they came) are Klub's debug: a synchronous write on
// every request was 6.5% of the request thread's time (docs/benchmarks.md).
const LIBRARY_LEVELS = { [LogSeverity.Error]: "error", [LogSeverity.Warning]: "warn", [LogSeverity.Info]: "debug", [LogSeverity.Debug]: "trace" } as const;
const libraryLevel = [LogSeverity.Debug, LogSeverity.Info, LogSeverity.Warning].find((s) => logger.isLevelEnabled(LIBRARY_LEVELS[s])) ?? LogSeverity.Error;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: ApiVersion.October26,
  scopes: env.SCOPES,
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage,
  logger: { level: libraryLevel, log: (severity, message) => logger[LIBRARY_LEVELS[severity]]({ source: "shopify" }, message) },
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // After every token exchange that stored a session: first open, reinstall, new scopes.
    afterAuth: async ({ session, admin }) => void (await installShopFromShopify(admin, session)),
  },
});

export default shopify;
export const apiVersion = ApiVersion.October26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = {
  ...shopify.authenticate,
  /**
   * The library's authenticate.admin, then a wait for the shop's install if one is under way: the
   * parallel loaders of the first load each exchange a token, but only one runs afterAuth, and the
   * others must not read a shop that is not there yet.
   */
  admin: (async (request: Request) => {
    const context = await shopify.authenticate.admin(request);
    try {
      await installUnderWay(context.session.shop);
    } catch {
      await db.session.deleteMany({ where: { id: context.session.id } }); // stored by this request, after the failed install's delete
      throw new Response(undefined, { status: 500, statusText: "Klub could not be installed" });
    }
    return context;
  }) as typeof shopify.authenticate.admin,
};
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export { sessionStorage };
