import { describe, expect, it } from "vitest";
import { samePerson } from "./referrals.server";

const person = (id: string, keys: Partial<{ customerId: string; emailKey: string | null; addressKey: string | null; phoneKey: string | null }> = {}) => ({
  id, customerId: keys.customerId ?? `customer-${id}`, emailKey: keys.emailKey ?? null, addressKey: keys.addressKey ?? null, phoneKey: keys.phoneKey ?? null,
});

describe("one person under two accounts (no referral bonus between them)", () => {
  const referrer = person("r", { emailKey: "ada@example.com", addressKey: "addr-r", phoneKey: "phone-r" });

  it("is the same member, customer, email, address or phone", () => {
    expect(samePerson(referrer, person("r"))).toBe(true);
    expect(samePerson(referrer, person("f", { customerId: "customer-r" }))).toBe(true);
    expect(samePerson(referrer, person("f", { emailKey: "ada@example.com" }))).toBe(true);
    expect(samePerson(referrer, person("f", { addressKey: "addr-r" }))).toBe(true);
    expect(samePerson(referrer, person("f", { phoneKey: "phone-r" }))).toBe(true);
  });

  it("counts the friend's order's address or phone as well as the ones kept", () => {
    expect(samePerson(referrer, person("f", { addressKey: "addr-f" }), { address: "addr-r", phone: null })).toBe(true);
    expect(samePerson(referrer, person("f", { phoneKey: "phone-f" }), { address: null, phone: "phone-r" })).toBe(true);
    expect(samePerson(referrer, person("f", { addressKey: "addr-f", phoneKey: "phone-f" }), { address: "addr-x", phone: "phone-x" })).toBe(false);
  });

  it("is not two people who share only what neither has (no email, address or phone)", () => {
    const bare = person("r2");
    expect(samePerson(bare, person("f"))).toBe(false);
    expect(samePerson(bare, person("f"), { address: null, phone: null })).toBe(false);
    expect(samePerson(referrer, person("f", { emailKey: "bob@example.com", addressKey: "addr-f", phoneKey: "phone-f" }))).toBe(false);
  });
});
