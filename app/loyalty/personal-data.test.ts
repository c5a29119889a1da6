import { describe, expect, it } from "vitest";
import { RefusedEvent, withoutPersonalData, type InboxEvent } from "./events";

const person = { customerId: "7", email: "ada@example.com", firstName: "Ada", lastName: "Nowak", birthday: "1990-05-01", locale: "pl" };
const anonymous = { customerId: "7", email: null, firstName: null, lastName: null, birthday: null, locale: "pl" };

describe("an applied event as kept in the inbox", () => {
  it("keeps no name, email, birthday or place of an order's customer, nor of a created or updated customer", () => {
    const order = { orderId: "1", name: "#1", customer: person, currency: "USD", totalMinor: 100, subtotalMinor: 100, discountMinor: 0, discountCodes: [] } as unknown;
    const paid = { kind: "order", event: { type: "paid", order } } as InboxEvent;
    expect(withoutPersonalData(paid)).toEqual({ kind: "order", event: { type: "paid", order: { ...(order as object), customer: anonymous, location: null } } });
    for (const kind of ["customer_created", "customer_updated"] as const) {
      expect(withoutPersonalData({ kind, customer: person } as InboxEvent)).toEqual({ kind, customer: anonymous });
    }
  });

  it("keeps a refund and a guest's order as they are", () => {
    const refund = { kind: "order", event: { type: "refund", orderId: "1", refundId: "2", currency: "USD", lines: [], unallocatedMinor: 0, amountMinor: 0, refundedAt: new Date() } } as InboxEvent;
    expect(withoutPersonalData(refund)).toBe(refund);
    const guest = { kind: "order", event: { type: "paid", order: { orderId: "1", customer: null } } } as unknown as InboxEvent;
    expect(withoutPersonalData(guest)).toBe(guest);
  });

  it("names a refused event's error as such", () => {
    expect(new RefusedEvent("not applied").name).toBe("RefusedEvent");
  });
});
