// The <s-*> elements UI extensions render with (Shopify's Polaris web components), as far as Klub's
// extensions use them, with the host semantics they rely on: a button's click (none while disabled
// or loading), `href` on links and buttons, `commandFor` a clipboard item, a field's `label`,
// `value` and its change and input events, a section's and a page's heading. Plain HTML underneath
// (real buttons, links, inputs, headings), so a person and a browser test can read and use them.
(() => {
  const GAPS = { none: "0", "small-500": "2px", "small-400": "2px", "small-300": "4px", "small-200": "8px", "small-100": "10px", small: "12px", base: "16px", large: "20px", "large-100": "24px", "large-200": "32px" };
  const style = document.createElement("style");
  style.textContent = `
    html { font: 14px/1.45 system-ui, sans-serif; color: #1a1a1a; }
    body { margin: 0; padding: 2px; }
    s-stack { display: flex; flex-direction: column; gap: 8px; }
    s-stack[direction=inline] { flex-direction: row; flex-wrap: wrap; }
    ${Object.entries(GAPS).map(([name, size]) => `s-stack[gap=${name}] { gap: ${size}; }`).join("\n    ")}
    s-stack[alignitems=center] { align-items: center; } s-stack[alignitems=start] { align-items: flex-start; } s-stack[alignitems=end] { align-items: flex-end; }
    s-stack[justifycontent=space-between] { justify-content: space-between; } s-stack[justifycontent=center] { justify-content: center; } s-stack[justifycontent=end] { justify-content: flex-end; }
    s-text { display: block; } s-stack[direction=inline] > s-text { display: inline; }
    s-text[type=strong] { font-weight: 600; } s-text[color=subdued] { color: #616161; }
    s-heading { display: block; font-size: 1.15em; font-weight: 650; }
    s-banner { display: block; padding: 10px 12px; border-radius: 8px; background: #f1f1f1; border: 1px solid #d4d4d4; }
    s-banner[tone=success] { background: #e3f4e7; border-color: #8dc99b; } s-banner[tone=warning] { background: #fff4d6; border-color: #e8c35a; }
    s-banner[tone=critical] { background: #fee9e8; border-color: #e4a4a0; } s-banner[tone=info] { background: #eaf4ff; border-color: #9fc5ec; }
    s-unordered-list { display: block; padding-left: 20px; } s-list-item { display: list-item; list-style: disc; }
    s-clipboard-item { display: none; }
    s-skeleton-paragraph { display: block; height: 3.6em; border-radius: 6px; background: repeating-linear-gradient(#e3e3e3 0 0.9em, transparent 0.9em 1.2em); }
    :not(:defined) { display: block; outline: 1px dashed #c00; }
  `;
  document.head.append(style);

  /** An element whose shadow DOM is `html`, with the document's look for its parts. */
  function shadowed(element, html, display = "block") {
    const root = element.attachShadow({ mode: "open" });
    root.innerHTML = `<style>
      :host { display: ${display}; }
      button { font: inherit; padding: 7px 14px; border-radius: 8px; border: 1px solid #303030; background: #303030; color: #fff; cursor: pointer; }
      :host([variant=secondary]) button, :host([variant=tertiary]) button { background: #fff; color: #303030; }
      :host([tone=critical]) button { border-color: #8e1f0b; color: #8e1f0b; } :host([tone=critical]:not([variant=secondary])) button { background: #8e1f0b; color: #fff; }
      button:disabled { opacity: 0.55; cursor: default; }
      button[aria-busy=true]::before { content: ""; display: inline-block; width: 0.8em; height: 0.8em; margin-right: 6px; border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%; animation: spin 0.8s linear infinite; vertical-align: -0.1em; }
      @keyframes spin { to { transform: rotate(360deg); } }
      a { color: #005bd3; cursor: pointer; }
      label { display: grid; gap: 4px; } input { font: inherit; padding: 7px 10px; border: 1px solid #8a8a8a; border-radius: 8px; max-width: 16em; }
      h1 { font-size: 1.6em; margin: 0 0 12px; } h2 { font-size: 1.1em; margin: 0 0 8px; }
      section { padding: 14px 16px; border: 1px solid #e3e3e3; border-radius: 12px; background: #fff; }
      progress { width: 100%; }
    </style>${html}`;
    return root;
  }

  /** Navigations leave the frame: the page around it follows (an app page, or another shop page). */
  const navigate = (href) => window.parent.postMessage({ source: "sandbox-ui-extension", type: "navigate", url: href }, location.origin);

  // Internal parts are private fields: Preact sets a prop as a property when the element has one
  // of that name (a `heading` field would take the heading's text instead of the attribute).
  class Button extends HTMLElement {
    static observedAttributes = ["disabled", "loading", "href", "accessibilitylabel"];
    #button;
    constructor() {
      super();
      this.#button = shadowed(this, `<button part="button" type="button"><slot></slot></button>`, "inline-block").querySelector("button");
      // Clicks of the host itself (not its button) count only when it can be clicked.
      this.addEventListener("click", (event) => {
        if (this.#button.disabled) return event.stopImmediatePropagation();
        const href = this.getAttribute("href");
        if (href) navigate(href);
        const command = this.getAttribute("commandfor");
        if (command) document.getElementById(command)?.copy?.();
      });
    }
    attributeChangedCallback() {
      const loading = this.hasAttribute("loading") && this.getAttribute("loading") !== "false";
      this.#button.disabled = loading || (this.hasAttribute("disabled") && this.getAttribute("disabled") !== "false");
      this.#button.setAttribute("aria-busy", String(loading));
      const label = this.getAttribute("accessibilitylabel");
      if (label) this.#button.setAttribute("aria-label", label);
      else this.#button.removeAttribute("aria-label");
    }
  }

  class Link extends HTMLElement {
    static observedAttributes = ["href"];
    #link;
    constructor() {
      super();
      this.#link = shadowed(this, `<a part="link"><slot></slot></a>`, "inline").querySelector("a");
      this.#link.addEventListener("click", (event) => {
        event.preventDefault();
        const href = this.getAttribute("href");
        if (href) navigate(href);
      });
    }
    attributeChangedCallback() {
      const href = this.getAttribute("href");
      if (href) this.#link.setAttribute("href", href);
      else this.#link.removeAttribute("href");
    }
  }

  /** s-text-field, s-number-field: a labelled input; `value` is the input's; change and input reach listeners on the element. */
  class Field extends HTMLElement {
    static observedAttributes = ["label", "min", "max", "step", "disabled", "placeholder", "name", "required"];
    #caption;
    #input;
    constructor(type) {
      super();
      const root = shadowed(this, `<label><span part="label"></span><input part="input" type="${type}"></label>`);
      this.#caption = root.querySelector("span");
      this.#input = root.querySelector("input");
      // Native change and input events stop at the shadow root: the element sends its own.
      for (const type of ["change", "input"]) this.#input.addEventListener(type, () => this.dispatchEvent(new Event(type, { bubbles: true })));
    }
    get value() {
      return this.#input.value;
    }
    set value(value) {
      this.#input.value = value ?? "";
    }
    attributeChangedCallback(name, _, value) {
      if (name === "label") this.#caption.textContent = value ?? "";
      else if (value === null || value === "false") this.#input.removeAttribute(name);
      else this.#input.setAttribute(name, value);
    }
  }

  /** s-section, s-page: their content under a heading. */
  const headed = (level, wrapper) =>
    class extends HTMLElement {
      static observedAttributes = ["heading"];
      #heading;
      constructor() {
        super();
        this.#heading = shadowed(this, `<${wrapper} part="container"><h${level} part="heading"></h${level}><slot></slot></${wrapper}>`).querySelector(`h${level}`);
      }
      attributeChangedCallback() {
        this.#heading.textContent = this.getAttribute("heading") ?? "";
        this.#heading.hidden = !this.#heading.textContent;
      }
    };

  class Progress extends HTMLElement {
    static observedAttributes = ["value", "max", "accessibilitylabel"];
    #bar;
    constructor() {
      super();
      this.#bar = shadowed(this, `<progress part="progress"></progress>`).querySelector("progress");
    }
    attributeChangedCallback() {
      this.#bar.max = Number(this.getAttribute("max") ?? 1);
      if (this.hasAttribute("value")) this.#bar.value = Number(this.getAttribute("value"));
      this.#bar.setAttribute("aria-label", this.getAttribute("accessibilitylabel") ?? "");
    }
  }

  /** A text to copy, named by a button's commandFor: copying tells the extension (its onCopy). */
  class ClipboardItem extends HTMLElement {
    async copy() {
      try {
        await navigator.clipboard.writeText(this.getAttribute("text") ?? "");
      } catch (error) {
        console.warn(`[s-clipboard-item] the browser refused to copy: ${error}`);
      }
      this.dispatchEvent(new Event("copy", { bubbles: true }));
    }
  }

  /** Elements with a role and no behaviour. */
  const withRole = (role, extra = {}) =>
    class extends HTMLElement {
      connectedCallback() {
        if (!this.hasAttribute("role")) this.setAttribute("role", role);
        for (const [name, value] of Object.entries(extra)) if (!this.hasAttribute(name)) this.setAttribute(name, value);
      }
    };

  const elements = {
    "s-button": Button,
    "s-link": Link,
    "s-text-field": class extends Field {
      constructor() {
        super("text");
      }
    },
    "s-number-field": class extends Field {
      constructor() {
        super("number");
      }
    },
    "s-section": headed(2, "section"),
    "s-page": headed(1, "div"),
    "s-progress": Progress,
    "s-clipboard-item": ClipboardItem,
    "s-heading": withRole("heading", { "aria-level": "2" }),
    "s-banner": withRole("status"),
    "s-unordered-list": withRole("list"),
    "s-list-item": withRole("listitem"),
    "s-skeleton-paragraph": withRole("progressbar", { "aria-label": "Loading" }),
    "s-stack": class extends HTMLElement {},
    "s-text": class extends HTMLElement {},
  };
  for (const [name, element] of Object.entries(elements)) customElements.define(name, element);
})();
