import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal } from "./secret-box.server";

describe("the secret box", () => {
  const key = randomBytes(32);

  it("opens what it sealed, and seals the same secret differently each time", () => {
    const [a, b] = [seal("hasło z ą", key), seal("hasło z ą", key)];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:/);
    expect([open(a, key), open(b, key)]).toEqual(["hasło z ą", "hasło z ą"]);
  });

  it("refuses another key, a changed byte and what is not sealed", () => {
    const sealed = seal("secret", key);
    expect(() => open(sealed, randomBytes(32))).toThrow();
    const [scheme, iv, tag, body] = sealed.split(":");
    const flipped = Buffer.from(body, "base64");
    flipped[0] ^= 1;
    expect(() => open([scheme, iv, tag, flipped.toString("base64")].join(":"), key)).toThrow();
    expect(() => open("secret", key)).toThrow("not a sealed secret");
  });
});
