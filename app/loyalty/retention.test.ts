import { describe, expect, it } from "vitest";
import { customerOrderFlags, RETENTION_DAYS, type CustomerOrder } from "./retention";

const DAY = 86_400_000;
const start = new Date("2026-03-01T12:00:00Z").getTime();
const order = (id: string, day: number, more: Partial<CustomerOrder> = {}): CustomerOrder => ({ id, processedAt: new Date(start + day * DAY), cancelledAt: null, isTest: false, ...more });
const flagsOf = (orders: CustomerOrder[]) => Object.fromEntries(customerOrderFlags(orders));

describe("a customer's first order and whether they came back", () => {
  it("flags the earliest counted order as first, retained by a second order within the window, both edges included", () => {
    expect(flagsOf([order("b", RETENTION_DAYS), order("a", 0)])).toEqual({
      a: { firstOrder: true, retained: true },
      b: { firstOrder: false, retained: false },
    });
    expect(flagsOf([order("a", 0), order("b", RETENTION_DAYS + 1 / DAY)]).a).toEqual({ firstOrder: true, retained: false });
    expect(flagsOf([order("a", 0)])).toEqual({ a: { firstOrder: true, retained: false } });
  });

  it("leaves out cancelled and test orders, which are neither first nor a return", () => {
    expect(flagsOf([order("a", 0, { isTest: true }), order("b", 5, { cancelledAt: new Date(start + 6 * DAY) }), order("c", 10), order("d", 20, { isTest: true })])).toEqual({
      a: { firstOrder: false, retained: false },
      b: { firstOrder: false, retained: false },
      c: { firstOrder: true, retained: false },
      d: { firstOrder: false, retained: false },
    });
    expect(flagsOf([order("a", 0, { cancelledAt: new Date(start) })])).toEqual({ a: { firstOrder: false, retained: false } });
  });

  it("takes the lower id first among orders placed at the same instant, which is no return", () => {
    expect(flagsOf([order("o2", 0), order("o1", 0)])).toEqual({
      o1: { firstOrder: true, retained: false },
      o2: { firstOrder: false, retained: false },
    });
    expect(flagsOf([order("o1", 0), order("o2", 0)]).o1.firstOrder).toBe(true);
  });
});
