// The sandbox's stand-in for Shopify's App Bridge script (cdn.shopify.com/shopifycloud/app-bridge.js),
// as far as Klub uses it: the global `shopify` (idToken, toast, loading, resourcePicker, config),
// session tokens on the app's own fetches, <ui-nav-menu> shown in the sandbox admin's nav, the
// contextual save bar of <form data-save-bar> drawn by the sandbox admin, and links to admin pages
// (shopify://admin/...).
(() => {
  const script = document.currentScript;
  const sandbox = new URL(script.src).origin;
  const params = new URLSearchParams(location.search);
  const shop = params.get("shop") || sessionStorage.getItem("klub-sandbox-shop") || "";
  sessionStorage.setItem("klub-sandbox-shop", shop);
  let token = params.get("id_token");
  let tokenAt = token ? Date.now() : 0;
  const post = (type, data = {}) => window.parent.postMessage({ source: "klub-app-bridge", type, ...data }, sandbox);
  const pending = new Map();

  async function idToken() {
    if (token && Date.now() - tokenAt < 30_000) return token;
    const response = await fetch(`${sandbox}/session-token?shop=${encodeURIComponent(shop)}`);
    token = (await response.json()).token;
    tokenAt = Date.now();
    return token;
  }

  // The app's bounce page (an expired or missing session token on a document request) names the
  // page to reload; App Bridge reloads it with a fresh token.
  const reloadTo = params.get("shopify-reload");
  if (reloadTo) {
    token = null;
    idToken().then((fresh) => {
      const target = new URL(reloadTo, location.href);
      target.searchParams.set("id_token", fresh);
      location.replace(target.href);
    });
  }

  // App Bridge adds the session token to the app's own requests.
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input), location.href);
    if (url.origin !== location.origin) return originalFetch(input, init);
    const headers = new Headers(init.headers || (request ? request.headers : undefined));
    if (!headers.has("Authorization")) headers.set("Authorization", `Bearer ${await idToken()}`);
    return originalFetch(input, { ...init, headers });
  };

  window.addEventListener("message", (event) => {
    if (event.origin !== sandbox || event.data?.source !== "klub-sandbox-admin") return;
    if (event.data.type === "resourcePickerResult") {
      pending.get(event.data.id)?.(event.data.selection);
      pending.delete(event.data.id);
    }
    // The admin's save bar: Save submits the form (its submit event), Discard resets it (its reset event).
    if (event.data.type === "saveBarAction" && dirtyForm) {
      if (event.data.action === "save") dirtyForm.requestSubmit();
      if (event.data.action === "discard") dirtyForm.reset();
    }
  });

  // <form data-save-bar>: the save bar shows while a form's data differs from what it held before
  // the owner first touched it, or since it was last saved or discarded. Until then the app may
  // still be rendering it (hydration, a save's or a discard's re-render): what it shows is the
  // starting point.
  const baselines = new WeakMap();
  const settling = new WeakSet();
  const snapshot = (form) => JSON.stringify([...new FormData(form)].map(([name, value]) => [name, typeof value === "string" ? value : value.name]));
  let dirtyForm;
  function checkForms() {
    let dirty = null;
    for (const form of document.querySelectorAll("form[data-save-bar]")) {
      if (!baselines.has(form)) settling.add(form);
      if (settling.has(form)) baselines.set(form, snapshot(form));
      else if (!dirty && baselines.get(form) !== snapshot(form)) dirty = form;
    }
    if (dirty === dirtyForm) return;
    dirtyForm = dirty;
    post("saveBar", { visible: Boolean(dirty) });
  }
  let queued = false;
  const checkSoon = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      checkForms();
    }, 0);
  };
  const touched = (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-save-bar]") : null;
    if (form) settling.delete(form);
    checkSoon();
  };
  for (const type of ["input", "change", "click"]) document.addEventListener(type, touched, true);
  for (const type of ["submit", "reset"]) {
    document.addEventListener(type, (event) => {
      if (!(event.target instanceof HTMLFormElement) || !event.target.hasAttribute("data-save-bar")) return;
      settling.add(event.target);
      checkSoon();
    }, true);
  }
  new MutationObserver(checkSoon).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ["value", "checked", "selected"] });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", checkSoon);
  else checkSoon();

  // The Navigation API: a link to shopify://admin/... (or open() of one) leaves the app's frame for
  // that page of the admin.
  const adminUrl = (href) => (/^shopify:(\/\/)?admin\//.test(String(href)) ? String(href) : null);
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    const url = link && adminUrl(link.getAttribute("href"));
    if (!url || event.defaultPrevented) return;
    event.preventDefault();
    post("navigate", { url });
  });
  const originalOpen = window.open.bind(window);
  window.open = (url, ...rest) => {
    if (!adminUrl(url)) return originalOpen(url, ...rest);
    post("navigate", { url: adminUrl(url) });
    return null;
  };

  window.shopify = {
    config: { apiKey: script.dataset.apiKey, shop, host: params.get("host"), locale: params.get("locale") || "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: { show: (message, options = {}) => post("toast", { message, isError: Boolean(options.isError) }) },
    loading: (on = true) => post("loading", { on }),
    resourcePicker: (options = {}) =>
      new Promise((resolve) => {
        const id = Math.random().toString(36).slice(2);
        pending.set(id, resolve);
        post("resourcePicker", { id, options: { type: options.type || "product", multiple: Boolean(options.multiple), selectionIds: options.selectionIds || [] } });
      }),
  };

  // Hidden by a constructed stylesheet, not a style attribute: the app's server-rendered
  // <ui-nav-menu> must stay as rendered for React to hydrate it without a mismatch.
  const hidden = new CSSStyleSheet();
  hidden.replaceSync("ui-nav-menu { display: none; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, hidden];
  customElements.define(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        const send = () =>
          post("navMenu", {
            items: [...this.querySelectorAll("a")].map((a) => ({ label: a.textContent.trim(), href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" })),
          });
        send();
        new MutationObserver(send).observe(this, { subtree: true, childList: true, characterData: true, attributes: true });
      }
    },
  );
})();
