import { describe, expect, it } from "vitest";
import { recommendReward } from "./recommendation";

const popularity = (entries: [string, number][]) => new Map(entries);

describe("the recommended next reward", () => {
  const rewards = [
    { id: "coffee", cost: 300 },
    { id: "shipping", cost: 400 },
    { id: "tenOff", cost: 500 },
    { id: "hoodie", cost: 2000 },
  ];

  it("is, of the rewards close to reach (within twice the smallest gap), the one the member's peers redeem most", () => {
    // Balance 250: gaps 50, 150, 250, 1750; close means a gap of 100 at most: only the coffee.
    expect(recommendReward(rewards, 250, popularity([["tenOff", 40], ["coffee", 3]]))).toEqual({ rewardId: "coffee", missing: 50 });
    // Balance 100: gaps 200, 300, 400 are all within 400; the ten off is redeemed most.
    expect(recommendReward(rewards, 100, popularity([["tenOff", 40], ["coffee", 3], ["hoodie", 99]]))).toEqual({ rewardId: "tenOff", missing: 400 });
  });

  it("takes the smaller gap, then the cheaper, when the peers redeem them alike (or not at all)", () => {
    expect(recommendReward(rewards, 100, popularity([]))).toEqual({ rewardId: "coffee", missing: 200 });
    expect(recommendReward(rewards, 100, popularity([["shipping", 5], ["tenOff", 5]]))).toEqual({ rewardId: "shipping", missing: 300 });
  });

  it("is, when every reward is affordable, the one the peers redeem most, then the dearest", () => {
    expect(recommendReward(rewards, 5000, popularity([["shipping", 7], ["coffee", 2]]))).toEqual({ rewardId: "shipping", missing: 0 });
    expect(recommendReward(rewards, 5000, popularity([]))).toEqual({ rewardId: "hoodie", missing: 0 });
  });

  it("leaves out the rewards already affordable while others are to reach, and is none without rewards", () => {
    expect(recommendReward(rewards, 450, popularity([["coffee", 100]]))).toEqual({ rewardId: "tenOff", missing: 50 });
    expect(recommendReward([], 450, popularity([]))).toBeNull();
  });
});
