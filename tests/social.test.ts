// Social channels (issue 14, item 7): the owner's accounts and the points for following them on the
// settings page (validated, logged), one claim per member and network through the app proxy (real
// signed requests to the route modules), the follows and share links in the shopper's state and on
// the loyalty page, and the printable poster (a real PDF, read back: A4, one page, the shop's name,
// the headline in the chosen language, and a QR code that decodes to the loyalty page).
import jsQR from "jsqr";
import { beforeAll, describe, expect, it } from "vitest";
import { describeActivity } from "../app/loyalty/activity-changes";
import { ensureMember } from "../app/loyalty/members.server";
import { translator } from "../app/i18n/i18n";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { readPdf, type PdfRect } from "./support/pdf";
import { proxyRequest, proxyUrl, type ProxyRequestOptions } from "./support/proxy";
import { installTestShop } from "./support/shop";

const { db } = useFreshAppDatabase();
const SHOP = "zielona-laka.myshopify.com";
const STOREFRONT = "https://zielona-laka.example";
const INSTAGRAM = "https://www.instagram.com/zielonalaka";
const YOUTUBE = "https://www.youtube.com/@zielonalaka";
let shopId = "";

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const valid = {
  earnPoints: "5", earnPerAmount: "1", awardOn: "paid", subtractDiscounts: "true", earnOnShipping: "false", earnOnTax: "false",
  earnOnGiftCards: "false", rewardTestOrders: "false", maxPointsPerOrder: "100000", pendingDays: "0", expiryMode: "none", expiryMonths: "12",
  allowNegativeBalance: "true", returnPointsOnRefund: "true", signupBonus: "100", birthdayBonus: "0", referrerBonus: "0",
  refereeBonus: "0", enrollment: "all", widgetAccent: "#0a7d4f", widgetPosition: "right", widgetJoinTextEn: "", widgetJoinTextPl: "", widgetJoinTextRu: "",
  excludedProducts: "[]", excludedCollections: "[]",
  socialInstagramUrl: "", socialInstagramPoints: "0", socialTiktokUrl: "", socialTiktokPoints: "0", socialFacebookUrl: "", socialFacebookPoints: "0",
  socialXUrl: "", socialXPoints: "0", socialYoutubeUrl: "", socialYoutubePoints: "0",
};
const saveSettings = async (fields: Record<string, string>) => {
  const settings = await import("../app/routes/app.settings");
  return settings.action({ request: adminRequest("/app/settings", SHOP, form({ ...valid, ...fields })), params: {}, context: {} });
};

const followRequest = async (request: Request, network: string) => {
  const { action } = await import("../app/routes/proxy.social.$network");
  return action({ request, params: { network }, context: {} }).catch((thrown: unknown) => thrown as Response);
};
const follow = (network: string, o: Partial<ProxyRequestOptions>) => followRequest(proxyRequest(`/social/${network}`, { shop: SHOP, method: "POST", body: {}, ...o }), network);
const state = async (o: Partial<ProxyRequestOptions>) => {
  const { loader } = await import("../app/routes/proxy.state");
  return (await loader({ request: proxyRequest("/state", { shop: SHOP, ...o }), params: {}, context: {} })).json();
};
const page = async (o: Partial<ProxyRequestOptions>) => {
  const { loader } = await import("../app/routes/proxy._index");
  return (await loader({ request: proxyRequest("", { shop: SHOP, ...o }), params: {}, context: {} })).text();
};

let customerSeq = 7000;
async function member(): Promise<string> {
  const customerId = String(customerSeq++);
  await ensureMember(db, shopId, { customerId, email: `c${customerId}@example.com` });
  return customerId;
}
const memberOf = (customerId: string) => db.member.findFirstOrThrow({ where: { shopId, customerId } });

beforeAll(async () => {
  shopId = (await installTestShop(db, SHOP, { name: "Zielona Łąka", currencyCode: "PLN", storefrontUrl: STOREFRONT })).id;
  await storeOfflineSession(db, SHOP);
  await db.programSettings.update({ where: { shopId }, data: { earnPoints: 5, earnPerAmountMinor: 100, signupBonus: 100 } });
});

describe("the owner's social accounts", () => {
  it("are saved from the settings page, shown back, and logged field by field under the network's name", async () => {
    expect(await saveSettings({ socialInstagramUrl: INSTAGRAM, socialInstagramPoints: "50", socialYoutubeUrl: ` ${YOUTUBE} `, socialYoutubePoints: "0" })).toEqual({ ok: true, errors: {} });
    const saved = await db.programSettings.findUniqueOrThrow({ where: { shopId } });
    expect(JSON.parse(saved.socialFollows)).toEqual({ instagram: { url: INSTAGRAM, points: 50 }, youtube: { url: YOUTUBE, points: 0 } });

    const settings = await import("../app/routes/app.settings");
    const data = await settings.loader({ request: adminRequest("/app/settings", SHOP), params: {}, context: {} });
    expect(data.settings).toMatchObject({ socialInstagramUrl: INSTAGRAM, socialInstagramPoints: 50, socialTiktokUrl: "", socialTiktokPoints: 0, socialYoutubeUrl: YOUTUBE });

    const entry = await db.activityLog.findFirstOrThrow({ where: { shopId, action: "settings.updated" }, orderBy: { id: "desc" } });
    expect(JSON.parse(entry.after!)).toMatchObject({ socialInstagramUrl: INSTAGRAM, socialInstagramPoints: 50, socialYoutubeUrl: YOUTUBE });
    expect(JSON.parse(entry.after!)).not.toHaveProperty("socialTiktokUrl"); // unchanged
    const names = { members: new Map(), rewards: new Map(), tiers: new Map() };
    const changes = describeActivity("settings.updated", JSON.parse(entry.before!), JSON.parse(entry.after!), names).changes;
    expect(changes).toContainEqual({ label: { tier: "Instagram", key: "settings.social.points" }, before: { number: 0 }, after: { number: 50 } });
    expect(changes).toContainEqual({ label: { tier: "Instagram", key: "settings.social.address" }, before: { none: true }, after: { text: INSTAGRAM } });
  });

  it("refuses an address that is not the network's own https profile, or points without an address, and changes nothing", async () => {
    const before = await db.programSettings.findUniqueOrThrow({ where: { shopId } });
    const logged = await db.activityLog.count({ where: { shopId } });
    const sent = {
      socialInstagramUrl: "http://instagram.com/zielonalaka", // not https
      socialTiktokUrl: "https://www.instagram.com/zielonalaka", // another network's host
      socialFacebookUrl: "https://facebook.com.evil.example/zielonalaka",
      socialXUrl: "https://x.com/", // no account
      socialYoutubePoints: "40", // no address
      socialYoutubeUrl: "",
    };
    const result = await saveSettings(sent);
    expect(result).toMatchObject({
      ok: false,
      errors: {
        socialInstagramUrl: { key: "settings.social.errors.url" },
        socialTiktokUrl: { key: "settings.social.errors.url" },
        socialFacebookUrl: { key: "settings.social.errors.url" },
        socialXUrl: { key: "settings.social.errors.url" },
        socialYoutubeUrl: { key: "settings.social.errors.urlNeeded" },
      },
    });
    expect(Object.keys(result.errors)).toHaveLength(5);
    expect(translator("en")("settings.social.errors.url")).toBe("Enter the https:// address of the shop's profile on this network");
    const negative = await saveSettings({ socialInstagramUrl: INSTAGRAM, socialInstagramPoints: "-5" });
    expect(negative.errors).toEqual({ socialInstagramPoints: { key: "settings.errors.atLeast", value: 0 } });
    expect(await db.programSettings.findUniqueOrThrow({ where: { shopId } })).toEqual(before);
    expect(await db.activityLog.count({ where: { shopId } })).toBe(logged);
  });
});

describe("claiming the points for following", () => {
  it("credits a member once: a replayed request is refused and a second click adds nothing", async () => {
    const customerId = await member();
    const url = proxyUrl("/social/instagram", { shop: SHOP, customerId });
    const post = () => new Request(url, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    const first = await followRequest(post(), "instagram");
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, errors: {}, data: { network: "instagram", credited: 50, alreadyClaimed: false, message: "50 points added. Thanks for following!" } });
    const replayed = await followRequest(post(), "instagram"); // the same signed URL again
    expect(replayed.status).toBe(401);
    const again = await follow("instagram", { customerId, query: { locale: "pl" } });
    expect(again.status).toBe(200);
    expect((await again.json()).data).toEqual({ network: "instagram", credited: 0, alreadyClaimed: true, message: "Punkty za obserwowanie naszego profilu (Instagram) masz już na koncie." });

    const m = await memberOf(customerId);
    expect(m.balance).toBe(50);
    const entries = await db.ledgerEntry.findMany({ where: { memberId: m.id } });
    expect(entries.map((e) => [e.kind, e.amount, e.idempotencyKey, e.reason, e.reasonParams])).toEqual([["earn", 50, `social:${m.id}:instagram`, "social_follow", JSON.stringify({ network: "Instagram" })]]);
    expect(translator("ru")("ledgerReasons.social_follow", { network: "Instagram" })).toBe("Подписка на магазин: Instagram");
  });

  it("keeps a claim made before the owner changed the points: it is not posted again with the new amount", async () => {
    const customerId = await member();
    expect((await follow("instagram", { customerId })).status).toBe(200);
    await saveSettings({ socialInstagramUrl: INSTAGRAM, socialInstagramPoints: "80", socialYoutubeUrl: YOUTUBE });
    const again = await follow("instagram", { customerId });
    expect(again.status).toBe(200);
    expect((await again.json()).data).toMatchObject({ credited: 0, alreadyClaimed: true });
    expect((await memberOf(customerId)).balance).toBe(50);
    const newcomer = await member();
    expect((await (await follow("instagram", { customerId: newcomer })).json()).data.credited).toBe(80);
    await saveSettings({ socialInstagramUrl: INSTAGRAM, socialInstagramPoints: "50", socialYoutubeUrl: YOUTUBE });
  });

  it("refuses a network that is not set up (or has no points), a guest, a shopper who is not a member and a program that is off", async () => {
    const customerId = await member();
    const refused = async (network: string, o: Partial<ProxyRequestOptions>) => {
      const response = await follow(network, o);
      return [response.status, (await response.json()).errors.form];
    };
    expect(await refused("tiktok", { customerId })).toEqual([404, "This shop has no account to follow on this network."]);
    expect(await refused("youtube", { customerId })).toEqual([404, "This shop has no account to follow on this network."]); // an address, 0 points
    expect(await refused("myspace", { customerId })).toEqual([404, "This shop has no account to follow on this network."]);
    expect(await refused("instagram", { customerId: null, query: { locale: "ru" } })).toEqual([401, "Войдите, чтобы получить баллы за подписку."]);
    expect(await refused("instagram", { customerId: "99999999" })).toEqual([409, "Join the rewards program to get points for following us."]);
    await db.shop.update({ where: { id: shopId }, data: { programEnabled: false } });
    try {
      expect(await refused("instagram", { customerId })).toEqual([403, "The rewards program is paused at the moment."]);
    } finally {
      await db.shop.update({ where: { id: shopId }, data: { programEnabled: true } });
    }
    expect((await memberOf(customerId)).balance).toBe(0);
    expect(await db.member.count({ where: { shopId, customerId: "99999999" } })).toBe(0);
  });
});

describe("what the shopper sees", () => {
  it("lists each follow with its points and whether it was claimed, and the member's share links to the storefront", async () => {
    const customerId = await member();
    const before = await state({ customerId, query: { locale: "pl" } });
    const follows = (view: { waysToEarn: { kind: string }[] }) => view.waysToEarn.filter((w) => w.kind === "follow");
    expect(follows(before)).toEqual([{ kind: "follow", text: "Obserwuj nas na Instagramie (+50 punktów)", network: "instagram", url: INSTAGRAM, claimed: false }]);
    await follow("instagram", { customerId });
    const after = await state({ customerId, query: { locale: "pl" } });
    expect(follows(after)).toEqual([{ kind: "follow", text: "Instagram: dziękujemy za obserwowanie! Punkty są już na Twoim koncie.", network: "instagram", url: INSTAGRAM, claimed: true }]);

    const code = (await memberOf(customerId)).referralCode!;
    const invite = `${STOREFRONT}/?ref=${code}`;
    const e = encodeURIComponent;
    const message = "Dołącz do programu lojalnościowego Zielona Łąka przez mój link";
    expect(after.share).toEqual({
      url: invite,
      heading: "Udostępnij swój link z zaproszeniem",
      copyText: "Kopiuj link",
      links: [
        { network: "facebook", label: "Facebook", url: `https://www.facebook.com/sharer/sharer.php?u=${e(invite)}` },
        { network: "x", label: "X", url: `https://x.com/intent/tweet?text=${e(message)}&url=${e(invite)}` },
        { network: "whatsapp", label: "WhatsApp", url: `https://wa.me/?text=${e(`${message} ${invite}`)}` },
        { network: "telegram", label: "Telegram", url: `https://t.me/share/url?url=${e(invite)}&text=${e(message)}` },
        { network: "email", label: "E-mail", url: `mailto:?subject=${e("Zaproszenie do Zielona Łąka")}&body=${e(`${message}\n${invite}`)}` },
      ],
    });

    const guest = await state({ customerId: null });
    expect(follows(guest)).toEqual([{ kind: "follow", text: "Follow us on Instagram (+50 points)", network: "instagram", url: INSTAGRAM, claimed: false }]);
    expect(guest.share).toBeNull();
  });

  it("puts the follow links and the share links on the loyalty page, with no text Liquid would run", async () => {
    await db.shop.update({ where: { id: shopId }, data: { name: "Zielona {{ shop.name }} <b>" } });
    try {
      const customerId = await member();
      const html = await page({ customerId, query: { locale: "ru" } });
      expect(html).toContain(`<a href="${INSTAGRAM}" target="_blank" rel="noopener" data-klub-follow="instagram">Подпишитесь на нас в Instagram (+50 баллов)</a>`);
      const code = (await memberOf(customerId)).referralCode!;
      expect(html).toContain(`<input type="text" readonly value="${STOREFRONT}/?ref=${code}" aria-label="Поделитесь ссылкой-приглашением" data-klub-invite>`);
      expect(html).toContain(`data-klub-copy="${STOREFRONT}/?ref=${code}">Скопировать ссылку</button>`);
      expect(html).toMatch(/<a href="https:\/\/t\.me\/share\/url\?url=[^"]+" target="_blank" rel="noopener" data-klub-share="telegram">Telegram<\/a>/);
      expect(html).not.toMatch(/{{|{%|<script|<b>/);
      await follow("instagram", { customerId });
      const claimed = await page({ customerId });
      expect(claimed).toContain(`<a href="${INSTAGRAM}" target="_blank" rel="noopener">Instagram: thanks for following! Your points are in.</a>`); // no claim to send again
      const guest = await page({ customerId: null });
      expect(guest).toContain('data-klub-follow="instagram"');
      expect(guest).not.toContain("data-klub-share");
    } finally {
      await db.shop.update({ where: { id: shopId }, data: { name: "Zielona Łąka" } });
    }
  });
});

describe("the in-store poster", () => {
  const poster = async (locale: string) => {
    const route = await import("../app/routes/app.poster[.]pdf");
    return route.loader({ request: adminRequest(`/app/poster.pdf?locale=${locale}`, SHOP), params: {}, context: {} });
  };

  /** The QR code's modules (filled squares) drawn as a picture, read by a QR decoder. */
  function decodeQr(rects: PdfRect[]): string | null {
    const modules = rects.filter((r) => r.width < 300 && r.height < 20);
    const left = Math.min(...modules.map((r) => r.x));
    const top = Math.min(...modules.map((r) => r.y));
    const size = Math.max(...modules.map((r) => r.x + r.width)) - left;
    const scale = 3;
    const quiet = 20 * scale;
    const side = Math.ceil(size * scale) + 2 * quiet;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const r of modules) {
      for (let y = Math.round((r.y - top) * scale); y < Math.round((r.y - top + r.height) * scale); y++) {
        for (let x = Math.round((r.x - left) * scale); x < Math.round((r.x - left + r.width) * scale); x++) {
          const at = ((y + quiet) * side + x + quiet) * 4;
          pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
        }
      }
    }
    return jsQR(pixels, side, side)?.data ?? null;
  }

  it.each([
    ["pl", "Dołącz do naszego programu lojalnościowego", "Zbieraj 5 punktów za każde wydane 1,00 zł."],
    ["ru", "Вступайте в нашу программу лояльности", "Получайте 5 баллов за каждые 1,00 PLN покупок."],
    ["en", "Join our rewards club", "Earn 5 points for every PLN 1.00 you spend."],
  ])("is one A4 page in %s with the shop's name, the headline, how it works and a QR code to the loyalty page", async (locale, headline, earn) => {
    const response = await poster(locale);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="klub-poster-${locale}.pdf"`);
    const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(pdf.pages).toHaveLength(1);
    const [sheet] = pdf.pages;
    expect([Math.round(sheet.width), Math.round(sheet.height)]).toEqual([595, 842]); // A4 in points
    const text = sheet.lines.join(" ").replace(/\s+/g, " ").replace(/\u00a0/g, " ");
    expect(text).toContain("Zielona Łąka");
    expect(text).toContain(headline);
    expect(text).toContain(earn.replace(/\u00a0/g, " "));
    expect(text).toContain(`${STOREFRONT}/apps/klub?locale=${locale}`);
    expect(pdf.title).toBe(`Zielona Łąka: ${headline}`);
    expect(decodeQr(sheet.rects)).toBe(`${STOREFRONT}/apps/klub?locale=${locale}`);
  });
});
