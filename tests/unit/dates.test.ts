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
