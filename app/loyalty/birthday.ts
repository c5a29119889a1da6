// Birthdays, as Klub keeps them: YYYY-MM-DD, or --MM-DD when the year is not given. 29 February
// is celebrated on 28 February in common years.

/** A birthday as stored (YYYY-MM-DD, or --MM-DD without a year) from YYYY-MM-DD, --MM-DD or MM-DD; null when it is no date. */
export function parseBirthday(text: string, today = new Date()): string | null {
  const match = /^(?:(\d{4})-|--)?(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  const probe = new Date(Date.UTC(year ? Number(year) : 2000, Number(month) - 1, Number(day))); // 2000: a leap year
  if (probe.getUTCMonth() !== Number(month) - 1 || (year && probe > today)) return null;
  return `${year ?? "-"}-${month}-${day}`;
}

/** The month-day suffixes celebrated on `day`: its own, and 29 February on 28 February of a common year. */
export function birthdaySuffixes(day: Date): string[] {
  const month = String(day.getUTCMonth() + 1).padStart(2, "0");
  const date = String(day.getUTCDate()).padStart(2, "0");
  const suffixes = [`-${month}-${date}`];
  const year = day.getUTCFullYear();
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  if (month === "02" && date === "28" && !leap) suffixes.push("-02-29");
  return suffixes;
}
