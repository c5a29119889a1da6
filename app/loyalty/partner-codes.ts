// Partner code uploads, checked before the database is asked (shared by the admin's page and
// app/loyalty/partner-codes.server.ts): the limits, and what is wrong with an upload, by line.

/** The most codes one upload may add, and the longest code. */
export const MOST_CODES_PER_UPLOAD = 100_000;
export const LONGEST_CODE = 100;
/** How many line numbers a refusal names (then "and N more"). */
const LINES_NAMED = 5;

/** One non-blank line of an upload: its code, and where it was ("12", or "vouchers.csv:12"). */
export interface UploadLine {
  code: string;
  where: string;
}

/** What is wrong with an upload: a translation key, how many lines, the first of them. */
export interface PoolProblem {
  key: "repeated" | "taken" | "tooLong" | "tooMany" | "empty" | "notPartner";
  count: number;
  lines: string[];
}

export class PoolRefused extends Error {
  override name = "PoolRefused";
  constructor(readonly problems: PoolProblem[]) {
    super(`Codes refused: ${problems.map((p) => `${p.key} (${p.count})`).join(", ")}`);
  }
}

/** A problem of these lines, naming the first few. */
export const problem = (key: PoolProblem["key"], lines: UploadLine[]): PoolProblem => ({ key, count: lines.length, lines: lines.slice(0, LINES_NAMED).map((l) => l.where) });

/** The upload's own problems: too many codes, codes too long, a code twice. */
export function uploadProblems(lines: UploadLine[]): PoolProblem[] {
  if (lines.length === 0) return [{ key: "empty", count: 0, lines: [] }];
  if (lines.length > MOST_CODES_PER_UPLOAD) return [{ key: "tooMany", count: lines.length, lines: [] }];
  const seen = new Set<string>();
  const repeated: UploadLine[] = [];
  const tooLong: UploadLine[] = [];
  for (const line of lines) {
    if (line.code.length > LONGEST_CODE) tooLong.push(line);
    if (seen.has(line.code)) repeated.push(line);
    else seen.add(line.code);
  }
  return [...(tooLong.length ? [problem("tooLong", tooLong)] : []), ...(repeated.length ? [problem("repeated", repeated)] : [])];
}
