import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countTable,
  exposedCells,
  FEWER_THAN_FIVE,
  NOT_SHOWN,
  protectCount,
  protectTable,
  publishedGrid,
  publishedShare,
  showCount,
  type Published,
} from "~/lib/small-numbers";
import { workOutHidden } from "../small-number-attack";

const F = FEWER_THAN_FIVE;
const X = NOT_SHOWN;

/** Publishes a table of counts and checks every promise the module makes about it. */
function publishAndCheck(cells: number[][], columns: number, budget = 300_000) {
  const table = countTable(cells, columns);
  const published = protectTable(table);
  const truth = [...table.cells.map((row, r) => [...row, table.rowTotals[r]]), [...table.columnTotals, table.total]];
  const grid = publishedGrid(published);
  grid.forEach((row, r) =>
    row.forEach((entry, c) => {
      const value = truth[r][c];
      if (value >= 1 && value <= 4) expect(entry, `${value} at ${r},${c}`).toBe(F);
      else if (typeof entry === "number") expect(entry).toBe(value);
      else expect([entry, value >= 5]).toEqual([X, true]);
    }),
  );
  return { grid, findings: workOutHidden(grid, { budget }) };
}

describe("small-number suppression", () => {
  it("shows a lone count from 1 to 4 as fewer than 5, and 0 and 5 as they are", () => {
    expect([0, 1, 2, 3, 4, 5, 107].map(protectCount)).toEqual([0, F, F, F, F, 5, 107]);
    expect([0, 1, 4, 5, 1234].map((n) => showCount(protectCount(n)))).toEqual(["0", F, F, "5", "1,234"]);
    expect(showCount(X)).toBe("not shown");
  });

  it("publishes the Trailblazer's closed cases as they are: no count is small", () => {
    // 107 known prevention, 24 unsuccessful, 103 unknown (embedded housing workers, first two quarters).
    const published = protectTable(countTable([[107, 24, 103]], 3));
    expect(published).toEqual({ cells: [[107, 24, 103]], rowTotals: [234], columnTotals: [107, 24, 103], total: 234 });
  });

  it("hides a second count in a row and a column with one small count, so the total gives nothing away", () => {
    // Community navigators: 92 above 56 days, 57 within, 4 already homeless (one row, with totals).
    const published = protectTable(countTable([[92, 57, 4]], 3));
    expect(published.cells[0][2]).toBe(F);
    // Subtraction from the total of 153 would give the 4: the next smallest count (57) is hidden with it.
    expect(published.cells[0][1]).toBe(X);
    expect(published.cells[0][0]).toBe(92);
    expect(published.rowTotals[0]).toBe(153);
    expect(workOutHidden(publishedGrid(published))).toEqual([]);
  });

  it("chooses the smallest other count, and across rows closes the rectangle", () => {
    const published = protectTable(
      countTable(
        [
          [20, 3, 11],
          [30, 9, 40],
        ],
        3,
      ),
    );
    // 3 is small; in its row the next smallest is 11, in its column 9.
    expect(published.cells).toEqual([
      [20, F, X],
      [30, X, X],
    ]);
    expect(workOutHidden(publishedGrid(published))).toEqual([]);
  });

  it("hides more when two small counts in a line would give each other away by their bounds", () => {
    // Row: 1 and 1 hidden, the rest published: the two must add up to 2, so both are 1.
    const table = countTable(
      [
        [1, 1, 30],
        [12, 15, 40],
      ],
      3,
    );
    const naive = publishedGrid({
      cells: [
        [F, F, 30],
        [12, 15, 40],
      ],
      rowTotals: [table.rowTotals[0], table.rowTotals[1]],
      columnTotals: table.columnTotals,
      total: table.total,
    });
    expect(exposedCells(naive).length).toBeGreaterThan(0);
    expect(workOutHidden(naive).map((f) => f.value)).toContain(1);
    expect(publishAndCheck(table.cells, 3).findings).toEqual([]);
  });

  it("hides a small total, and a count that its row total would give away", () => {
    const { grid, findings } = publishAndCheck(
      [
        [2, 0, 0],
        [10, 20, 30],
      ],
      3,
    );
    expect(grid[0]).toEqual([F, 0, 0, F]);
    expect(findings).toEqual([]);
  });

  it("keeps an empty table and a table of zeros as they are", () => {
    expect(protectTable(countTable([], 2))).toEqual({ cells: [], rowTotals: [], columnTotals: [0, 0], total: 0 });
    expect(protectTable(countTable([[0, 0]], 2)).cells).toEqual([[0, 0]]);
  });

  it("publishes a share only when both its numbers are published", () => {
    expect(publishedShare(103, 234)).toBe(44);
    expect(publishedShare(F, 234)).toBeNull();
    expect(publishedShare(103, X)).toBeNull();
    expect(publishedShare(0, 0)).toBeNull();
  });

  it("the checker is not blind: it works out what only primary suppression would leave open", () => {
    // A lone "fewer than 5" in a row with its total published: 153 − 92 − 57 = 4.
    const naive: Published[][] = [
      [92, 57, F, 153],
      [92, 57, F, 153],
    ];
    expect(workOutHidden(naive)).toContainEqual({ row: 0, column: 2, value: 4, by: "algebra" });
    expect(exposedCells(naive)).toContainEqual([0, 2]);
    // Through a chain: the hidden pair in row 0 is fixed by column sums once row 1 is published.
    const chained: Published[][] = [
      [F, X, 10, 21],
      [5, 6, 7, 18],
      [8, 14, 17, 39],
    ];
    expect(workOutHidden(chained).map((f) => [f.row, f.column, f.value])).toEqual(
      expect.arrayContaining([
        [0, 0, 3],
        [0, 1, 8],
      ]),
    );
  });

  it("the checker finds a hidden count on no cycle of hidden counts, though every line hides two or more", () => {
    // Two separate rectangles of hidden counts (rows 0-1 × columns 0-1, rows 2-3 × columns 2-3) joined by one
    // hidden count at row 1, column 2. Every line hides two or more, but rows 0 and 1 hide the first rectangle and
    // the bridge while columns 0 and 1 hide only the rectangle: the bridge is the difference, 35 − 26 = 9.
    const truth = [
      [7, 6, 10, 10],
      [6, 7, 9, 10],
      [10, 10, 8, 6],
      [10, 10, 6, 8],
    ];
    const hidden = new Set(["0,0", "0,1", "1,0", "1,1", "1,2", "2,2", "2,3", "3,2", "3,3"]);
    const rowTotal = (row: number[]) => row.reduce((a, b) => a + b, 0);
    const grid: Published[][] = [
      ...truth.map((row, r) => [...row.map((v, c) => (hidden.has(`${r},${c}`) ? X : v)), rowTotal(row)]),
      [...truth[0].map((_, c) => rowTotal(truth.map((row) => row[c]))), rowTotal(truth.flat())],
    ];
    expect(workOutHidden(grid).map((f) => [f.row, f.column, f.value])).toContainEqual([1, 2, 9]);
    expect(exposedCells(grid)).toContainEqual([1, 2]);
    // And a table published with this pattern's counts is protected: nothing can be worked out.
    const { findings } = publishAndCheck(
      truth.map((row, r) => row.map((v, c) => (hidden.has(`${r},${c}`) ? (v % 4) + 1 : v))),
      4,
    );
    expect(findings).toEqual([]);
  });

  it("for any table, no hidden count can be worked out from what is published", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((columns) =>
          fc
            .array(
              fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 25 })), {
                minLength: columns,
                maxLength: columns,
              }),
              { minLength: 1, maxLength: 4 },
            )
            .map((cells) => ({ cells, columns })),
        ),
        ({ cells, columns }) => {
          const { findings } = publishAndCheck(cells, columns, 20_000);
          expect(findings).toEqual([]);
        },
      ),
      { numRuns: 200, seed: 19 },
    );
  });

  it("stops, without hiding the rest of the table, at a row its own bounds give away with nothing left to hide", () => {
    // Four 1s and a 0 make a row total of 4: shown as "fewer than 5" each, with the 0 shown, a reader knows each is
    // 1, and no further hiding can say otherwise. Before, every count in every line was hidden one by one (3 s for
    // 3,000 organisations) and the row was still given away.
    const cells = Array.from({ length: 3000 }, (_, r) =>
      r % 500 === 7 ? [1, 0, 1, 1, 1] : Array.from({ length: 5 }, (_, c) => 5 + ((r * 7 + c * 13) % 17)),
    );
    cells[3] = [2, 9, 14, 3, 30];
    const published = protectTable(countTable(cells, 5));
    const exposed = exposedCells(publishedGrid(published));
    // Only the six pinned rows' counts are left open: nothing else can be worked out.
    expect(new Set(exposed.map(([r]) => r))).toEqual(new Set([7, 507, 1007, 1507, 2007, 2507]));
    // The rows of large counts are published as they are, and row 3's small counts are protected as usual.
    expect(published.cells[100]).toEqual(cells[100]);
    expect(published.cells.flat().filter((v) => v === X).length).toBeLessThan(20);
    expect(published.cells[3].filter((v) => typeof v !== "number").length).toBeGreaterThanOrEqual(2);
  });

  it("protects a table with thousands of rows and many small counts", () => {
    const cells = Array.from({ length: 3000 }, (_, r) => Array.from({ length: 5 }, (_, c) => (r * 7 + c * 13) % 17));
    const published = protectTable(countTable(cells, 5));
    expect(exposedCells(publishedGrid(published))).toEqual([]);
    expect(published.cells.flat().filter((v) => v === F).length).toBeGreaterThan(3000);
  });
});
