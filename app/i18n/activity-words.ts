// An activity log entry in the owner's words: labels as the forms say them, money in the shop's
// currency, yes/no, dates and points in the owner's language (format.ts). Shared by the server's
// render and the browser's, so both read the same.
import type { TFunction } from "i18next";
import type { Change, Label, Shown } from "../loyalty/activity-changes";
import type { formatter } from "./format";
import type { Locale } from "./i18n";

export interface Words {
  t: TFunction;
  format: ReturnType<typeof formatter>;
  locale: Locale;
  currency: string; // the shop's
}

/** A long list (excluded products) names its first few; the rest is counted, and kept for a tooltip. */
const LIST_SHOWN = 5;

const withoutColon = (label: string) => label.replace(/\s*:\s*$/, "");

function birthday(value: string, w: Words): string {
  const day = /^--(\d{2})-(\d{2})$/.exec(value);
  if (day) return new Intl.DateTimeFormat(w.locale, { month: "long", day: "numeric", timeZone: "UTC" }).format(Date.UTC(2000, Number(day[1]) - 1, Number(day[2])));
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? w.format.date(`${value}T00:00:00Z`) : value;
}

export function shownText(value: Shown, w: Words, listLimit = LIST_SHOWN): string {
  if ("text" in value) return value.text;
  if ("number" in value) return w.format.number(value.number);
  if ("signed" in value) return w.format.signed(value.signed);
  if ("points" in value) return w.t("activity.points", { count: value.points, formatted: w.format.number(value.points) });
  if ("money" in value) return w.format.money(value.money, w.currency);
  if ("percent" in value) return new Intl.NumberFormat(w.locale, { style: "percent", maximumFractionDigits: 2 }).format(value.percent / 100);
  if ("yes" in value) return w.t(value.yes ? "activity.yes" : "activity.no");
  if ("date" in value) return w.format.date(value.date);
  if ("birthday" in value) return birthday(value.birthday, w);
  if ("word" in value) return w.t(value.word);
  if ("list" in value) {
    if (!value.list.length) return w.t("settings.noneExcluded");
    const shown = value.list.slice(0, listLimit).join(", ");
    return value.list.length > listLimit ? `${shown} ${w.t("activity.more", { n: w.format.number(value.list.length - listLimit) })}` : shown;
  }
  if ("gone" in value) return w.t("activity.gone");
  return "—";
}

/** "What counts toward points · Shipping", "Gold · Points multiplier", "For every (in USD)". */
export function labelText(label: Label, w: Words): string {
  const said = (key: string) => withoutColon(w.t(key, { currency: w.currency }));
  return [label.tier, label.group && said(label.group), label.key && said(label.key), label.field].filter(Boolean).join(" · ");
}

/** One line of an entry ("Points: 1 → 5"), and the same line in full when a list was cut short. */
export function changeLine(change: Change, w: Words): { text: string; full: string } {
  if ("sentence" in change) {
    const params = Object.fromEntries(Object.entries(change.params).map(([k, v]) => [k, typeof v === "number" && k !== "count" ? w.format.number(v) : v]));
    const text = w.t(change.sentence, params);
    return { text, full: text };
  }
  const line = (limit: number) => {
    const sides = [change.before, change.after].filter((v): v is Shown => v !== undefined).map((v) => shownText(v, w, limit));
    return `${labelText(change.label, w)}: ${sides.join(" → ")}`;
  };
  return { text: line(LIST_SHOWN), full: line(Infinity) };
}

/** Who made the change: the staff member's name when Shopify gave it, else their id; Klub for its own work. */
export function authorText(actor: string, author: string | null, t: TFunction): string {
  if (author) return author;
  if (actor === "flow") return t("activity.flow");
  return actor.startsWith("staff:") ? t("activity.staff", { id: actor.slice(6) }) : t("activity.system");
}
