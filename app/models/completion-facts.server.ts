import { getDb, type Db } from "~/lib/db.server";

/**
 * Every completion as a few numbers, in the order they were completed, with
 * the member (and their organisation and tier where they are now): what the
 * completions report and the impact report's people trained count, kept in
 * memory (19 bytes a completion: 5.7 MB at national size) so that a report
 * over any range reads none of the database. A range is found by binary
 * search and counted in one pass (a national year, 135,000 completions, in
 * about a millisecond), where grouping it in SQL took 110-200 ms (decision
 * note 002).
 *
 * The report version's triggers (migrations 0042, 0043) say what has changed,
 * from any connection: completions added (row 1) are read by id and appended,
 * as they are completed now, after every kept one; an organisation added,
 * renamed or moved (row 3) has the organisations read again (3,000 rows); a
 * completion changed or removed (row 2) or a member's organisation or tier
 * changed (row 4) has every completion read again, in one pass of about
 * 300-450 ms at national size. A member's status (row 5) is not counted here.
 * Inside a transaction the facts are read afresh.
 */
export type CompletionFacts = {
  /** How many completions are kept: the arrays may be longer. */
  length: number;
  /** The highest completion id kept: those added later have higher ids. */
  lastId: number;
  /** When each completion was made (ms), ascending. */
  completedAt: Float64Array;
  /** The completer's organisation id, or 0 for none. */
  organisationId: Int32Array;
  memberId: Int32Array;
  tier: Uint8Array;
  /** Index into `modules`. */
  module: Uint16Array;
  /** Module ids, each with its index. */
  modules: string[];
  moduleIndex: Map<string, number>;
  /** Every organisation's name and district. */
  organisations: Map<number, { name: string; districtId: string | null }>;
  /** Made when first counted after a change (see indexOf). */
  index?: CompletionIndex;
};

/**
 * The kept completions arranged for counting. Organisations (and "none") are
 * numbered in the report's order, by name then id, so counts come out in the
 * order the report lists them; and each organisation's completions are listed
 * together, in time order, so one district's or organisation's range is found
 * by binary search in their own few, not by a pass over every completion.
 */
type CompletionIndex = {
  /** Each completion's organisation's place in the report's order. */
  slot: Int32Array;
  /** The organisation id (0 for none) at each place. */
  slotOrganisation: Int32Array;
  /** Completion indexes grouped by place, each group in time order. */
  byPlace: Uint32Array;
  /** Where each place's group starts in byPlace (one more entry than places). */
  placeStart: Uint32Array;
  /** Each organisation's place. */
  placeOf: Map<number, number>;
};

/** What the report calls the organisation of members who have none. */
export const NO_ORGANISATION = "Other organisations";

type Kept = { versions: number[]; facts: CompletionFacts };
const kept = new WeakMap<Db, Kept>();

type CompletionRow = [
  id: number,
  completedAt: number,
  organisationId: number,
  tier: number,
  moduleId: string,
  memberId: number,
];

const COMPLETION_ROWS = `SELECT c.id, c.completed_at, coalesce(m.organisation_id, 0), m.tier, c.module_id, c.member_id
  FROM completions c JOIN members m ON m.id = c.member_id`;

function readOrganisations(db: Db) {
  const rows = db.$client.prepare("SELECT id, name, district_id FROM organisations").raw().all() as Array<
    [number, string, string | null]
  >;
  return new Map(rows.map(([id, name, districtId]) => [id, { name, districtId }]));
}

/** Room for `size` completions: the kept ones copied into arrays at least that long. */
function withRoom(facts: CompletionFacts, size: number): CompletionFacts {
  if (facts.completedAt.length >= size) return facts;
  const grown = Math.max(size, Math.ceil(facts.completedAt.length * 1.25), 1024);
  const copy = <T extends Float64Array | Int32Array | Uint8Array | Uint16Array>(from: T, to: T) => {
    to.set(from.subarray(0, facts.length) as never);
    return to;
  };
  return {
    ...facts,
    completedAt: copy(facts.completedAt, new Float64Array(grown)),
    organisationId: copy(facts.organisationId, new Int32Array(grown)),
    memberId: copy(facts.memberId, new Int32Array(grown)),
    tier: copy(facts.tier, new Uint8Array(grown)),
    module: copy(facts.module, new Uint16Array(grown)),
  };
}

/** Appends a completion (the latest yet) to facts with room for it, in place. */
function append(facts: CompletionFacts, [id, completedAt, organisationId, tier, moduleId, memberId]: CompletionRow) {
  let module = facts.moduleIndex.get(moduleId);
  if (module === undefined) {
    module = facts.modules.push(moduleId) - 1;
    facts.moduleIndex.set(moduleId, module);
  }
  const i = facts.length++;
  facts.completedAt[i] = completedAt;
  facts.organisationId[i] = organisationId;
  facts.memberId[i] = memberId;
  facts.tier[i] = tier;
  facts.module[i] = module;
  if (id > facts.lastId) facts.lastId = id;
}

function emptyFacts(organisations: CompletionFacts["organisations"]): CompletionFacts {
  return {
    length: 0,
    lastId: 0,
    completedAt: new Float64Array(0),
    organisationId: new Int32Array(0),
    memberId: new Int32Array(0),
    tier: new Uint8Array(0),
    module: new Uint16Array(0),
    modules: [],
    moduleIndex: new Map(),
    organisations,
  };
}

function readCompletionFacts(db: Db): CompletionFacts {
  const expected = db.$client.prepare("SELECT count(*) FROM completions").pluck().get() as number;
  let read = withRoom(emptyFacts(readOrganisations(db)), expected);
  // Straight into typed arrays: holding 300,000 rows as arrays first took twice as long.
  const rows = db.$client.prepare(COMPLETION_ROWS).raw().iterate() as Iterable<CompletionRow>;
  for (const row of rows) {
    if (read.length === read.completedAt.length) read = withRoom(read, read.length + 1);
    append(read, row);
  }
  // In completion order: no index holds the completion time alone, so they are sorted here.
  const order = new Uint32Array(read.length).map((_, i) => i);
  const times = read.completedAt;
  order.sort((a, b) => times[a] - times[b]);
  const facts = withRoom({ ...read, length: 0, completedAt: new Float64Array(0) }, read.length);
  order.forEach((from, i) => {
    facts.completedAt[i] = read.completedAt[from];
    facts.organisationId[i] = read.organisationId[from];
    facts.memberId[i] = read.memberId[from];
    facts.tier[i] = read.tier[from];
    facts.module[i] = read.module[from];
  });
  facts.length = read.length;
  return facts;
}

/** The kept completion facts, brought up to date with what the report version says has changed. */
export function completionFacts(db: Db = getDb()): CompletionFacts {
  if (db.$client.inTransaction) return readCompletionFacts(db);
  // The versions are read before the completions: a write between the two is read again next time, never missed.
  const versions = db.$client.prepare("SELECT version FROM report_version ORDER BY id").pluck().all() as number[];
  const entry = kept.get(db);
  let facts: CompletionFacts;
  // Row 2 (a completion changed or removed) or row 4 (a member's organisation or tier): everything read again.
  if (!entry || entry.versions[1] !== versions[1] || entry.versions[3] !== versions[3]) {
    facts = readCompletionFacts(db);
  } else {
    facts = entry.facts;
    if (entry.versions[2] !== versions[2]) facts = { ...facts, organisations: readOrganisations(db), index: undefined };
    if (entry.versions[0] !== versions[0]) {
      const added = db.$client
        .prepare(`${COMPLETION_ROWS} WHERE c.id > ? ORDER BY c.completed_at, c.id`)
        .raw()
        .all(facts.lastId) as CompletionRow[];
      const latest = facts.length > 0 ? facts.completedAt[facts.length - 1] : -Infinity;
      // A completion dated before the latest kept one (an import, say) does not go at the end: read them all.
      if (added.some(([, completedAt]) => completedAt < latest)) facts = readCompletionFacts(db);
      else {
        facts = withRoom({ ...facts, index: undefined }, facts.length + added.length);
        for (const row of added) append(facts, row);
      }
    }
  }
  if (facts !== entry?.facts) kept.set(db, { versions, facts });
  else entry.versions = versions;
  return facts;
}

/** The first index whose time is at or after `time` (the length if none is). */
export function firstAtOrAfter(times: Float64Array, time: number, length = times.length) {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The facts' counting index, made once per change (about 10-20 ms for 300,000 completions). */
function indexOf(facts: CompletionFacts): CompletionIndex {
  if (facts.index) return facts.index;
  const places = [[0, NO_ORGANISATION] as const, ...[...facts.organisations].map(([id, o]) => [id, o.name] as const)]
    .sort(([a, aName], [b, bName]) => byText(aName, bName) || a - b)
    .map(([id]) => id);
  const placeOf = new Map(places.map((id, place) => [id, place]));
  const slot = new Int32Array(facts.length);
  const placeStart = new Uint32Array(places.length + 1);
  for (let i = 0; i < facts.length; i++) {
    slot[i] = placeOf.get(facts.organisationId[i]) ?? 0;
    placeStart[slot[i] + 1] += 1;
  }
  for (let place = 0; place < places.length; place++) placeStart[place + 1] += placeStart[place];
  // A counting sort by place: stable, so each place's completions stay in time order.
  const byPlace = new Uint32Array(facts.length);
  const next = placeStart.slice(0, places.length);
  for (let i = 0; i < facts.length; i++) byPlace[next[slot[i]]++] = i;
  facts.index = { slot, slotOrganisation: Int32Array.from(places), byPlace, placeStart, placeOf };
  return facts.index;
}

/**
 * Completions in [from, to) of members matching the filters, counted by
 * organisation (null for none) and module, in the report's order: by the
 * organisation's name, then its id (none first), then module id. The whole
 * network's range is one pass over it; an organisation's or a district's is
 * read from their own completions.
 */
export function countCompletions(
  {
    from,
    to,
    organisationId,
    districtId,
    tier,
  }: { from?: Date; to?: Date; organisationId?: number; districtId?: string; tier?: number },
  db: Db = getDb(),
) {
  const facts = completionFacts(db);
  const index = indexOf(facts);
  const width = facts.modules.length;
  const counts = new Uint32Array(index.slotOrganisation.length * width);
  const start = from?.getTime() ?? -Infinity;
  const end = to?.getTime() ?? Infinity;
  if (organisationId === undefined && districtId === undefined) {
    const first = from ? firstAtOrAfter(facts.completedAt, start, facts.length) : 0;
    const last = to ? firstAtOrAfter(facts.completedAt, end, facts.length) : facts.length;
    for (let i = first; i < last; i++) {
      if (tier === undefined || facts.tier[i] === tier) counts[index.slot[i] * width + facts.module[i]] += 1;
    }
  } else {
    const places = [...facts.organisations]
      .filter(
        ([id, o]) =>
          (organisationId === undefined || id === organisationId) && (!districtId || o.districtId === districtId),
      )
      .map(([id]) => index.placeOf.get(id)!);
    for (const place of places) {
      // This place's completions, in time order: the range by binary search on their times.
      let low = index.placeStart[place];
      let high = index.placeStart[place + 1];
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (facts.completedAt[index.byPlace[middle]] < start) low = middle + 1;
        else high = middle;
      }
      for (let k = low; k < index.placeStart[place + 1]; k++) {
        const i = index.byPlace[k];
        if (facts.completedAt[i] >= end) break;
        if (tier === undefined || facts.tier[i] === tier) counts[place * width + facts.module[i]] += 1;
      }
    }
  }
  const modules = facts.modules.map((id, module) => ({ id, module })).sort((a, b) => byText(a.id, b.id));
  const grouped: Array<{ moduleId: string; organisationId: number | null; n: number }> = [];
  for (let place = 0; place < index.slotOrganisation.length; place++) {
    for (const { id, module } of modules) {
      const n = counts[place * width + module];
      if (n > 0) grouped.push({ moduleId: id, organisationId: index.slotOrganisation[place] || null, n });
    }
  }
  return { grouped, organisations: facts.organisations };
}
