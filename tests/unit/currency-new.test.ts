/** A Tier 1 member is "new", not lapsed, until the rule's number of workshops has been held since they became Tier 1. */
import { describe, expect, it } from "vitest";
import { tier1Currency, workshopsToBecomeCurrent } from "~/models/currency.server";

const rule = { attended: 3, ofLast: 6 };

describe("new Tier 1 members (3 of the last 6)", () => {
  it("are new while fewer than three workshops have been held since they became Tier 1", () => {
    expect(tier1Currency([false, false, false, false, false, false], rule, 0)).toBe("new");
    expect(tier1Currency([false, false, false, false, false, false], rule, 2)).toBe("new");
    expect(tier1Currency([true, true, false, false, false, false], rule, 2)).toBe("new");
  });

  it("lapse once they have had the chance to attend three and did not", () => {
    expect(tier1Currency([false, false, false, false, false, false], rule, 3)).toBe("lapsed");
    expect(tier1Currency([true, true, false, false, false, false], rule, 3)).toBe("lapsed");
    // Without a Tier 1 start (members from before it was recorded) nobody is new.
    expect(tier1Currency([false, false, false, false, false, false], rule)).toBe("lapsed");
  });

  it("are current or at risk as anyone is when they already meet the rule (say, as a deputy before)", () => {
    expect(tier1Currency([true, true, true, true, false, false], rule, 1)).toBe("current");
    expect(tier1Currency([true, false, false, false, true, true], rule, 1)).toBe("at-risk");
  });
});

describe("what a member needs to become current", () => {
  it("counts the next workshops they must attend, as older ones leave the window", () => {
    expect(workshopsToBecomeCurrent([false, false, false, false, false, false], rule)).toBe(3);
    expect(workshopsToBecomeCurrent([true, false, false, false, false, false], rule)).toBe(2);
    // The two attended are the oldest: both leave the window before a third is attended.
    expect(workshopsToBecomeCurrent([false, false, false, false, true, true], rule)).toBe(3);
    expect(workshopsToBecomeCurrent([false, true, false, true, false, false], rule)).toBe(1);
    expect(workshopsToBecomeCurrent([true, true, true, false, false, false], rule)).toBe(0);
    expect(workshopsToBecomeCurrent([], rule)).toBe(3);
  });
});
