import { describe, expect, it } from "vitest";
import { customerOrderFlags, RETENTION_DAYS, type CustomerOrder } from "./retention";

const DAY = 86_400_000;
const start = new Date("2026-03-01T12:00:00Z").getTime();
const order = (id: string, day: number, more: Partial<CustomerOrder> = {}): CustomerOrder => ({ id, processedAt: new Date(start + day * DAY), cancelledAt: null, isTest: false, ...more });
// The first order and its return (the second order's flags have a test of their own).
const flagsOf = (orders: CustomerOrder[]) => Object.fromEntries([...customerOrderFlags(orders)].map(([id, f]) => [id, { firstOrder: f.firstOrder, retained: f.retained }]));

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

describe("a customer's second order", () => {
  it("is the second counted order, with when the first was; cancelled and test orders are passed over, a third is no second", () => {
    const flags = customerOrderFlags([order("a", 0, { isTest: true }), order("b", 3), order("c", 5, { cancelledAt: new Date(start + 6 * DAY) }), order("d", 200), order("e", 201)]);
    expect([...flags].filter(([, f]) => f.secondOrder)).toEqual([["d", { firstOrder: false, retained: false, secondOrder: true, firstOrderAt: new Date(start + 3 * DAY) }]]);
    expect(flags.get("e")).toEqual({ firstOrder: false, retained: false, secondOrder: false, firstOrderAt: null });
    expect([...customerOrderFlags([order("a", 0)]).values()].some((f) => f.secondOrder)).toBe(false);
  });
});
