// Just enough of a DOM for Preact to render an extension into, as Shopify's host does: elements
// (the <s-*> components stay plain elements), text, attributes and event listeners. Tests read
// it back as text and click it like a shopper.

type Listener = (this: FakeElement, event: object) => unknown;

class FakeNode {
  parentNode: FakeElement | null = null;
  childNodes: FakeNode[] = [];
  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  get nextSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  insertBefore(node: FakeNode, before: FakeNode | null) {
    node.parentNode?.removeChild(node);
    const at = before ? this.childNodes.indexOf(before) : -1;
    if (at < 0) this.childNodes.push(node);
    else this.childNodes.splice(at, 0, node);
    node.parentNode = this as unknown as FakeElement;
    return node;
  }
  appendChild(node: FakeNode) {
    return this.insertBefore(node, null);
  }
  removeChild(node: FakeNode) {
    this.childNodes = this.childNodes.filter((n) => n !== node);
    node.parentNode = null;
    return node;
  }
  remove() {
    this.parentNode?.removeChild(this);
  }
  get textContent(): string {
    return this.childNodes.map((n) => n.textContent).join("");
  }
}

export class FakeText extends FakeNode {
  readonly nodeType = 3;
  constructor(public data: string) {
    super();
  }
  override get textContent() {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  readonly nodeType = 1;
  readonly namespaceURI = "http://www.w3.org/1999/xhtml";
  attributes: Record<string, string> = {};
  listeners: Record<string, Set<Listener>> = {};
  style = { setProperty() {}, cssText: "" };
  // Present so that Preact listens to "click", "change", "copy" (as on real elements), not "Click".
  onclick = null;
  onchange = null;
  oninput = null;
  oncopy = null;
  value?: unknown;
  constructor(public localName: string) {
    super();
  }
  setAttribute(name: string, value: unknown) {
    this.attributes[name] = String(value);
  }
  removeAttribute(name: string) {
    delete this.attributes[name];
  }
  getAttribute(name: string) {
    return this.attributes[name] ?? null;
  }
  addEventListener(type: string, listener: Listener) {
    (this.listeners[type] ??= new Set()).add(listener);
  }
  removeEventListener(type: string, listener: Listener) {
    this.listeners[type]?.delete(listener);
  }
  dispatch(type: string) {
    const event = { type, target: this, currentTarget: this };
    for (const listener of this.listeners[type] ?? []) listener.call(this, event);
  }
  /** Every element below this one, depth first. */
  *elements(): Generator<FakeElement> {
    for (const n of this.childNodes) {
      if (n instanceof FakeElement) {
        yield n;
        yield* n.elements();
      }
    }
  }
}

export function fakeDocument() {
  const body = new FakeElement("body");
  return {
    body,
    createElementNS: (_ns: string, name: string) => new FakeElement(name),
    createElement: (name: string) => new FakeElement(name),
    createTextNode: (data: string) => new FakeText(String(data)),
  };
}

/** The texts a shopper reads, in order: each text node, and the headings and labels of elements. */
export function lines(root: FakeElement): string[] {
  const out: string[] = [];
  const walk = (node: FakeNode) => {
    if (node instanceof FakeText) {
      if (node.data.trim()) out.push(node.data.trim());
      return;
    }
    const el = node as FakeElement;
    for (const name of ["heading", "label"]) if (el.attributes[name]) out.push(`[${el.attributes[name]}]`);
    el.childNodes.forEach(walk);
  };
  root.childNodes.forEach(walk);
  return out;
}
