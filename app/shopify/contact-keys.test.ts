import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contactKeys } from "./payloads";

const order = (address: { address1?: string | null; zip?: string | null; country_code?: string | null; phone?: string | null } | null, phone: string | null = null, customerPhone: string | null = null) =>
  ({ phone, shipping_address: address, customer: customerPhone === null ? null : { phone: customerPhone } }) as Parameters<typeof contactKeys>[0];

describe("an order's contact keys (a friend's order to the referrer's own address or phone)", () => {
  it("match the same street, postcode and country however they are written, in any script", () => {
    const a = contactKeys(order({ address1: "12 Main St.", zip: "AB1 2CD", country_code: "GB" })).address;
    // Kept on members and compared with later orders': the form must not change between versions.
    expect(a).toBe(createHash("sha256").update("12mainst|ab12cd|gb").digest("hex").slice(0, 32));
    expect(contactKeys(order({ address1: "12 main st", zip: "ab12cd", country_code: "gb" })).address).toBe(a);
    expect(contactKeys(order({ address1: "14 Main St.", zip: "AB1 2CD", country_code: "GB" })).address).not.toBe(a);
    expect(contactKeys(order({ address1: "12 Main St.", zip: "AB1 2CE", country_code: "GB" })).address).not.toBe(a);
    expect(contactKeys(order({ address1: "12 Main St.", zip: "AB1 2CD", country_code: "IE" })).address).not.toBe(a);
    const cyrillic = contactKeys(order({ address1: "ул. Ленина, 5", zip: "101000", country_code: "RU" })).address;
    expect(contactKeys(order({ address1: "УЛ ЛЕНИНА 5", zip: "101 000", country_code: "ru" })).address).toBe(cyrillic);
    expect(contactKeys(order({ address1: "ул. Гагарина, 5", zip: "101000", country_code: "RU" })).address).not.toBe(cyrillic);
  });

  it("are no address without a street or a postcode", () => {
    expect(contactKeys(order({ address1: "12 Main St.", zip: null, country_code: "GB" })).address).toBeNull();
    expect(contactKeys(order({ address1: null, zip: "AB1 2CD", country_code: "GB" })).address).toBeNull();
    expect(contactKeys(order({ address1: "...", zip: "AB1 2CD", country_code: "GB" })).address).toBeNull();
    expect(contactKeys(order(null)).address).toBeNull();
  });

  it("match a phone by its last nine digits, from the order, else its address, else the customer", () => {
    const p = contactKeys(order(null, "+48 600-123-456")).phone;
    expect(p).toBe(createHash("sha256").update("600123456").digest("hex").slice(0, 32));
    expect(contactKeys(order(null, "600123456")).phone).toBe(p);
    expect(contactKeys(order({ phone: "0048 600 123 456" })).phone).toBe(p);
    expect(contactKeys(order(null, null, "600 123 456")).phone).toBe(p);
    expect(contactKeys(order({ phone: "111111111" }, "600123456")).phone).toBe(p); // the order's own first
    expect(contactKeys(order(null, "600123457")).phone).not.toBe(p);
    expect(contactKeys(order(null, "12345")).phone).toBeNull(); // too short to mean anyone
    expect(contactKeys(order(null, "123456")).phone).toMatch(/^[0-9a-f]{32}$/);
    expect(contactKeys(order(null)).phone).toBeNull();
  });
});
