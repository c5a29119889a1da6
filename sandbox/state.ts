// The sandbox's Shopify: one shop with its products, customers, orders, discount codes, customer
// metafields, store credit and theme, and the app's installation on it (the access tokens it was issued,
// the metafield definitions it declared). Kept in a JSON file so it survives restarts.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { currencyDigits } from "./money";
import { defaultTheme } from "./themes";

export interface Product {
  id: number;
  variantId: number;
  title: string;
  handle: string;
  price: string; // decimal, shop currency
}

export interface Collection {
  id: number;
  title: string;
  handle: string;
  productIds: number[];
}

export interface Customer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: string;
  metafields: Record<string, { type: string; value: string }>; // "<namespace>.<key>"
  storeCreditMinor: number;
  /** Email marketing consent, as the customer gave it (absent: not subscribed). */
  emailMarketing?: "subscribed" | "not_subscribed" | "unsubscribed" | "pending";
  /** Where their orders go (absent: a customer who never gave one; their orders name no place). */
  address?: Address;
  /** The customer's tags (tagsAdd / tagsRemove); absent in states from before tags. */
  tags?: string[];
}

/** A postal address as Shopify's REST resources name its parts (ISO country and region codes). */
export interface Address {
  address1: string;
  city: string;
  zip: string;
  province: string | null;
  province_code: string | null;
  country: string;
  country_code: string;
}

/** A credit (positive amount) or a debit (negative: paid towards an order) of a store credit account. */
export interface StoreCreditTransaction {
  id: number;
  customerId: number;
  amount: string;
  currencyCode: string;
  expiresAt: string | null;
  createdAt: string;
  /** The order a debit paid for. */
  orderId?: number;
}

export interface Discount {
  id: number;
  code: string;
  title: string;
  kind: "basic" | "free_shipping";
  amount: string | null; // fixed amount off the order
  percentage: number | null; // 0..1
  customerIds: number[] | null; // null: everyone
  minimumSubtotal: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  usedBy: number[]; // customer ids, one per use
  startsAt: string;
  endsAt: string | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  active: boolean;
}

/** A customer segment: its customers are those its ShopifyQL query holds for, at each moment (sandbox/segments.ts). */
export interface Segment {
  id: number;
  name: string;
  query: string;
  createdAt: string;
}

/** An automatic discount (discountAutomaticBasicCreate / discountAutomaticFreeShippingCreate): applied in checkout with no code. */
export interface AutomaticDiscount {
  id: number;
  title: string;
  kind: "basic" | "free_shipping";
  amount: string | null; // fixed amount off the order
  percentage: number | null; // 0..1
  /** context.customerSegments: only their customers (never a guest); null: everyone (context.all). */
  segmentIds: number[] | null;
  minimumSubtotal: string | null;
  startsAt: string;
  endsAt: string | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  active: boolean;
}

export interface OrderLine {
  id: number;
  productId: number;
  variantId: number;
  title: string;
  price: string;
  quantity: number;
  discount: string; // allocated share of the order's discount
}

/**
 * A refund as Shopify records it. Money back = the lines' subtotals - discrepancy + shipping; a
 * refund with no money back (a restock) has no transaction.
 */
export interface Refund {
  id: number;
  createdAt: string;
  /** Units given back (restocked), each line with the merchandise money it stands for, after discounts. */
  lines: { lineItemId: number; quantity: number; subtotal: string }[];
  /**
   * Shopify's `refund_discrepancy` order adjustment, signed, in the shop's currency: negative when
   * more merchandise money went back than the lines add up to (an amount-only refund), positive
   * when less (a restock with no money back, or lines worth more than the order still holds).
   */
  discrepancy?: string;
  /** Shipping given back (`refund_shipping_lines`). */
  shipping?: string;
}

export interface Order {
  id: number;
  name: string;
  customerId: number | null;
  lines: OrderLine[];
  discountCode: string | null;
  /** Automatic discounts the order got, each with its amount off (absent: none). */
  automaticDiscounts?: { id: number; title: string; amount: string }[];
  /** Paid with the customer's store credit (part of the total, not a discount). */
  storeCredit?: string;
  /** Cart attributes at checkout (Shopify's note_attributes). */
  attributes?: Record<string, string>;
  shipping: string;
  createdAt: string;
  /** The storefront language the order was placed in (Shopify's customer_locale). */
  locale?: string;
  fulfilledAt: string | null;
  cancelledAt: string | null;
  refunds: Refund[];
}

export interface Delivery {
  id: string;
  topic: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  at: string;
}

/** What Shopify knows of the shop, as its Admin API tells an app. */
export interface ShopDetails {
  id: number;
  domain: string;
  name: string;
  currency: string;
  /** The shop's primary (published) locale. */
  locale: string;
  timezone: string;
  email: string;
  plan: { publicDisplayName: string; shopifyPlus: boolean; partnerDevelopment: boolean };
  customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS" | "CLASSIC";
  /** Where the shop's storefront answers (the sandbox's own origin); absent: its myshopify domain. */
  storefrontUrl?: string;
}

/** An access token the sandbox issued to the app (token exchange or refresh). */
export interface IssuedToken {
  accessToken: string;
  online: boolean;
  scope: string;
  expiresAt: string | null; // null: a non-expiring token
  refreshToken: string | null;
  refreshTokenExpiresAt: string | null;
}

export interface MetafieldDefinition {
  id: number;
  ownerType: string;
  namespace: string;
  key: string;
  name: string;
  type: string;
  access: { admin: string | null; storefront: string; customerAccount: string };
}

/** An online store theme: its files by name (config/settings_data.json holds the app embeds switched on). */
export interface Theme {
  id: number;
  name: string;
  role: "MAIN" | "UNPUBLISHED" | "DEVELOPMENT";
  files: Record<string, string>;
}

/** A trigger the app sent (flowTriggerReceive), as Flow received it. */
export interface FlowTriggerReceived {
  id: number;
  handle: string;
  payload: Record<string, unknown>;
  /** Whether the shop had a workflow on for it then: Flow runs only those. */
  workflowOn: boolean;
  at: string;
}

/** An action run Flow sent the app, and the app's answer. */
export interface FlowActionRunSent {
  id: string;
  handle: string;
  properties: Record<string, unknown>;
  status: number;
  answer: string;
  at: string;
}

/** Shopify Flow on this shop: its workflows per trigger of the app (switched on or off), what the app sent and was sent. */
export interface FlowState {
  workflows: Record<string, { enabled: boolean; at: string; appStatus: number | null }>;
  received: FlowTriggerReceived[];
  runs: FlowActionRunSent[];
}

export interface SandboxState {
  shop: ShopDetails;
  /** The app on this shop: installed when the owner first opens it (Shopify's managed install). */
  app: { installed: boolean; tokens: IssuedToken[] };
  metafieldDefinitions: MetafieldDefinition[];
  products: Product[];
  collections: Collection[];
  customers: Customer[];
  /** Store credit given to customers (storeCreditAccountCredit, as the app asked) and spent at checkout. */
  storeCreditTransactions: StoreCreditTransaction[];
  discounts: Discount[];
  segments: Segment[];
  automaticDiscounts: AutomaticDiscount[];
  orders: Order[];
  deliveries: Delivery[];
  options: { duplicates: boolean; reorder: boolean };
  nextId: number;
  /** App-data metafields (owner: the app's installation), "<namespace>.<key>". */
  appMetafields: Record<string, { type: string; value: string }>;
  /** The shop's themes: the published one (MAIN) is the storefront's. */
  themes: Theme[];
  flow: FlowState;
}

export const DEMO_SHOP = "klub-demo.myshopify.com";

export function emptyState(): SandboxState {
  return {
    shop: {
      id: 954889,
      domain: DEMO_SHOP,
      name: "Klub Demo Store",
      currency: "USD",
      locale: "en",
      timezone: "Europe/Warsaw",
      email: "owner@example.com",
      plan: { publicDisplayName: "Development", shopifyPlus: false, partnerDevelopment: true },
      customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
    },
    app: { installed: false, tokens: [] },
    metafieldDefinitions: [],
    products: [],
    collections: [],
    customers: [],
    storeCreditTransactions: [],
    discounts: [],
    segments: [],
    automaticDiscounts: [],
    orders: [],
    deliveries: [],
    options: { duplicates: false, reorder: false },
    nextId: 1000,
    appMetafields: {},
    themes: [defaultTheme(136_000_001)],
    flow: { workflows: {}, received: [], runs: [] },
  };
}

export class Store {
  state: SandboxState;

  /** The shop's details (its currency, name, locale...) are taken when the state is new. */
  constructor(
    private readonly file: string,
    shop: Partial<Omit<ShopDetails, "id">> = {},
  ) {
    const empty = emptyState();
    if (!existsSync(file)) {
      this.state = { ...empty, shop: { ...empty.shop, ...shop } };
      currencyDigits(this.state.shop.currency); // refuses a currency ISO 4217 does not know
      return;
    }
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<SandboxState>;
    // A state from an older sandbox lacks the newer fields, and had one fixed access token, given
    // to the app without an exchange: it stays valid, as a legacy non-expiring token does.
    const { accessToken: legacy, ...savedShop } = (saved.shop ?? {}) as Partial<ShopDetails> & { accessToken?: string };
    const app = saved.app ?? (legacy ? { installed: true, tokens: [{ accessToken: legacy, online: false, scope: "", expiresAt: null, refreshToken: null, refreshTokenExpiresAt: null }] } : empty.app);
    this.state = { ...empty, ...saved, app, shop: { ...empty.shop, ...savedShop } };
    if (shop.currency && shop.currency !== this.state.shop.currency) {
      throw new Error(`${file} holds a ${this.state.shop.currency} shop, not ${shop.currency}: delete it to start over`);
    }
  }

  nextId(): number {
    return ++this.state.nextId;
  }

  /** Writes the state atomically (a crash never leaves half a file). */
  save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state, null, 1));
    renameSync(`${this.file}.tmp`, this.file);
  }

  customer(id: number | string | null | undefined): Customer | undefined {
    return this.state.customers.find((c) => String(c.id) === String(id));
  }

  order(id: number | string): Order | undefined {
    return this.state.orders.find((o) => String(o.id) === String(id));
  }
}
