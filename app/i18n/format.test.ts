import { describe, expect, it } from "vitest";
import { formatter } from "./format";

describe("the admin's formatting", () => {
  it("groups thousands as the owner's language does, whatever the browser's", () => {
    expect(formatter("en").number(12_345)).toBe("12,345");
    expect(formatter("pl").number(12_345)).toBe("12\u00a0345");
    expect(formatter("ru").number(12_345)).toBe("12\u00a0345");
    expect(formatter("pl").number(1_234)).toBe("1234"); // Polish groups from five digits
    expect(formatter("en").signed(25)).toBe("+25");
    expect(formatter("ru").signed(-1_500)).toBe("-1\u00a0500");
  });

  it("shows money in the shop's currency with its own decimals, in the owner's language", () => {
    expect(formatter("en").money(250, "USD")).toBe("$2.50");
    expect(formatter("pl").money(123_450, "PLN")).toBe("1234,50\u00a0zł");
    expect(formatter("ru").money(1_200, "JPY")).toBe("1\u00a0200\u00a0¥");
  });

  it("dates in UTC, so the server and every browser render the same text", () => {
    const at = "2026-03-01T23:30:00Z";
    expect(formatter("en").date(at)).toBe("Mar 1, 2026");
    expect(formatter("pl").date(at)).toBe("1 mar 2026");
    expect(formatter("ru").date(new Date(at))).toBe("1 мар. 2026 г.");
    expect(formatter("en").dateTime(at)).toBe("Mar 1, 2026, 11:30 PM");
  });
});
