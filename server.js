// The production server: remix-serve's setup (compression, the build's assets, an access log,
// Remix's request handler), with two changes measured on the webhook path (decision 044):
// - Shopify's webhooks go straight to their route module's action: a webhook route has no loader,
//   no params and no page to render, and Remix's handling around the action (its route matching
//   alone was 13% of a delivery's time before patches/ cached it) buys it nothing. The action is
//   the same one Remix would call.
// - Files are looked for on disk only when the build has them, and in public/ only when there is
//   such a folder: remix-serve stats a file for every request (5% of an admin request's time).
import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
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
app.set("query parser", false); // Remix reads the URL itself: req.query would be parsed for nothing

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
// The build's client files do not change while it runs: their URLs are listed once.
const clientFiles = new Set(
  readdirSync(build.assetsBuildDirectory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(build.assetsBuildDirectory, join(entry.parentPath, entry.name)).split(sep).join("/")}`),
);
const clientAssets = express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" });
app.use(build.publicPath, (req, res, next) => (clientFiles.has(req.path) ? clientAssets(req, res, next) : next()));
if (existsSync("public")) app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const server = process.env.HOST ? app.listen(port, process.env.HOST) : app.listen(port);
server.once("listening", () => console.log(`[klub] http://localhost:${port}`));
// Stop taking connections; the app finishes its work in flight (app/shutdown.server.ts).
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
