// The production server: remix-serve's setup (compression, the build's assets, an access log,
// Remix's request handler), with two changes measured on the webhook path (decision 044):
// - Shopify's webhooks go straight to their route module's action: Remix matches a request by
//   flattening and ranking every route anew (13% of a delivery's time), and a webhook route has
//   no loader, no params and no page to render. The action is the same one Remix would call.
// - Files in public/ are looked for only when there is such a folder (remix-serve stats one for
//   every GET).
import { existsSync } from "node:fs";
import { createRequestHandler } from "@remix-run/express";
import { createReadableStreamFromReadable, installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV ??= "production";

const buildPath = new URL(process.argv[2] ?? "./build/server/index.js", `file://${process.cwd()}/`);
const build = await import(buildPath.href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

const app = express();
app.disable("x-powered-by");

/** The Node request as the Fetch API's, as Remix's Express adapter makes it. */
function webRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.append(name, one);
  }
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  return new Request(url, { method: req.method, headers, body: createReadableStreamFromReadable(req), duplex: "half" });
}

// Shopify's webhooks: POST /webhooks/<topic>, answered by the route module's action.
for (const route of Object.values(build.routes)) {
  if (!route.id.startsWith("routes/webhooks.") || !route.module.action || route.path?.includes(":")) continue;
  app.post(`/${route.path}`, async (req, res, next) => {
    try {
      const response = await route.module.action({ request: webRequest(req), params: {}, context: {} });
      res.status(response.status);
      for (const [name, value] of response.headers) res.append(name, value);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  });
}

app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
if (existsSync("public")) app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const server = process.env.HOST ? app.listen(port, process.env.HOST) : app.listen(port);
server.once("listening", () => console.log(`[klub] http://localhost:${port}`));
// Stop taking connections; the app finishes its work in flight (app/shutdown.server.ts).
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
