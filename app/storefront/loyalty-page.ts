// The loyalty page (/apps/klub), answered as Liquid that Shopify renders inside the shop's theme.
// Every text in it is made inert for both HTML and Liquid: names and reasons come from the shop
// and its shoppers, and Liquid would run a "{{" or "{%" in them with the shop's data.
import type { ShopperState } from "../loyalty/shopper.server";
import { formatMoney } from "../loyalty/money";
import { codeView, formatNumber, formatPoints, shopperView, type WayToEarn, type Wording } from "./shopper-view";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "{": "&#123;", "}": "&#125;", "%": "&#37;" };

/** Text safe in HTML and inert in Liquid. */
export function inert(text: string): string {
  return text.replace(/[&<>"'{}%]/g, (c) => ENTITIES[c]);
}

export interface HistoryLine {
  id: number;
  kind: string;
  amount: number;
  createdAt: Date;
}

const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>` : "");

/** A link that opens in a new tab, away from the shop. */
const away = (url: string, text: string, attributes = "") => `<a href="${inert(url)}" target="_blank" rel="noopener"${attributes}>${inert(text)}</a>`;

// A social account opens as a plain link; the theme's script (klub-social.js) sends the claim as
// it opens, unless the member has claimed it already.
const wayItem = (way: WayToEarn) => (way.url && way.network ? away(way.url, way.text, way.claimed ? "" : ` data-klub-follow="${inert(way.network)}"`) : inert(way.text));

export function loyaltyPage(state: ShopperState, history: HistoryLine[], w: Wording): string {
  const { t } = w;
  const view = shopperView(state, w);
  const section = (title: string, body: string) => (body ? `<section class="klub-page__section"><h2>${inert(title)}</h2>${body}</section>` : "");
  if (!state.programEnabled) return `<div class="klub-page" data-klub-page><h1>${inert(t("storefront.page.title"))}</h1><p>${inert(t("storefront.page.off"))}</p></div>`;

  const you = view.member
    ? section(
        t("storefront.page.you"),
        `<dl class="klub-page__member" data-klub-member>` +
          `<dt>${inert(t("storefront.page.balance"))}</dt><dd data-klub-balance>${inert(formatPoints(view.member.points, w))}</dd>` +
          (view.member.pendingPoints ? `<dt>${inert(t("storefront.page.pending"))}</dt><dd>${inert(formatPoints(view.member.pendingPoints, w))}</dd>` : "") +
          (view.member.tier ? `<dt>${inert(t("storefront.page.tier"))}</dt><dd>${inert(view.member.tier.name)}</dd>` : "") +
          `</dl>` +
          (view.recommended ? `<p data-klub-recommended="${inert(view.recommended.id)}">${inert(view.recommended.text)}</p>` : ""),
      )
    : `<p class="klub-page__join" data-klub-guest>${inert(view.guest?.text ?? "")} <a href="/account/register">${inert(t("storefront.page.join"))}</a> · <a href="/account/login">${inert(t("storefront.page.signIn"))}</a></p>`;

  const tiers = list(
    state.tiers.map((tier) => {
      const from = state.rules.tierBasis === "spend" ? t("storefront.page.tierSpendFrom", { amount: formatMoney(tier.threshold, w.currency, w.locale) }) : t("storefront.page.tierFrom", { threshold: formatPoints(tier.threshold, w) });
      const multiplier = tier.multiplierPercent !== 100 ? ` · ${t("storefront.page.multiplier", { multiplier: `×${formatNumber(tier.multiplierPercent / 100, w.locale)}` })}` : "";
      return `<strong>${inert(tier.name)}</strong>: ${inert(from + multiplier)}`;
    }),
  );
  const rewards = list(
    view.rewards.map(
      (r) =>
        `<span data-klub-reward="${inert(r.id)}"><strong>${inert(r.name)}</strong>: ${inert(r.text)} · ${inert(r.costText)}` +
        (r.minimumText ? ` · ${inert(r.minimumText)}` : "") +
        (r.missingText && view.member ? ` · ${inert(r.missingText)}` : "") +
        `</span>`,
    ),
  );
  const codes = list(state.codes.map((c) => codeView(c, w)).map((c) => `<span data-klub-code="${inert(c.code ?? "")}"><strong>${inert(c.code ?? c.rewardName)}</strong> · ${inert(c.rewardName)} · ${inert(c.statusText)}${c.expiresText ? ` · ${inert(c.expiresText)}` : ""}</span>`));
  const share = view.share
    ? `<p><input type="text" readonly value="${inert(view.share.url)}" aria-label="${inert(view.share.heading)}" data-klub-invite> <button type="button" data-klub-copy="${inert(view.share.url)}">${inert(view.share.copyText)}</button></p>` +
      list(view.share.links.map((l) => (l.network === "email" ? `<a href="${inert(l.url)}" data-klub-share="email">${inert(l.label)}</a>` : away(l.url, l.label, ` data-klub-share="${inert(l.network)}"`))))
    : "";
  const date = new Intl.DateTimeFormat(w.locale, { dateStyle: "medium", timeZone: "UTC" });
  const lines = history.map((h) => `${inert(date.format(h.createdAt))} · ${inert(t(`storefront.kinds.${h.kind}`))} · ${inert((h.amount > 0 ? "+" : "") + formatNumber(h.amount, w.locale))}`);

  return [
    `<div class="klub-page" data-klub-page>`,
    `<h1>${inert(t("storefront.page.title"))}</h1>`,
    you,
    section(t("storefront.page.how"), `<p>${inert(t("storefront.page.howText"))}</p>`),
    section(t("storefront.page.earn"), list(view.waysToEarn.map(wayItem))),
    view.share ? section(view.share.heading, share) : "",
    section(t("storefront.page.rewards"), rewards),
    section(t("storefront.page.tiers"), tiers),
    view.member ? section(t("storefront.page.codes"), codes) : "",
    view.member ? section(t("storefront.page.history"), lines.length ? list(lines) : `<p>${inert(t("storefront.page.noHistory"))}</p>`) : "",
    `</div>`,
  ].join("\n");
}
