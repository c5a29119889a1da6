// The shop owner's language: Shopify adds `locale` to the embedded app's URL on load; Klub keeps
// it in a cookie for the requests that follow (form posts, client navigation).
import { supportedLocale, type Locale } from "./i18n";

const COOKIE = "klub_locale";

export function adminLocale(request: Request): { locale: Locale; cookie: string | null } {
  const fromUrl = supportedLocale(new URL(request.url).searchParams.get("locale"));
  if (fromUrl) {
    return { locale: fromUrl, cookie: `${COOKIE}=${fromUrl}; Path=/; HttpOnly; Secure; SameSite=None; Max-Age=31536000` };
  }
  const fromCookie = /(?:^|;\s*)klub_locale=(\w+)/.exec(request.headers.get("cookie") ?? "")?.[1];
  const fromHeader = request.headers.get("accept-language")?.split(",")[0];
  return { locale: supportedLocale(fromCookie) ?? supportedLocale(fromHeader) ?? "en", cookie: null };
}
