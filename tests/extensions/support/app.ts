// The app's extension API (app/routes/api.*) as a stubbed fetch: each route answers what the test
// says, and every call is recorded with its method, path, query, headers and body.

export type Answer = { status?: number; body: unknown } | "unreachable";

export interface Routes {
  state?: () => Answer;
  redeem?: (body: { rewardId: string; requestId: string; points?: number }) => Answer;
  cancel?: (codeId: string) => Answer;
  order?: (orderId: string) => Answer;
}

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export function fakeApp(routes: Routes) {
  const calls: Call[] = [];
  async function fetch(url: string, init: RequestInit = {}) {
    const { origin, pathname, searchParams } = new URL(url);
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
    const call = { method: init.method ?? "GET", path: pathname, query: Object.fromEntries(searchParams), headers: { ...(init.headers as Record<string, string>) }, body };
    calls.push(call);
    if (origin !== "https://klub.example.com") throw new TypeError("Failed to fetch");
    const match = (pattern: RegExp) => pattern.exec(`${call.method} ${pathname}`);
    let answer: Answer | undefined;
    let m: RegExpExecArray | null;
    if (match(/^GET \/api\/state$/)) answer = routes.state?.();
    else if (match(/^POST \/api\/redeem$/)) answer = routes.redeem?.(body);
    else if ((m = match(/^POST \/api\/codes\/([^/]+)\/cancel$/))) answer = routes.cancel?.(decodeURIComponent(m[1]));
    else if ((m = match(/^GET \/api\/orders\/(\d+)$/))) answer = routes.order?.(m[1]);
    if (answer === undefined) return new Response("Not Found", { status: 404 });
    if (answer === "unreachable") throw new TypeError("Failed to fetch");
    return Response.json(answer.body, { status: answer.status ?? 200 });
  }
  return { fetch, calls };
}

export const ok = (data: unknown): Answer => ({ body: { ok: true, errors: {}, data } });
export const refused = (status: number, form: string): Answer => ({ status, body: { ok: false, errors: { form } } });
