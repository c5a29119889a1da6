// A stand-in for the `shopify` global a target gets, built from what a test says about the buyer
// and their checkout; translations come from the extension's real locale files. Signals are
// Preact's, as the host's are once @shopify/ui-extensions/preact registers them.
import { signal } from "@preact/signals";
import { existsSync, readFileSync } from "node:fs";

export type Extension = "klub-checkout" | "klub-account" | "klub-account-page";
type Tree = { [key: string]: Tree | string };

const localeFile = (extension: Extension, file: string) => new URL(`../../../extensions/${extension}/locales/${file}`, import.meta.url);

/** The extension's translations in a language, or its default ones when it has none in that language (as Shopify picks). */
export function locale(extension: Extension, language: string): Tree {
  const own = localeFile(extension, `${language}.json`);
  return JSON.parse(readFileSync(existsSync(own) ? own : localeFile(extension, "en.default.json"), "utf8"));
}

/** shopify.i18n.translate as Shopify documents it: plural forms chosen by `count`, {{name}} replaced. A missing key or value throws. */
export function translator(extension: Extension, language: string) {
  const tree = locale(extension, language);
  return (key: string, options: Record<string, string | number> = {}) => {
    let entry: Tree | string | undefined = key.split(".").reduce<Tree | string | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), tree);
    if (typeof entry === "object" && "count" in options) entry = entry[new Intl.PluralRules(language).select(Number(options.count))];
    if (typeof entry !== "string") throw new Error(`${extension} ${language}: no translation for ${key}`);
    return entry.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in options)) throw new Error(`${extension} ${language}: ${key} needs {{${name}}}`);
      return String(options[name]);
    });
  };
}

/** A session token as Shopify signs it (the signature is not checked here). */
export const TOKEN = ["e30", Buffer.from(JSON.stringify({ dest: "klub-demo.myshopify.com", sub: "gid://shopify/Customer/7" })).toString("base64url"), "c2ln"].join(".");

export interface Buyer {
  extension: Extension;
  /** The buyer's language as Shopify gives it ("pl-PL"). */
  language?: string;
  subtotal?: number;
  /** Cart lines: product id, line total after the line's own (product) discounts, and those discounts. */
  lines?: [productId: string, amount: number, lineDiscount?: number][];
  /** Discounts on the whole order (an amount off the order), as Shopify allocates them to the cart. */
  orderDiscounts?: number[];
  canUpdateDiscountCodes?: boolean;
  /** Apple Pay, Google Pay: the address cannot be chosen. */
  accelerated?: boolean;
  discountCodes?: string[];
  /** What applyDiscountCodeChange answers (success by default). */
  discountAnswer?: (change: DiscountChange) => { type: "success" } | { type: "error"; message: string };
  storefrontUrl?: string;
}

export interface DiscountChange {
  type: "addDiscountCode" | "removeDiscountCode";
  code: string;
}

export function fakeShopify(buyer: Buyer) {
  const language = (buyer.language ?? "en").slice(0, 2);
  const currencyCode = "USD";
  const discountCodes = signal((buyer.discountCodes ?? []).map((code) => ({ code })));
  const discountChanges: DiscountChange[] = [];
  const toasts: string[] = [];
  const shopify = {
    sessionToken: { get: async () => TOKEN },
    localization: { language: signal({ isoCode: buyer.language ?? "en" }) },
    i18n: {
      translate: translator(buyer.extension, language),
      formatNumber: (n: number) => new Intl.NumberFormat(language).format(n),
    },
    cost: { subtotalAmount: signal({ amount: buyer.subtotal ?? 0, currencyCode }) },
    lines: signal(
      (buyer.lines ?? []).map(([productId, amount, lineDiscount], i) => ({
        id: `gid://shopify/CartLine/${i}`,
        merchandise: { product: { id: `gid://shopify/Product/${productId}` } },
        cost: { totalAmount: { amount, currencyCode } },
        discountAllocations: lineDiscount ? [{ type: "automatic", title: "Sale", discountedAmount: { amount: lineDiscount, currencyCode } }] : [],
      })),
    ),
    discountAllocations: signal((buyer.orderDiscounts ?? []).map((amount, i) => ({ type: "code", code: `ORDER-${i + 1}`, discountedAmount: { amount, currencyCode } }))),
    instructions: signal({
      discounts: { canUpdateDiscountCodes: buyer.canUpdateDiscountCodes ?? true },
      delivery: { canSelectCustomAddress: !buyer.accelerated },
    }),
    discountCodes,
    async applyDiscountCodeChange(change: DiscountChange) {
      discountChanges.push(change);
      const answer = buyer.discountAnswer?.(change) ?? { type: "success" };
      if (answer.type === "success") {
        const others = discountCodes.value.filter((d) => d.code !== change.code);
        discountCodes.value = change.type === "addDiscountCode" ? [...others, { code: change.code }] : others;
      }
      return answer;
    },
    orderConfirmation: signal({ order: { id: "gid://shopify/Order/1234" }, isFirstOrder: false }),
    order: signal({ id: "gid://shopify/Order/1234", name: "#1001" }),
    shop: { storefrontUrl: buyer.storefrontUrl },
    toast: {
      show: async (text: string) => {
        toasts.push(text);
        return { hide() {} };
      },
    },
  };
  return { shopify, discountChanges, toasts };
}
