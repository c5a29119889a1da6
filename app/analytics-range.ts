// The date range an analytics page was asked for (?from=&to=, days of the shop's UTC calendar,
// the last one included), checked, with the last 90 days when it is missing or wrong.
import { addDays, format, isValid, parseISO, subDays } from "date-fns";

const MAX_DAYS = 3 * 366;
export const PRESETS = [30, 90, 365];
export type RangeErrors = { from?: string; to?: string };

/** The range the owner asked for (dates, the last one included), or the last 90 days. */
export function chosenRange(params: URLSearchParams, today: Date) {
  const fallback = { from: subDays(today, 89), to: today };
  const text = { from: params.get("from") ?? format(fallback.from, "yyyy-MM-dd"), to: params.get("to") ?? format(fallback.to, "yyyy-MM-dd") };
  const from = parseISO(`${text.from}T00:00:00Z`);
  const to = parseISO(`${text.to}T00:00:00Z`);
  const errors: RangeErrors = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.from) || !isValid(from)) errors.from = "analytics.errors.date";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.to) || !isValid(to)) errors.to = "analytics.errors.date";
  else if (!errors.from && to < from) errors.to = "analytics.errors.beforeFrom";
  else if (!errors.from && (to.getTime() - from.getTime()) / 86_400_000 > MAX_DAYS) errors.to = "analytics.errors.tooLong";
  const valid = Object.keys(errors).length === 0;
  return { text, errors, from: valid ? from : fallback.from, to: addDays(valid ? to : fallback.to, 1) };
}

