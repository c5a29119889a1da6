// The sandbox checkout page: its order summary follows the discount codes and the store credit
// choice without a reload (the extension frames stay as they are), and it changes its discount
// codes for the checkout's UI extensions (applyDiscountCodeChange, through ui-extension-frames.js).
(() => {
  const form = document.getElementById("checkout-form");
  const summary = document.getElementById("checkout-summary");
  const codesInput = form.elements.namedItem("discount_codes");
  const storeCredit = form.elements.namedItem("use_store_credit");

  async function refresh() {
    const query = storeCredit?.checked ? "?use_store_credit=1" : "";
    const response = await fetch(`/checkout/summary${query}`, { credentials: "same-origin" });
    if (response.ok) summary.innerHTML = await response.text();
  }

  storeCredit?.addEventListener("change", refresh);

  window.sandboxCheckout = {
    /** { type, code } -> { result, discountCodes, discountAllocations, lines, cost }: the checkout's codes changed (or why not), its summary shown anew. */
    async applyDiscountCodeChange(change) {
      const response = await fetch("/checkout/discount-codes", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(change) });
      const answer = await response.json();
      if (!response.ok) return { result: { type: "error", message: answer.message ?? `The checkout answered ${response.status}` } };
      codesInput.value = answer.discountCodes.map((d) => d.code).join(", ");
      await refresh();
      return answer;
    },
  };
})();
