/**
 * A reader trying to work out hidden counts in a published table, written
 * apart from app/lib/small-numbers.ts so it checks that code rather than
 * repeating it. The table is one grid: its rows, then the totals row; each
 * row's last entry is its total. A reader knows "fewer than 5" is 1 to 4, and
 * "not shown" at least 5.
 *
 * Three attacks, each one a reader could make:
 * - algebra: Gauss–Jordan elimination on every row and column equation at
 *   once (subtraction through any chain of rows and columns);
 * - bounds: each equation narrows each hidden count's least and greatest value;
 * - search: every assignment of hidden counts that fits the table, when the
 *   table is small enough to try them all; a count that is the same in every
 *   one is given away (this is the ground truth the other two approximate).
 */
export type Entry = number | string;

export type Finding = { row: number; column: number; value: number; by: "algebra" | "bounds" | "search" };

type Variable = { row: number; column: number; low: number; high: number };

function variablesOf(grid: Entry[][]) {
  const variables: Variable[] = [];
  grid.forEach((row, r) =>
    row.forEach((entry, c) => {
      if (typeof entry === "number") return;
      if (entry === "fewer than 5") variables.push({ row: r, column: c, low: 1, high: 4 });
      else if (entry === "not shown") variables.push({ row: r, column: c, low: 5, high: Infinity });
      else throw new Error(`Unreadable entry: ${entry}`);
    }),
  );
  return variables;
}

/** Every equation: coefficients on the variables, and the constant they add up to. */
function equationsOf(grid: Entry[][], variables: Variable[]) {
  const index = new Map(variables.map((v, i) => [`${v.row},${v.column}`, i]));
  const rows = grid.length;
  const columns = grid[0].length;
  const lines: Array<Array<[number, number]>> = [];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, (_, c) => [r, c]));
  for (let c = 0; c < columns; c++) lines.push(Array.from({ length: rows }, (_, r) => [r, c]));
  return lines.map((line) => {
    const coefficients = new Array<number>(variables.length).fill(0);
    let constant = 0;
    line.forEach(([r, c], k) => {
      const sign = k === line.length - 1 ? -1 : 1;
      const i = index.get(`${r},${c}`);
      if (i === undefined) constant -= sign * (grid[r][c] as number);
      else coefficients[i] += sign;
    });
    return { coefficients, constant };
  });
}

function algebra(grid: Entry[][], variables: Variable[]): Map<number, number> {
  const found = new Map<number, number>();
  const matrix = equationsOf(grid, variables).map((e) => [...e.coefficients, e.constant]);
  const n = variables.length;
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let col = 0; col < n && pivotRow < matrix.length; col++) {
    const p = matrix.findIndex((row, i) => i >= pivotRow && Math.abs(row[col]) > 1e-9);
    if (p === -1) continue;
    [matrix[pivotRow], matrix[p]] = [matrix[p], matrix[pivotRow]];
    const scale = matrix[pivotRow][col];
    matrix[pivotRow] = matrix[pivotRow].map((x) => x / scale);
    for (let i = 0; i < matrix.length; i++) {
      if (i === pivotRow || Math.abs(matrix[i][col]) < 1e-9) continue;
      const factor = matrix[i][col];
      matrix[i] = matrix[i].map((x, j) => x - factor * matrix[pivotRow][j]);
    }
    pivots.push(col);
    pivotRow += 1;
  }
  pivots.forEach((col, i) => {
    const others = matrix[i].slice(0, n).some((x, j) => j !== col && Math.abs(x) > 1e-9);
    if (!others) found.set(col, Math.round(matrix[i][n]));
  });
  return found;
}

function bounded(grid: Entry[][], variables: Variable[]): Map<number, number> {
  const low = variables.map((v) => v.low);
  const high = variables.map((v) => v.high);
  const equations = equationsOf(grid, variables);
  for (let changed = true, pass = 0; changed && pass < 200; pass++) {
    changed = false;
    for (const { coefficients, constant } of equations) {
      const terms = coefficients.flatMap((a, i) => (a === 0 ? [] : [{ a, i }]));
      for (const { a, i } of terms) {
        // a·x_i = constant − Σ others
        let least = constant;
        let most = constant;
        for (const other of terms) {
          if (other.i === i) continue;
          const lo = other.a > 0 ? other.a * low[other.i] : other.a * high[other.i];
          const hi = other.a > 0 ? other.a * high[other.i] : other.a * low[other.i];
          least -= hi;
          most -= lo;
        }
        const [lo, hi] = a > 0 ? [least / a, most / a] : [most / a, least / a];
        if (lo > low[i]) {
          low[i] = Math.ceil(lo);
          changed = true;
        }
        if (hi < high[i]) {
          high[i] = Math.floor(hi);
          changed = true;
        }
      }
    }
  }
  const found = new Map<number, number>();
  variables.forEach((_, i) => {
    if (low[i] === high[i]) found.set(i, low[i]);
  });
  return found;
}

/**
 * Every assignment that fits, if there are at most `budget` steps of search:
 * the counts that take one value in all of them. Null when the search is too big.
 */
function search(grid: Entry[][], variables: Variable[], cap: number, budget: number): Map<number, number> | null {
  const equations = equationsOf(grid, variables).map((e) => ({
    terms: e.coefficients.flatMap((a, i) => (a === 0 ? [] : [{ a, i }])),
    constant: e.constant,
  }));
  const values = new Array<number>(variables.length).fill(0);
  const seen = variables.map(() => new Set<number>());
  // Each equation is checked once its last variable has a value.
  const checks = variables.map((_, i) =>
    equations.filter((e) => e.terms.length > 0 && e.terms[e.terms.length - 1].i === i),
  );
  let steps = 0;
  let solutions = 0;
  const settled = () => seen.every((s) => s.size > 1);
  const visit = (i: number): boolean => {
    if (++steps > budget) return false;
    if (i === variables.length) {
      solutions += 1;
      values.forEach((v, k) => seen[k].add(v));
      return true;
    }
    const high = Math.min(variables[i].high, cap);
    for (let v = variables[i].low; v <= high; v++) {
      values[i] = v;
      const fits = checks[i].every((e) => e.terms.reduce((sum, t) => sum + t.a * values[t.i], 0) === e.constant);
      if (fits && !visit(i + 1)) return false;
      if (settled()) return true;
    }
    return true;
  };
  if (!visit(0)) return null;
  if (solutions === 0) throw new Error("No assignment fits the published table: it contradicts itself");
  const found = new Map<number, number>();
  seen.forEach((s, i) => {
    if (s.size === 1) found.set(i, [...s][0]);
  });
  return found;
}

/** No count exceeds the grand total; when that is hidden, the sum of what is published is a generous limit. */
function defaultCap(grid: Entry[][]) {
  const total = grid[grid.length - 1][grid[0].length - 1];
  if (typeof total === "number") return total;
  return grid.flat().reduce<number>((sum, e) => sum + (typeof e === "number" ? e : 5), 0);
}

/**
 * The hidden counts a reader can work out from the published grid. `cap` is
 * the largest value the search tries for "not shown" (it needs a limit; the
 * grand total when published); too small a limit finds more, never fewer.
 */
export function workOutHidden(grid: Entry[][], { cap = defaultCap(grid), budget = 300_000 } = {}): Finding[] {
  const variables = variablesOf(grid);
  if (variables.length === 0) return [];
  const findings = new Map<number, Finding>();
  const note = (found: Map<number, number>, by: Finding["by"]) => {
    for (const [i, value] of found)
      if (!findings.has(i)) findings.set(i, { row: variables[i].row, column: variables[i].column, value, by });
  };
  note(algebra(grid, variables), "algebra");
  note(bounded(grid, variables), "bounds");
  const searched = search(grid, variables, cap, budget);
  if (searched) note(searched, "search");
  return [...findings.values()];
}
