// Sharing and following (see blocks/points-launcher.liquid), in the panel and on the loyalty page:
// a copy button copies its text; a follow link opens the shop's profile in a new tab (the browser
// does that) while this asks the app to credit the points, once per member and network.
(() => {
  const root = document.querySelector("[data-klub-embed]");
  const strings = root?.querySelector("[data-klub-strings]");
  if (!strings || window.klubSocial) return;
  window.klubSocial = true;
  const t = JSON.parse(strings.textContent);
  const { klubApi, klubLocale } = root.dataset;

  addEventListener("click", async (e) => {
    const link = e.target.closest?.("[data-klub-copy],[data-klub-follow]");
    if (!link) return;
    // In the panel the answer goes in its status line; on the page, beside what was clicked.
    const note = (text, kind = "success") => {
      const status = root.contains(link) && root.querySelector("[data-klub-status]");
      if (status) Object.assign(status, { textContent: text }).setAttribute("data-klub-status", kind);
      else link.after(" ", text);
    };
    if (link.dataset.klubCopy) return navigator.clipboard?.writeText(link.dataset.klubCopy).then(() => note(t.copied));
    // The app answers a proxy signature once: a nonce tells same-second calls apart.
    const query = new URLSearchParams({ locale: klubLocale, nonce: Math.random().toString(36).slice(2) });
    const response = await fetch(`${klubApi}/social/${encodeURIComponent(link.dataset.klubFollow)}?${query}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).catch(() => null);
    const answer = await response?.json().catch(() => null);
    note(answer?.data?.message || answer?.errors?.form || t.error, response?.ok ? "success" : "error");
    if (response?.ok) root.dispatchEvent(new Event("klub:changed")); // klub.js shows the new balance
  });
})();
