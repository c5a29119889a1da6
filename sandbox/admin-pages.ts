// The sandbox admin: the frame that embeds Klub (with a fresh session token on every load), the
// nav menu, toasts and contextual save bar App Bridge asks for, a resource picker, the theme
// editor's app embeds, Shopify's order actions, and Shopify Flow (the app's triggers and actions).
import type { FlowExtension } from "./flow";
import { formatMoney } from "./money";
import { hostParam } from "./session-token";
import type { ReceivedMail } from "./mail";
import type { Store } from "./state";
import { orderView } from "./storefront";

const escape = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The save bar's words in the staff member's language, as Shopify's admin shows them. */
const SAVE_BAR = {
  en: { unsaved: "Unsaved changes", discard: "Discard", save: "Save" },
  pl: { unsaved: "Niezapisane zmiany", discard: "Odrzuć", save: "Zapisz" },
  ru: { unsaved: "Несохранённые изменения", discard: "Отменить", save: "Сохранить" },
};

function shell(title: string, main: string, store: Store, requested = "en") {
  const locale = Object.hasOwn(SAVE_BAR, requested) ? requested : "en";
  const words = SAVE_BAR[locale as keyof typeof SAVE_BAR];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Sandbox admin</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; display: grid; grid-template-columns: 220px 1fr; grid-template-rows: 48px 1fr; height: 100vh; background: #f1f1f1; }
  #top { grid-column: 1 / 3; background: #1a1a1a; color: #fff; display: flex; align-items: center; padding: 0 16px; gap: 16px; }
  #top a { color: #fff; }
  nav { background: #ebebeb; padding: 12px; overflow: auto; } nav a { display: block; padding: 6px 8px; color: #303030; text-decoration: none; border-radius: 6px; } nav a:hover { background: #ddd; }
  nav .app-links a { padding-left: 20px; }
  main { overflow: auto; } iframe { border: 0; width: 100%; height: 100%; background: #f1f1f1; }
  .page { padding: 24px; } .card { background: #fff; border-radius: 12px; padding: 16px; margin-bottom: 16px; box-shadow: 0 1px 0 #ddd; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 6px; border-bottom: 1px solid #eee; }
  #toasts { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); display: grid; gap: 8px; }
  .toast { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 8px; } .toast.error { background: #8e1f0b; }
  dialog { border: 0; border-radius: 12px; padding: 16px; min-width: 320px; }
  #save-bar { position: fixed; inset: 0 0 auto 0; height: 48px; box-sizing: border-box; background: #1a1a1a; color: #fff; display: flex; align-items: center; justify-content: space-between; padding: 0 16px; z-index: 10; }
  #save-bar[hidden] { display: none; }
  #save-bar button { border: 0; border-radius: 8px; padding: 6px 12px; font: inherit; cursor: pointer; background: #303030; color: #fff; } #save-bar button.primary { background: #fff; color: #1a1a1a; }
  #save-bar.shake { animation: shake 0.3s; } @keyframes shake { 25% { transform: translateX(-6px); } 75% { transform: translateX(6px); } }
</style></head><body>
<div id="top"><strong>${escape(store.state.shop.name)}</strong><span>Sandbox admin</span><a href="/">Storefront</a></div>
<nav aria-label="Admin">
  <a href="/admin/orders">Orders</a>
  <a href="/admin/mail">Mail</a>
  <a href="/admin/flow">Flow</a>
  <a href="/admin/apps/klub">Klub</a>
  <div class="app-links" id="app-nav"></div>
  ${store.state.app.installed ? `<form method="post" action="/admin/apps/klub/uninstall"><button>Uninstall Klub</button></form>` : ""}
</nav>
<main>${main}</main>
<div id="toasts" role="status" aria-live="polite"></div>
<div id="save-bar" role="region" aria-label="${escape(words.unsaved)}" hidden><strong>${escape(words.unsaved)}</strong><span><button type="button" data-action="discard">${escape(words.discard)}</button> <button type="button" class="primary" data-action="save">${escape(words.save)}</button></span></div>
<dialog id="picker"><form method="dialog"><h3 id="picker-title">Select products</h3><div id="picker-list"></div><p><button value="cancel">Cancel</button> <button id="picker-ok" value="ok">Select</button></p></form></dialog>
<script>
  const collections = ${JSON.stringify(store.state.collections.map((c) => ({ id: `gid://shopify/Collection/${c.id}`, title: c.title, handle: c.handle })))};
  const products = ${JSON.stringify(store.state.products.map((p) => ({ id: `gid://shopify/Product/${p.id}`, title: p.title, handle: p.handle, variants: [{ id: `gid://shopify/ProductVariant/${p.variantId}`, price: p.price }] })))};
  // The contextual save bar over the top bar, as Shopify's admin draws it: its buttons act on the
  // app's form; while it shows, leaving through the admin's nav is held back (the bar shakes).
  const saveBar = document.getElementById("save-bar");
  saveBar.addEventListener("click", (event) => {
    const action = event.target.closest("button")?.dataset.action;
    const frame = document.querySelector("iframe");
    if (action && frame) frame.contentWindow.postMessage({ source: "klub-sandbox-admin", type: "saveBarAction", action }, new URL(frame.src).origin);
  });
  document.querySelector("nav").addEventListener("click", (event) => {
    if (saveBar.hidden || !event.target.closest("a")) return;
    event.preventDefault();
    saveBar.classList.remove("shake");
    void saveBar.offsetWidth; // restarts the animation
    saveBar.classList.add("shake");
  });
  window.addEventListener("message", (event) => {
    const frame = document.querySelector("iframe");
    if (!frame || event.source !== frame.contentWindow || event.data?.source !== "klub-app-bridge") return;
    const reply = (data) => frame.contentWindow.postMessage({ source: "klub-sandbox-admin", ...data }, new URL(frame.src).origin);
    const { type } = event.data;
    if (type === "navMenu") {
      document.getElementById("app-nav").innerHTML = event.data.items.filter((i) => !i.home)
        .map((i) => '<a href="/admin/apps/klub' + i.href.replace(/^\\/app/, "") + '">' + i.label.replace(/</g, "&lt;") + "</a>").join("");
    }
    if (type === "saveBar") saveBar.hidden = !event.data.visible;
    // App Bridge's navigation to an admin page (shopify://admin/...), in the staff member's language.
    if (type === "navigate" && /^shopify:([/][/])?admin[/]/.test(event.data.url)) {
      const target = new URL(event.data.url.replace(/^shopify:([/][/])?admin[/]/, "/admin/"), location.origin);
      if (${JSON.stringify(locale)} !== "en") target.searchParams.set("locale", ${JSON.stringify(locale)});
      location.assign(target.href);
    }
    if (type === "toast") {
      const toast = document.createElement("div");
      toast.className = "toast" + (event.data.isError ? " error" : "");
      toast.textContent = event.data.message;
      document.getElementById("toasts").append(toast);
      setTimeout(() => toast.remove(), 5000);
    }
    if (type === "resourcePicker") {
      const dialog = document.getElementById("picker");
      const input = event.data.options.multiple ? "checkbox" : "radio";
      const items = event.data.options.type === "collection" ? collections : products;
      const selected = new Set((event.data.options.selectionIds || []).map((s) => s.id));
      document.getElementById("picker-title").textContent = event.data.options.type === "collection" ? "Select collections" : "Select products";
      document.getElementById("picker-list").innerHTML = items.map((p, i) => '<label style="display:block"><input type="' + input + '" name="p" value="' + i + '"' + (selected.has(p.id) ? " checked" : "") + "> " + p.title + "</label>").join("");
      dialog.onclose = () => {
        const chosen = dialog.returnValue === "ok" ? [...dialog.querySelectorAll("input:checked")].map((el) => items[Number(el.value)]) : undefined;
        reply({ type: "resourcePickerResult", id: event.data.id, selection: chosen });
      };
      dialog.showModal();
    }
  });
</script></body></html>`;
}

/** The app's URL as Shopify's admin loads it in its frame: shop, host, locale and a fresh session token. */
export function appFrameUrl(store: Store, appUrl: string, appPath: string, search: URLSearchParams, token: string): URL {
  const params = new URLSearchParams(search);
  params.set("embedded", "1");
  params.set("shop", store.state.shop.domain);
  params.set("host", hostParam(store.state.shop.domain));
  params.set("id_token", token);
  // Shopify names the staff member's language on every load; the sandbox's staff member reads English
  // unless the address asks for another (?locale=pl).
  params.set("locale", search.get("locale") ?? "en");
  const src = new URL(`/app${appPath}`, appUrl);
  src.search = params.toString();
  return src;
}

export function appFramePage(store: Store, appUrl: string, appPath: string, search: URLSearchParams, token: string) {
  const src = appFrameUrl(store, appUrl, appPath, search, token);
  return shell("Klub", `<iframe title="Klub" src="${escape(src.href)}"></iframe>`, store, src.searchParams.get("locale") ?? "en");
}

const ACTIONS = [
  ["fulfil", "Fulfil"],
  ["refund-one", "Refund 1 unit"],
  ["refund-all", "Refund all"],
  ["restock", "Restock without refund"],
  ["refund-shipping", "Refund shipping"],
  ["cancel", "Cancel"],
] as const;

/** The orders page; `notice` says why the last action was refused. */
export function ordersPage(store: Store, notice?: string) {
  const currency = store.state.shop.currency;
  const rows = [...store.state.orders].reverse().slice(0, 100).map((order) => {
    const view = orderView(order, store);
    const customer = store.customer(order.customerId);
    const form = (action: string, content: string) => `<form method="post" action="/admin/orders/${order.id}/${action}" style="display:inline">${content}</form>`;
    const actions = order.cancelledAt
      ? ""
      : [
          ...ACTIONS.map(([action, label]) => form(action, `<button>${label}</button>`)),
          form("refund-amount", `<input name="amount" inputmode="decimal" size="8" aria-label="Amount to refund (${escape(currency)})" placeholder="${escape(currency)}" required> <button>Refund amount</button>`),
        ].join(" ");
    return `<tr><td>${escape(order.name)}</td><td>${escape(order.createdAt.slice(0, 10))}</td><td>${escape(customer ? `${customer.firstName} ${customer.lastName}` : "Guest")}</td><td>${escape(formatMoney(view.total, currency))}</td><td>${view.refunded ? escape(formatMoney(view.refunded, currency)) : ""}</td><td>${escape(view.status)}</td><td>${actions}</td></tr>`;
  });
  const deliveries = store.state.deliveries.slice(0, 20).map((d) => `<tr><td>${escape(d.at.slice(11, 19))}</td><td>${escape(d.topic)}</td><td>${escape(d.status)}</td><td>${d.attempts}</td><td>${d.lastStatus ?? ""}</td></tr>`);
  const { duplicates, reorder } = store.state.options;
  return shell(
    "Orders",
    `<div class="page">
      <div class="card"><h2>Webhook delivery</h2>
        <form method="post" action="/admin/options">
          <label><input type="checkbox" name="duplicates" ${duplicates ? "checked" : ""}> Deliver every webhook twice</label>
          <label><input type="checkbox" name="reorder" ${reorder ? "checked" : ""}> Deliver out of order</label>
          <button>Save</button>
        </form>
        <table><tr><th>Time</th><th>Topic</th><th>Status</th><th>Attempts</th><th>HTTP</th></tr>${deliveries.join("")}</table>
      </div>
      ${notice ? `<div class="card" role="alert">${escape(notice)}</div>` : ""}
      <div class="card"><h2>Orders</h2><table><tr><th>Order</th><th>Date</th><th>Customer</th><th>Total</th><th>Refunded</th><th>Status</th><th></th></tr>${rows.join("")}</table></div>
    </div>`,
    store,
  );
}

/** Every email the sandbox's mail server received, newest first (the shop's mail server, as Klub reaches it). */
export function mailPage(store: Store, messages: ReceivedMail[], port: number | null) {
  const rows = messages.map((m) => `<tr><td>${escape(m.receivedAt.slice(0, 19).replace("T", " "))}</td><td>${escape(m.to.join(", "))}</td><td><a href="/admin/mail/${m.id}">${escape(m.subject || "(no subject)")}</a></td><td>${escape(m.from)}</td></tr>`);
  return shell(
    "Mail",
    `<div class="page"><div class="card"><h1 style="font-size:18px;margin-top:0">Mail</h1>
      <p>The sandbox's mail server${port ? ` (SMTP on 127.0.0.1:${port}, no encryption, any login)` : ""}: each email sent to it, as the member would get it.</p>
      ${rows.length ? `<table><tr><th>Received</th><th>To</th><th>Subject</th><th>From</th></tr>${rows.join("")}</table>` : "<p>No email yet.</p>"}
    </div></div>`,
    store,
  );
}

/** One email: rendered (its HTML in a frame of its own, with no script), its text and its headers. */
export function mailMessagePage(store: Store, mail: ReceivedMail) {
  const headers = mail.headers.map(([name, value]) => `<tr><th>${escape(name)}</th><td>${escape(value)}</td></tr>`).join("");
  return shell(
    mail.subject || "Mail",
    `<div class="page">
      <div class="card"><p><a href="/admin/mail">Mail</a></p><h1 style="font-size:18px">${escape(mail.subject || "(no subject)")}</h1>
        <p>From ${escape(mail.from)} to ${escape(mail.to.join(", "))}, received ${escape(mail.receivedAt.slice(0, 19).replace("T", " "))}</p></div>
      ${mail.html ? `<div class="card"><h2>HTML</h2><iframe title="Email (HTML)" sandbox srcdoc="${escape(mail.html)}" style="height:480px;border:1px solid #eee"></iframe></div>` : ""}
      <div class="card"><h2>Text</h2><pre style="white-space:pre-wrap" aria-label="Email (text)">${escape(mail.text)}</pre></div>
      <div class="card"><h2>Headers</h2><table>${headers}</table></div>
    </div>`,
    store,
  );
}

/** The theme editor's words in the staff member's language. */
const THEME_EDITOR = {
  en: { title: "Theme editor", live: "Live theme", embeds: "App embeds", help: "App embeds add an app's features to every page of your online store.", save: "Save", exit: "Exit", saved: "Saved", activated: "{name} is switched on. Save to keep it.", notFound: "No app embed of this theme matches the link ({id})." },
  pl: { title: "Edytor motywu", live: "Aktywny motyw", embeds: "Osadzenia aplikacji", help: "Osadzenia aplikacji dodają funkcje aplikacji do każdej strony sklepu internetowego.", save: "Zapisz", exit: "Wyjdź", saved: "Zapisano", activated: "Włączono: {name}. Zapisz, aby zachować zmianę.", notFound: "Żadne osadzenie aplikacji w tym motywie nie pasuje do linku ({id})." },
  ru: { title: "Редактор темы", live: "Текущая тема", embeds: "Встраивания приложений", help: "Встраивания приложений добавляют функции приложения на каждую страницу интернет-магазина.", save: "Сохранить", exit: "Выйти", saved: "Сохранено", activated: "Включено: {name}. Сохраните, чтобы изменение осталось.", notFound: "Ни одно встраивание приложения в этой теме не подходит к ссылке ({id})." },
};

export interface EditorEmbed {
  handle: string;
  name: string;
  app: string;
  on: boolean;
}

/**
 * The theme editor, open on its App embeds: a switch per embed and Save. A deep link's
 * activateAppId (<api key>/<embed handle>) switches its embed on, unsaved, as Shopify's does; one
 * that names no embed of the app is said so.
 */
export function themeEditorPage(store: Store, theme: { id: number; name: string }, embeds: EditorEmbed[], options: { locale: string; activated?: string; notFound?: string; saved?: boolean }) {
  const words = THEME_EDITOR[options.locale as keyof typeof THEME_EDITOR] ?? THEME_EDITOR.en;
  const activated = embeds.find((e) => e.handle === options.activated);
  const notice = options.notFound
    ? `<div class="card" role="alert">${escape(words.notFound.replace("{id}", options.notFound))}</div>`
    : activated
      ? `<div class="card" role="status">${escape(words.activated.replace("{name}", activated.name))}</div>`
      : "";
  const rows = embeds.map((e) => {
    const id = `embed-${escape(e.handle)}`;
    const on = e.on || e.handle === activated?.handle;
    return `<div class="embed"><label for="${id}"><strong>${escape(e.name)}</strong><br><small>${escape(e.app)}</small></label>
      <input type="checkbox" role="switch" id="${id}" name="embed" value="${escape(e.handle)}"${on ? " checked" : ""}></div>`;
  });
  const locale = options.locale === "en" ? "" : `?locale=${encodeURIComponent(options.locale)}`;
  return shell(
    words.title,
    `<div class="page">
      <style>
        .editor-bar { display: flex; align-items: center; justify-content: space-between; gap: 16px; }
        .embed { display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 8px 0; border-top: 1px solid #eee; }
        .embed input[role=switch] { appearance: none; width: 36px; height: 20px; border-radius: 10px; background: #ccc; position: relative; cursor: pointer; }
        .embed input[role=switch]::after { content: ""; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: #fff; transition: left 0.1s; }
        .embed input[role=switch]:checked { background: #1a1a1a; } .embed input[role=switch]:checked::after { left: 18px; }
      </style>
      <form method="post" action="/admin/themes/current/editor${locale}">
        <div class="card editor-bar"><a href="/admin/apps/klub${locale}">${escape(words.exit)}</a>
          <h1 style="margin:0;font-size:16px">${escape(words.title)}: ${escape(theme.name)} <small>(${escape(words.live)})</small></h1>
          <button type="submit">${escape(words.save)}</button></div>
        ${options.saved ? `<div class="card" role="status">${escape(words.saved)}</div>` : ""}
        ${notice}
        <div class="card"><h2 style="margin-top:0">${escape(words.embeds)}</h2><p>${escape(words.help)}</p>${rows.join("")}</div>
      </form>
    </div>`,
    store,
    options.locale,
  );
}

/**
 * Shopify Flow, as far as the app is in it: a workflow per trigger of the app, switched on or off
 * (Flow tells the app through its lifecycle callback), the triggers the app sent, and a form per
 * action of the app to run it for a customer (as a workflow's step would), with the app's answers.
 */
export function flowPage(store: Store, extensions: FlowExtension[], notice?: string) {
  const { flow, customers } = store.state;
  const nameOf = (handle: string) => extensions.find((e) => e.handle === handle)?.name ?? handle;
  const customerName = (id: unknown) => {
    const c = store.customer(String(id ?? ""));
    return c ? `${c.firstName} ${c.lastName}` : String(id ?? "");
  };
  const workflows = extensions.filter((e) => e.type === "flow_trigger").map((t) => {
    const state = flow.workflows[t.handle];
    const on = state?.enabled ?? false;
    return `<tr><td>${escape(t.name)}<br><small>${escape(t.handle)}</small></td><td>${on ? "On" : "Off"}</td><td>${state?.appStatus ?? ""}</td>
      <td><form method="post" action="/admin/flow/workflows"><input type="hidden" name="handle" value="${escape(t.handle)}"><input type="hidden" name="enabled" value="${on ? "false" : "true"}"><button>${on ? "Turn off" : "Turn on"}</button></form></td></tr>`;
  });
  const customerOptions = customers.map((c) => `<option value="${c.id}">${escape(`${c.firstName} ${c.lastName} (${c.id})`)}</option>`).join("");
  const actionForms = extensions.filter((e) => e.type === "flow_action").map((a) => {
    const inputs = a.fields
      .filter((f) => !f.type.endsWith("_reference"))
      .map((f) => `<label>${escape(f.name ?? f.key)} <input name="${escape(f.key)}"${f.type.startsWith("number_") ? ' inputmode="numeric"' : ""}${f.required ? " required" : ""}></label>`)
      .join(" ");
    return `<form method="post" action="/admin/flow/actions/${escape(a.handle)}" aria-label="${escape(a.name)}" style="margin-bottom:12px">
      <strong>${escape(a.name)}</strong> <label>Customer <select name="customer_id">${customerOptions}</select></label> ${inputs}
      <label>Run id <input name="run_id" placeholder="new" size="12"></label> <button>Run</button></form>`;
  });
  const runs = flow.runs.slice(0, 50).map((r) => {
    const hidden = Object.entries(r.properties)
      .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
      .join("");
    return `<tr><td>${escape(r.at.slice(11, 19))}</td><td>${escape(nameOf(r.handle))}</td><td><small>${escape(r.id)}</small></td><td>${escape(customerName(r.properties.customer_id))}</td>
      <td><code>${escape(JSON.stringify(r.properties))}</code></td><td>${r.status || "no answer"}</td><td><code>${escape(r.answer)}</code></td>
      <td><form method="post" action="/admin/flow/actions/${escape(r.handle)}">${hidden}<input type="hidden" name="run_id" value="${escape(r.id)}"><button>Run again</button></form></td></tr>`;
  });
  const received = flow.received.slice(0, 50).map((t) => {
    return `<tr><td>${escape(t.at.slice(11, 19))}</td><td>${escape(nameOf(t.handle))}</td><td>${escape(customerName(t.payload.customer_id))}</td><td><code>${escape(JSON.stringify(t.payload))}</code></td><td>${t.workflowOn ? "Ran" : "No workflow on"}</td></tr>`;
  });
  return shell(
    "Flow",
    `<div class="page">
      ${notice ? `<div class="card" role="status">${escape(notice)}</div>` : ""}
      <div class="card"><h2 style="margin-top:0">Workflows</h2><p>One workflow per Klub trigger. Switching one on or off tells Klub (its lifecycle callback); Klub sends a trigger only while its workflow is on.</p>
        <table><tr><th>Trigger</th><th>Workflow</th><th>Klub answered</th><th></th></tr>${workflows.join("")}</table></div>
      <div class="card"><h2 style="margin-top:0">Run an action</h2><p>As a workflow's step runs it: signed with the app's secret. A run id repeats that run (Flow retries with the same id).</p>${actionForms.join("")}
        <table><tr><th>Time</th><th>Action</th><th>Run id</th><th>Customer</th><th>Fields</th><th>Klub answered</th><th>Answer</th><th></th></tr>${runs.join("")}</table></div>
      <div class="card"><h2 style="margin-top:0">Triggers received</h2>
        ${received.length ? `<table><tr><th>Time</th><th>Trigger</th><th>Customer</th><th>Payload</th><th>Workflow</th></tr>${received.join("")}</table>` : "<p>None yet.</p>"}</div>
    </div>`,
    store,
  );
}
