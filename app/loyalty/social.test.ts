import { describe, expect, it } from "vitest";
import { isProfileUrl, parseSocialFollows } from "./social";

describe("a profile's address", () => {
  it("is an https address on the network's own host that names an account", () => {
    expect(isProfileUrl("instagram", "https://www.instagram.com/zielonalaka")).toBe(true);
    expect(isProfileUrl("facebook", "https://m.fb.com/zielonalaka/")).toBe(true);
    expect(isProfileUrl("x", `https://x.com/${"a".repeat(300 - "https://x.com/".length)}`)).toBe(true);
  });

  it("is refused when it is not an address, is too long, or carries a login or a port", () => {
    expect(isProfileUrl("instagram", "instagram.com/zielonalaka")).toBe(false); // no scheme: not an address
    expect(isProfileUrl("x", `https://x.com/${"a".repeat(301 - "https://x.com/".length)}`)).toBe(false);
    expect(isProfileUrl("tiktok", "https://user@tiktok.com/@shop")).toBe(false);
    expect(isProfileUrl("tiktok", "https://:pass@tiktok.com/@shop")).toBe(false);
    expect(isProfileUrl("youtube", "https://youtube.com:8443/@shop")).toBe(false);
  });
});

describe("the stored follows", () => {
  it("are read back in the networks' order, leaving out networks Klub no longer knows", () => {
    const json = JSON.stringify({ myspace: { url: "https://myspace.com/shop", points: 5 }, x: { url: "https://x.com/shop", points: 20 }, instagram: { url: "https://instagram.com/shop", points: 10 } });
    const follows = parseSocialFollows(json);
    expect(follows).toEqual({ instagram: { url: "https://instagram.com/shop", points: 10 }, x: { url: "https://x.com/shop", points: 20 } });
    expect(Object.keys(follows)).toEqual(["instagram", "x"]);
  });

  it("are none when the column is not JSON or any row is not of their shape", () => {
    expect(parseSocialFollows("{not json")).toEqual({});
    expect(parseSocialFollows(JSON.stringify({ instagram: { url: "https://instagram.com/shop", points: 10 }, x: { url: "https://x.com/shop", points: -1 } }))).toEqual({});
  });
});
