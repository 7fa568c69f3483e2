import { getDb, type Db } from "~/lib/db.server";
import { firstAtOrAfter, NO_ORGANISATION } from "./completion-facts.server";

/**
 * Every booking that expects someone at a workshop (booked, or apologies
 * sent), as a few numbers in the order the workshops start: what the
 * attendance report counts, kept in memory (about 20 bytes a booking: 2 MB for
 * 100,000) with every workshop's title, times and status and every
 * organisation's name and district, so that a report over any range reads none
 * of the database. Grouping a national year in SQL took 150-300 ms on each view.
 *
 * The facts are read again (about 100-200 ms at national size) when a version
 * they depend on moves, from any connection: the health version (bookings, a
 * workshop's title; migration 0041), the currency version (attendance marks, a
 * workshop's status or times, a member's organisation or tier; migration 0040)
 * or the report version's organisations (migration 0042). Inside a
 * transaction they are read afresh.
 */
type AttendanceFacts = {
  /** When each booking's workshop starts (ms), ascending; bookings of one workshop together. */
  startsAt: Float64Array;
  /** Each booking's workshop: an index into `workshops`. */
  workshop: Int32Array;
  /** The member's organisation id, or 0 for none. */
  organisationId: Int32Array;
  tier: Uint8Array;
  /** 1 where the member was marked attended. */
  attended: Uint8Array;
  /** Every workshop, by start then id. */
  workshops: Workshop[];
  /** Every organisation's name and district. */
  organisations: Map<number, { name: string; districtId: string | null }>;
  /** The highest organisation id among the bookings and the organisations. */
  highestOrganisation: number;
  /** Organisation ids 0 to highestOrganisation in the report's order of their names, made when first asked for. */
  inNameOrder?: Int32Array;
};

type Workshop = { id: number; title: string; startsAt: Date; endsAt: number; scheduled: boolean };

const kept = new WeakMap<Db, { key: string; facts: AttendanceFacts }>();

type BookingRow = [workshopId: number, organisationId: number, tier: number, attended: number];

function readAttendanceFacts(db: Db): AttendanceFacts {
  const workshopRows = db.$client
    .prepare("SELECT id, title, starts_at, ends_at, status FROM workshops ORDER BY starts_at, id")
    .raw()
    .all() as Array<[number, string, number, number, string]>;
  const workshops = workshopRows.map(([id, title, startsAt, endsAt, status]) => ({
    id,
    title,
    startsAt: new Date(startsAt),
    endsAt,
    scheduled: status === "scheduled",
  }));
  const position = new Map(workshops.map((w, i) => [w.id, i]));
  // Each booking's workshop (its position), organisation, tier and mark, in the order read: straight into typed
  // arrays, from the covering index in workshop order (the table scan SQLite chose read each row: 170-270 ms
  // against about 140 for 100,000 bookings).
  const expected = db.$client.prepare("SELECT count(*) FROM bookings").pluck().get() as number;
  let read: ReadBookings = {
    length: 0,
    workshop: new Int32Array(expected),
    organisationId: new Int32Array(expected),
    tier: new Uint8Array(expected),
    attended: new Uint8Array(expected),
  };
  const bookings = db.$client
    .prepare(
      `SELECT b.workshop_id, coalesce(m.organisation_id, 0), m.tier, coalesce(a.status = 'attended', 0)
       FROM bookings b INDEXED BY bookings_workshop_status_member_idx JOIN members m ON m.id = b.member_id
       LEFT JOIN attendance a ON a.workshop_id = b.workshop_id AND a.member_id = b.member_id
       WHERE b.status IN ('booked', 'apologies')`,
    )
    .raw()
    .iterate() as Iterable<BookingRow>;
  for (const [workshopId, organisationId, tier, attended] of bookings) {
    if (read.length === read.workshop.length) read = grown(read);
    const i = read.length++;
    read.workshop[i] = position.get(workshopId)!;
    read.organisationId[i] = organisationId;
    read.tier[i] = tier;
    read.attended[i] = attended;
  }
  // In the workshops' order (by start, then id): a counting sort by workshop, each workshop's bookings together.
  const start = new Uint32Array(workshops.length + 1);
  for (let i = 0; i < read.length; i++) start[read.workshop[i] + 1] += 1;
  for (let w = 0; w < workshops.length; w++) start[w + 1] += start[w];
  const facts: AttendanceFacts = {
    startsAt: new Float64Array(read.length),
    workshop: new Int32Array(read.length),
    organisationId: new Int32Array(read.length),
    tier: new Uint8Array(read.length),
    attended: new Uint8Array(read.length),
    workshops,
    organisations: new Map(
      (
        db.$client.prepare("SELECT id, name, district_id FROM organisations").raw().all() as Array<
          [number, string, string | null]
        >
      ).map(([id, name, districtId]) => [id, { name, districtId }]),
    ),
    highestOrganisation: 0,
  };
  for (const id of facts.organisations.keys()) facts.highestOrganisation = Math.max(facts.highestOrganisation, id);
  for (let from = 0; from < read.length; from++) {
    const w = read.workshop[from];
    facts.highestOrganisation = Math.max(facts.highestOrganisation, read.organisationId[from]);
    const i = start[w]++;
    facts.startsAt[i] = workshops[w].startsAt.getTime();
    facts.workshop[i] = w;
    facts.organisationId[i] = read.organisationId[from];
    facts.tier[i] = read.tier[from];
    facts.attended[i] = read.attended[from];
  }
  return facts;
}

type ReadBookings = {
  length: number;
  workshop: Int32Array;
  organisationId: Int32Array;
  tier: Uint8Array;
  attended: Uint8Array;
};

/** The bookings read so far, in arrays with room for more (a booking written since they were counted). */
function grown(read: ReadBookings): ReadBookings {
  const size = Math.max(1024, read.workshop.length * 2);
  const copy = <T extends Int32Array | Uint8Array>(from: T, to: T) => (to.set(from as never), to);
  return {
    length: read.length,
    workshop: copy(read.workshop, new Int32Array(size)),
    organisationId: copy(read.organisationId, new Int32Array(size)),
    tier: copy(read.tier, new Uint8Array(size)),
    attended: copy(read.attended, new Uint8Array(size)),
  };
}

function attendanceFacts(db: Db): AttendanceFacts {
  if (db.$client.inTransaction) return readAttendanceFacts(db);
  // The versions are read before the bookings: a write between the two is read again next time, never missed.
  const key = JSON.stringify(
    db.$client
      .prepare(
        `SELECT (SELECT version FROM health_version WHERE id = 1), (SELECT version FROM currency_version WHERE id = 1),
          (SELECT version FROM report_version WHERE id = 3)`,
      )
      .raw()
      .get(),
  );
  let entry = kept.get(db);
  if (!entry || entry.key !== key) {
    entry = { key, facts: readAttendanceFacts(db) };
    kept.set(db, entry);
  }
  return entry.facts;
}

const byName = new Intl.Collator().compare;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An organisation id's name in the report: members of none, and ids of no organisation, are counted as `none`. */
const nameIn = (facts: AttendanceFacts, id: number, none: string) => facts.organisations.get(id)?.name ?? none;

/**
 * Organisation ids 0 to the highest in the report's order of their names: as
 * localeCompare orders them, ties by code point, then by id, so one name's ids
 * are together. Worked out once per change rather than by comparing 3,000
 * names with a collator on every view (about 10 ms).
 */
function organisationsInNameOrder(facts: AttendanceFacts, none: string) {
  if (!facts.inNameOrder) {
    const names = Array.from({ length: facts.highestOrganisation + 1 }, (_, id) => nameIn(facts, id, none));
    const distinct = [...new Set(names)].sort((a, b) => byName(a, b) || byText(a, b));
    const place = new Map(distinct.map((name, i) => [name, i]));
    facts.inNameOrder = Int32Array.from(names.keys()).sort(
      (a, b) => place.get(names[a])! - place.get(names[b])! || a - b,
    );
  }
  return facts.inNameOrder;
}

/**
 * People expected and attended at each workshop held (scheduled and ended by
 * `now`) that started in [from, to), for members matching the filters: per
 * workshop (`workshops`, in the order they started, then by id) and per
 * organisation id (0 for none), in arrays; with each organisation id's name
 * and the ids in the report's order of their names.
 */
export function countAttendance(
  {
    from,
    to,
    now,
    organisationId,
    districtId,
    tier,
  }: { from?: Date; to?: Date; now: Date; organisationId?: number; districtId?: string; tier?: number },
  db: Db = getDb(),
) {
  const facts = attendanceFacts(db);
  const length = facts.startsAt.length;
  const first = from ? firstAtOrAfter(facts.startsAt, from.getTime(), length) : 0;
  const last = to ? firstAtOrAfter(facts.startsAt, to.getTime(), length) : length;
  const held = now.getTime();
  const expected = new Uint32Array(facts.workshops.length);
  const attended = new Uint32Array(facts.workshops.length);
  // Counted by organisation id in arrays (0 for none), and the district's organisations marked once, not a map
  // looked up for every booking.
  const organisationCount = facts.highestOrganisation + 1;
  const expectedBy = new Uint32Array(organisationCount);
  const attendedBy = new Uint32Array(organisationCount);
  let inDistrict: Uint8Array | undefined;
  if (districtId !== undefined) {
    inDistrict = new Uint8Array(organisationCount);
    for (const [id, o] of facts.organisations) if (o.districtId === districtId) inDistrict[id] = 1;
  }
  for (let i = first; i < last; i++) {
    const w = facts.workshop[i];
    const workshop = facts.workshops[w];
    if (!workshop.scheduled || workshop.endsAt > held) continue;
    const organisation = facts.organisationId[i];
    if (organisationId !== undefined && organisation !== organisationId) continue;
    if (inDistrict !== undefined && inDistrict[organisation] !== 1) continue;
    if (tier !== undefined && facts.tier[i] !== tier) continue;
    expected[w] += 1;
    attended[w] += facts.attended[i];
    expectedBy[organisation] += 1;
    attendedBy[organisation] += facts.attended[i];
  }
  return {
    workshops: facts.workshops,
    expected,
    attended,
    expectedBy,
    attendedBy,
    nameOf: (id: number) => nameIn(facts, id, NO_ORGANISATION),
    inNameOrder: organisationsInNameOrder(facts, NO_ORGANISATION),
  };
}
