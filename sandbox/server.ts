// The sandbox's HTTP server: Shopify's admin (frame, theme editor, order actions, Flow), Admin GraphQL API,
// storefront, checkout and app proxy, customer accounts, and the frames that host the app's UI
// extensions, all on one local origin.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { answerAdminGraphql } from "./admin-graphql";
import { extensionAsset, loadAppBlocks, loadAppEmbeds, registerAppBlockTag, renderAppEmbeds } from "./app-embeds";
import { appFramePage, flowPage, mailMessagePage, mailPage, ordersPage, themeEditorPage } from "./admin-pages";
import { flowExtensions, runFlowAction, switchWorkflow } from "./flow";
import type { SandboxMail } from "./mail";
import { answerAccessTokenRequest, grantRequestedScopes, uninstallApp } from "./oauth";
import { cancel, CheckoutError, firstUnit, fulfil, placeOrder, refund, refundAmount, RefundError, refundShipping, restockWithoutRefund, type CartLine } from "./orders";
import { signSessionToken } from "./session-token";
import type { Store } from "./state";
import { changeDiscountCodes, checkoutSummary, summaryView, type Buyer, type DiscountCodeChange } from "./checkout";
import { cartView, customerView, metafieldsView, orderView, productView, PROXY_PREFIX, proxiedUrl, splitCodes, storefrontEngine } from "./storefront";
import { checkoutApi, extensionToken, frameContext } from "./ui-extension-context";
import { extensionFramePage, loadUiExtensions, registerUiExtensionFilter } from "./ui-extensions";
import { embedHandle, embedOn, embedSwitchedOff, mainTheme, saveEmbeds } from "./themes";
import type { WebhookSender } from "./webhooks";

export interface SandboxConfig {
  store: Store;
  sender: WebhookSender;
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The mail server whose messages /admin/mail shows, and its port. */
  mail?: { server: SandboxMail; port: number };
}

const appBridgeScript = readFileSync(new URL("./public/app-bridge.js", import.meta.url), "utf8");
// The UI extensions' host (in their frames), the page side of their frames, the checkout page's script.
const publicScripts = Object.fromEntries(
  ["ui-extension-host.js", "ui-extension-elements.js", "ui-extension-frames.js", "checkout.js"].map((name) => [`/${name}`, readFileSync(new URL(`./public/${name}`, import.meta.url), "utf8")]),
);

function cookies(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    (request.headers.cookie ?? "").split(";").filter(Boolean).map((c) => {
      const [name, ...value] = c.trim().split("=");
      return [name, decodeURIComponent(value.join("="))];
    }),
  );
}

async function body(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

function send(response: ServerResponse, status: number, content: string, type = "text/html; charset=utf-8", headers: Record<string, string> = {}) {
  response.writeHead(status, { "Content-Type": type, ...headers });
  response.end(content);
}

const redirect = (response: ServerResponse, location: string, headers: Record<string, string> = {}) => {
  response.writeHead(303, { Location: location, ...headers });
  response.end();
};

export function createSandboxServer(config: SandboxConfig): Server {
  const { store, sender } = config;
  const liquid = storefrontEngine(store);
  const appEmbeds = loadAppEmbeds();
  registerAppBlockTag(liquid, loadAppBlocks());
  const uiExtensions = loadUiExtensions();
  registerUiExtensionFilter(liquid, uiExtensions);
  // Full-page extensions of customer accounts, linked from the account page.
  const accountPages = uiExtensions.filter((e) => e.targets.includes("customer-account.page.render")).map((e) => ({ handle: e.handle, title: e.name }));

  const cartOf = (request: IncomingMessage): CartLine[] => {
    try {
      return JSON.parse(cookies(request).sandbox_cart ?? "[]") as CartLine[];
    } catch {
      return [];
    }
  };
  const customerOf = (request: IncomingMessage) => store.customer(Number(cookies(request).sandbox_customer) || null);
  const attributesOf = (request: IncomingMessage): Record<string, string> => {
    try {
      return JSON.parse(cookies(request).sandbox_cart_attributes ?? "{}");
    } catch {
      return {};
    }
  };
  const attributesCookie = (attributes: Record<string, string>) => `sandbox_cart_attributes=${encodeURIComponent(JSON.stringify(attributes))}; Path=/; SameSite=Lax`;
  const cartCookie = (cart: CartLine[]) => `sandbox_cart=${encodeURIComponent(JSON.stringify(cart))}; Path=/; SameSite=Lax`;
  // The discount code a shareable link (/discount/CODE) put on the cart; checkout starts with it.
  const discountOf = (request: IncomingMessage) => cookies(request).sandbox_discount ?? "";
  const discountCookie = (code: string) => `sandbox_discount=${encodeURIComponent(code)}; Path=/; SameSite=Lax${code ? "" : "; Max-Age=0"}`;

  const localeOf = (request: IncomingMessage) => {
    const locale = cookies(request).sandbox_locale;
    return ["en", "pl", "ru"].includes(locale) ? locale : "en";
  };

  /** The buyer of this storefront session; `codes` the discount codes on their checkout, when not the cart's. */
  const buyerOf = (request: IncomingMessage, codes = discountOf(request)): Buyer => ({ customer: customerOf(request), cart: cartOf(request), locale: localeOf(request), codes: splitCodes(codes) });
  const checkoutTarget = () => (store.state.shop.plan.shopifyPlus ? "purchase.checkout.reductions.render-after" : "purchase.checkout.block.render");
  const checkoutPage = (request: IncomingMessage, codes: string, extra: Record<string, unknown> = {}) =>
    page(request, "checkout", "Checkout", { summary: summaryView(store, checkoutSummary(store, buyerOf(request, codes), !!extra.use_store_credit)), discount_codes: codes, checkout_target: checkoutTarget(), ...extra });

  async function page(request: IncomingMessage, template: string, title: string, extra: Record<string, unknown> = {}) {
    const customer = customerOf(request);
    const locale = localeOf(request);
    const context = {
      title,
      locale,
      request: { locale: { iso_code: locale }, origin: `http://${request.headers.host ?? "localhost"}` },
      app: { metafields: metafieldsView(store.state.appMetafields) },
      shop: { name: store.state.shop.name, currency: store.state.shop.currency, permanent_domain: store.state.shop.domain },
      customer: customerView(customer, store),
      cart: cartView(cartOf(request), store, discountOf(request)),
      all_customers: store.state.customers.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}` })),
      ...extra,
    };
    const content = await liquid.renderFile(template, context);
    // Embeds the owner switched off in the theme editor are left out. One never switched on is
    // drawn all the same (unlike Shopify, where embeds start off): the demo and the storefront's
    // tests show the widget without a visit to the theme editor first.
    const embeds = await renderAppEmbeds(appEmbeds.filter((e) => !embedSwitchedOff(store, e)), context, locale);
    return liquid.renderFile("layout", { ...context, content_for_layout: content, content_for_app_embeds: embeds });
  }

  async function route(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://sandbox.local");
    // Shopify's storefront takes a path with or without its trailing slash (an app proxy's Liquid
    // answer has its links rewritten to end in one).
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
    const method = request.method ?? "GET";
    const currency = store.state.shop.currency;

    // Shopify's pages have an icon. Without an answer here the browser's own request for one is a
    // 404 in the console, which the browser tests count as an error (Playwright never reports the
    // request itself, so it looked like a flake).
    if (path === "/favicon.ico") return send(response, 204, "", "image/x-icon");

    // OAuth: token exchange and refresh (Shopify's token endpoint)
    if (path === "/admin/oauth/access_token") {
      if (method !== "POST") return send(response, 405, JSON.stringify({ error: "invalid_request", error_description: "POST only" }), "application/json");
      const answer = answerAccessTokenRequest(store, { apiKey: config.apiKey, apiSecret: config.apiSecret }, await body(request), String(request.headers["content-type"] ?? ""));
      return send(response, answer.status, JSON.stringify(answer.body), "application/json");
    }
    // Where the app's login page sends a shop owner: Shopify installs the app (if need be) and opens it.
    if (path === "/admin/oauth/install") {
      return url.searchParams.get("client_id") === config.apiKey ? redirect(response, "/admin/apps/klub") : send(response, 404, "No such app", "text/plain");
    }

    // Admin API
    if (method === "POST" && path === "/admin/api/2026-10/graphql.json") {
      const token = request.headers["x-shopify-access-token"];
      const answer = answerAdminGraphql(store, typeof token === "string" ? token : null, await body(request));
      return send(response, answer.status, JSON.stringify(answer.body), "application/json");
    }
    if (path === "/app-bridge.js") return send(response, 200, appBridgeScript, "text/javascript");
    if (path === "/session-token") {
      const token = signSessionToken({ shop: store.state.shop.domain, apiKey: config.apiKey, secret: config.apiSecret });
      return send(response, 200, JSON.stringify({ token }), "application/json", { "Access-Control-Allow-Origin": new URL(config.appUrl).origin });
    }

    // Admin
    if (path === "/admin" || path === "/admin/") return redirect(response, "/admin/apps/klub");
    if (method === "POST" && path === "/admin/apps/klub/uninstall") {
      uninstallApp(store, sender);
      return redirect(response, "/admin/orders");
    }
    // The theme editor, open on its app embeds (Shopify's deep link: ?context=apps&activateAppId=<api key>/<embed handle>).
    const editor = /^\/admin\/themes\/(current|\d+)\/editor$/.exec(path);
    const theme = mainTheme(store);
    if (editor && theme && (editor[1] === "current" || Number(editor[1]) === theme.id)) {
      const staffLocale = ["pl", "ru"].find((l) => l === url.searchParams.get("locale")) ?? "en";
      if (method === "POST") {
        const chosen = new URLSearchParams(await body(request)).getAll("embed");
        saveEmbeds(store, appEmbeds, new Set(chosen));
        return redirect(response, `/admin/themes/current/editor?saved=1${staffLocale === "en" ? "" : `&locale=${encodeURIComponent(staffLocale)}`}`);
      }
      const activate = url.searchParams.get("activateAppId");
      const [apiKey, handle] = (activate ?? "").split("/");
      const known = apiKey === config.apiKey && appEmbeds.some((e) => embedHandle(e) === handle);
      const embeds = appEmbeds.map((e) => ({ handle: embedHandle(e), name: e.schema.name, app: "Klub", on: embedOn(store, e) }));
      return send(response, 200, themeEditorPage(store, theme, embeds, { locale: staffLocale, activated: known ? handle : undefined, notFound: activate && !known ? activate : undefined, saved: url.searchParams.has("saved") }));
    }
    if (path.startsWith("/admin/apps/klub")) {
      grantRequestedScopes(store, sender);
      // ?sandbox_token=expired hands the app a token that has run out, as a slow first load would.
      const expired = url.searchParams.get("sandbox_token") === "expired";
      url.searchParams.delete("sandbox_token");
      const token = signSessionToken({ shop: store.state.shop.domain, apiKey: config.apiKey, secret: config.apiSecret, lifetimeSeconds: expired ? -30 : 60 });
      return send(response, 200, appFramePage(store, config.appUrl, path.slice("/admin/apps/klub".length), url.searchParams, token));
    }
    if (path === "/admin/orders") return send(response, 200, ordersPage(store));
    // Shopify Flow: the owner switches a workflow for one of the app's triggers on or off, or runs one of its actions.
    if (path === "/admin/flow" && method === "GET") return send(response, 200, flowPage(store, flowExtensions(), url.searchParams.get("notice") ?? undefined));
    const flowApp = { appUrl: config.appUrl, apiSecret: config.apiSecret };
    if (path === "/admin/flow/workflows" && method === "POST") {
      const form = new URLSearchParams(await body(request));
      const handle = form.get("handle") ?? "";
      if (!flowExtensions().some((e) => e.type === "flow_trigger" && e.handle === handle)) return send(response, 404, "No such trigger", "text/plain");
      const enabled = form.get("enabled") === "true";
      const sent = await switchWorkflow(store, flowApp, handle, enabled);
      const notice = `${handle}: workflow ${store.state.flow.workflows[handle]?.enabled ? "on" : "off"} (Klub answered ${sent.status || "nothing"})`;
      return redirect(response, `/admin/flow?notice=${encodeURIComponent(notice)}`);
    }
    const flowAction = /^\/admin\/flow\/actions\/([\w-]+)$/.exec(path);
    if (flowAction && method === "POST") {
      if (!flowExtensions().some((e) => e.type === "flow_action" && e.handle === flowAction[1])) return send(response, 404, "No such action", "text/plain");
      const form = new URLSearchParams(await body(request));
      const customer = store.customer(form.get("customer_id"));
      if (!customer) return send(response, 422, flowPage(store, flowExtensions(), "Choose a customer of the shop"));
      const runId = form.get("run_id")?.trim() || undefined;
      const run = await runFlowAction(store, flowApp, flowAction[1], customer.id, Object.fromEntries(form), runId);
      return redirect(response, `/admin/flow?notice=${encodeURIComponent(`${flowAction[1]} run ${run.id}: Klub answered ${run.status || "nothing"}`)}`);
    }
    if (path === "/admin/mail") return send(response, 200, mailPage(store, config.mail?.server.messages ?? [], config.mail?.port ?? null));
    const mailId = /^\/admin\/mail\/(\d+)$/.exec(path);
    if (mailId) {
      const mail = config.mail?.server.message(Number(mailId[1]));
      return mail ? send(response, 200, mailMessagePage(store, mail)) : send(response, 404, "No such email");
    }
    if (method === "POST" && path === "/admin/options") {
      const form = new URLSearchParams(await body(request));
      store.state.options = { duplicates: form.has("duplicates"), reorder: form.has("reorder") };
      store.save();
      return redirect(response, "/admin/orders");
    }
    const action = /^\/admin\/orders\/(\d+)\/(fulfil|refund-one|refund-all|refund-amount|restock|refund-shipping|cancel)$/.exec(path);
    if (method === "POST" && action) {
      const order = store.order(action[1]);
      if (!order) return send(response, 404, "No such order");
      const form = new URLSearchParams(await body(request));
      try {
        if (action[2] === "fulfil") fulfil(store, sender, order);
        if (action[2] === "refund-one") {
          const unit = firstUnit(order);
          if (unit) refund(store, sender, order, unit);
        }
        if (action[2] === "refund-all") refund(store, sender, order);
        if (action[2] === "refund-amount") refundAmount(store, sender, order, form.get("amount") ?? "");
        if (action[2] === "restock") {
          const unit = firstUnit(order);
          if (unit) restockWithoutRefund(store, sender, order, unit);
        }
        if (action[2] === "refund-shipping") refundShipping(store, sender, order);
        if (action[2] === "cancel") cancel(store, sender, order);
      } catch (error) {
        if (!(error instanceof RefundError)) throw error;
        return send(response, 422, ordersPage(store, error.message));
      }
      return redirect(response, "/admin/orders");
    }

    // App proxy
    if (path === PROXY_PREFIX || path.startsWith(`${PROXY_PREFIX}/`)) {
      const target = proxiedUrl(config.appUrl, url, store.state.shop.domain, customerOf(request)?.id ?? null, config.apiSecret);
      const proxied = await fetch(target, { method, headers: { "Content-Type": String(request.headers["content-type"] ?? "") }, body: method === "GET" || method === "HEAD" ? undefined : await body(request) });
      const type = proxied.headers.get("content-type") ?? "text/plain";
      const text = await proxied.text();
      if (type.startsWith("application/liquid")) return send(response, proxied.status, await page(request, "app-proxy", "Klub", { proxied: await liquid.parseAndRender(text, { customer: customerView(customerOf(request), store) }) }));
      return send(response, proxied.status, text, type);
    }

    // Checkout and customer account UI extensions: each target's frame, its bundle, session tokens.
    if (publicScripts[path]) return send(response, 200, publicScripts[path], "text/javascript; charset=utf-8");
    if (path === "/extensions/session-token") {
      return send(response, 200, JSON.stringify({ token: extensionToken(store, config, { customer: customerOf(request) }) }), "application/json", { "Cache-Control": "no-store" });
    }
    const built = /^\/extensions\/([\w-]+)\/dist\/([\w.-]+)$/.exec(path);
    if (built) {
      const extension = uiExtensions.find((e) => e.handle === built[1]);
      const file = extension && [`${extension.handle}.js`, `${extension.handle}.js.map`].includes(built[2]) ? join(dirname(extension.bundle), built[2]) : null;
      if (!file || !existsSync(file)) return send(response, 404, `Not built: run npm run build:extensions`, "text/plain");
      return send(response, 200, readFileSync(file, "utf8"), file.endsWith(".map") ? "application/json" : "text/javascript; charset=utf-8", { "Cache-Control": "no-store" });
    }
    const frame = /^\/extensions\/([\w-]+)\/((?:purchase|customer-account)\.[\w.-]+)$/.exec(path);
    if (frame) {
      const extension = uiExtensions.find((e) => e.handle === frame[1]);
      const target = frame[2];
      if (!extension?.targets.includes(target)) return send(response, 404, `The app has no UI extension ${frame[1]} for ${target}`, "text/plain");
      if (!existsSync(extension.bundle)) return send(response, 404, `${extension.name} is not built: run npm run build:extensions`, "text/plain");
      const buyer = buyerOf(request);
      const orderId = url.searchParams.get("order");
      const order = orderId ? store.order(orderId) : undefined;
      if (orderId && !order) return send(response, 404, `No order ${orderId}`, "text/plain");
      // Customer accounts are the signed-in customer's, and show only their own orders.
      if (target.startsWith("customer-account.") && (!buyer.customer || (order && order.customerId !== buyer.customer.id))) {
        return send(response, 403, "Customer account extensions are for the signed-in customer's own account", "text/plain");
      }
      const host = { ...config, storefrontUrl: `http://${request.headers.host ?? "localhost"}` };
      let context;
      try {
        context = frameContext(store, host, extension, target, buyer, order);
      } catch (error) {
        return send(response, 400, (error as Error).message, "text/plain");
      }
      return send(response, 200, extensionFramePage(extension, target, context, buyer.locale));
    }

    // Storefront
    const asset = /^\/extensions\/([\w-]+)\/assets\/([\w.-]+)$/.exec(path);
    if (asset) {
      const file = extensionAsset(asset[1], asset[2]);
      return file ? send(response, 200, file.body.toString(), file.type) : send(response, 404, "Not found", "text/plain");
    }
    const locale = url.searchParams.get("locale");
    if (locale && ["en", "pl", "ru"].includes(locale)) {
      return redirect(response, path, { "Set-Cookie": `sandbox_locale=${locale}; Path=/; SameSite=Lax` });
    }
    if (path === "/") return send(response, 200, await page(request, "index", "Home", { products: store.state.products.map((p) => productView(p, currency)) }));
    const productMatch = /^\/products\/([\w-]+)$/.exec(path);
    if (productMatch) {
      const product = store.state.products.find((p) => p.handle === productMatch[1]);
      if (!product) return send(response, 404, await page(request, "index", "Not found", { products: [] }));
      return send(response, 200, await page(request, "product", product.title, { product: productView(product, currency) }));
    }
    if (method === "POST" && path === "/account/login") {
      const form = new URLSearchParams(await body(request));
      const id = form.get("customer_id");
      const cookie = id && store.customer(id) ? `sandbox_customer=${id}; Path=/; SameSite=Lax` : "sandbox_customer=; Path=/; Max-Age=0";
      return redirect(response, String(request.headers.referer ?? "/account"), { "Set-Cookie": cookie });
    }
    if (path === "/account") return send(response, 200, await page(request, "account", "Account", { account_pages: accountPages }));
    // New customer accounts: an app's full page, and an order's status page, for the signed-in customer.
    const accountPage = /^\/account\/pages\/([\w-]+)$/.exec(path);
    if (accountPage) {
      const extension = accountPages.find((p) => p.handle === accountPage[1]);
      if (!extension) return send(response, 404, await page(request, "index", "Not found", { products: [] }));
      return send(response, 200, await page(request, "account-page", extension.title, { extension: extension.handle }));
    }
    const accountOrder = /^\/account\/orders\/(\d+)$/.exec(path);
    if (accountOrder) {
      const order = store.order(accountOrder[1]);
      const customer = customerOf(request);
      if (!order || !customer || order.customerId !== customer.id) return send(response, 404, await page(request, "index", "Not found", { products: [] }));
      return send(response, 200, await page(request, "account-order", `Order ${order.name}`, { order: orderView(order, store) }));
    }
    if (method === "POST" && path === "/cart/add") {
      const form = new URLSearchParams(await body(request));
      const variantId = Number(form.get("variant_id"));
      const quantity = Math.max(1, Math.min(99, Number(form.get("quantity") ?? 1) || 1));
      const cart = cartOf(request);
      const line = cart.find((l) => l.variantId === variantId);
      if (line) line.quantity += quantity;
      else if (store.state.products.some((p) => p.variantId === variantId)) cart.push({ variantId, quantity });
      return redirect(response, "/cart", { "Set-Cookie": cartCookie(cart) });
    }
    if (method === "POST" && path === "/cart/clear") return redirect(response, "/cart", { "Set-Cookie": cartCookie([]) });
    // Shopify's Ajax cart API, as far as themes and app embeds use it: cart attributes.
    if (method === "POST" && path === "/cart/update.js") {
      let update: { attributes?: Record<string, unknown> };
      try {
        update = JSON.parse(await body(request));
      } catch {
        return send(response, 400, JSON.stringify({ status: 400, message: "Bad Request" }), "application/json");
      }
      const attributes = { ...attributesOf(request), ...Object.fromEntries(Object.entries(update.attributes ?? {}).map(([k, v]) => [k.slice(0, 255), String(v ?? "").slice(0, 1000)])) };
      response.setHeader("Set-Cookie", attributesCookie(attributes));
      return send(response, 200, JSON.stringify({ attributes, items: cartOf(request) }), "application/json");
    }
    if (path === "/cart") return send(response, 200, await page(request, "cart", "Cart"));
    // Shopify's shareable discount link: the code goes on the cart, then on to ?redirect (a path on this shop).
    const discountMatch = /^\/discount\/([^/]+)$/.exec(path);
    if (method === "GET" && discountMatch) {
      let code: string;
      try {
        code = decodeURIComponent(discountMatch[1]).trim().slice(0, 255);
      } catch {
        return send(response, 400, "Bad discount code", "text/plain");
      }
      const target = url.searchParams.get("redirect") ?? "/";
      return redirect(response, /^\/(?![/\\])/.test(target) ? target : "/", { "Set-Cookie": discountCookie(code) });
    }
    if (path === "/checkout" && method === "GET") return send(response, 200, await checkoutPage(request, url.searchParams.get("discount") ?? discountOf(request)));
    if (path === "/checkout" && method === "POST") {
      const form = new URLSearchParams(await body(request));
      const codes = splitCodes(form.get("discount_codes") ?? "");
      const useStoreCredit = form.has("use_store_credit");
      try {
        const order = placeOrder(store, sender, { customerId: customerOf(request)?.id ?? null, cart: cartOf(request), codes, useStoreCredit, attributes: attributesOf(request), locale: localeOf(request) });
        response.setHeader("Set-Cookie", [cartCookie([]), attributesCookie({}), discountCookie("")]);
        return redirect(response, `/orders/${order.id}`);
      } catch (error) {
        if (!(error instanceof CheckoutError)) throw error;
        return send(response, 422, await checkoutPage(request, codes.join(", "), { error: error.message, use_store_credit: useStoreCredit }));
      }
    }
    // The order summary alone, for the checkout page to show anew (public/checkout.js).
    if (path === "/checkout/summary" && method === "GET") {
      const summary = summaryView(store, checkoutSummary(store, buyerOf(request), url.searchParams.get("use_store_credit") === "1"));
      return send(response, 200, await liquid.renderFile("checkout-summary", { summary, locale: localeOf(request) }));
    }
    // The checkout's discount codes: its Apply button (a form), or an extension's applyDiscountCodeChange (JSON).
    if (path === "/checkout/discount-codes" && method === "POST") {
      const text = await body(request);
      if (!String(request.headers["content-type"] ?? "").startsWith("application/json")) {
        const codes = splitCodes(new URLSearchParams(text).get("discount_codes") ?? "");
        const summary = checkoutSummary(store, buyerOf(request, codes.join(",")));
        response.setHeader("Set-Cookie", discountCookie(summary.codes.join(",")));
        if (summary.error) return send(response, 422, await checkoutPage(request, summary.codes.join(", "), { error: summary.error }));
        return redirect(response, "/checkout");
      }
      let change: DiscountCodeChange;
      try {
        change = JSON.parse(text);
        if (!["addDiscountCode", "removeDiscountCode"].includes(change.type) || typeof change.code !== "string") throw new Error();
      } catch {
        return send(response, 400, JSON.stringify({ message: "Send { type: 'addDiscountCode' | 'removeDiscountCode', code }" }), "application/json");
      }
      const buyer = buyerOf(request);
      const { result, codes } = changeDiscountCodes(store, buyer, change);
      const api = checkoutApi(store, checkoutSummary(store, { ...buyer, codes }));
      return send(response, 200, JSON.stringify({ result, discountCodes: api.discountCodes, discountAllocations: api.discountAllocations, lines: api.lines, cost: api.cost }), "application/json", { "Set-Cookie": discountCookie(codes.join(",")) });
    }
    const orderMatch = /^\/orders\/(\d+)$/.exec(path);
    if (orderMatch) {
      const order = store.order(orderMatch[1]);
      if (!order) return send(response, 404, "No such order");
      return send(response, 200, await page(request, "order", `Order ${order.name}`, { order: orderView(order, store) }));
    }
    return send(response, 404, await page(request, "index", "Not found", { products: [] }));
  }

  return createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) send(response, 500, `Sandbox error: ${(error as Error).message}`, "text/plain");
      else response.end();
    });
  });
}
