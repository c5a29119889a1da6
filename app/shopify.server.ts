// The one place that configures @shopify/shopify-app-remix.
import { sandboxUrl } from "./sandbox-switch.server"; // first: it may set APP_BRIDGE_URL for the adapter
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import db from "./db.server";
import { appEnv } from "./env.server";
import { logger } from "./logger.server";
import { installedShop } from "./loyalty/program.server";
import { installKlub, type AdminGraphqlClient } from "./shopify/install.server";

const env = appEnv();

if (sandboxUrl) (await import("./shopify/sandbox-seam.server")).routeShopifyTo(sandboxUrl);

const sessionStorage = new PrismaSessionStorage(db);

/** Installs under way, by shop: requests that raced the one running afterAuth wait for it. */
const installing = new Map<string, Promise<void>>();

/** Installs Klub on the shop (app/shopify/install.server.ts), once at a time per shop. */
function install(session: { id: string; shop: string }, graphql: AdminGraphqlClient): Promise<void> {
  const running = installing.get(session.shop);
  if (running) return running;
  const work = (async () => {
    try {
      await installKlub(db, session.shop, graphql);
    } catch (error) {
      // Without its session the next load exchanges a token again, and so retries the install.
      logger.error({ err: error, shop: session.shop }, "install failed; the next load retries it");
      await sessionStorage.deleteSession(session.id);
      throw error;
    } finally {
      installing.delete(session.shop);
    }
  })();
  installing.set(session.shop, work);
  return work;
}

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: ApiVersion.October26,
  scopes: env.SCOPES,
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // After every token exchange that stored a session: first open, reinstall, new scopes.
    afterAuth: ({ session, admin }) => install(session, admin.graphql),
  },
});

export default shopify;
export const apiVersion = ApiVersion.October26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = {
  ...shopify.authenticate,
  /**
   * The library's authenticate.admin, and then the shop is installed: a request that arrives while
   * its shop is being installed waits for it (the parallel loaders of the first load each exchange
   * a token, but only one runs afterAuth), and a shop with a session but no install (an install
   * that failed after its session was stored) is installed now. No page reads a shop that is not there.
   */
  admin: (async (request: Request) => {
    const context = await shopify.authenticate.admin(request);
    const { session } = context;
    try {
      await (installing.get(session.shop) ?? ((await installedShop(db, session.shop)) ? null : install(session, context.admin.graphql)));
    } catch {
      await sessionStorage.deleteSession(session.id);
      throw new Response(undefined, { status: 500, statusText: "Klub could not be installed" });
    }
    return context;
  }) as typeof shopify.authenticate.admin,
};
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export { sessionStorage };
