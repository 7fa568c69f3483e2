import { describe, expect, it } from "vitest";
import { tier1Currency } from "~/models/currency.server";
import { describeRule, nthWeekdayOfMonth, seriesDates } from "~/lib/workshops/series";

describe("workshop series", () => {
  it("finds the third Tuesday of a month and the last Friday", () => {
    expect(nthWeekdayOfMonth(2027, 1, 2, 3)).toBe("2027-01-19");
    expect(nthWeekdayOfMonth(2027, 3, 2, 3)).toBe("2027-03-16");
    expect(nthWeekdayOfMonth(2027, 1, 5, -1)).toBe("2027-01-29");
    expect(nthWeekdayOfMonth(2026, 12, 1, 1)).toBe("2026-12-07");
  });

  it("makes a year of bi-monthly workshops on the third Tuesday, across the year end", () => {
    const rule = { firstMonth: "2026-12", everyMonths: 2, weekOfMonth: 3 as const, weekday: 2, count: 6 };
    expect(seriesDates(rule)).toEqual([
      "2026-12-15",
      "2027-02-16",
      "2027-04-20",
      "2027-06-15",
      "2027-08-17",
      "2027-10-19",
    ]);
    expect(describeRule(rule, "10:00", "12:30")).toBe(
      "every second month on the third Tuesday, 10:00 to 12:30, 6 times from 2026-12",
    );
  });
});

describe("Tier 1 currency (3 of the last 6)", () => {
  const rule = { attended: 3, ofLast: 6 };
  it("is current with room to spare", () => {
    expect(tier1Currency([true, true, true, true, false, false], rule)).toBe("current");
  });
  it("is at risk when missing the next one would drop below three", () => {
    expect(tier1Currency([true, false, false, false, true, true], rule)).toBe("at-risk");
    expect(tier1Currency([false, true, true, true, false, false], rule)).toBe("current");
  });
  it("is lapsed below three, and only counts the last six", () => {
    expect(tier1Currency([true, true, false, false, false, false, true, true], rule)).toBe("lapsed");
    expect(tier1Currency([], rule)).toBe("lapsed");
  });
});
