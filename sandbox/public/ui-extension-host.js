// The sandbox's stand-in for Shopify's UI extension host, inside one extension target's frame:
// the `shopify` global as the extension's bundle uses it (shopify.extend, setSignals, the target's
// API with its values as signals, i18n, sessionToken, applyDiscountCodeChange, toast, navigation),
// then the callback the bundle registered for this frame's target, rendering into document.body.
// The page around the frame (public/ui-extension-frames.js) sizes it, shows toasts, navigates and
// changes the checkout. What the global holds comes from the sandbox (#shopify-context).
(() => {
  const context = JSON.parse(document.getElementById("shopify-context").textContent);
  const language = context.language;
  const parentOrigin = location.origin;
  const post = (type, data = {}) => window.parent !== window && window.parent.postMessage({ source: "sandbox-ui-extension", type, ...data }, parentOrigin);

  // The bundle calls the app at shopify.app.toml's application_url; here the app answers locally.
  const builtOrigin = context.builtAppUrl ? new URL(context.builtAppUrl).origin : null;
  const appOrigin = new URL(context.appUrl).origin;
  const originalFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (builtOrigin && url.origin === builtOrigin) return originalFetch(appOrigin + url.pathname + url.search, init);
    return originalFetch(input, init);
  };

  // Signals are the bundle's own (@preact/signals, handed over by '@shopify/ui-extensions/preact'),
  // so that its components re-render when a value changes, as with Shopify's host.
  let Signal = null;
  const signal = (value) => (Signal ? new Signal(value) : { value });

  // Shopify's translate: the buyer's language, then the default locale; a plural form by `count`;
  // {{name}} replaced by the option of that name.
  const lookup = (tree, key) => key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), tree);
  const plurals = new Intl.PluralRules(language);
  function translate(key, options = {}) {
    let entry = lookup(context.translations, key) ?? lookup(context.defaults, key);
    if (entry && typeof entry === "object" && "count" in options) entry = entry[plurals.select(Number(options.count))] ?? entry.other;
    if (typeof entry !== "string") {
      console.error(`[${context.target}] no translation for "${key}" in ${language}`);
      return key;
    }
    return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => (name in options ? String(options[name]) : whole));
  }
  const i18n = {
    translate,
    formatNumber: (n, options) => new Intl.NumberFormat(language, options).format(n),
    formatCurrency: (n, options = {}) => new Intl.NumberFormat(language, { style: "currency", currency: options.currencyCode ?? context.currency, ...options }).format(n),
    formatDate: (date, options) => new Intl.DateTimeFormat(language, options).format(new Date(date)),
  };

  // Session tokens: the one the page came with, then fresh ones from the sandbox before it runs out.
  let token = context.token;
  const expiry = (jwt) => JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp * 1000;
  async function sessionToken() {
    if (expiry(token) - Date.now() > 60_000) return token;
    const response = await originalFetch(context.tokenUrl, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`the sandbox gave no session token (${response.status})`);
    token = (await response.json()).token;
    return token;
  }

  // Requests to the page around the frame, answered by message.
  const pending = new Map();
  const ask = (type, data) =>
    new Promise((resolve, reject) => {
      if (window.parent === window) return reject(new Error(`${type} needs the page around the frame`));
      const id = Math.random().toString(36).slice(2);
      pending.set(id, resolve);
      post(type, { id, ...data });
    });

  // Values Shopify gives as signals (ReadonlySignalLike): the rest are plain.
  const SIGNALS = new Set(["cost.subtotalAmount", "cost.totalAmount", "cost.totalShippingAmount", "cost.totalTaxAmount", "lines", "discountCodes", "discountAllocations", "instructions", "buyerIdentity.customer", "orderConfirmation", "order"]);
  const signals = {};
  function withSignals(value, path = "") {
    if (path && SIGNALS.has(path)) return (signals[path] = signal(value));
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withSignals(v, path ? `${path}.${key}` : key)]));
  }
  function update(path, value) {
    if (signals[path] && value !== undefined) signals[path].value = value;
  }

  async function applyDiscountCodeChange(change) {
    if (!change || !["addDiscountCode", "removeDiscountCode"].includes(change.type) || typeof change.code !== "string") {
      return { type: "error", message: "A change is { type: 'addDiscountCode' | 'removeDiscountCode', code }" };
    }
    const instructions = signals.instructions?.value;
    if (instructions && !instructions.discounts.canUpdateDiscountCodes) return { type: "error", message: "Discount codes can't be changed on this checkout" };
    const answer = await ask("applyDiscountCodeChange", { change: { type: change.type, code: change.code } });
    return answer.result;
  }

  function navigate(url) {
    post("navigate", { url: String(url) });
  }

  /** The API of this frame's target: every target's, and the target's own (from the sandbox). */
  function api() {
    const own = withSignals(context.api);
    const purchase = context.target.startsWith("purchase.checkout.");
    return {
      ...own,
      extension: { target: context.target, apiVersion: context.apiVersion, capabilities: ["network_access"], editor: undefined },
      i18n,
      localization: { language: signal({ isoCode: language }), currency: signal({ isoCode: context.currency }), country: signal({ isoCode: context.country }) },
      sessionToken: { get: sessionToken },
      settings: signal({}),
      shop: context.shop,
      toast: { show: async (text) => post("toast", { text: String(text) }) },
      ...(purchase ? { applyDiscountCodeChange } : {}),
      ...(context.target.startsWith("customer-account.") ? { navigation: { navigate } } : {}),
    };
  }

  const callbacks = new Map();
  const host = {
    setSignals(SignalClass) {
      Signal = SignalClass;
    },
    extend(target, callback) {
      callbacks.set(target, callback);
    },
  };
  window.shopify = host;

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.origin !== parentOrigin || event.data?.source !== "sandbox-ui-extension-page") return;
    const { type, id } = event.data;
    if (type === "reply" && pending.has(id)) {
      pending.get(id)(event.data.answer);
      pending.delete(id);
    }
    // The checkout changed (a code applied here or by another frame): its codes, discounts, lines and cost follow.
    if (type === "checkout") {
      for (const name of ["discountCodes", "discountAllocations", "lines"]) update(name, event.data[name]);
      for (const [name, value] of Object.entries(event.data.cost ?? {})) update(`cost.${name}`, value);
    }
  });

  const fail = (message) => {
    console.error(`[${context.target}] ${message}`);
    post("error", { message });
    document.body.setAttribute("data-host-error", message);
  };
  window.addEventListener("error", (event) => fail(event.message));
  window.addEventListener("unhandledrejection", (event) => fail(String(event.reason?.stack ?? event.reason)));

  // The frame is as tall as what the extension rendered.
  let height = -1;
  const measure = () => {
    const now = Math.ceil(document.body.getBoundingClientRect().height);
    if (now !== height) post("height", { height: (height = now) });
  };

  document.addEventListener("DOMContentLoaded", async () => {
    new ResizeObserver(measure).observe(document.body);
    const callback = callbacks.get(context.target);
    if (!callback) return fail(`the bundle registers nothing for ${context.target} (it registers ${[...callbacks.keys()].join(", ") || "nothing"})`);
    Object.assign(window.shopify, api());
    try {
      await callback();
    } catch (error) {
      fail(String(error?.stack ?? error));
    }
  });
})();
