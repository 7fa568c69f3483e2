/**
 * Small-number suppression for every published count (report pages, charts,
 * CSV and any JSON a loader sends).
 *
 * The method is cell suppression as UK official statistics use it (the ONS
 * and NHS Digital disclosure-control guidance for tables of counts):
 *
 * 1. Primary suppression: a count from 1 to 4 is shown as "fewer than 5".
 *    Zero is shown as 0 (it reveals nobody).
 * 2. Secondary (complementary) suppression: a table is published with its
 *    row and column totals, so a hidden cell could be worked out by
 *    subtraction. Wherever that is possible, a further cell is hidden, shown
 *    as "not shown": in the line (row or column) where the hidden cell could
 *    be worked out, the smallest count that is not zero (preferring one whose
 *    crossing line also needs a second hidden count, so one cell protects
 *    both), a total only when no other count is left. It repeats until no
 *    hidden number can be worked out.
 *
 * "Worked out" is checked two ways, and both must fail for every hidden cell:
 * - exactly, by subtraction through any chain of rows and columns: with the
 *   totals as a further row and column, a hidden cell is fixed by the
 *   published numbers exactly when it lies on no cycle of hidden cells (a
 *   "bridge"; the equations of a table with totals are those of a bipartite
 *   graph of rows and columns, whose only freedom is around cycles);
 * - by bounds: a reader knows "fewer than 5" means 1 to 4 and that "not
 *   shown" means at least 5 (smaller counts say "fewer than 5"), so a row
 *   whose hidden cells must add up to, say, 2 would give away two 1s. Bounds
 *   are narrowed line by line until nothing changes; a hidden cell whose
 *   bounds meet is exposed.
 *
 * One case is beyond this method: a line whose own bounds give its counts
 * away once everything in it that can be hidden is hidden. With zeros shown,
 * four counts of "fewer than 5" in a line whose total is "fewer than 5" can
 * only be four 1s. Hiding counts in other lines cannot change that, so the
 * search stops there (it used to hide every count in the table, one at a time,
 * and still leave the line open: 3 seconds for 3,000 organisations), and
 * exposedCells still reports it. Protecting it needs the table itself changed
 * (such organisations combined into one row).
 *
 * Totals are the true totals, unless themselves 1 to 4 or hidden by step 2.
 * A share (a percentage) is published only when the numbers it is made of
 * are. What this does not guard against, as the guidance says, is comparing
 * two different tables of the same cases (for example one period against a
 * longer one): the reports are shown to the network's own staff, and a
 * published table should be taken from one report.
 */

/** The text shown in place of a count from 1 to 4. */
export const FEWER_THAN_FIVE = "fewer than 5";
/** The text shown in place of a larger count hidden so that a small one cannot be worked out. */
export const NOT_SHOWN = "not shown";

/** A published count: the number itself, or one of the two texts. */
export type Published = number | typeof FEWER_THAN_FIVE | typeof NOT_SHOWN;

/** A table of counts with its row totals, column totals and grand total. */
export type CountTable = { cells: number[][]; rowTotals: number[]; columnTotals: number[]; total: number };
export type PublishedTable = {
  cells: Published[][];
  rowTotals: Published[];
  columnTotals: Published[];
  total: Published;
};

export const isSmall = (n: number) => n >= 1 && n <= 4;

/** One count on its own, not part of a table with totals: 1 to 4 becomes "fewer than 5". */
export function protectCount(n: number): Published {
  return isSmall(n) ? FEWER_THAN_FIVE : n;
}

/** A table's totals, worked out from its cells (rows of `columns` counts). */
export function countTable(cells: number[][], columns: number): CountTable {
  const columnTotals = Array.from({ length: columns }, (_, c) => cells.reduce((sum, row) => sum + row[c], 0));
  const rowTotals = cells.map((row) => row.reduce((sum, n) => sum + n, 0));
  return { cells, rowTotals, columnTotals, total: rowTotals.reduce((sum, n) => sum + n, 0) };
}

/** The table as one grid: its rows, then the totals row; each row's last entry its total. */
function toGrid(table: { cells: unknown[][]; rowTotals: unknown[]; columnTotals: unknown[]; total: unknown }) {
  const grid = table.cells.map((row, r) => {
    const line = row.slice();
    line.push(table.rowTotals[r]);
    return line;
  });
  const totals = table.columnTotals.slice();
  totals.push(table.total);
  grid.push(totals);
  return grid;
}

/**
 * Publishes a table with totals: small counts as "fewer than 5", and further
 * counts "not shown" until no hidden count can be worked out (see above).
 *
 * An organisation table of the whole network is 3,000 rows with thousands of
 * small counts, so the work is done on flat typed arrays (the lines of the
 * table and the hidden cells as numbers), not on lists of [row, column] pairs.
 */
export function protectTable(table: CountTable): PublishedTable {
  const grid = toGrid(table) as number[][];
  const rows = grid.length;
  const columns = grid[0].length;
  const shown: Published[][] = grid.map((row) => row.map((n) => (isSmall(n) ? FEWER_THAN_FIVE : n)));
  // Hidden counts in each row and each column, kept up to date.
  const rowHidden = new Int32Array(rows);
  const columnHidden = new Int32Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (typeof shown[r][c] !== "number") {
        rowHidden[r] += 1;
        columnHidden[c] += 1;
      }
    }
  }
  const hide = (cell: number) => {
    const r = Math.floor(cell / columns);
    const c = cell % columns;
    shown[r][c] = NOT_SHOWN;
    rowHidden[r] += 1;
    columnHidden[c] += 1;
  };
  // The count to hide beside a line's hidden ones: above zero, a total only when no other is left, one whose
  // crossing line has a lone hidden count if there is one (it protects both lines at once), then the smallest.
  // Cells are numbered row by row (row × columns + column); -1 when the line has no count to hide.
  let best = -1;
  let bestTotal = Infinity;
  let bestLonely = Infinity;
  let bestValue = Infinity;
  const consider = (r: number, c: number, inRow: boolean) => {
    const v = shown[r][c];
    if (typeof v !== "number" || v === 0) return;
    const total = r === rows - 1 || c === columns - 1 ? 1 : 0;
    const lonely = (inRow ? columnHidden[c] : rowHidden[r]) === 1 ? 0 : 1;
    if (
      total < bestTotal ||
      (total === bestTotal && (lonely < bestLonely || (lonely === bestLonely && v < bestValue)))
    ) {
      best = r * columns + c;
      bestTotal = total;
      bestLonely = lonely;
      bestValue = v;
    }
  };
  const pickFrom = (line: () => void) => {
    best = -1;
    bestTotal = bestLonely = bestValue = Infinity;
    line();
    return best;
  };
  const inRow = (r: number) =>
    pickFrom(() => {
      for (let c = 0; c < columns; c++) consider(r, c, columns > 1);
    });
  const inColumn = (c: number) =>
    pickFrom(() => {
      for (let r = 0; r < rows; r++) consider(r, c, false);
    });
  // The usual secondary suppression first, which is quick: a line with one hidden count gets a second.
  for (let changed = true; changed;) {
    changed = false;
    // Rows as their number, then columns as rows + their number.
    const lonely: number[] = [];
    for (let r = 0; r < rows; r++) if (rowHidden[r] === 1) lonely.push(r);
    for (let c = 0; c < columns; c++) if (columnHidden[c] === 1) lonely.push(rows + c);
    for (const line of lonely) {
      const isRow = line < rows;
      if ((isRow ? rowHidden[line] : columnHidden[line - rows]) !== 1) continue;
      const pick = isRow ? inRow(line) : inColumn(line - rows);
      if (pick !== -1) {
        hide(pick);
        changed = true;
      }
    }
  }
  // Then whatever can still be worked out, through chains of lines or by bounds, gets more hidden beside it.
  for (;;) {
    const exposed = exposedCells(shown);
    if (exposed.length === 0) break;
    let hidden = 0;
    let helpless = 0;
    const sums = lineSums(shown);
    for (const [r, c] of exposed) {
      // A count its own row (or column) gives away by bounds alone is protected only by hiding more in that line:
      // hiding elsewhere cannot help, and when the line has nothing left to hide, nothing can (see pinnedByLine).
      const row = pinnedByLine(shown, sums, r, c, true);
      const column = pinnedByLine(shown, sums, r, c, false);
      let pick: number;
      if (row || column) pick = row && column ? -1 : row ? inRow(r) : inColumn(c);
      else {
        // Widen the line with fewer hidden counts first.
        pick = rowHidden[r] <= columnHidden[c] ? inRow(r) : inColumn(c);
        if (pick === -1) pick = rowHidden[r] <= columnHidden[c] ? inColumn(c) : inRow(r);
      }
      if (pick !== -1) {
        hide(pick);
        hidden += 1;
      } else if (row || column) helpless += 1;
    }
    // Only counts that no further hiding can protect are left (see the module's comment): stop.
    if (hidden === 0 && helpless === exposed.length) break;
    if (hidden === 0) {
      // Both lines of every exposed cell are hidden whole: hide the smallest count left anywhere.
      const pick = pickFrom(() => {
        for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) consider(r, c, columns > 1);
      });
      if (pick === -1) break; // everything is hidden: nothing can be worked out
      hide(pick);
    }
  }
  const cells = shown.slice(0, -1).map((row) => row.slice(0, -1));
  return {
    cells,
    rowTotals: shown.slice(0, -1).map((row) => row[columns - 1]),
    columnTotals: shown[rows - 1].slice(0, -1),
    total: shown[rows - 1][columns - 1],
  };
}

/** What a reader knows of a published entry: its least and greatest value. */
const leastOf = (v: Published) => (typeof v === "number" ? v : v === FEWER_THAN_FIVE ? 1 : 5);
const mostOf = (v: Published) => (typeof v === "number" ? v : v === FEWER_THAN_FIVE ? 4 : Infinity);

/**
 * Whether a hidden entry's own row (or column) alone gives it away by bounds:
 * the line's published counts and what a reader knows of its other hidden
 * entries ("fewer than 5" is 1 to 4, "not shown" at least 5) leave it one
 * value. Hiding counts in other lines cannot change that. The lines' sums are
 * worked out once (lineSums) for all the entries asked about.
 */
function pinnedByLine(grid: Published[][], sums: LineSums, r: number, c: number, inRow: boolean) {
  const rows = grid.length;
  const columns = grid[0].length;
  const line = inRow ? r : rows + c;
  const last = inRow ? c === columns - 1 : r === rows - 1;
  // Each line adds up to 0 with its parts counted +1 and its total −1: the signed entry is minus the others.
  const least = leastOf(grid[r][c]);
  const most = mostOf(grid[r][c]);
  const ownLow = last ? -most : least;
  const ownHigh = last ? -least : most;
  // The others' signed sum, from the line's: an unbounded end is the entry's own only if the line has one.
  const othersLow =
    sums.infiniteLow[line] > (ownLow === -Infinity ? 1 : 0)
      ? -Infinity
      : sums.low[line] - (ownLow === -Infinity ? 0 : ownLow);
  const othersHigh =
    sums.infiniteHigh[line] > (ownHigh === Infinity ? 1 : 0)
      ? Infinity
      : sums.high[line] - (ownHigh === Infinity ? 0 : ownHigh);
  // A part is minus the others; a total is the others.
  const [fromLine, toLine] = last ? [othersLow, othersHigh] : [-othersHigh, -othersLow];
  return Math.max(fromLine, least) >= Math.min(toLine, most);
}

/** Each line's signed sum of what a reader knows (finite parts, and how many entries are unbounded either way). */
type LineSums = { low: Float64Array; high: Float64Array; infiniteLow: Int32Array; infiniteHigh: Int32Array };

function lineSums(grid: Published[][]): LineSums {
  const rows = grid.length;
  const columns = grid[0].length;
  const sums = {
    low: new Float64Array(rows + columns),
    high: new Float64Array(rows + columns),
    infiniteLow: new Int32Array(rows + columns),
    infiniteHigh: new Int32Array(rows + columns),
  };
  const add = (line: number, low: number, high: number) => {
    if (low === -Infinity) sums.infiniteLow[line] += 1;
    else sums.low[line] += low;
    if (high === Infinity) sums.infiniteHigh[line] += 1;
    else sums.high[line] += high;
  };
  for (let r = 0; r < rows; r++) {
    const row = grid[r];
    for (let c = 0; c < columns; c++) {
      // Each entry's bounds without a pair made for it: 21,000 entries in an organisation table.
      const least = leastOf(row[c]);
      const most = mostOf(row[c]);
      if (c === columns - 1) add(r, -most, -least);
      else add(r, least, most);
      if (r === rows - 1) add(rows + c, -most, -least);
      else add(rows + c, least, most);
    }
  }
  return sums;
}

/**
 * The hidden cells of a grid grouped by line: lines are the rows (0 to
 * rows − 1), then the columns; line l's cells (numbers into the hidden list)
 * are entries[start[l]] to entries[start[l + 1] − 1], in the order of the list.
 */
function byLine(rows: number, columns: number, hiddenRow: Int32Array, hiddenColumn: Int32Array) {
  const lines = rows + columns;
  const start = new Int32Array(lines + 1);
  for (let i = 0; i < hiddenRow.length; i++) {
    start[hiddenRow[i] + 1] += 1;
    start[rows + hiddenColumn[i] + 1] += 1;
  }
  for (let l = 0; l < lines; l++) start[l + 1] += start[l];
  const next = start.slice(0, lines);
  const entries = new Int32Array(2 * hiddenRow.length);
  for (let i = 0; i < hiddenRow.length; i++) {
    entries[next[hiddenRow[i]]++] = i;
    entries[next[rows + hiddenColumn[i]]++] = i;
  }
  return { start, entries };
}

/**
 * Hidden cells of a published grid (rows, then the totals row; each row's
 * last entry its total) that a reader could work out exactly, by subtraction
 * through any chain of rows and columns or by bounds. Empty when the table is
 * safe to publish.
 */
export function exposedCells(grid: Published[][]): Array<[number, number]> {
  const rows = grid.length;
  const columns = grid[0]?.length ?? 0;
  // One pass over the grid: the hidden cells row by row (their rows and columns, and what a reader knows of each),
  // and each line's signed sum of its published counts (the parts count +1, the total, the line's last entry, −1;
  // the whole line adds up to 0).
  const hiddenRow = new Int32Array(rows * columns);
  const hiddenColumn = new Int32Array(rows * columns);
  const low = new Float64Array(rows * columns);
  const high = new Float64Array(rows * columns);
  const fixed = new Float64Array(rows + columns);
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const row = grid[r];
    for (let c = 0; c < columns; c++) {
      const v = row[c];
      if (typeof v === "number") {
        fixed[r] += c === columns - 1 ? -v : v;
        fixed[rows + c] += r === rows - 1 ? -v : v;
        continue;
      }
      hiddenRow[count] = r;
      hiddenColumn[count] = c;
      // "fewer than 5" is 1 to 4; "not shown" is at least 5 (smaller counts say "fewer than 5").
      low[count] = v === FEWER_THAN_FIVE ? 1 : 5;
      high[count] = v === FEWER_THAN_FIVE ? 4 : Infinity;
      count += 1;
    }
  }
  if (count === 0) return [];
  const hidden = { rows: hiddenRow.subarray(0, count), columns: hiddenColumn.subarray(0, count) };
  const lines = byLine(rows, columns, hidden.rows, hidden.columns);
  const exposed = new Uint8Array(count);
  markBridges(rows, columns, hidden.rows, hidden.columns, lines, exposed);
  markPinnedByBounds(rows, columns, hidden, { low, high, fixed }, lines, exposed);
  const found: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) if (exposed[i]) found.push([hiddenRow[i], hiddenColumn[i]]);
  return found;
}

/**
 * Marks the hidden cells on no cycle of hidden cells. Nodes are the lines
 * (rows 0..rows-1, then columns); each hidden cell joins its row to its
 * column. Tarjan's bridge-finding, without recursion.
 */
function markBridges(
  rows: number,
  columns: number,
  hiddenRow: Int32Array,
  hiddenColumn: Int32Array,
  { start, entries }: { start: Int32Array; entries: Int32Array },
  exposed: Uint8Array,
) {
  const nodes = rows + columns;
  const order = new Int32Array(nodes).fill(-1);
  const low = new Int32Array(nodes);
  // The depth-first path: each node on it, the cell it was reached by, and the next of its cells to follow.
  const stackNode = new Int32Array(nodes);
  const stackVia = new Int32Array(nodes);
  const stackNext = new Int32Array(nodes);
  let time = 0;
  for (let first = 0; first < nodes; first++) {
    if (order[first] !== -1 || start[first] === start[first + 1]) continue;
    let top = 0;
    stackNode[0] = first;
    stackVia[0] = -1;
    stackNext[0] = start[first];
    order[first] = low[first] = time++;
    while (top >= 0) {
      const node = stackNode[top];
      if (stackNext[top] < start[node + 1]) {
        const cell = entries[stackNext[top]++];
        if (cell === stackVia[top]) continue;
        const to = node < rows ? rows + hiddenColumn[cell] : hiddenRow[cell];
        if (order[to] === -1) {
          order[to] = low[to] = time++;
          top += 1;
          stackNode[top] = to;
          stackVia[top] = cell;
          stackNext[top] = start[to];
        } else if (order[to] < low[node]) low[node] = order[to];
      } else {
        top -= 1;
        if (top >= 0) {
          const parent = stackNode[top];
          if (low[node] < low[parent]) low[parent] = low[node];
          if (low[node] > order[parent]) exposed[stackVia[top + 1]] = 1;
        }
      }
    }
  }
}

/**
 * Marks the hidden cells whose bounds meet once each line's bounds are
 * narrowed by the others (each row's and column's counts add up to its
 * total), repeated until nothing changes. Only lines with a hidden cell can
 * narrow anything: they are kept on a work list (first in, first out), and a
 * line goes back on it when one of its cells narrows.
 */
function markPinnedByBounds(
  rows: number,
  columns: number,
  hidden: { rows: Int32Array; columns: Int32Array },
  { low, high, fixed }: { low: Float64Array; high: Float64Array; fixed: Float64Array },
  { start, entries }: { start: Int32Array; entries: Int32Array },
  exposed: Uint8Array,
) {
  const lines = rows + columns;
  const count = hidden.rows.length;
  const hiddenRow = hidden.rows;
  const hiddenColumn = hidden.columns;
  // The sign of cell i in a row (−1 for the row's total) and in a column (−1 for the totals row).
  const sign = (i: number, inRow: boolean) =>
    inRow ? (hiddenColumn[i] === columns - 1 ? -1 : 1) : hiddenRow[i] === rows - 1 ? -1 : 1;
  // The work list as a ring: each line is on it at most once.
  const queue = new Int32Array(lines);
  const queued = new Uint8Array(lines);
  let head = 0;
  let size = 0;
  for (let l = 0; l < lines; l++) {
    if (start[l] < start[l + 1]) {
      queue[size++] = l;
      queued[l] = 1;
    }
  }
  let visits = 50 * size;
  while (size > 0 && visits-- > 0) {
    const l = queue[head];
    head = (head + 1) % lines;
    size -= 1;
    queued[l] = 0;
    const inRow = l < rows;
    // Bounds of each signed term s·x, and their sums (infinities counted apart).
    let sumLow = fixed[l];
    let sumHigh = fixed[l];
    let infiniteLow = 0;
    let infiniteHigh = 0;
    for (let k = start[l]; k < start[l + 1]; k++) {
      const i = entries[k];
      const s = sign(i, inRow);
      const lo = s === 1 ? low[i] : -high[i];
      const hi = s === 1 ? high[i] : -low[i];
      if (Number.isFinite(lo)) sumLow += lo;
      else infiniteLow += 1;
      if (Number.isFinite(hi)) sumHigh += hi;
      else infiniteHigh += 1;
    }
    for (let k = start[l]; k < start[l + 1]; k++) {
      // Each cell is once in a line, so its bounds are still those the sums were made of.
      const i = entries[k];
      const s = sign(i, inRow);
      const lo = s === 1 ? low[i] : -high[i];
      const hi = s === 1 ? high[i] : -low[i];
      // s·x is minus the sum of the other terms (published ones included).
      const othersLow = Number.isFinite(lo)
        ? infiniteLow > 0
          ? -Infinity
          : sumLow - lo
        : infiniteLow > 1
          ? -Infinity
          : sumLow;
      const othersHigh = Number.isFinite(hi)
        ? infiniteHigh > 0
          ? Infinity
          : sumHigh - hi
        : infiniteHigh > 1
          ? Infinity
          : sumHigh;
      const least = s === 1 ? -othersHigh : othersLow;
      const most = s === 1 ? -othersLow : othersHigh;
      let narrowed = false;
      if (least > low[i]) {
        low[i] = least;
        narrowed = true;
      }
      if (most < high[i]) {
        high[i] = most;
        narrowed = true;
      }
      if (!narrowed) continue;
      const other = inRow ? rows + hiddenColumn[i] : hiddenRow[i];
      if (!queued[other]) {
        queue[(head + size) % lines] = other;
        size += 1;
        queued[other] = 1;
      }
    }
  }
  for (let i = 0; i < count; i++) if (low[i] >= high[i]) exposed[i] = 1;
}

/** A published table as one grid again (rows, then the totals row; each row's last entry its total). */
export function publishedGrid(table: PublishedTable): Published[][] {
  return toGrid(table) as Published[][];
}

const format = new Intl.NumberFormat("en-GB");

/** A published count as text: "1,234", "fewer than 5" or "not shown". */
export function showCount(value: Published): string {
  return typeof value === "number" ? format.format(value) : value;
}

/** A whole-number percentage of two published counts, or null when either is hidden (or the whole is 0). */
export function publishedShare(part: Published, whole: Published): number | null {
  if (typeof part !== "number" || typeof whole !== "number" || whole === 0) return null;
  return Math.round((part * 100) / whole);
}
