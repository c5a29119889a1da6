// What the checkout and customer account extensions ask the app (app/routes/api.*), and the one
// client that asks it. Imported by both extensions (the CLI's esbuild bundles files outside an
// extension's folder); it uses no `shopify` global, as the CLI types that only inside the folder.

export interface Member {
  points: number;
  pointsText: string;
  pendingPoints: number;
  pendingText: string;
  tier: { name: string } | null;
  nextTier: { name: string; remaining: number; remainingText: string; progress: number } | null;
  referralUrl: string;
}

export interface Reward {
  id: string;
  name: string;
  text: string;
  pointsCost: number;
  costText: string;
  affordable: boolean;
  missing: number;
  missingText: string;
  minimumText: string | null;
  tierName: string | null;
  slider: { min: number; max: number; step: number; pointsPerUnit: number } | null;
}

interface Redemption {
  id: string;
  rewardName: string;
  status: "issued" | "pending" | "used" | "expired" | "cancelled" | "failed";
  statusText: string;
  expiresText: string | null;
  cancellable: boolean;
}

/** A discount code; `code` is null until Shopify has made it (pending), or if it could not (failed). */
export interface DiscountCode extends Redemption {
  kind: "discount_code";
  code: string | null;
  amountText: null;
}

/**
 * Store credit Klub put on the customer's Shopify account: there is no code to show, copy or
 * apply; checkout offers the credit itself. `amountText` is its amount, formatted for the reader.
 */
export interface StoreCredit extends Redemption {
  kind: "store_credit";
  code: null;
  amountText: string;
}

/**
 * A partner brand's voucher from the owner's pool: given at once, used at the partner. It is shown
 * and copied, never applied as a discount in this shop's checkout, and cannot be cancelled.
 */
export interface PartnerCode extends Redemption {
  kind: "partner_code";
  code: string;
  amountText: null;
}

/** What a member redeemed (the app calls them all codes). */
export type Code = DiscountCode | StoreCredit | PartnerCode;

/** A discount code Shopify has made: it can be shown, copied and applied. */
export type MadeCode = DiscountCode & { code: string };

export const isStoreCredit = (code: Code): code is StoreCredit => code.kind === "store_credit";
export const isPartnerCode = (code: Code): code is PartnerCode => code.kind === "partner_code";
/** Only this shop's discount codes: a partner's voucher is not applied in checkout. */
export const hasCode = (code: Code): code is MadeCode => code.kind === "discount_code" && code.code !== null;

export interface Earning {
  points: number;
  per_minor: number;
  excluded_product_ids: string[];
  multiplier_percent: number;
  /** False when the program lets orders earn on their amount before discounts. */
  subtract_discounts: boolean;
}

export interface KlubState {
  programEnabled: boolean;
  member: Member | null;
  waysToEarn: { kind: string; text: string }[];
  rewards: Reward[];
  /** The member's recommended next reward, worded by the app ("Your next reward: ..., 50 points to go"). */
  recommended?: { id: string; name: string; missing: number; text: string } | null;
  codes: Code[];
  guest: { text: string } | null;
  earning: Earning;
  history: { id: string; kind: string; amount: number; amountText?: string; text: string; date: string }[];
}

export interface OrderPoints {
  points: number;
  pointsText: string;
  state: "earned" | "pending" | "awaiting_payment" | "awaiting_fulfilment" | "none";
  stateText: string;
  member: Member | null;
}

export interface Spent {
  code: Code | null;
  member: Member | null;
}

/** A call that did not work: `reason` is the app's, in the shopper's language; none when the app did not answer. */
export class KlubError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "unreachable");
  }
}

export const LOCALES = ["en", "pl", "ru"] as const;

/** The app's language for a buyer's language ("pl-PL" -> "pl"), English when it has none of theirs. */
export function klubLocale(isoCode: string): (typeof LOCALES)[number] {
  return LOCALES.find((l) => l === isoCode.slice(0, 2).toLowerCase()) ?? "en";
}

interface ClientOptions {
  appUrl: string;
  token: () => Promise<string>;
  language: () => string;
  /** Customer account tokens are checked as such (app/shopify/extension-context.server.ts). */
  surface?: "account";
}

export function klubClient({ appUrl, token, language, surface }: ClientOptions) {
  async function call<T>(path: string, body?: object): Promise<T> {
    const query = new URLSearchParams({ locale: klubLocale(language()) });
    if (surface) query.set("surface", surface);
    let response: Response;
    try {
      response = await fetch(`${appUrl}/api/${path}?${query}`, {
        method: body ? "POST" : "GET",
        headers: { Authorization: `Bearer ${await token()}`, "Content-Type": "application/json" },
        body: body && JSON.stringify(body),
      });
    } catch {
      throw new KlubError();
    }
    const answer = await response.json().catch(() => null);
    if (response.ok && answer) return answer as T;
    throw new KlubError(answer?.errors?.form);
  }
  const spent = async (path: string, body: object) => (await call<{ data: Spent }>(path, body)).data;

  // A redeem that got no answer keeps its request id, so trying it again cannot spend twice.
  const unanswered = new Map<string, string>();
  return {
    state: () => call<KlubState>("state"),
    order: async (id: string) => (await call<{ data: OrderPoints }>(`orders/${id}`)).data,
    async redeem(rewardId: string, points?: number) {
      const key = `${rewardId}:${points ?? ""}`;
      const requestId = unanswered.get(key) ?? crypto.randomUUID();
      unanswered.set(key, requestId);
      try {
        const answer = await spent("redeem", { rewardId, requestId, points });
        unanswered.delete(key);
        return answer;
      } catch (error) {
        if (error instanceof KlubError && error.reason) unanswered.delete(key);
        throw error;
      }
    },
    cancel: (codeId: string) => spent(`codes/${encodeURIComponent(codeId)}/cancel`, {}),
  };
}

export type KlubClient = ReturnType<typeof klubClient>;

/**
 * An absolute link for a path on the shop's storefront ("/?ref=CODE"): customer account pages are
 * not told the shop's address, so it comes from the session token's `dest` (the shop's domain,
 * which sends visitors on to its primary domain).
 */
export function storefrontLink(path: string, token: string): string {
  if (/^https?:\/\//.test(path)) return path;
  try {
    const { dest } = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return typeof dest === "string" && dest ? `https://${dest.replace(/^https:\/\//, "")}${path}` : path;
  } catch {
    return path;
  }
}

/** The numeric id of "gid://shopify/Order/123". */
export const numericId = (gid: string) => /(\d+)$/.exec(gid)?.[1] ?? "";
