import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "~/lib/dates";

describe("dates in Europe/London", () => {
  it("shows British Summer Time and Greenwich Mean Time correctly", () => {
    expect(formatDateTime(new Date("2026-07-01T09:00:00Z"))).toBe("1 July 2026 at 10:00");
    expect(formatDateTime(new Date("2026-12-01T09:00:00Z"))).toBe("1 December 2026 at 09:00");
  });

  it("crosses the date line at midnight London time", () => {
    expect(formatDate(new Date("2026-06-30T23:30:00Z"))).toBe("1 July 2026");
  });
});

import { formatEventTime, londonToUtc, toLondonInputs } from "~/lib/dates";

describe("London wall-clock times", () => {
  it("converts summer and winter times to UTC", () => {
    expect(londonToUtc("2026-07-14", "10:00")?.toISOString()).toBe("2026-07-14T09:00:00.000Z");
    expect(londonToUtc("2026-01-20", "10:00")?.toISOString()).toBe("2026-01-20T10:00:00.000Z");
  });

  it("handles the days the clocks change", () => {
    // 29 March 2026: clocks go forward at 01:00 GMT; 10:00 is BST.
    expect(londonToUtc("2026-03-29", "10:00")?.toISOString()).toBe("2026-03-29T09:00:00.000Z");
    // 01:30 does not exist that morning: it becomes 02:30 BST (01:30 UTC).
    expect(londonToUtc("2026-03-29", "01:30")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    // 25 October 2026: clocks go back at 02:00 BST; 10:00 is GMT.
    expect(londonToUtc("2026-10-25", "10:00")?.toISOString()).toBe("2026-10-25T10:00:00.000Z");
    // 01:30 happens twice: the first (BST) is taken.
    expect(londonToUtc("2026-10-25", "01:30")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("refuses dates and times that do not exist", () => {
    expect(londonToUtc("2026-02-30", "10:00")).toBeNull();
    expect(londonToUtc("2026-13-01", "10:00")).toBeNull();
    expect(londonToUtc("2026-01-01", "25:00")).toBeNull();
    expect(londonToUtc("yesterday", "10:00")).toBeNull();
  });

  it("round-trips to form values and formats a range", () => {
    expect(toLondonInputs(new Date("2026-10-27T10:00:00Z"))).toEqual({ date: "2026-10-27", time: "10:00" });
    expect(formatEventTime(new Date("2026-03-17T10:00:00Z"), new Date("2026-03-17T12:30:00Z"))).toBe(
      "Tuesday 17 March 2026, 10:00 to 12:30",
    );
  });
});
