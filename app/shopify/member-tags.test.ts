// Klub's tags on customers and the segment queries that ask for them (decision 051).
import { expect, it } from "vitest";
import { tiersFrom } from "../loyalty/member-offers";
import { isKlubTag, memberTags, segmentName, segmentQuery, tagChanges, tagsOf, tagsText } from "./member-tags";

const ladder = [
  { id: "silver", threshold: 100 },
  { id: "platinum", threshold: 1000 },
  { id: "bronze", threshold: 0 },
  { id: "gold", threshold: 500 },
];

it("asks for every member, or for a tier and every tier above it", () => {
  expect(segmentQuery(null)).toBe("customer_tags CONTAINS 'klub-member'");
  expect(segmentQuery(tiersFrom("gold", ladder))).toBe("customer_tags CONTAINS 'klub-tier-gold' OR customer_tags CONTAINS 'klub-tier-platinum'");
  expect(segmentQuery(tiersFrom("platinum", ladder))).toBe("customer_tags CONTAINS 'klub-tier-platinum'");
  expect(segmentQuery(tiersFrom("bronze", ladder))).toBe(["bronze", "silver", "gold", "platinum"].map((t) => `customer_tags CONTAINS 'klub-tier-${t}'`).join(" OR "));
  // A tier no longer on the ladder reaches no one: no query to send.
  expect(tiersFrom("gone", ladder)).toEqual([]);
  expect(segmentQuery([])).toBeNull();
  // A quote in an id cannot end the literal.
  expect(segmentQuery(["it's"])).toBe("customer_tags CONTAINS 'klub-tier-it\\'s'");
});

it("gives a member the member tag and their tier's, and a redacted member none", () => {
  expect(memberTags({ tierId: null, redactedAt: null })).toEqual(["klub-member"]);
  expect(memberTags({ tierId: "gold", redactedAt: null })).toEqual(["klub-member", "klub-tier-gold"]);
  expect(memberTags({ tierId: "gold", redactedAt: new Date() })).toEqual([]);
  expect(tagsText(["klub-tier-gold", "klub-member"])).toBe("klub-member klub-tier-gold");
  expect(tagsOf("klub-member klub-tier-gold")).toEqual(["klub-member", "klub-tier-gold"]);
  expect(tagsOf(null)).toEqual([]);
});

it("adds what is missing and removes only Klub's tags that no longer hold", () => {
  expect(tagChanges([], ["klub-member", "klub-tier-gold"])).toEqual({ add: ["klub-member", "klub-tier-gold"], remove: [] });
  expect(tagChanges(["klub-member", "klub-tier-gold"], ["klub-member", "klub-tier-silver"])).toEqual({ add: ["klub-tier-silver"], remove: ["klub-tier-gold"] });
  expect(tagChanges(["klub-member", "klub-tier-gold"], [])).toEqual({ add: [], remove: ["klub-member", "klub-tier-gold"] });
  expect(tagChanges(["vip", "klub-member"], ["klub-member"])).toEqual({ add: [], remove: [] });
  expect(isKlubTag("vip")).toBe(false);
});

it("names the segment after the offer, with its id so it can be found again", () => {
  expect(segmentName({ id: "off1", title: "Gold: 10% off" })).toBe("Klub: Gold: 10% off (off1)");
});
