import { getDb, type Db } from "~/lib/db.server";

/**
 * Every completion as a few numbers, in the order they were completed, with
 * the member's organisation and tier where they are now: what the completions
 * report counts, kept in memory (15 bytes a completion: 4.5 MB at national
 * size) so that a report over any range reads none of the database. A range is
 * found by binary search and counted in one pass (a national year, 135,000
 * completions, in about a millisecond), where grouping it in SQL took 110-200
 * ms (decision note 002).
 *
 * The report version's triggers (migration 0042) say what has changed, from
 * any connection: completions added (row 1) are read by id and appended, as
 * they are completed now, after every kept one; an organisation added, renamed
 * or moved (row 3) has the organisations read again (3,000 rows); anything else
 * (row 2: a completion changed or removed, a member's organisation or tier) has
 * every completion read again, in one pass of about 300-450 ms at national
 * size. Inside a transaction the facts are read afresh.
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
  tier: Uint8Array;
  /** Index into `modules`. */
  module: Uint16Array;
  /** Module ids, each with its index. */
  modules: string[];
  moduleIndex: Map<string, number>;
  /** Every organisation's name and district. */
  organisations: Map<number, { name: string; districtId: string | null }>;
};

type Kept = { versions: number[]; facts: CompletionFacts };
const kept = new WeakMap<Db, Kept>();

type CompletionRow = [id: number, completedAt: number, organisationId: number, tier: number, moduleId: string];

const COMPLETION_ROWS = `SELECT c.id, c.completed_at, coalesce(m.organisation_id, 0), m.tier, c.module_id
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
    tier: copy(facts.tier, new Uint8Array(grown)),
    module: copy(facts.module, new Uint16Array(grown)),
  };
}

/** Appends completions (by completion time) to the facts, in place. */
function append(facts: CompletionFacts, rows: CompletionRow[]) {
  for (const [id, completedAt, organisationId, tier, moduleId] of rows) {
    let module = facts.moduleIndex.get(moduleId);
    if (module === undefined) {
      module = facts.modules.push(moduleId) - 1;
      facts.moduleIndex.set(moduleId, module);
    }
    const i = facts.length++;
    facts.completedAt[i] = completedAt;
    facts.organisationId[i] = organisationId;
    facts.tier[i] = tier;
    facts.module[i] = module;
    facts.lastId = Math.max(facts.lastId, id);
  }
}

function emptyFacts(organisations: CompletionFacts["organisations"]): CompletionFacts {
  return {
    length: 0,
    lastId: 0,
    completedAt: new Float64Array(0),
    organisationId: new Int32Array(0),
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
  for (const [id, completedAt, organisationId, tier, moduleId] of rows) {
    if (read.length === read.completedAt.length) read = withRoom(read, read.length + 1);
    let module = read.moduleIndex.get(moduleId);
    if (module === undefined) {
      module = read.modules.push(moduleId) - 1;
      read.moduleIndex.set(moduleId, module);
    }
    const i = read.length++;
    read.completedAt[i] = completedAt;
    read.organisationId[i] = organisationId;
    read.tier[i] = tier;
    read.module[i] = module;
    if (id > read.lastId) read.lastId = id;
  }
  // In completion order: no index holds the completion time alone, so they are sorted here.
  const order = new Uint32Array(read.length).map((_, i) => i);
  const times = read.completedAt;
  order.sort((a, b) => times[a] - times[b]);
  const facts = withRoom({ ...read, length: 0, completedAt: new Float64Array(0) }, read.length);
  order.forEach((from, i) => {
    facts.completedAt[i] = read.completedAt[from];
    facts.organisationId[i] = read.organisationId[from];
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
  if (!entry || entry.versions[1] !== versions[1]) {
    facts = readCompletionFacts(db);
  } else {
    facts = entry.facts;
    if (entry.versions[2] !== versions[2]) facts = { ...facts, organisations: readOrganisations(db) };
    if (entry.versions[0] !== versions[0]) {
      const added = db.$client
        .prepare(`${COMPLETION_ROWS} WHERE c.id > ? ORDER BY c.completed_at, c.id`)
        .raw()
        .all(facts.lastId) as CompletionRow[];
      const latest = facts.length > 0 ? facts.completedAt[facts.length - 1] : -Infinity;
      // A completion dated before the latest kept one (an import, say) does not go at the end: read them all.
      if (added.some(([, completedAt]) => completedAt < latest)) facts = readCompletionFacts(db);
      else {
        facts = withRoom({ ...facts }, facts.length + added.length);
        append(facts, added);
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

/**
 * Completions in [from, to) of members matching the filters, counted by
 * organisation (null for none) and module: the same groups, in the same order
 * (organisation id with none first, then module id), as SQL's GROUP BY gave.
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
  const first = from ? firstAtOrAfter(facts.completedAt, from.getTime(), facts.length) : 0;
  const last = to ? firstAtOrAfter(facts.completedAt, to.getTime(), facts.length) : facts.length;
  const inDistrict = districtId
    ? new Set([...facts.organisations].filter(([, o]) => o.districtId === districtId).map(([id]) => id))
    : null;
  const width = facts.modules.length;
  const counts = new Map<number, Uint32Array>();
  for (let i = first; i < last; i++) {
    const organisation = facts.organisationId[i];
    if (organisationId !== undefined && organisation !== organisationId) continue;
    if (inDistrict && !inDistrict.has(organisation)) continue;
    if (tier !== undefined && facts.tier[i] !== tier) continue;
    let row = counts.get(organisation);
    if (!row) counts.set(organisation, (row = new Uint32Array(width)));
    row[facts.module[i]] += 1;
  }
  const grouped: Array<{ moduleId: string; organisationId: number | null; n: number }> = [];
  for (const organisation of [...counts.keys()].sort((a, b) => a - b)) {
    const row = counts.get(organisation)!;
    row.forEach((n, module) => {
      if (n > 0) grouped.push({ moduleId: facts.modules[module], organisationId: organisation || null, n });
    });
  }
  return { grouped, organisations: facts.organisations };
}
