// Klub: a visitor who came through a member's invite link (?ref=CODE) keeps the code in the cart
// (attribute _klub_ref), so their order carries it to Klub. A member's own invite link is copied
// on click.
(() => {
  const ref = new URLSearchParams(location.search).get("ref");
  if (ref && /^[A-Za-z0-9]{4,64}$/.test(ref)) {
    fetch("/cart/update.js", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ attributes: { _klub_ref: ref } }),
    });
  }
  for (const link of document.querySelectorAll("[data-klub-invite]")) {
    link.addEventListener("click", (event) => {
      if (!navigator.clipboard) return; // no clipboard: the link itself is the fallback
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(() => (link.textContent = link.dataset.copied));
    });
  }
})();
