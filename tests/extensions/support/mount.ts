// Runs an extension target as Shopify does (its module's default export renders into
// document.body), against a stand-in `shopify` global and the stubbed app; then reads and clicks
// what it rendered.
import { render } from "preact";
import { afterEach, expect, vi } from "vitest";
import { fakeApp, type Routes } from "./app";
import { fakeDocument, lines, type FakeElement } from "./dom";
import { fakeShopify, type Buyer } from "./shopify";

const mounted: FakeElement[] = [];
afterEach(() => {
  for (const body of mounted.splice(0)) render(null, body as unknown as Element);
  vi.unstubAllGlobals();
});

export async function mount(entry: () => Promise<{ default: () => Promise<void> }>, buyer: Buyer, routes: Routes) {
  const fake = fakeShopify(buyer);
  const app = fakeApp(routes);
  const document = fakeDocument();
  vi.stubGlobal("shopify", fake.shopify);
  vi.stubGlobal("document", document);
  vi.stubGlobal("fetch", app.fetch);
  await (await entry()).default();
  mounted.push(document.body);

  const find = (what: (el: FakeElement) => boolean, description: string, root = document.body) => {
    const found = [...root.elements()].filter(what);
    if (found.length !== 1) throw new Error(`${found.length} elements for ${description}: ${lines(document.body).join(" | ")}`);
    return found[0];
  };
  const view = {
    ...fake,
    app,
    body: document.body,
    lines: () => lines(document.body),
    /** Waits (effects and answers are asynchronous) until the shopper reads exactly these lines. */
    shows: (expected: string[]) => vi.waitFor(() => expect(view.lines()).toEqual(expected), { timeout: 5000 }),
    element: (tag: string) => find((el) => el.localName === tag, tag),
    /** The button or link with this text; `within` names the item it is in (its first line), when there are several. */
    button: (text: string, within?: string) => {
      const root = within ? find((el) => el.childNodes[0]?.textContent === within && el.localName === "s-stack", `"${within}"`) : document.body;
      return find((el) => (el.localName === "s-button" || el.localName === "s-link") && el.textContent === text, `"${text}"`, root);
    },
    click: (text: string, within?: string) => view.button(text, within).dispatch("click"),
    /** Types a value into the field with this label, as the shopper leaves it (change). */
    fill: (label: string, value: string) => {
      const field = find((el) => el.attributes.label === label, `[${label}]`);
      field.value = value;
      field.dispatch("change");
    },
  };
  return view;
}
