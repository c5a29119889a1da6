// The shop owner's browser in the sandbox admin, without a browser: it opens Klub in the admin's
// frame (a document load with a fresh session token, which is how Shopify installs an app by
// token exchange) and uses Klub's own pages as their scripts do (Remix single-fetch requests,
// the session token as a Bearer header, as App Bridge adds it). Only HTTP: nothing of app/.
import { appFrameUrl } from "./admin-pages";
import { signSessionToken } from "./session-token";
import type { Store } from "./state";

/** An ordinary browser: the Shopify library answers bots (a user agent like Node's) with 410. */
export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export class AdminRequestError extends Error {
  override name = "AdminRequestError";
}

/**
 * Remix's single-fetch answers are turbo-stream: a flat JSON array whose first line holds plain
 * values (objects as {"_<key index>": value index}, arrays of indices, negative specials).
 * Enough of it to read what a loader or action returned; promises and typed values stay raw.
 */
export function decodeSingleFetch(text: string): unknown {
  const values = JSON.parse(text.split("\n")[0]) as unknown[];
  const at = (index: number): unknown => {
    if (index < 0) return index === -2 ? null : undefined;
    const value = values[index];
    if (Array.isArray(value)) return typeof value[0] === "string" ? value : value.map((i) => at(i as number));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, i]) => [String(values[Number(key.slice(1))]), at(i as number)]));
    }
    return value;
  };
  return at(0);
}

export class EmbeddedAdmin {
  constructor(
    private readonly store: Store,
    private readonly appUrl: string,
    private readonly app: { apiKey: string; apiSecret: string },
  ) {}

  /** A session token as App Bridge gets one for each request: a minute long. */
  sessionToken(): string {
    return signSessionToken({ shop: this.store.state.shop.domain, apiKey: this.app.apiKey, secret: this.app.apiSecret });
  }

  /** Loads the app's page in the admin frame (GET /app<path>?embedded=1&shop&host&id_token&locale). */
  open(appPath = "", search = new URLSearchParams()): Promise<Response> {
    const url = appFrameUrl(this.store, this.appUrl, appPath, search, this.sessionToken());
    return fetch(url, { headers: { "User-Agent": BROWSER_USER_AGENT, Accept: "text/html" }, redirect: "manual" });
  }

  private async dataRequest(url: URL, init: RequestInit): Promise<unknown> {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${this.sessionToken()}`);
    headers.set("User-Agent", BROWSER_USER_AGENT);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    const text = await response.text();
    // 202: a single-fetch redirect ({ redirect, status }), as an action that saved and moves on answers.
    if (response.status !== 200 && response.status !== 202) throw new AdminRequestError(`${init.method ?? "GET"} ${url.pathname}: ${response.status} ${text.slice(0, 300)}`);
    return decodeSingleFetch(text);
  }

  /** What a page's loader gives it (GET <path>.data?_routes=<route id>). */
  async load(path: string, routeId: string): Promise<unknown> {
    const url = new URL(`${path}.data`, this.appUrl);
    url.searchParams.set("_routes", routeId);
    const answer = (await this.dataRequest(url, { method: "GET" })) as Record<string, { data?: unknown; error?: unknown }>;
    if (!answer[routeId] || "error" in answer[routeId]) throw new AdminRequestError(`GET ${path}: ${JSON.stringify(answer).slice(0, 300)}`);
    return answer[routeId].data;
  }

  /**
   * Submits a page's form (a form body, or JSON) to its action and returns what the action answered:
   * its data, or `{ redirect }` when it redirected (as an editor does once it saved).
   */
  async submit(path: string, body: URLSearchParams | object, options: { index?: boolean } = {}): Promise<unknown> {
    const url = new URL(`${path}.data`, this.appUrl);
    if (options.index) url.searchParams.set("index", "");
    const form = body instanceof URLSearchParams;
    const answer = (await this.dataRequest(url, {
      method: "POST",
      headers: { "Content-Type": form ? "application/x-www-form-urlencoded" : "application/json" },
      body: form ? body.toString() : JSON.stringify(body),
    })) as { data?: unknown; error?: unknown; redirect?: unknown };
    if (answer && typeof answer === "object" && typeof answer.redirect === "string") return { redirect: answer.redirect };
    if (!answer || typeof answer !== "object" || !("data" in answer)) throw new AdminRequestError(`POST ${path}: ${JSON.stringify(answer).slice(0, 300)}`);
    return answer.data;
  }
}
