// The feedback question in the panel (see blocks/points-launcher.liquid): when the app asks a member
// (after a redemption, at most once a quarter), klub.js's view carries the question in the
// shopper's language; this shows it under the panel's lists and sends the answer.
(() => {
  const root = document.querySelector("[data-klub-embed]");
  const strings = root?.querySelector("[data-klub-strings]");
  if (!strings || window.klubFeedback) return;
  window.klubFeedback = true;
  const t = JSON.parse(strings.textContent);
  const { klubApi, klubLocale } = root.dataset;
  const LATER_DAYS = 30; // "Not now" keeps the question away this long on this browser
  const el = (tag, attributes = {}, ...children) => {
    const n = Object.assign(document.createElement(tag), attributes);
    n.append(...children.filter(Boolean));
    return n;
  };
  const say = (text, kind) => {
    const status = root.querySelector("[data-klub-status]");
    Object.assign(status, { textContent: text }).setAttribute("data-klub-status", kind);
  };

  root.addEventListener("klub:view", ({ detail: view }) => {
    root.querySelector("[data-klub-feedback]")?.remove();
    const q = view.feedback;
    if (!q || Date.now() < Number(localStorage.klubFeedbackLater || 0)) return;
    const scores = el("fieldset", { className: "klub-feedback__scores" },
      el("legend", {}, q.question),
      el("span", { className: "klub-feedback__end" }, q.low),
      ...q.scores.map(({ score, label }) => el("label", {}, el("input", { type: "radio", name: "score", value: score, required: true }), el("span", { title: label, ariaLabel: label }, String(score)))),
      el("span", { className: "klub-feedback__end" }, q.high));
    const comment = el("textarea", { name: "comment", maxLength: 1000, rows: 2 });
    const send = el("button", { type: "submit" }, q.send);
    const later = el("button", { type: "button", className: "klub-feedback__later" }, q.later);
    const form = el("form", { className: "klub-feedback" }, scores, q.bonusText && el("p", {}, q.bonusText), el("label", {}, q.comment, comment), el("p", {}, send, " ", later));
    const section = el("section", {}, form);
    section.dataset.klubFeedback = "";
    root.querySelector("[data-klub-body]").append(section);

    later.onclick = () => {
      localStorage.klubFeedbackLater = Date.now() + LATER_DAYS * 86_400_000;
      section.remove();
    };
    form.onsubmit = async (e) => {
      e.preventDefault();
      send.disabled = true;
      say(t.working, "loading");
      // A nonce: the app answers a proxy signature once.
      const query = new URLSearchParams({ locale: klubLocale, nonce: Math.random().toString(36).slice(2) });
      const body = JSON.stringify({ score: Number(form.elements.score.value), comment: comment.value });
      const response = await fetch(`${klubApi}/feedback?${query}`, { method: "POST", headers: { "Content-Type": "application/json" }, body }).catch(() => null);
      const answer = await response?.json().catch(() => null);
      say(answer?.data?.message || answer?.errors?.form || t.error, response?.ok ? "success" : "error");
      send.disabled = false;
      if (!response?.ok) return;
      section.remove();
      if (answer.data.credited > 0) root.dispatchEvent(new Event("klub:changed")); // klub.js shows the new balance
    };
  });
})();
