// Members as CSV: the columns Klub writes and reads, and a file validated row by row with the
// line each row starts on (quoted fields may span lines). Export and import share the columns,
// so an exported file imports as it is.
import Papa from "papaparse";
import { z } from "zod";
import { parseBirthday } from "./birthday";
import { csvText, FORMULA_START } from "./csv";

export const EXPORT_COLUMNS = ["customer_id", "email", "first_name", "last_name", "points_balance", "birthday", "pending_points", "lifetime_points", "tier", "enrolled_at", "last_activity_at"] as const;
export const IMPORT_COLUMNS = ["customer_id", "email", "first_name", "last_name", "points_balance", "birthday"] as const;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_OPENING_BALANCE = 10_000_000;

export interface ImportRow {
  line: number;
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** The balance the member is to have; null (a blank cell) leaves it as it is. */
  points: number | null;
  /** YYYY-MM-DD or --MM-DD; null when the row gives none. */
  birthday: string | null;
}

/** A problem with the file, as a translation key and its values; line 0 is the file as a whole. */
export interface RowError {
  line: number;
  key: string;
  values?: Record<string, string | number>;
}

const optional = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null), z.string().max(255, { error: "import.errors.tooLong" }).nullable());
const rowSchema = z.object({
  customer_id: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(/^gid:\/\/shopify\/Customer\//, "") : v),
    z.string({ error: "import.errors.customerId" }).regex(/^[1-9]\d{0,19}$/, { error: "import.errors.customerId" }),
  ),
  email: optional.refine((v) => v === null || z.email().safeParse(v).success, { error: "import.errors.email" }),
  first_name: optional,
  last_name: optional,
  birthday: z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? (parseBirthday(v) ?? "invalid") : null), z.string().regex(/^(\d{4}|-)-\d{2}-\d{2}$/, { error: "import.errors.birthday" }).nullable()),
  points_balance: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : null),
    z.number({ error: "import.errors.points" }).int({ error: "import.errors.points" }).min(0, { error: "import.errors.points" }).max(MAX_OPENING_BALANCE, { error: "import.errors.points" }).nullable(),
  ),
});

export function parseMembersCsv(text: string): { rows: ImportRow[]; errors: RowError[] } {
  if (text.length > MAX_IMPORT_BYTES) return { rows: [], errors: [{ line: 0, key: "import.errors.tooLarge" }] };
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  let header: string[] | null = null;
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), {
    skipEmptyLines: false,
    step: (result) => {
      const startLine = line;
      // The row ends at the cursor: count the line breaks it spans, and the one that ends it.
      line += (text.slice(cursor, result.meta.cursor + 1).match(/\r\n|\r|\n/g) ?? []).length;
      cursor = result.meta.cursor + 1;
      const cells = result.data;
      if (cells.length === 1 && cells[0].trim() === "") return; // a blank line
      if (!header) {
        header = cells.map((c) => c.trim().toLowerCase());
        if (!header.includes("customer_id")) errors.push({ line: startLine, key: "import.errors.noCustomerId" });
        return;
      }
      if (!header.includes("customer_id")) return;
      const record = Object.fromEntries(header.map((name, i) => [name, unguarded(cells[i] ?? "")]));
      const parsed = rowSchema.safeParse(record);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) errors.push({ line: startLine, key: issue.message.startsWith("import.") ? issue.message : "import.errors.invalid", values: { column: String(issue.path[0]) } });
        return;
      }
      const r = parsed.data;
      const first = seen.get(r.customer_id);
      if (first) {
        errors.push({ line: startLine, key: "import.errors.duplicate", values: { first } });
        return;
      }
      seen.set(r.customer_id, startLine);
      rows.push({ line: startLine, customerId: r.customer_id, email: r.email, firstName: r.first_name, lastName: r.last_name, points: r.points_balance, birthday: r.birthday });
    },
  });
  if (!header) errors.push({ line: 0, key: "import.errors.empty" });
  else if (rows.length === 0 && errors.length === 0) errors.push({ line: 0, key: "import.errors.noRows" });
  return { rows, errors };
}

/** safeCell undone, so that an export imports as it was (a birthday without its year starts with "-"). */
const unguarded = (cell: string) => (cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell);

/** CSV text for rows of the export columns; the header only on the first batch. */
export function membersCsv(rows: Record<(typeof EXPORT_COLUMNS)[number], string | number>[], withHeader: boolean): string {
  return csvText(EXPORT_COLUMNS, rows, withHeader);
}
