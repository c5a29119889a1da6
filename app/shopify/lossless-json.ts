// Shopify's ids are 64-bit integers and may exceed 2^53 (its own sample payloads' do): a plain
// JSON.parse rounds them to another id. Integers beyond JavaScript's safe range are kept as their
// source text instead (JSON.parse source text access, in Node 22).

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const keepLargeIntegers: Reviver = (_key, value, context) =>
  typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source) ? context.source : value;

/** Every integer beyond 2^53 has 16 digits or more. */
const LONG_NUMBER = /\d{16}/;

/** JSON.parse, with integers beyond 2^53 as strings. Throws SyntaxError on bad JSON. */
export function parseLosslessJson(text: string): unknown {
  // The reviver costs a call per value: only paid when a long number may be there.
  return LONG_NUMBER.test(text) ? JSON.parse(text, keepLargeIntegers as Parameters<typeof JSON.parse>[1]) : JSON.parse(text);
}
