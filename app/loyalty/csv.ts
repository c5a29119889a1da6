// CSV for the owner's spreadsheets: cells a spreadsheet would run as a formula are quoted away
// (CSV injection), lines end in CRLF, the header only on the first batch of a streamed file.
import Papa from "papaparse";

export const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would run as a formula gets a leading quote; numbers stay numbers (they may be negative). */
export const safeCell = (value: string | number) => (typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value);

/** CSV text for rows of `columns`; the header only when `withHeader`. */
export function csvText<C extends string>(columns: readonly C[], rows: readonly Record<C, string | number>[], withHeader: boolean): string {
  const body = Papa.unparse({ fields: [...columns], data: rows.map((r) => columns.map((c) => safeCell(r[c]))) }, { header: withHeader, newline: "\r\n" });
  return body ? `${body}\r\n` : "";
}
