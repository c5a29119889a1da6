import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: {
    host: "localhost",
    port: Number(process.env.PORT ?? 3000),
    fs: { allow: ["app", "node_modules"] },
    // Klub answers the extensions' CORS preflights itself (app/routes/api.*): Vite's own CORS
    // middleware would answer them first in development and hide a route that does not.
    cors: false,
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      // Every Remix v3 flag, so the move to React Router 7 is mechanical (docs/decisions/003).
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
  ],
  build: { assetsInlineLimit: 0 },
  // Every dependency Vite finds in app/ is pre-bundled at start-up, server-only ones included (route
  // files import them for loaders; the browser never loads those). One found later, on a first page
  // load with a cold cache, makes Vite re-optimise and reload, and the page can end up with two
  // copies of React (tests/vite-deps.test.ts keeps this list complete).
  optimizeDeps: {
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "react-dom/server",
      "react/jsx-runtime",
      "react/jsx-dev-runtime",
      "@remix-run/react",
      "@remix-run/node",
      "@shopify/app-bridge-react",
      "@shopify/polaris",
      "@shopify/shopify-app-remix/react",
      "@shopify/shopify-app-remix/server",
      "@shopify/shopify-api/runtime",
      "@shopify/shopify-app-remix/adapters/node",
      "@shopify/shopify-app-session-storage-prisma",
      "@prisma/client",
      "@prisma/adapter-libsql",
      "@prisma/adapter-pg",
      "pg",
      "@libsql/client",
      "i18next",
      "zod",
      "papaparse",
      "nodemailer",
      "date-fns",
      "@shopify/polaris-viz",
      "rate-limiter-flexible",
      "pino",
      "isbot",
      "currency-codes",
      "libsql",
      "pdfkit",
      "qrcode",
    ],
  },
  resolve: { dedupe: ["react", "react-dom"] },
});
