import { getDb, type Db } from "~/lib/db.server";
import { firstAtOrAfter } from "./completion-facts.server";

/**
 * Every member's latest completion of each module that expires, as a few
 * numbers sorted by expiry (then by completion id), with every member's
 * organisation, tier and whether they are active: what the refreshers report
 * counts, kept in memory (about 18 bytes a completion and 6 a member: 5.9 MB
 * at national size) so that a report over any range reads none of the
 * database but the names of the rows it shows. A range is found by binary
 * search and counted in one pass; building every row of a national year
 * (291,435) on each view took 300 ms to 1.8 s and held them on the heap
 * (decision note 002).
 *
 * The report version's triggers (migrations 0042, 0043) say what has changed,
 * from any connection:
 * - row 1, completions added: each one's module is looked at again for its
 *   member, and their latest completion replaces the kept one;
 * - row 2, a completion changed or removed: everything is read again (about
 *   400 ms at national size);
 * - row 3, organisations: their districts are read again;
 * - rows 4 and 5, a member's organisation, tier or status: the members are
 *   read again (100,000 rows).
 * Inside a transaction the facts are read afresh.
 */
export type RefresherFacts = {
  /** The highest completion id read: those added later have higher ids. */
  lastId: number;
  /** When each refresher's completion expires (ms), ascending; ties by completion id. */
  expiresAt: Float64Array;
  completionId: Int32Array;
  memberId: Int32Array;
  /** Index into `titles`: the module's title when it was completed. */
  title: Uint16Array;
  titles: string[];
  members: MemberFacts;
  /** Each organisation's district. */
  districtOf: Map<number, string | null>;
};

/** Members by id: organisation (0 for none), tier, and 1 when active. */
type MemberFacts = { organisationId: Int32Array; tier: Uint8Array; active: Uint8Array };

type Kept = { versions: number[]; facts: RefresherFacts };
const kept = new WeakMap<Db, Kept>();

type Refresher = { expiresAt: number; completionId: number; memberId: number; title: string };
type MemberRow = [id: number, organisationId: number, tier: number, active: number];

const MEMBER_ROWS = "SELECT id, coalesce(organisation_id, 0), tier, status = 'active' FROM members";

function readMembers(db: Db): MemberFacts {
  const size = ((db.$client.prepare("SELECT max(id) FROM members").pluck().get() as number | null) ?? 0) + 1;
  const members = { organisationId: new Int32Array(size), tier: new Uint8Array(size), active: new Uint8Array(size) };
  for (const row of db.$client.prepare(MEMBER_ROWS).raw().iterate() as Iterable<MemberRow>) setMember(members, row);
  return members;
}

/** Sets a member's facts, the arrays grown first if the id is beyond them. */
function setMember(members: MemberFacts, [id, organisationId, tier, active]: MemberRow) {
  if (id >= members.active.length) {
    const size = Math.max(id + 1, Math.ceil(members.active.length * 1.25));
    const grow = <T extends Int32Array | Uint8Array>(from: T, to: T) => (to.set(from as never), to);
    members.organisationId = grow(members.organisationId, new Int32Array(size));
    members.tier = grow(members.tier, new Uint8Array(size));
    members.active = grow(members.active, new Uint8Array(size));
  }
  members.organisationId[id] = organisationId;
  members.tier[id] = tier;
  members.active[id] = active;
}

function readDistricts(db: Db) {
  const rows = db.$client.prepare("SELECT id, district_id FROM organisations").raw().all() as Array<
    [number, string | null]
  >;
  return new Map(rows);
}

/** Orders refreshers as the report lists them: by expiry, then by completion. */
const byExpiry = (a: Refresher, b: Refresher) => a.expiresAt - b.expiresAt || a.completionId - b.completionId;

type CompletionRow = [
  memberId: number,
  moduleId: string,
  completedAt: number,
  id: number,
  expiresAt: number | null,
  title: string,
];

/** Whether a completion is later than another of the same module: completed later, or at the same moment with a higher id. */
const later = (a: CompletionRow, b: CompletionRow) => a[2] > b[2] || (a[2] === b[2] && a[3] > b[3]);

function readRefresherFacts(db: Db): RefresherFacts {
  const size = db.$client.prepare("SELECT count(*) FROM completions").pluck().get() as number;
  // Straight into typed arrays, each member's latest completion of a module kept in one place: a refresher
  // object for each of 300,000 completions, sorted with a comparator, took twice as long.
  const expiresAt = new Float64Array(size);
  const completionId = new Int32Array(size);
  const memberId = new Int32Array(size);
  const title = new Uint16Array(size);
  const titles: string[] = [];
  const titleIndex = new Map<string, number>();
  let length = 0;
  let lastId = 0;
  let latest: CompletionRow | undefined;
  const keep = (row: CompletionRow | undefined) => {
    if (!row || row[4] === null) return;
    let t = titleIndex.get(row[5]);
    if (t === undefined) titleIndex.set(row[5], (t = titles.push(row[5]) - 1));
    expiresAt[length] = row[4];
    completionId[length] = row[3];
    memberId[length] = row[0];
    title[length] = t;
    length++;
  };
  // Every completion from the covering (member, module, completed, expires, title) index, each member's modules
  // together: the latest of each is the refresher, if it expires.
  const rows = db.$client
    .prepare(
      `SELECT member_id, module_id, completed_at, id, expires_at, module_title FROM completions
        ORDER BY member_id, module_id, completed_at`,
    )
    .raw()
    .iterate() as Iterable<CompletionRow>;
  for (const row of rows) {
    if (row[3] > lastId) lastId = row[3];
    if (latest && latest[0] === row[0] && latest[1] === row[1]) {
      if (later(row, latest)) latest = row;
    } else {
      keep(latest);
      latest = row;
    }
  }
  keep(latest);
  const order = new Uint32Array(length).map((_, i) => i);
  order.sort((a, b) => expiresAt[a] - expiresAt[b] || completionId[a] - completionId[b]);
  const pick = <T extends Float64Array | Int32Array | Uint16Array>(from: T, to: T) => {
    order.forEach((i, place) => (to[place] = from[i]));
    return to;
  };
  return {
    lastId,
    expiresAt: pick(expiresAt, new Float64Array(length)),
    completionId: pick(completionId, new Int32Array(length)),
    memberId: pick(memberId, new Int32Array(length)),
    title: pick(title, new Uint16Array(length)),
    titles,
    members: readMembers(db),
    districtOf: readDistricts(db),
  };
}

/** Where a refresher is kept, or -1. */
function placeOf(facts: RefresherFacts, expiresAt: number, completionId: number) {
  let i = firstAtOrAfter(facts.expiresAt, expiresAt);
  while (i < facts.expiresAt.length && facts.expiresAt[i] === expiresAt) {
    if (facts.completionId[i] === completionId) return i;
    i++;
  }
  return -1;
}

/**
 * The facts with completions added since they were read: for each member and
 * module completed again, the refresher kept for it (their latest completion
 * read before) is replaced by their latest completion now, if it expires.
 */
function withAddedCompletions(facts: RefresherFacts, db: Db): RefresherFacts {
  const added = db.$client
    .prepare("SELECT id, member_id, module_id FROM completions WHERE id > ? ORDER BY id")
    .raw()
    .all(facts.lastId) as Array<[number, number, string]>;
  if (added.length === 0) return facts;
  const latestUpTo = db.$client.prepare(
    `SELECT member_id, module_id, completed_at, id, expires_at, module_title FROM completions
      WHERE member_id = ? AND module_id = ? AND id <= ? ORDER BY completed_at DESC, id DESC LIMIT 1`,
  );
  const memberRow = db.$client.prepare(`${MEMBER_ROWS} WHERE id = ?`);
  const lastId = added[added.length - 1][0];
  const removed = new Set<number>();
  const replacements: Refresher[] = [];
  const pairs = new Map(added.map(([, memberId, moduleId]) => [`${memberId} ${moduleId}`, { memberId, moduleId }]));
  const members = { ...facts.members };
  for (const { memberId, moduleId } of pairs.values()) {
    const before = latestUpTo.raw().get(memberId, moduleId, facts.lastId) as CompletionRow | undefined;
    if (before && before[4] !== null) {
      const place = placeOf(facts, before[4], before[3]);
      if (place >= 0) removed.add(place);
    }
    const now = latestUpTo.raw().get(memberId, moduleId, lastId) as CompletionRow | undefined;
    if (now && now[4] !== null) replacements.push({ expiresAt: now[4], completionId: now[3], memberId, title: now[5] });
    // A member who joined since the facts were read: their organisation, tier and status too.
    const member = memberRow.raw().get(memberId) as MemberRow | undefined;
    if (member) setMember(members, member);
  }
  replacements.sort(byExpiry);
  // The kept refreshers and their replacements merged in expiry order, those replaced left out.
  const titles = [...facts.titles];
  const titleIndex = new Map(titles.map((t, i) => [t, i]));
  const size = facts.expiresAt.length - removed.size + replacements.length;
  const merged = {
    expiresAt: new Float64Array(size),
    completionId: new Int32Array(size),
    memberId: new Int32Array(size),
    title: new Uint16Array(size),
  };
  let place = 0;
  const put = (expiresAt: number, completionId: number, memberId: number, title: number) => {
    merged.expiresAt[place] = expiresAt;
    merged.completionId[place] = completionId;
    merged.memberId[place] = memberId;
    merged.title[place] = title;
    place++;
  };
  let r = 0;
  const putReplacement = () => {
    const { expiresAt, completionId, memberId, title } = replacements[r++];
    let t = titleIndex.get(title);
    if (t === undefined) titleIndex.set(title, (t = titles.push(title) - 1));
    put(expiresAt, completionId, memberId, t);
  };
  for (let i = 0; i < facts.expiresAt.length; i++) {
    if (removed.has(i)) continue;
    const expiresAt = facts.expiresAt[i];
    const completionId = facts.completionId[i];
    while (
      r < replacements.length &&
      (replacements[r].expiresAt < expiresAt ||
        (replacements[r].expiresAt === expiresAt && replacements[r].completionId < completionId))
    )
      putReplacement();
    put(expiresAt, completionId, facts.memberId[i], facts.title[i]);
  }
  while (r < replacements.length) putReplacement();
  return { ...merged, lastId, titles, members, districtOf: facts.districtOf };
}

/** The kept refresher facts, brought up to date with what the report version says has changed. */
export function refresherFacts(db: Db = getDb()): RefresherFacts {
  if (db.$client.inTransaction) return readRefresherFacts(db);
  // The versions are read before anything else: a write between the two is read again next time, never missed.
  const versions = db.$client.prepare("SELECT version FROM report_version ORDER BY id").pluck().all() as number[];
  const entry = kept.get(db);
  let facts: RefresherFacts;
  if (!entry || entry.versions[1] !== versions[1]) {
    facts = readRefresherFacts(db);
  } else {
    facts = entry.facts;
    if (entry.versions[2] !== versions[2]) facts = { ...facts, districtOf: readDistricts(db) };
    if (entry.versions[3] !== versions[3] || entry.versions[4] !== versions[4])
      facts = { ...facts, members: readMembers(db) };
    if (entry.versions[0] !== versions[0]) facts = withAddedCompletions(facts, db);
  }
  if (facts !== entry?.facts) kept.set(db, { versions, facts });
  else entry.versions = versions;
  return facts;
}

export type RefresherScope = {
  from?: Date;
  to?: Date;
  now: Date;
  organisationId?: number;
  districtId?: string;
  tier?: number;
};

/** What the report shows of one refresher; the member is named by the caller. */
export type RefresherRow = { memberId: number; organisationId: number | null; moduleTitle: string; expiresAt: Date };

/** How far ahead the report looks without dates. */
export const REFRESHER_HORIZON_DAYS = 90;

/**
 * Active members' refreshers in the scope, by expiry then completion: those
 * that expire between the dates (from inclusive, to exclusive; an open end is
 * open), or without dates everything expired and everything due in the next
 * 90 days. Counted as expired (at or before `now`) and due; the first `limit`
 * of them listed.
 */
export function countRefreshers(scope: RefresherScope & { limit: number }, db: Db = getDb()) {
  const facts = refresherFacts(db);
  const { expiresAt, memberId } = facts;
  const { organisationId, active, tier } = facts.members;
  const dated = Boolean(scope.from || scope.to);
  const horizon = scope.now.getTime() + REFRESHER_HORIZON_DAYS * 86_400_000;
  const first = scope.from ? firstAtOrAfter(expiresAt, scope.from.getTime()) : 0;
  const last = dated
    ? scope.to
      ? firstAtOrAfter(expiresAt, scope.to.getTime())
      : expiresAt.length
    : firstAtOrAfter(expiresAt, horizon);
  const inDistrict = scope.districtId
    ? new Set([...facts.districtOf].filter(([, d]) => d === scope.districtId).map(([id]) => id))
    : undefined;
  const now = scope.now.getTime();
  let expired = 0;
  let due = 0;
  const rows: RefresherRow[] = [];
  for (let i = first; i < last; i++) {
    const member = memberId[i];
    if (active[member] !== 1) continue;
    const organisation = organisationId[member];
    if (scope.organisationId && organisation !== scope.organisationId) continue;
    if (inDistrict && !inDistrict.has(organisation)) continue;
    if (scope.tier && tier[member] !== scope.tier) continue;
    if (expiresAt[i] <= now) expired++;
    else due++;
    if (rows.length < scope.limit)
      rows.push({
        memberId: member,
        organisationId: organisation || null,
        moduleTitle: facts.titles[facts.title[i]],
        expiresAt: new Date(expiresAt[i]),
      });
  }
  return { expired, due, rows };
}
