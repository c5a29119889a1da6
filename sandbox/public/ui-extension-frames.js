// The page side of the UI extension frames (checkout, thank-you, account pages): what Shopify's
// page does for an extension it hosts. Sizes each frame to its content, shows its toasts, follows
// its navigations (extension://<handle> is that extension's full page), and changes the checkout's
// discount codes for it (public/checkout.js), telling every frame of the page the new codes,
// discounts, lines and cost.
(() => {
  const frames = () => [...document.querySelectorAll("iframe[data-ui-extension]")];
  const tell = (frame, data) => frame.contentWindow?.postMessage({ source: "sandbox-ui-extension-page", ...data }, location.origin);

  let toasts = document.getElementById("ui-extension-toasts");
  function toast(text) {
    if (!toasts) {
      toasts = Object.assign(document.createElement("div"), { id: "ui-extension-toasts", className: "toasts" });
      toasts.setAttribute("role", "status");
      document.body.append(toasts);
    }
    const item = Object.assign(document.createElement("div"), { className: "toast", textContent: text });
    toasts.append(item);
    setTimeout(() => item.remove(), 5000);
  }

  function follow(url) {
    const page = /^extension:\/\/([\w-]+)(\/.*)?$/.exec(url);
    if (page) return location.assign(`/account/pages/${page[1]}`);
    const target = new URL(url, location.href);
    if (target.protocol === "http:" || target.protocol === "https:") location.assign(target.href);
  }

  async function changeDiscountCodes(change) {
    if (!window.sandboxCheckout) return { result: { type: "error", message: "There is no checkout on this page" } };
    const answer = await window.sandboxCheckout.applyDiscountCodeChange(change);
    const { discountCodes, discountAllocations, lines, cost } = answer;
    for (const frame of frames()) tell(frame, { type: "checkout", discountCodes, discountAllocations, lines, cost });
    return answer;
  }

  window.addEventListener("message", async (event) => {
    const frame = frames().find((f) => f.contentWindow === event.source);
    if (!frame || event.origin !== location.origin || event.data?.source !== "sandbox-ui-extension") return;
    const { type, id } = event.data;
    if (type === "height") frame.style.height = `${event.data.height}px`;
    if (type === "toast") toast(event.data.text);
    if (type === "navigate") follow(event.data.url);
    if (type === "error") console.error(`${frame.title} (${frame.dataset.target}): ${event.data.message}`);
    if (type === "applyDiscountCodeChange") {
      let answer;
      try {
        answer = await changeDiscountCodes(event.data.change);
      } catch (error) {
        answer = { result: { type: "error", message: String(error) } };
      }
      tell(frame, { type: "reply", id, answer });
    }
  });
})();
