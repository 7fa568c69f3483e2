import { PREVENTION_EARLINESS } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { IMPACT_OUTCOMES } from "~/lib/prevention";

/**
 * Every prevention action as a few numbers, in the order they were logged:
 * what the impact report counts, kept in memory (about 20 bytes an action: 4
 * MB at national size) so that a report over any period reads none of the
 * database for its counts. A district's or an organisation's period is one
 * pass over its own actions; the whole network's, without each
 * organisation's counts, takes its whole months from month totals kept beside
 * them and walks only the period's days in the part months at either end
 * (MonthTotals).
 * Doing that with month counts in the database took 40-80 ms for each new
 * period (decision note 002).
 *
 * The report version's triggers (migration 0044) say what has changed, from
 * any connection: actions logged (row 6) are read by id and appended; an
 * action changed in anything counted, or removed (row 7), has every action
 * read again (about 250 ms at national size). Inside a transaction the facts
 * are read afresh.
 */
export type PreventionFacts = {
  /** How many actions are kept: the arrays may be longer. */
  length: number;
  /** Each action's id, ascending. */
  id: Int32Array;
  /** The day of the action, in days since 1 January 1970 (the log keeps London days). */
  day: Int32Array;
  organisationId: Int32Array;
  /** The highest organisation id among them. */
  highestOrganisation: number;
  /** How many of them are acknowledged Duty to Refer referrals (a wait of at least 0). */
  acknowledgedReferrals: number;
  /** Index into `districts`. */
  district: Uint16Array;
  /** Index into `quarters`: the action's calendar quarter. */
  quarter: Uint16Array;
  /** How early (PREVENTION_EARLINESS index) × the outcomes, plus the outcome (IMPACT_OUTCOMES index). */
  cell: Uint8Array;
  /** For a Duty to Refer referral, the time to acknowledge it (ms, at least 0), or −1 while unacknowledged; −2 otherwise. */
  wait: Float64Array;
  districts: string[];
  districtIndex: Map<string, number>;
  quarters: string[];
  quarterIndex: Map<string, number>;
  /** Each district's and organisation's actions, made when first asked for (see groupedBy). */
  byDistrict?: Grouped;
  byOrganisation?: Grouped;
  /** The whole network's counts month by month, made when first asked for (see monthTotalsFor). */
  months?: MonthTotals;
  /** Room for a count's acknowledgement times (see scratchFor). */
  scratch?: Scratch;
};

/** A count's acknowledgement times and their districts, then the times grouped by district. */
type Scratch = { waits: Float64Array; districts: Uint16Array; grouped: Float64Array };

/** Positions grouped by a key: key k's are positions[start[k]] to positions[start[k + 1] − 1], in order. */
type Grouped = { start: Uint32Array; positions: Uint32Array };

/** The facts' positions grouped by a small whole-number key (a counting sort, so each group keeps its order). */
function groupedBy(keys: Int32Array | Uint16Array, length: number, size: number): Grouped {
  const start = new Uint32Array(size + 1);
  for (let i = 0; i < length; i++) start[keys[i] + 1] += 1;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const next = start.slice(0, size);
  const positions = new Uint32Array(length);
  for (let i = 0; i < length; i++) positions[next[keys[i]]++] = i;
  return { start, positions };
}

/**
 * Arrays with room for every acknowledged referral's wait, kept with the facts and used by one count at a time
 * (counting is synchronous), so that a count makes no garbage for them. Pushing some 50,000 waits into an
 * array per district and copying each was most of what a national count allocated, and the collections it
 * caused doubled the slowest counts (decision note 002). Made again, larger, when actions have been appended.
 */
function scratchFor(facts: PreventionFacts): Scratch {
  const size = facts.acknowledgedReferrals;
  if (!facts.scratch || facts.scratch.waits.length < size)
    facts.scratch = {
      waits: new Float64Array(size),
      districts: new Uint16Array(size),
      grouped: new Float64Array(size),
    };
  return facts.scratch;
}

const OUTCOMES = IMPACT_OUTCOMES.length;
const NOT_A_REFERRAL = -2;
const UNACKNOWLEDGED = -1;

/** "2026-04-17" → "2026 Q2" (calendar quarters). */
export const quarterOf = (day: string) => `${day.slice(0, 4)} Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/** "2026-04-17" → its day number (days since 1 January 1970). */
export const dayNumber = (day: string) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

type ActionRow = [
  id: number,
  actionOn: string,
  organisationId: number,
  districtId: string,
  cell: number,
  wait: number | null,
];

// The cell and the wait worked out by SQLite, so each action comes as numbers and two short texts.
const ACTION_ROWS = `SELECT id, action_on, organisation_id, district_id,
  (CASE earliness ${PREVENTION_EARLINESS.map((e, i) => `WHEN '${e}' THEN ${i}`).join(" ")} END) * ${OUTCOMES} +
  (CASE outcome ${IMPACT_OUTCOMES.filter((o) => o !== "unknown")
    .map((o) => `WHEN '${o}' THEN ${IMPACT_OUTCOMES.indexOf(o)}`)
    .join(" ")} ELSE ${IMPACT_OUTCOMES.indexOf("unknown")} END),
  CASE WHEN action = 'duty-to-refer' THEN coalesce(max(acknowledged_at - created_at, 0), ${UNACKNOWLEDGED})
    ELSE ${NOT_A_REFERRAL} END
  FROM prevention_actions`;

function emptyFacts(size: number): PreventionFacts {
  return {
    length: 0,
    highestOrganisation: 0,
    acknowledgedReferrals: 0,
    id: new Int32Array(size),
    day: new Int32Array(size),
    organisationId: new Int32Array(size),
    district: new Uint16Array(size),
    quarter: new Uint16Array(size),
    cell: new Uint8Array(size),
    wait: new Float64Array(size),
    districts: [],
    districtIndex: new Map(),
    quarters: [],
    quarterIndex: new Map(),
  };
}

/** The facts in arrays at least `size` long: the kept ones copied over. */
function withRoom(facts: PreventionFacts, size: number): PreventionFacts {
  if (facts.id.length >= size) return facts;
  const grown = emptyFacts(Math.max(size, Math.ceil(facts.id.length * 1.25), 1024));
  const copy = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(from: T, to: T) => {
    to.set(from.subarray(0, facts.length) as never);
    return to;
  };
  return {
    ...facts,
    id: copy(facts.id, grown.id),
    day: copy(facts.day, grown.day),
    organisationId: copy(facts.organisationId, grown.organisationId),
    district: copy(facts.district, grown.district),
    quarter: copy(facts.quarter, grown.quarter),
    cell: copy(facts.cell, grown.cell),
    wait: copy(facts.wait, grown.wait),
  };
}

/** Appends an action (the latest logged yet) to facts with room for it, in place. */
function append(facts: PreventionFacts, days: Map<string, number>, row: ActionRow) {
  const [id, actionOn, organisationId, districtId, cell, wait] = row;
  let district = facts.districtIndex.get(districtId);
  if (district === undefined) facts.districtIndex.set(districtId, (district = facts.districts.push(districtId) - 1));
  let day = days.get(actionOn);
  if (day === undefined) days.set(actionOn, (day = dayNumber(actionOn)));
  const quarterLabel = quarterOf(actionOn);
  let quarter = facts.quarterIndex.get(quarterLabel);
  if (quarter === undefined) facts.quarterIndex.set(quarterLabel, (quarter = facts.quarters.push(quarterLabel) - 1));
  const i = facts.length++;
  facts.id[i] = id;
  facts.day[i] = day;
  facts.organisationId[i] = organisationId;
  if (organisationId > facts.highestOrganisation) facts.highestOrganisation = organisationId;
  facts.district[i] = district;
  facts.quarter[i] = quarter;
  facts.cell[i] = cell;
  facts.wait[i] = wait ?? NOT_A_REFERRAL;
  if (facts.wait[i] >= 0) facts.acknowledgedReferrals += 1;
}

function readPreventionFacts(db: Db): PreventionFacts {
  const expected = db.$client.prepare("SELECT count(*) FROM prevention_actions").pluck().get() as number;
  const facts = emptyFacts(expected);
  const days = new Map<string, number>();
  let read = facts;
  for (const row of db.$client.prepare(`${ACTION_ROWS} ORDER BY id`).raw().iterate() as Iterable<ActionRow>) {
    if (read.length === read.id.length) read = withRoom(read, read.length + 1);
    append(read, days, row);
  }
  return read;
}

type Kept = { versions: number[]; facts: PreventionFacts };
const kept = new WeakMap<Db, Kept>();

/** The kept prevention facts, brought up to date with what the report version says has changed. */
export function preventionFacts(db: Db = getDb()): PreventionFacts {
  if (db.$client.inTransaction) return readPreventionFacts(db);
  // The versions are read before the actions: a write between the two is read again next time, never missed.
  const versions = db.$client.prepare("SELECT version FROM report_version ORDER BY id").pluck().all() as number[];
  const entry = kept.get(db);
  let facts: PreventionFacts;
  if (!entry || entry.versions[6] !== versions[6]) facts = readPreventionFacts(db);
  else if (entry.versions[5] !== versions[5]) {
    const last = entry.facts.length > 0 ? entry.facts.id[entry.facts.length - 1] : 0;
    const added = db.$client.prepare(`${ACTION_ROWS} WHERE id > ? ORDER BY id`).raw().all(last) as ActionRow[];
    facts = withRoom(
      { ...entry.facts, byDistrict: undefined, byOrganisation: undefined, months: undefined },
      entry.facts.length + added.length,
    );
    const days = new Map<string, number>();
    for (const row of added) append(facts, days, row);
  } else facts = entry.facts;
  if (facts !== entry?.facts) kept.set(db, { versions, facts });
  else entry.versions = versions;
  return facts;
}

/**
 * The whole network's actions added up month by month (calendar months of
 * London days), so that a period counts its whole months from these totals
 * and walks only the actions of the part months at either end: a year's
 * range walked all 200,000 actions of the national log (decision note 002).
 * The totals by district run on from month to month, so a run of whole
 * months is one subtraction a district and cell, and the actions are listed
 * by day, so a part month walks only its days in the period. Sectors are
 * counted with the sector numbering they were made with, and made again when
 * it changes. About 1.5 MB at national size.
 */
type MonthTotals = {
  /** The sector numbering the totals were made with. */
  sectorOf: Uint8Array;
  /**
   * The first day number of each month with actions, ascending, and of the month after it: only months with
   * actions are kept, so one action dated years back (the log accepts any day since 2000) adds one month, not
   * every month since.
   */
  starts: Int32Array;
  ends: Int32Array;
  /** Each month's quarter (an index into `quarters`). */
  quarter: Int32Array;
  /** Month × cell. */
  cells: Int32Array;
  /** District × cell, of the months before each month (and of all of them, at the end): a running total. */
  byDistrictBefore: Int32Array;
  /** Month × sector × cell. */
  bySector: Int32Array;
  /** Duty to Refer referrals made, and acknowledged, by district, of the months before each month (running). */
  madeBefore: Int32Array;
  acknowledgedBefore: Int32Array;
  /** Month × the organisation ids with actions, as bits (32 to a word). */
  organisations: Uint32Array;
  /** Every action's position, in day order: the part months' days are found by binary search. */
  byDay: Uint32Array;
  /**
   * The acknowledgement times by district, then month: district d's of months [a, b) are
   * waits[waitStart[d × months + a]] to waits[waitStart[d × months + b] − 1].
   */
  waits: Float64Array;
  waitStart: Uint32Array;
};

const sameNumbering = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((n, i) => n === b[i]);

const DAY_MS = 86_400_000;

function monthTotalsFor(facts: PreventionFacts, sectorOf: Uint8Array): MonthTotals {
  if (facts.months && sameNumbering(facts.months.sectorOf, sectorOf)) return facts.months;
  const { length, day, district, organisationId, cell, wait } = facts;
  let lowest = Infinity;
  let highestDay = -Infinity;
  for (let i = 0; i < length; i++) {
    if (day[i] < lowest) lowest = day[i];
    if (day[i] > highestDay) highestDay = day[i];
  }
  // Calendar months from January of the earliest action's year, each day's looked up rather than worked out
  // 200,000 times; then only the months with actions, numbered in order.
  const firstYear = length ? new Date(lowest * DAY_MS).getUTCFullYear() : 1970;
  const monthStart = (calendarMonth: number) => Date.UTC(firstYear, calendarMonth, 1) / DAY_MS;
  const firstDay = monthStart(0);
  const calendarMonthOfDay = new Int32Array(length ? highestDay - firstDay + 1 : 0);
  for (let c = 0, from = firstDay; from <= highestDay; c++) {
    const to = monthStart(c + 1);
    calendarMonthOfDay.fill(c, from - firstDay, Math.min(to, highestDay + 1) - firstDay);
    from = to;
  }
  const calendarMonths = length ? calendarMonthOfDay[highestDay - firstDay] + 1 : 0;
  const present = new Uint8Array(calendarMonths);
  for (let i = 0; i < length; i++) present[calendarMonthOfDay[day[i] - firstDay]] = 1;
  const indexOf = new Int32Array(calendarMonths);
  const calendarMonthOf: number[] = [];
  for (let c = 0; c < calendarMonths; c++) if (present[c]) indexOf[c] = calendarMonthOf.push(c) - 1;
  const months = calendarMonthOf.length;
  const monthOf = new Int32Array(length);
  const dayKey = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    monthOf[i] = indexOf[calendarMonthOfDay[day[i] - firstDay]];
    dayKey[i] = day[i] - firstDay;
  }
  const districts = facts.districts.length;
  let sectors = 0;
  for (const sector of sectorOf) if (sector > sectors) sectors = sector;
  const sectorOfEach = new Uint8Array(facts.highestOrganisation + 1);
  sectorOfEach.set(sectorOf.subarray(0, facts.highestOrganisation + 1));
  const words = (facts.highestOrganisation >>> 5) + 1;
  const byDistrict = new Int32Array(months * districts * CELLS);
  const made = new Int32Array(months * districts);
  const acknowledged = new Int32Array(districts * months);
  const totals: MonthTotals = {
    sectorOf: sectorOf.slice(),
    starts: Int32Array.from(calendarMonthOf, monthStart),
    ends: Int32Array.from(calendarMonthOf, (c) => monthStart(c + 1)),
    quarter: new Int32Array(months),
    cells: new Int32Array(months * CELLS),
    byDistrictBefore: new Int32Array((months + 1) * districts * CELLS),
    bySector: new Int32Array(months * (sectors + 1) * CELLS),
    madeBefore: new Int32Array((months + 1) * districts),
    acknowledgedBefore: new Int32Array((months + 1) * districts),
    organisations: new Uint32Array(months * words),
    byDay: groupedBy(dayKey, length, calendarMonthOfDay.length).positions,
    waits: new Float64Array(facts.acknowledgedReferrals),
    waitStart: new Uint32Array(districts * months + 1),
  };
  for (let i = 0; i < length; i++) {
    const m = monthOf[i];
    const d = district[i];
    const organisation = organisationId[i];
    totals.quarter[m] = facts.quarter[i];
    totals.cells[m * CELLS + cell[i]] += 1;
    byDistrict[(m * districts + d) * CELLS + cell[i]] += 1;
    totals.bySector[(m * (sectors + 1) + sectorOfEach[organisation]) * CELLS + cell[i]] += 1;
    totals.organisations[m * words + (organisation >>> 5)] |= 1 << (organisation & 31);
    if (wait[i] !== NOT_A_REFERRAL) {
      made[m * districts + d] += 1;
      if (wait[i] !== UNACKNOWLEDGED) acknowledged[d * months + m] += 1;
    }
  }
  // The running totals: each month's are the month before's and that month's own.
  const row = districts * CELLS;
  for (let m = 0; m < months; m++) {
    for (let k = 0; k < row; k++)
      totals.byDistrictBefore[(m + 1) * row + k] = totals.byDistrictBefore[m * row + k] + byDistrict[m * row + k];
    for (let d = 0; d < districts; d++) {
      totals.madeBefore[(m + 1) * districts + d] = totals.madeBefore[m * districts + d] + made[m * districts + d];
      totals.acknowledgedBefore[(m + 1) * districts + d] =
        totals.acknowledgedBefore[m * districts + d] + acknowledged[d * months + m];
    }
  }
  // The acknowledgement times grouped by district and month (a counting sort).
  const { waitStart } = totals;
  for (let k = 0; k < districts * months; k++) waitStart[k + 1] = waitStart[k] + acknowledged[k];
  const next = waitStart.slice(0, districts * months);
  for (let i = 0; i < length; i++) if (wait[i] >= 0) totals.waits[next[district[i] * months + monthOf[i]]++] = wait[i];
  facts.months = totals;
  return totals;
}

/** The first of `positions` whose action is on `day` or later (positions in day order; their length if none is). */
function firstOnOrAfter(positions: Uint32Array, dayOf: Int32Array, day: number) {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (dayOf[positions[middle]] < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many bits are set in these words. */
function bitsSet(words: Uint32Array) {
  let n = 0;
  for (let w of words) {
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    n += Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return n;
}

/** Counts by outcome (IMPACT_OUTCOMES order) and by how early (PREVENTION_EARLINESS order). */
export type ImpactCounts = { outcomes: number[]; earliness: number[] };
export type Referrals = { made: number; acknowledged: number; medianMs: number | null };
export type CountedActions = {
  byDistrict: Map<string, ImpactCounts>;
  /** Only when asked for (`perOrganisation`). */
  byOrganisation?: Map<number, ImpactCounts>;
  /** By sector (its index in the `sectorOf` numbering), when `sectorOf` is given. */
  bySector: Map<number, ImpactCounts>;
  /** How many organisations have actions counted. */
  organisations: number;
  byQuarter: Map<string, ImpactCounts>;
  /** Outcomes (columns) by how early (rows). */
  byEarliness: number[][];
  referrals: Map<string, Referrals>;
};

const CELLS = PREVENTION_EARLINESS.length * OUTCOMES;

/** One group's cells as counts by outcome and by how early, or undefined when it has none. */
function countsOf(cells: Int32Array, at: number): ImpactCounts | undefined {
  const outcomes = IMPACT_OUTCOMES.map(() => 0);
  const earliness = PREVENTION_EARLINESS.map(() => 0);
  let any = 0;
  for (let c = 0; c < CELLS; c++) {
    const n = cells[at + c];
    outcomes[c % OUTCOMES] += n;
    earliness[Math.floor(c / OUTCOMES)] += n;
    any += n;
  }
  return any > 0 ? { outcomes, earliness } : undefined;
}

/** The k-th smallest of values[lo..hi] (inclusive), moving values about in place (Hoare's selection: no full sort). */
function select(values: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/** The median of values (reordered in place), or null for none. */
export function median(values: Float64Array) {
  const n = values.length;
  if (n === 0) return null;
  const mid = n >>> 1;
  const upper = select(values, mid, 0, n - 1);
  if (n % 2) return upper;
  // Everything before mid is now at most values[mid]: the lower middle is the largest of them.
  let lower = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/**
 * The actions on days from `from` (inclusive) to `to` (exclusive), London
 * days as YYYY-MM-DD (an open end is open), of one district or organisation
 * or the whole network: counted by outcome and by how early, per district,
 * quarter and sector (`sectorOf` numbers each organisation id's sector from
 * 1, 0 for none) and, when asked for, per organisation, with each district's
 * Duty to Refer referrals and the median time to acknowledge them. A page
 * at national size does not show 3,000 organisations' counts, so they are
 * made only when asked for (decision note 002).
 */
export function countPreventionActions(
  {
    from,
    to,
    districtId,
    organisationId,
    perOrganisation = true,
    sectorOf = new Uint8Array(0),
  }: {
    from?: string;
    to?: string;
    districtId?: string;
    organisationId?: number;
    perOrganisation?: boolean;
    sectorOf?: Uint8Array;
  },
  db: Db = getDb(),
): CountedActions {
  const facts = preventionFacts(db);
  const firstDay = from ? dayNumber(from) : -Infinity;
  const endDay = to ? dayNumber(to) : Infinity;
  const onlyDistrict = districtId === undefined ? -1 : (facts.districtIndex.get(districtId) ?? -2);
  const districts = facts.districts.length;
  const quarters = facts.quarters.length;
  const byDistrict = new Int32Array(districts * CELLS);
  const byQuarter = new Int32Array(quarters * CELLS);
  const byCell = new Int32Array(CELLS);
  // By organisation id: every organisation's cells in one array, not a map looked up for each action.
  const highest = facts.highestOrganisation;
  const byOrganisation = new Int32Array(perOrganisation ? (highest + 1) * CELLS : 0);
  // The organisations with actions counted, as bits (32 to a word), as the month totals keep them.
  const words = (highest >>> 5) + 1;
  const counted = new Uint32Array(words);
  let sectors = 0;
  for (const sector of sectorOf) if (sector > sectors) sectors = sector;
  const bySector = new Int32Array((sectors + 1) * CELLS);
  const made = new Int32Array(districts);
  const acknowledged = new Int32Array(districts);
  const scratch = scratchFor(facts);
  const waits = scratch.waits;
  const waitDistricts = scratch.districts;
  let acknowledgedIn = 0;
  // One district's or organisation's actions are read from their own group; the whole network's from them all.
  let group: { positions: Uint32Array; from: number; to: number } | undefined;
  const groupOf = (grouped: Grouped, key: number) =>
    key < 0 || key + 1 >= grouped.start.length
      ? { positions: grouped.positions, from: 0, to: 0 }
      : { positions: grouped.positions, from: grouped.start[key], to: grouped.start[key + 1] };
  // An organisation's group is the smaller: walked for an organisation in a district too, testing the district.
  if (organisationId !== undefined) {
    facts.byOrganisation ??= groupedBy(facts.organisationId, facts.length, highest + 1);
    group = groupOf(facts.byOrganisation, organisationId);
  } else if (onlyDistrict !== -1) {
    facts.byDistrict ??= groupedBy(facts.district, facts.length, districts);
    group = groupOf(facts.byDistrict, onlyDistrict);
  }
  const testDistrict = organisationId !== undefined && onlyDistrict !== -1;
  // Every organisation id has a sector number (0 for none), so the walk needs no bounds check.
  const sectorOfEach = new Uint8Array(highest + 1);
  sectorOfEach.set(sectorOf.subarray(0, highest + 1));
  const {
    day: dayOf,
    district: districtOf,
    organisationId: organisationOf,
    quarter: quarterIndexOf,
    cell: cellOf,
  } = facts;
  const waitOf = facts.wait;
  // Walks actions by position (all of them, a group's, or a month's), counting those in the period.
  const walk = (positions: Uint32Array | undefined, first: number, last: number) => {
    for (let k = first; k < last; k++) {
      const i = positions ? positions[k] : k;
      const day = dayOf[i];
      if (day < firstDay || day >= endDay) continue;
      const district = districtOf[i];
      if (testDistrict && district !== onlyDistrict) continue;
      const organisation = organisationOf[i];
      const cell = cellOf[i];
      byDistrict[district * CELLS + cell] += 1;
      byQuarter[quarterIndexOf[i] * CELLS + cell] += 1;
      byCell[cell] += 1;
      if (perOrganisation) byOrganisation[organisation * CELLS + cell] += 1;
      counted[organisation >>> 5] |= 1 << (organisation & 31);
      bySector[sectorOfEach[organisation] * CELLS + cell] += 1;
      const wait = waitOf[i];
      if (wait !== NOT_A_REFERRAL) {
        made[district] += 1;
        if (wait !== UNACKNOWLEDGED) {
          acknowledged[district] += 1;
          waits[acknowledgedIn] = wait;
          waitDistricts[acknowledgedIn++] = district;
        }
      }
    }
  };
  // The whole months of a whole network's period, counted from the month totals (months [first, end)).
  let whole: { months: MonthTotals; first: number; end: number } | undefined;
  // A group holds only its own district's or organisation's actions.
  if (group) walk(group.positions, group.from, group.to);
  else if (perOrganisation) walk(undefined, 0, facts.length);
  else {
    // The whole network, without each organisation's counts: the run of whole months from their totals, the
    // days before and after it walked (all the period's days, when it has no whole month).
    const months = monthTotalsFor(facts, sectorOf);
    const { starts, ends, byDay } = months;
    let first = 0;
    while (first < starts.length && starts[first] < firstDay) first++;
    let end = first;
    while (end < starts.length && ends[end] <= endDay) end++;
    const wholeFrom = end > first ? starts[first] : endDay;
    const wholeTo = end > first ? ends[end - 1] : endDay;
    const at = (day: number) => firstOnOrAfter(byDay, dayOf, day);
    walk(byDay, at(firstDay), at(wholeFrom));
    walk(byDay, at(wholeTo), at(endDay));
    if (end > first) {
      whole = { months, first, end };
      const row = districts * CELLS;
      const before = months.byDistrictBefore;
      for (let k = 0; k < row; k++) byDistrict[k] += before[end * row + k] - before[first * row + k];
      for (let d = 0; d < districts; d++) {
        made[d] += months.madeBefore[end * districts + d] - months.madeBefore[first * districts + d];
        acknowledged[d] +=
          months.acknowledgedBefore[end * districts + d] - months.acknowledgedBefore[first * districts + d];
      }
      const sectorCells = (sectors + 1) * CELLS;
      for (let m = first; m < end; m++) {
        for (let c = 0; c < CELLS; c++) {
          const n = months.cells[m * CELLS + c];
          byQuarter[months.quarter[m] * CELLS + c] += n;
          byCell[c] += n;
        }
        for (let c = 0; c < sectorCells; c++) bySector[c] += months.bySector[m * sectorCells + c];
        for (let w = 0; w < words; w++) counted[w] |= months.organisations[m * words + w];
      }
    }
  }
  const result: CountedActions = {
    byDistrict: new Map(),
    byOrganisation: perOrganisation ? new Map() : undefined,
    bySector: new Map(),
    organisations: bitsSet(counted),
    byQuarter: new Map(),
    byEarliness: PREVENTION_EARLINESS.map((_, e) => IMPACT_OUTCOMES.map((_, o) => byCell[e * OUTCOMES + o])),
    referrals: new Map(),
  };
  // The acknowledgement times grouped by district, each district's then its own subarray: the whole months'
  // copied in one piece a district, then those walked (a counting sort).
  const startOf = new Int32Array(districts + 1);
  for (let d = 0; d < districts; d++) startOf[d + 1] = startOf[d] + acknowledged[d];
  const next = startOf.slice(0, districts);
  const grouped = scratch.grouped;
  if (whole) {
    const { months, first, end } = whole;
    const count = months.starts.length;
    for (let d = 0; d < districts; d++) {
      const from = months.waitStart[d * count + first];
      const to = months.waitStart[d * count + end];
      grouped.set(months.waits.subarray(from, to), next[d]);
      next[d] += to - from;
    }
  }
  for (let w = 0; w < acknowledgedIn; w++) grouped[next[waitDistricts[w]]++] = waits[w];
  for (let d = 0; d < districts; d++) {
    const counts = countsOf(byDistrict, d * CELLS);
    if (counts) result.byDistrict.set(facts.districts[d], counts);
    if (made[d] > 0)
      result.referrals.set(facts.districts[d], {
        made: made[d],
        acknowledged: acknowledged[d],
        medianMs: median(grouped.subarray(startOf[d], startOf[d + 1])),
      });
  }
  for (let q = 0; q < quarters; q++) {
    const counts = countsOf(byQuarter, q * CELLS);
    if (counts) result.byQuarter.set(facts.quarters[q], counts);
  }
  for (let sector = 1; sector <= sectors; sector++) {
    const counts = countsOf(bySector, sector * CELLS);
    if (counts) result.bySector.set(sector, counts);
  }
  if (result.byOrganisation) {
    // Only the organisations counted (a district's ten or so, not all 3,000 at national size), in id order.
    for (let w = 0; w < words; w++) {
      for (let bits = counted[w]; bits !== 0; bits ^= bits & -bits) {
        const organisation = w * 32 + 31 - Math.clz32(bits & -bits);
        result.byOrganisation.set(organisation, countsOf(byOrganisation, organisation * CELLS)!);
      }
    }
  }
  return result;
}
