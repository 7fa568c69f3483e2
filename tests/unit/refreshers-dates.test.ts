/**
 * The refreshers table formats each expiry date once per hour of expiry (a
 * national year's range is 291,435 rows), and every row still shows its own
 * London date, either side of midnight and of the clocks changing.
 */
import { describe, expect, it } from "vitest";
import { showReport } from "~/components/report-content";
import { formatDate } from "~/lib/dates";

const INSTANTS = [
  "2026-03-28T23:30:00Z", // GMT: 28 March
  "2026-03-29T00:00:00Z", // GMT midnight: 29 March (the clocks go forward at 01:00)
  "2026-03-29T00:59:59Z",
  "2026-03-29T22:59:59Z", // BST: 23:59 on 29 March
  "2026-03-29T23:00:00Z", // BST midnight: 30 March
  "2026-03-29T23:10:00Z",
  "2026-10-24T22:59:00Z", // BST: 23:59 on 24 October
  "2026-10-24T23:00:00Z", // BST midnight: 25 October
  "2026-10-25T00:30:00Z", // still 25 October, now GMT (the clocks went back at 02:00 BST)
  "2026-10-25T23:59:59Z",
  "2026-10-26T00:00:00Z",
];

describe("the refreshers table's dates", () => {
  it("show each row's own London date", () => {
    const rows = INSTANTS.map((iso, i) => ({
      name: `Member ${i}`,
      organisation: "Org",
      moduleTitle: "Module",
      expiresAt: new Date(iso),
      expired: false,
    }));
    const table = showReport({
      id: "refreshers",
      data: { totals: [{ label: "Due", value: rows.length }], total: rows.length, rows },
    }).tables[0];
    expect(table.rows.map((row) => row[3])).toEqual(INSTANTS.map((iso) => formatDate(new Date(iso))));
    expect(table.rows.map((row) => row[3])).toEqual([
      "28 March 2026",
      "29 March 2026",
      "29 March 2026",
      "29 March 2026",
      "30 March 2026",
      "30 March 2026",
      "24 October 2026",
      "25 October 2026",
      "25 October 2026",
      "25 October 2026",
      "26 October 2026",
    ]);
  });
});
