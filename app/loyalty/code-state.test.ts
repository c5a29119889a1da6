import { expect, it } from "vitest";
import { codeState } from "./shopper.server";

const now = new Date("2026-11-10T12:00:00Z");
const past = new Date(now.getTime() - 1);
const later = new Date(now.getTime() + 1);

it("names a shopper's code by what they can still do with it", () => {
  const state = (status: string, expiresAt: Date | null = null) => codeState({ status, expiresAt }, now);
  expect(state("reserved")).toBe("pending"); // Shopify has not made it yet
  expect(state("issued")).toBe("issued");
  expect(state("issued", later)).toBe("issued");
  expect(state("issued", now)).toBe("expired"); // runs out at this very instant
  expect(state("issued", past)).toBe("expired");
  expect(state("used", past)).toBe("used"); // used before it ran out
  expect(state("returned", past)).toBe("used"); // used on an order that was then refunded or cancelled
  expect(state("cancelled", past)).toBe("cancelled");
  expect(state("failed")).toBe("failed");
});
