import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { members, organisations, workshopFeedback, workshops } from "../../drizzle/schema";
import { getCatalogue } from "~/lib/content/catalogue.server";
import { getDb, type Db } from "~/lib/db.server";
import { GAP_REASON_LABELS } from "../../drizzle/schema/succession";
import { countAttendance } from "./attendance-facts.server";
import { CHART_BARS } from "~/lib/report-chart";
import { countCompletions, NO_ORGANISATION } from "./completion-facts.server";
import { readImpact } from "./impact.server";
import { countRefreshers } from "./refresher-facts.server";
import { gapsReport } from "./succession.server";
import type { ReportId } from "~/validation/report-filters";

export type ReportFilters = {
  from?: Date;
  to?: Date;
  districtId?: string;
  organisationId?: number;
  tier?: number;
};

/** Conditions on the member (and their organisation) shared by every report. */
function memberScope(filters: ReportFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.organisationId) conditions.push(eq(members.organisationId, filters.organisationId));
  if (filters.districtId) conditions.push(eq(organisations.districtId, filters.districtId));
  if (filters.tier) conditions.push(eq(members.tier, filters.tier));
  return conditions;
}

// The name is a constant written into the SQL, so the grouping and ordering are one expression, not two parameters.
const orgName = sql<string>`coalesce(${organisations.name}, ${sql.raw(`'${NO_ORGANISATION}'`)})`;

/** More rows than this are named from one read of the whole table. */
const MANY_NAMES = 100;

/**
 * Names of the members or organisations a report's rows mention, by id: a
 * report on one organisation does not read them all.
 */
function namesById(db: Db, table: "members" | "organisations", ids: Array<number | null>) {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map<number, string>();
  // The whole network's reports name thousands: one plain read of the table costs less than binding 3,000 ids
  // into a new statement (1.6-17 ms against 10-60 ms for the organisations at national size).
  if (wanted.length > MANY_NAMES) {
    const named = new Set(wanted);
    const all = db.$client.prepare(`SELECT id, name FROM ${table}`).raw().all() as Array<[number, string]>;
    return new Map(all.filter(([id]) => named.has(id)));
  }
  const source = table === "members" ? members : organisations;
  return new Map(
    db
      .select({ id: source.id, name: source.name })
      .from(source)
      .where(inArray(source.id, wanted))
      .all()
      .map((row) => [row.id, row.name]),
  );
}

/** Binary order, as SQLite sorts text. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Completions by module and organisation in the date range, counted from the
 * kept completion facts (app/models/completion-facts.server.ts): a range is
 * read from memory, not grouped in SQL (decision note 002).
 */
export function completionsByModule(filters: ReportFilters, db: Db = getDb()) {
  const { grouped, organisations: known } = countCompletions(
    {
      from: filters.from,
      to: filters.to,
      organisationId: filters.organisationId || undefined,
      districtId: filters.districtId || undefined,
      tier: filters.tier || undefined,
    },
    db,
  );
  const rows = grouped
    .map((r) => ({
      moduleId: r.moduleId,
      organisation: (r.organisationId !== null ? known.get(r.organisationId)?.name : undefined) ?? NO_ORGANISATION,
      n: r.n,
    }))
    // Already in this order (countCompletions): the sort only keeps that a promise here.
    .sort((a, b) => byText(a.organisation, b.organisation) || byText(a.moduleId, b.moduleId));
  const titles = new Map(getCatalogue().modules.map((m) => [m.id, m.title]));
  const byModule = new Map<string, number>();
  for (const row of rows) byModule.set(row.moduleId, (byModule.get(row.moduleId) ?? 0) + row.n);
  return {
    totals: [...byModule.entries()]
      .map(([moduleId, n]) => ({ label: titles.get(moduleId) ?? moduleId, value: n }))
      .sort((a, b) => b.value - a.value),
    rows: rows.map((r) => ({
      organisation: r.organisation,
      module: titles.get(r.moduleId) ?? r.moduleId,
      completions: r.n,
    })),
  };
}

/** Active members by tier, per organisation. */
export function tierMembership(filters: ReportFilters, db: Db = getDb()) {
  const rows = db
    .select({ organisation: orgName, tier: members.tier, n: count() })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(members.status, "active"), ...memberScope(filters)))
    .groupBy(orgName, members.tier)
    .orderBy(asc(orgName))
    .all();
  const byOrganisation = new Map<string, { organisation: string; tier1: number; tier2: number; tier3: number }>();
  for (const row of rows) {
    const entry = byOrganisation.get(row.organisation) ?? {
      organisation: row.organisation,
      tier1: 0,
      tier2: 0,
      tier3: 0,
    };
    entry[`tier${row.tier as 1 | 2 | 3}`] += row.n;
    byOrganisation.set(row.organisation, entry);
  }
  const list = [...byOrganisation.values()];
  return {
    totals: [1, 2, 3].map((tier) => ({
      label: `Tier ${tier}`,
      value: list.reduce((s, r) => s + r[`tier${tier as 1 | 2 | 3}`], 0),
    })),
    rows: list,
  };
}

function workshopWindow(filters: ReportFilters, now: Date): SQL[] {
  const conditions: SQL[] = [eq(workshops.status, "scheduled"), lte(workshops.endsAt, now)];
  if (filters.from) conditions.push(gte(workshops.startsAt, filters.from));
  if (filters.to) conditions.push(lt(workshops.startsAt, filters.to));
  return conditions;
}

/**
 * Attendance rate: of the people expected (booked or sent apologies) at
 * workshops held, how many attended. Per workshop, and per organisation,
 * counted from the kept attendance facts (app/models/attendance-facts.server.ts).
 *
 * A page lists the first `pageRows` workshops and organisations (PAGE_ROWS)
 * and the latest CHART_BARS workshops for its chart, with how many
 * there are and their totals; only a CSV (`allRows`) lists them all. A
 * national year is 2,000 workshops and 3,000 organisations, which a page
 * built every row of and showed 50.
 */
export function attendanceRates(
  filters: ReportFilters & { now?: Date; allRows?: boolean; pageRows?: number },
  db: Db = getDb(),
) {
  const { now = new Date(), allRows = false, pageRows = PAGE_ROWS } = filters;
  const counted = countAttendance(
    {
      from: filters.from,
      to: filters.to,
      now,
      organisationId: filters.organisationId || undefined,
      districtId: filters.districtId || undefined,
      tier: filters.tier || undefined,
    },
    db,
  );
  const rows = allRows ? Infinity : pageRows;
  const rate = (attended: number, expected: number) => (expected === 0 ? 0 : Math.round((attended * 100) / expected));
  const workshopRow = (w: number) => {
    const { id, title, startsAt } = counted.workshops[w];
    const [expected, attended] = [counted.expected[w], counted.attended[w]];
    return { workshopId: id, title, startsAt, expected, attended, rate: rate(attended, expected) };
  };
  // The workshops held, in the order they started (then by id), and their totals.
  const heldWorkshops: number[] = [];
  const held = { workshops: 0, expected: 0, attended: 0 };
  counted.expected.forEach((n, w) => {
    if (n === 0) return;
    heldWorkshops.push(w);
    held.expected += n;
    held.attended += counted.attended[w];
  });
  held.workshops = heldWorkshops.length;
  // One line per organisation name, in the report's order, where one name's ids come together: members of no
  // organisation are counted with any organisation of that name.
  const perOrganisation: Array<{ organisation: string; expected: number; attended: number }> = [];
  let organisationLines = 0;
  let lastName: string | undefined;
  for (const id of counted.inNameOrder) {
    const expected = counted.expectedBy[id];
    if (expected === 0) continue;
    const name = counted.nameOf(id);
    if (name !== lastName) {
      organisationLines += 1;
      lastName = name;
      if (organisationLines <= rows) perOrganisation.push({ organisation: name, expected: 0, attended: 0 });
    }
    if (organisationLines <= rows) {
      const line = perOrganisation[perOrganisation.length - 1];
      line.expected += expected;
      line.attended += counted.attendedBy[id];
    }
  }
  return {
    held,
    perWorkshop: heldWorkshops.slice(0, rows).map(workshopRow),
    /** The latest workshops held, for the chart. */
    latestWorkshops: heldWorkshops.slice(-CHART_BARS).map(workshopRow),
    perOrganisation: perOrganisation.map((o) => ({ ...o, rate: rate(o.attended, o.expected) })),
    /** How many organisation lines there are (the page lists the first). */
    organisationLines,
  };
}

/** How many rows of a table a report's page shows; its CSV has them all. */
export const PAGE_ROWS = 50;

/**
 * Active members' latest completions that have expired, or expire in the
 * next 90 days; with dates, those whose expiry falls between them (an open end
 * is open). By expiry, then completion, in every scope.
 *
 * Counted from the kept refresher facts (app/models/refresher-facts.server.ts):
 * a national year's range is 291,435 refreshers, so the page lists the first
 * PAGE_ROWS and says how many there are (`total`); only the CSV asks for
 * every row (`allRows`). Members and organisations are named afterwards by id.
 */
export function refreshers(filters: ReportFilters & { now?: Date; allRows?: boolean }, db: Db = getDb()) {
  const { now = new Date() } = filters;
  const dated = Boolean(filters.from || filters.to);
  const counted = countRefreshers(
    {
      from: filters.from,
      to: filters.to,
      now,
      organisationId: filters.organisationId || undefined,
      districtId: filters.districtId || undefined,
      tier: filters.tier || undefined,
      limit: filters.allRows ? Infinity : PAGE_ROWS,
    },
    db,
  );
  const names = namesById(
    db,
    "members",
    counted.rows.map((r) => r.memberId),
  );
  const places = namesById(
    db,
    "organisations",
    counted.rows.map((r) => r.organisationId),
  );
  return {
    totals: [
      { label: "Expired", value: counted.expired },
      { label: dated ? "Due (not yet expired)" : "Due in the next 90 days", value: counted.due },
    ],
    total: counted.expired + counted.due,
    rows: counted.rows.map((r) => ({
      name: names.get(r.memberId) ?? "",
      organisation: (r.organisationId !== null ? places.get(r.organisationId) : undefined) ?? NO_ORGANISATION,
      moduleTitle: r.moduleTitle,
      expiresAt: r.expiresAt,
      expired: r.expiresAt.getTime() <= now.getTime(),
    })),
  };
}

/** Average rating and number of responses per workshop held. */
export function feedbackRatings(filters: ReportFilters & { now?: Date }, db: Db = getDb()) {
  const { now = new Date() } = filters;
  return db
    .select({
      title: workshops.title,
      startsAt: workshops.startsAt,
      responses: count(),
      average: sql<number>`round(avg(${workshopFeedback.rating}), 1)`,
    })
    .from(workshopFeedback)
    .innerJoin(workshops, eq(workshops.id, workshopFeedback.workshopId))
    .innerJoin(members, eq(members.id, workshopFeedback.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(...workshopWindow(filters, now), ...memberScope(filters)))
    .groupBy(workshops.id)
    .orderBy(desc(workshops.startsAt))
    .all();
}

/**
 * Champion gaps open at some time in the period (from the first gap, to now,
 * when a date is not given): opened, closed, their length and those still open.
 * The tier filter does not apply: a gap is an organisation's.
 */
export function championGapsReport(filters: ReportFilters & { now?: Date }, db: Db = getDb()) {
  const { now = new Date() } = filters;
  const report = gapsReport(
    {
      from: filters.from ?? new Date(0),
      to: filters.to ?? now,
      organisationId: filters.organisationId,
      districtId: filters.districtId,
      now,
    },
    db,
  );
  return { ...report, gaps: report.gaps.map((g) => ({ ...g, reason: GAP_REASON_LABELS[g.reason] })) };
}

/** Each report's data, named by its id. */
export type ReportData =
  | { id: "completions"; data: ReturnType<typeof completionsByModule> }
  | { id: "tiers"; data: ReturnType<typeof tierMembership> }
  | { id: "attendance"; data: ReturnType<typeof attendanceRates> }
  | { id: "refreshers"; data: ReturnType<typeof refreshers> }
  | { id: "feedback"; data: ReturnType<typeof feedbackRatings> }
  | { id: "impact"; data: ReturnType<typeof readImpact> }
  | { id: "gaps"; data: ReturnType<typeof championGapsReport> };

/** Reports of membership today: they take no dates. */
export const SNAPSHOT_REPORTS: ReadonlySet<ReportId> = new Set(["tiers"]);

/** How much of a report to read: a page's (the first PAGE_ROWS rows of a long table) or every row, for a CSV. */
export type ReportReading = { allRows?: boolean };

/** Reports whose tables are cut to a page unless every row is asked for. */
const PAGED_REPORTS: ReadonlySet<ReportId> = new Set(["refreshers", "impact", "attendance"]);

/** A report's data, read afresh. */
export function readReport(
  id: ReportId,
  filters: ReportFilters,
  db: Db = getDb(),
  reading: ReportReading = {},
): ReportData {
  switch (id) {
    case "completions":
      return { id, data: completionsByModule(filters, db) };
    case "tiers":
      return { id, data: tierMembership(filters, db) };
    case "attendance":
      return { id, data: attendanceRates({ ...filters, allRows: reading.allRows }, db) };
    case "refreshers":
      return { id, data: refreshers({ ...filters, allRows: reading.allRows }, db) };
    case "feedback":
      return { id, data: feedbackRatings(filters, db) };
    case "impact":
      return { id, data: readImpact({ ...filters, allRows: reading.allRows }, db) };
    case "gaps":
      return { id, data: championGapsReport(filters, db) };
  }
}

const cache = new Map<string, { report: ReportData; rows: number }>();
/**
 * What the cache may hold: entries, and rows in all. A row costs about 700
 * bytes on the heap with its built tables (the whole network's refreshers,
 * 58,071 rows, held 32.8 MB and 7.5 MB more once shown), so 80,000 rows is
 * about 56 MB of the server's 256 MB heap. Counted only in entries, varied
 * report addresses at national size filled it until the server ran out of
 * heap. A report larger than the row limit is not kept. Tests lower them.
 */
export const reportCacheLimits = { entries: 100, rows: 80_000 };
let cachedRows = 0;
let cachedVersion = "";

/** The rows the report cache holds now. */
export const reportCacheRows = () => cachedRows;

/** How many rows a report holds: the elements of its arrays, a few levels down. */
function rowsIn(value: unknown, depth = 0): number {
  if (depth > 3 || value === null || typeof value !== "object") return 0;
  if (Array.isArray(value)) {
    let rows = value.length;
    if (depth < 3) for (const item of value) rows += rowsIn(item, depth + 1);
    return rows;
  }
  if (value instanceof Map) return value.size;
  let rows = 0;
  for (const item of Object.values(value)) rows += rowsIn(item, depth + 1);
  return rows;
}

function forget(key: string) {
  const entry = cache.get(key);
  if (!entry) return;
  cachedRows -= entry.rows;
  cache.delete(key);
}

const connectionNumbers = new WeakMap<object, number>();
let connectionsSeen = 0;

/**
 * A version of the whole database: SQLite's data_version moves when another
 * connection commits, total_changes when this one writes, and both start again
 * on a new connection, so the connection is part of it. Any write at all
 * invalidates every cached report, so a cached report is never stale.
 */
function databaseVersion() {
  const sqlite = getDb().$client;
  if (!connectionNumbers.has(sqlite)) connectionNumbers.set(sqlite, ++connectionsSeen);
  // Both from statements kept by the connection: pragma() compiles its statement afresh on every call.
  const [changes, dataVersion] = sqlite
    .prepare("SELECT total_changes(), data_version FROM pragma_data_version")
    .raw()
    .get() as [number, number];
  return `${connectionNumbers.get(sqlite)}:${dataVersion}:${changes}`;
}

/**
 * A report's data, from cache when nothing in the database has changed since
 * it was read: the same object each time, so what is built from it can be kept
 * beside it.
 */
export function getReport(id: ReportId, filters: ReportFilters, reading: ReportReading = {}): ReportData {
  // A snapshot report has no dates: ones left in the address would only split the cache.
  if (SNAPSHOT_REPORTS.has(id)) filters = { ...filters, from: undefined, to: undefined };
  // The days a gap has been open grow with the date, not only with writes: the date is part of its key.
  const key = JSON.stringify([
    id,
    filters,
    id === "gaps" ? new Date().toISOString().slice(0, 10) : null,
    PAGED_REPORTS.has(id) && Boolean(reading.allRows),
  ]);
  const version = databaseVersion();
  // A write makes every cached report stale: let them all go at once rather than hold them until pushed out.
  if (version !== cachedVersion) {
    cache.clear();
    cachedRows = 0;
    cachedVersion = version;
  }
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the least recently used goes first.
    cache.delete(key);
    cache.set(key, hit);
    return hit.report;
  }
  const report = readReport(id, filters, getDb(), reading);
  const rows = rowsIn(report);
  if (rows > reportCacheLimits.rows) return report;
  cache.set(key, { report, rows });
  cachedRows += rows;
  while (cache.size > reportCacheLimits.entries || cachedRows > reportCacheLimits.rows)
    forget(cache.keys().next().value!);
  return report;
}
