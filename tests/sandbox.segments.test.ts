// The sandbox's customer segments: the part of ShopifyQL that tags need, and a userError for the rest.
import { expect, it } from "vitest";
import { parseSegmentQuery, segmentQueryError } from "../sandbox/segments";

it("holds for the customers whose tags the query asks for", () => {
  const gold = parseSegmentQuery("customer_tags CONTAINS 'klub-tier-gold' OR customer_tags CONTAINS 'klub-tier-platinum'");
  expect(gold(["klub-member", "klub-tier-gold"])).toBe(true);
  expect(gold(["KLUB-TIER-PLATINUM"])).toBe(true); // tags compare without case, as Shopify's
  expect(gold(["klub-member", "klub-tier-silver"])).toBe(false);
  expect(gold([])).toBe(false);
  const both = parseSegmentQuery("customer_tags contains 'a' AND customer_tags NOT CONTAINS 'b' OR customer_tags CONTAINS 'c'");
  expect(both(["a"])).toBe(true);
  expect(both(["a", "b"])).toBe(false);
  expect(both(["b", "c"])).toBe(true); // AND binds tighter than OR
  const grouped = parseSegmentQuery("customer_tags CONTAINS 'a' AND (customer_tags CONTAINS 'b' OR customer_tags CONTAINS 'c')");
  expect(grouped(["a", "c"])).toBe(true);
  expect(grouped(["c"])).toBe(false);
  expect(parseSegmentQuery("customer_tags CONTAINS 'it\\'s'")(["it's"])).toBe(true);
});

it("refuses what it cannot read, in Shopify's words", () => {
  expect(segmentQueryError("customer_tags CONTAINS 'klub-member'")).toBeNull();
  expect(segmentQueryError("")).toBe("Query is invalid: Query can't be blank");
  expect(segmentQueryError("amount_spent > 100")).toMatch(/^Query is invalid: Unsupported filter 'amount_spent'/);
  expect(segmentQueryError("customer_tags = 'x'")).toMatch(/^Query is invalid: Expected CONTAINS/);
  expect(segmentQueryError("customer_tags CONTAINS klub")).toMatch(/quoted tag/);
  expect(segmentQueryError("customer_tags CONTAINS 'x")).toMatch(/Unterminated/);
  expect(segmentQueryError("customer_tags CONTAINS 'x' OR")).toMatch(/Unsupported filter ''/);
  expect(segmentQueryError("(customer_tags CONTAINS 'x'")).toMatch(/Expected '\)'/);
  expect(segmentQueryError("customer_tags CONTAINS 'x' customer_tags")).toMatch(/Unexpected 'customer_tags'/);
});
