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
  return [...table.cells.map((row, r) => [...row, table.rowTotals[r]]), [...table.columnTotals, table.total]];
}

/**
 * Publishes a table with totals: small counts as "fewer than 5", and further
 * counts "not shown" until no hidden count can be worked out (see above).
 */
export function protectTable(table: CountTable): PublishedTable {
  const grid = toGrid(table) as number[][];
  const rows = grid.length;
  const columns = grid[0].length;
  const shown: Published[][] = grid.map((row) => row.map((n) => (isSmall(n) ? FEWER_THAN_FIVE : n)));
  // Hidden counts in each row and each column, kept up to date.
  const rowHidden = shown.map((row) => row.filter((v) => typeof v !== "number").length);
  const columnHidden = shown[0].map((_, c) => shown.filter((row) => typeof row[c] !== "number").length);
  const hide = ([r, c]: [number, number]) => {
    shown[r][c] = NOT_SHOWN;
    rowHidden[r] += 1;
    columnHidden[c] += 1;
  };
  const rowCells = grid.map((_, r) => Array.from({ length: columns }, (_, c) => [r, c] as [number, number]));
  const columnCells = grid[0].map((_, c) => Array.from({ length: rows }, (_, r) => [r, c] as [number, number]));
  // The count to hide beside a line's hidden ones: above zero, a total only when no other is left, one whose
  // crossing line has a lone hidden count if there is one (it protects both lines at once), then the smallest.
  const candidate = (cells: Array<[number, number]>) => {
    const inRow = cells.length > 1 && cells[0][0] === cells[1][0];
    let best: [number, number] | null = null;
    let bestRank: [number, number, number] = [Infinity, Infinity, Infinity];
    for (const [r, c] of cells) {
      const v = shown[r][c];
      if (typeof v !== "number" || v === 0) continue;
      const total = r === rows - 1 || c === columns - 1 ? 1 : 0;
      const lonelyAcross = (inRow ? columnHidden[c] : rowHidden[r]) === 1 ? 0 : 1;
      const rank: [number, number, number] = [total, lonelyAcross, v];
      if (
        rank[0] < bestRank[0] ||
        (rank[0] === bestRank[0] && (rank[1] < bestRank[1] || (rank[1] === bestRank[1] && rank[2] < bestRank[2])))
      ) {
        best = [r, c];
        bestRank = rank;
      }
    }
    return best;
  };
  // The usual secondary suppression first, which is quick: a line with one hidden count gets a second.
  for (let changed = true; changed;) {
    changed = false;
    const lonely = [
      ...rowCells.filter((_, r) => rowHidden[r] === 1),
      ...columnCells.filter((_, c) => columnHidden[c] === 1),
    ];
    for (const line of lonely) {
      const [r, c] = line[line.length - 1];
      if ((line === rowCells[r] ? rowHidden[r] : columnHidden[c]) !== 1) continue;
      const pick = candidate(line);
      if (pick) {
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
    for (const [r, c] of exposed) {
      // Widen the line with fewer hidden counts first.
      const [first, second] =
        rowHidden[r] <= columnHidden[c] ? [rowCells[r], columnCells[c]] : [columnCells[c], rowCells[r]];
      const pick = candidate(first) ?? candidate(second);
      if (pick) {
        hide(pick);
        hidden += 1;
      }
    }
    if (hidden === 0) {
      // Both lines of every exposed cell are hidden whole: hide the smallest count left anywhere.
      const pick = candidate(rowCells.flat());
      if (!pick) break; // everything is hidden: nothing can be worked out
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

/** What a reader knows of a published count: its least and greatest possible values. */
function bounds(v: Published): [number, number] {
  if (v === FEWER_THAN_FIVE) return [1, 4];
  if (v === NOT_SHOWN) return [5, Infinity];
  return [v, v];
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
  const hidden: Array<[number, number]> = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) if (typeof grid[r][c] !== "number") hidden.push([r, c]);
  if (hidden.length === 0) return [];
  const exposed = new Set<string>();
  for (const [r, c] of bridges(rows, columns, hidden)) exposed.add(`${r},${c}`);
  for (const [r, c] of pinnedByBounds(grid, hidden)) exposed.add(`${r},${c}`);
  return hidden.filter(([r, c]) => exposed.has(`${r},${c}`));
}

/**
 * Hidden cells on no cycle of hidden cells. Nodes are the lines (rows 0..rows-1,
 * then columns); each hidden cell joins its row to its column. Tarjan's
 * bridge-finding, without recursion.
 */
function bridges(rows: number, columns: number, hidden: Array<[number, number]>): Array<[number, number]> {
  const nodes = rows + columns;
  const adjacent: Array<Array<[node: number, edge: number]>> = Array.from({ length: nodes }, () => []);
  hidden.forEach(([r, c], e) => {
    adjacent[r].push([rows + c, e]);
    adjacent[rows + c].push([r, e]);
  });
  const order = new Array<number>(nodes).fill(-1);
  const low = new Array<number>(nodes).fill(0);
  const found: Array<[number, number]> = [];
  let time = 0;
  for (let start = 0; start < nodes; start++) {
    if (order[start] !== -1 || adjacent[start].length === 0) continue;
    const stack: Array<{ node: number; via: number; next: number }> = [{ node: start, via: -1, next: 0 }];
    order[start] = low[start] = time++;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < adjacent[frame.node].length) {
        const [to, edge] = adjacent[frame.node][frame.next++];
        if (edge === frame.via) continue;
        if (order[to] === -1) {
          order[to] = low[to] = time++;
          stack.push({ node: to, via: edge, next: 0 });
        } else low[frame.node] = Math.min(low[frame.node], order[to]);
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          low[parent.node] = Math.min(low[parent.node], low[frame.node]);
          if (low[frame.node] > order[parent.node]) found.push(hidden[frame.via]);
        }
      }
    }
  }
  return found;
}

/**
 * Hidden cells whose bounds meet once each line's bounds are narrowed by the
 * others (each row's and column's counts add up to its total), repeated until
 * nothing changes. Only lines with a hidden cell can narrow anything: they are
 * kept on a work list, and a line goes back on it when one of its cells narrows.
 */
function pinnedByBounds(grid: Published[][], hidden: Array<[number, number]>): Array<[number, number]> {
  const rows = grid.length;
  const columns = grid[0].length;
  // Each line (rows 0..rows-1, then columns) as its hidden entries and the signed sum of its published ones:
  // the parts count +1, the total (the line's last entry) −1, and all of it adds up to 0.
  const lines = Array.from({ length: rows + columns }, () => ({ fixed: 0, hidden: [] as number[] }));
  grid.forEach((row, r) =>
    row.forEach((v, c) => {
      if (typeof v === "number") {
        lines[r].fixed += c === columns - 1 ? -v : v;
        lines[rows + c].fixed += r === rows - 1 ? -v : v;
      }
    }),
  );
  const low: number[] = [];
  const high: number[] = [];
  const sign: Array<[row: number, column: number]> = [];
  hidden.forEach(([r, c], i) => {
    [low[i], high[i]] = bounds(grid[r][c]);
    sign[i] = [c === columns - 1 ? -1 : 1, r === rows - 1 ? -1 : 1];
    lines[r].hidden.push(i);
    lines[rows + c].hidden.push(i);
  });
  const queue = lines.flatMap((line, l) => (line.hidden.length > 0 ? [l] : []));
  const queued = new Set(queue);
  let visits = 50 * queue.length;
  while (queue.length > 0 && visits-- > 0) {
    const l = queue.shift()!;
    queued.delete(l);
    const { fixed, hidden: entries } = lines[l];
    const which = l < rows ? 0 : 1;
    // Bounds of each signed term s·x, and their sums (infinities counted apart).
    let sumLow = fixed;
    let sumHigh = fixed;
    let infiniteLow = 0;
    let infiniteHigh = 0;
    const terms = entries.map((i) => {
      const s = sign[i][which];
      const lo = s === 1 ? low[i] : -high[i];
      const hi = s === 1 ? high[i] : -low[i];
      if (Number.isFinite(lo)) sumLow += lo;
      else infiniteLow += 1;
      if (Number.isFinite(hi)) sumHigh += hi;
      else infiniteHigh += 1;
      return { i, s, lo, hi };
    });
    for (const { i, s, lo, hi } of terms) {
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
      const [least, most] = s === 1 ? [-othersHigh, -othersLow] : [othersLow, othersHigh];
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
      const [r, c] = hidden[i];
      const other = which === 0 ? rows + c : r;
      if (!queued.has(other)) {
        queue.push(other);
        queued.add(other);
      }
    }
  }
  return hidden.filter((_, i) => low[i] >= high[i]);
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
