// Shopify's 64-bit ids through app/shopify/lossless-json.ts: integers beyond 2^53 kept exactly, as text.
import { expect, it } from "vitest";
import { parseLosslessJson } from "../app/shopify/lossless-json";

it("keeps integers beyond 2^53 as their text, and every other value as JSON.parse gives it", () => {
  const text = '{"id":12345678901234567890,"ids":[9007199254740993,-9007199254740993],"safe":9007199254740991,"price":"19.99","rate":1.5,"huge":1.2345678901234567e+300,"long":12345678901234567890.5,"nested":{"ok":true,"none":null}}';
  expect(parseLosslessJson(text)).toStrictEqual({
    id: "12345678901234567890",
    ids: ["9007199254740993", "-9007199254740993"],
    safe: 9007199254740991,
    price: "19.99",
    rate: 1.5,
    huge: 1.2345678901234567e300,
    long: Number("12345678901234567890.5"), // a number with a fraction is no id: kept as JSON.parse reads it
    nested: { ok: true, none: null },
  });
});

it("keeps a long integer in the shortest body too", () => {
  expect(parseLosslessJson("[12345678901234567890]")).toStrictEqual(["12345678901234567890"]);
  expect(parseLosslessJson("[1,2]")).toStrictEqual([1, 2]);
});

it("throws SyntaxError on a body that is not JSON, with or without long numbers", () => {
  expect(() => parseLosslessJson('{"id": 12345678901234567890,')).toThrow(SyntaxError);
  expect(() => parseLosslessJson("{")).toThrow(SyntaxError);
});
