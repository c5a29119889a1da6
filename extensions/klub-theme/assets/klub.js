// Klub on the storefront (see blocks/points-launcher.liquid). Theme check wants < 10 000 bytes.
(() => {
  if (window.klubStarted) return; // embed and cart block both load it
  window.klubStarted = true;
  const json = { "Content-Type": "application/json" };
  const ref = new URLSearchParams(location.search).get("ref");
  if (ref && /^[A-Za-z0-9]{4,64}$/.test(ref)) {
    localStorage.klubRef = ref; // the app links them at sign-in
    fetch("/cart/update.js", { method: "POST", headers: json, body: JSON.stringify({ attributes: { _klub_ref: ref } }) });
  }

  const $ = (selector, node) => node.querySelector(selector);
  const h = (tag, attributes, ...children) => {
    const n = document.createElement(tag);
    if (tag == "button") n.type = "button"; // it may stand in the cart's form
    for (const k in attributes) if (attributes[k] != null && attributes[k] !== false) n.setAttribute(k, attributes[k]);
    n.append(...children.flat().filter((c) => c || c === 0));
    return n;
  };
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  let state; // one request for panel and cart block
  // randomUUID: https only
  const uuid = () => crypto.randomUUID?.() ?? "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

  for (const root of document.querySelectorAll("[data-klub-root]")) {
    const strings = $("[data-klub-strings]", root);
    if (!strings) continue; // a guest's cart block
    const t = JSON.parse(strings.textContent);
    const { klubApi, klubLocale, klubCartUrl } = root.dataset;
    const body = $("[data-klub-body]", root);
    const say = (text, kind = "") => Object.assign($("[data-klub-status]", root), { textContent: text }).setAttribute("data-klub-status", kind);
    const fail = (e) => say((e.answered && e.message) || t.error, "error");
    const applyUrl = (code) => `/discount/${encodeURIComponent(code)}?redirect=${klubCartUrl}`;
    const told = (c) => fill(c.code ? t.redeemed : t.credited, c);

    // A nonce: the app answers a proxy signature once.
    const call = async (path, data) => {
      const query = new URLSearchParams({ locale: klubLocale, nonce: Math.random().toString(36).slice(2), ref: localStorage.klubRef || "" });
      const response = await fetch(`${klubApi}${path}?${query}`, data && { method: "POST", headers: json, body: JSON.stringify(data) });
      const answer = await response.json().catch(() => null);
      if (response.ok && answer) return answer;
      throw { answered: !!answer, message: answer?.errors?.form };
    };
    if (localStorage.klubRef && "klubMember" in root.dataset) call("/referral", { code: localStorage.klubRef }).finally(() => delete localStorage.klubRef);
    const load = (fresh) => (!fresh && state) || (state = call("/state").catch((e) => ((state = null), Promise.reject(e))));

    // No answer: the requestId stays, a retry is safe.
    const spend = async (button, path, data, done) => {
      button.disabled = true;
      say(t.working, "loading");
      try {
        const answer = await call(path, data);
        button.requestId = null;
        done(answer.data);
      } catch (e) {
        if (e.answered) button.requestId = null;
        fail(e);
        button.disabled = false;
      }
    };

    const rewardItem = (r, member, done) => {
      let range, output;
      const button = member && r.affordable && h("button", { "data-klub-redeem": r.id }, t.redeem);
      if (button && r.slider) {
        const { min, max, step } = r.slider; // the browser keeps it on a step
        const show = () => fill(t.points, { points: new Intl.NumberFormat(klubLocale).format(range.value) });
        range = h("input", { type: "range", min, max: Math.min(max, member.points), step, value: max, "data-klub-slider": r.id });
        output = h("output", {}, show());
        range.oninput = () => {
          output.textContent = show();
          button.requestId = null; // another amount, another redemption
        };
      }
      if (button) button.onclick = () => spend(button, "/redeem", { rewardId: r.id, requestId: (button.requestId ||= uuid()), points: range && +range.value }, done);
      const details = [r.costText, r.minimumText, r.tierName && fill(t.reward_tier, { tier: r.tierName })];
      return h("li", { "data-klub-reward": r.id },
        h("strong", {}, r.name), h("span", {}, r.text), h("small", {}, details.filter(Boolean).join(" \u00b7 ")),
        range && h("label", {}, t.slider, " ", range, " ", output),
        button || (member && h("small", { "data-klub-missing": r.missing }, r.missingText)));
    };

    if (root.matches("[data-klub-cart]")) {
      // The cart block: a new discount code goes on the cart.
      const apply = ({ code: c }) => {
        const put = c.kind == "discount_code" && c.code;
        say(put ? t.applying : told(c), "success");
        if (put) location.assign(applyUrl(c.code));
      };
      say(t.loading, "loading");
      load().then((view) => {
        const items = view.member ? view.rewards.filter((r) => r.affordable).map((r) => rewardItem(r, view.member, apply)) : [];
        say(items.length ? "" : t.none);
        body.replaceChildren(...items);
      }, fail);
      continue;
    }

    // The embed: a modal panel, loaded when first opened.
    const launcher = $("[data-klub-launcher]", root);
    const dialog = $("[data-klub-dialog]", root);
    let shown, opened;

    const codeItem = (c) => {
      const issued = c.status == "issued" && c.code;
      const cancel = c.cancellable && h("button", { "data-klub-cancel": c.id }, t.cancel);
      if (cancel) cancel.onclick = () => spend(cancel, `/codes/${encodeURIComponent(c.id)}/cancel`, {}, (data) => changed(data, t.cancelled));
      return h("li", { "data-klub-code": c.code, "data-klub-code-status": c.status },
        h("code", {}, c.code || c.amountText), h("span", {}, c.rewardName), h("small", {}, [c.statusText, c.expiresText].filter(Boolean).join(" \u00b7 ")),
        issued && h("button", { "data-klub-copy": c.code }, t.copy),
        issued && c.kind != "partner_code" && h("a", { href: applyUrl(c.code), "data-klub-apply": c.code }, t.apply),
        cancel);
    };
    const section = (name, items) => items.length > 0 && h("section", { "data-klub-section": name }, h("h3", {}, t[name]), h("ul", { class: "klub-list" }, items));
    const redeemed = (data, c = data.code) => changed(data, told(c), c.code);

    const render = (view) => {
      shown = view;
      const m = view.member;
      const next = m?.nextTier;
      body.replaceChildren(h("div", {},
        m && h("div", {},
          h("p", { "data-klub-balance": m.points }, fill(t.points, { points: m.pointsText })),
          m.pendingPoints > 0 && h("p", { "data-klub-pending": m.pendingPoints }, fill(t.pending, { points: m.pendingText })),
          m.tier && h("p", {}, fill(t.tier, { tier: m.tier.name })),
          next && h("p", { id: "klub-next-tier" }, fill(t.next_tier, { points: next.remainingText, tier: next.name })),
          next && h("progress", { max: 1, value: next.progress, "aria-labelledby": "klub-next-tier" }),
          view.recommended && h("p", { "data-klub-recommended": view.recommended.id }, view.recommended.text)),
        section("earn", view.waysToEarn.map((w) => h("li", { "data-klub-earn": w.kind },
          w.url ? h("a", { href: w.url, target: "_blank", rel: "noopener", "data-klub-follow": !w.claimed && w.network }, w.text) : w.text))),
        section("rewards", view.rewards.map((r) => rewardItem(r, m, redeemed))),
        section("codes", view.codes.map(codeItem))));
      const guest = $("[data-klub-guest-text]", root);
      if (view.guest && guest) guest.textContent = (view.invite || view.guest).text;
      const points = $("[data-klub-points]", root);
      if (m && points) points.textContent = fill(t.points, { points: m.pointsText });
      if (dialog.open && !dialog.contains(document.activeElement)) $("[data-klub-title]", root).focus(); // replaced
      root.dispatchEvent(new CustomEvent("klub:view", { detail: view })); // klub-feedback.js
    };

    // The server says what the new balance reaches.
    const changed = async (data, message, code) => {
      const view = await load(true).catch(() => shown);
      render({ ...view, member: data.member, codes: [data.code, ...view.codes.filter((c) => c.id != data.code.id)] });
      say(message, "success");
      if (code) $(`[data-klub-code="${CSS.escape(code)}"] [data-klub-copy]`, body)?.focus();
    };

    root.addEventListener("klub:changed", () => load(true).then(render, fail)); // klub-social.js

    const open = () => {
      opened = true;
      say(t.loading, "loading");
      load().then((view) => {
        say("");
        render(view);
      }, (e) => {
        opened = false;
        fail(e);
        const retry = h("button", { "data-klub-retry": "" }, t.retry);
        retry.onclick = open;
        body.replaceChildren(retry);
      });
    };

    launcher.onclick = () => {
      dialog.showModal();
      launcher.setAttribute("aria-expanded", "true");
      $("[data-klub-close]", dialog).focus();
      if (!opened) open();
    };
    $("[data-klub-close]", dialog).onclick = () => dialog.close();
    dialog.onclick = (e) => void (e.target == dialog && dialog.close()); // backdrop; false would cancel links
    dialog.onclose = () => {
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    };
    dialog.onkeydown = (e) => {
      if (e.key != "Tab") return;
      const stops = [...dialog.querySelectorAll("a[href],button,input")].filter((n) => !n.disabled && n.getClientRects().length);
      const [edge, next] = e.shiftKey ? [stops[0], stops.at(-1)] : [stops.at(-1), stops[0]];
      if (document.activeElement == edge || !stops.includes(document.activeElement)) {
        e.preventDefault();
        next.focus();
      }
    };
  }
})();
