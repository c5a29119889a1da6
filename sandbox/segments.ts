// Customer segments as Shopify holds them: a name (unique in the shop) and a ShopifyQL query. The
// sandbox understands the part of the segment query language that tags need:
//   customer_tags CONTAINS 'tag'   customer_tags NOT CONTAINS 'tag'
// joined by AND and OR (AND binds tighter), in parentheses; keywords in any case, tags compared
// without case as Shopify compares them. Anything else is refused with a userError, as Shopify
// refuses a query it cannot read, so an app's query that only the sandbox would take is caught.

export class SegmentQueryError extends Error {}

type Token = { kind: "word"; text: string } | { kind: "string"; text: string } | { kind: "paren"; text: "(" | ")" };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: "paren", text: c });
      i++;
    } else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= query.length) throw new SegmentQueryError("Unterminated string");
        if (query[i] === "\\" && i + 1 < query.length) {
          text += query[i + 1];
          i += 2;
        } else if (query[i] === "'") {
          i++;
          break;
        } else text += query[i++];
      }
      tokens.push({ kind: "string", text });
    } else {
      const word = /^(?:[A-Za-z_][A-Za-z0-9_.]*|[<>=!]+|\d[\d.]*)/.exec(query.slice(i))?.[0];
      if (!word) throw new SegmentQueryError(`Unexpected '${c}' at position ${i + 1}`);
      tokens.push({ kind: "word", text: word });
      i += word.length;
    }
  }
  return tokens;
}

/** Whether a customer with these tags is in the segment. */
export type SegmentTest = (tags: readonly string[]) => boolean;

/** The query's test, or a SegmentQueryError naming what the sandbox (and so, likely, Shopify) cannot read. */
export function parseSegmentQuery(query: string): SegmentTest {
  const tokens = tokenize(query);
  if (!tokens.length) throw new SegmentQueryError("Query can't be blank");
  let at = 0;
  const peekWord = (word: string) => tokens[at]?.kind === "word" && tokens[at].text.toUpperCase() === word;
  const expect = (word: string) => {
    if (!peekWord(word)) throw new SegmentQueryError(`Expected ${word}${tokens[at] ? ` before '${tokens[at].text}'` : " at the end"}`);
    at++;
  };
  const condition = (): SegmentTest => {
    const token = tokens[at];
    if (token?.kind === "paren" && token.text === "(") {
      at++;
      const inner = either();
      if (tokens[at]?.kind !== "paren" || tokens[at].text !== ")") throw new SegmentQueryError("Expected ')'");
      at++;
      return inner;
    }
    if (token?.kind !== "word" || token.text.toLowerCase() !== "customer_tags") {
      throw new SegmentQueryError(`Unsupported filter '${token?.text ?? ""}': the sandbox knows customer_tags only`);
    }
    at++;
    const negated = peekWord("NOT");
    if (negated) at++;
    expect("CONTAINS");
    const value = tokens[at];
    if (value?.kind !== "string") throw new SegmentQueryError("customer_tags CONTAINS takes a quoted tag");
    at++;
    const tag = value.text.toLowerCase();
    return negated ? (tags) => !tags.some((t) => t.toLowerCase() === tag) : (tags) => tags.some((t) => t.toLowerCase() === tag);
  };
  const both = (): SegmentTest => {
    let test = condition();
    while (peekWord("AND")) {
      at++;
      const [left, right] = [test, condition()];
      test = (tags) => left(tags) && right(tags);
    }
    return test;
  };
  const either = (): SegmentTest => {
    let test = both();
    while (peekWord("OR")) {
      at++;
      const [left, right] = [test, both()];
      test = (tags) => left(tags) || right(tags);
    }
    return test;
  };
  const test = either();
  if (at < tokens.length) throw new SegmentQueryError(`Unexpected '${tokens[at].text}'`);
  return test;
}

/** Whether the query reads; Shopify's wording for the userError when it does not. */
export function segmentQueryError(query: string): string | null {
  try {
    parseSegmentQuery(query);
    return null;
  } catch (error) {
    if (error instanceof SegmentQueryError) return `Query is invalid: ${error.message}`;
    throw error;
  }
}
