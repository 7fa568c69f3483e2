import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, lte, sql, type SQL } from "drizzle-orm";
import { attendance, bookings, completions, members, organisations, workshopFeedback, workshops } from "../../drizzle/schema";
import { getCatalogue } from "~/lib/content/catalogue.server";
import { getDb, type Db } from "~/lib/db.server";

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

const orgName = sql<string>`coalesce(${organisations.name}, 'Other organisations')`;

/** Completions by module and organisation in the date range. */
export function completionsByModule(filters: ReportFilters, db: Db = getDb()) {
  const conditions = [...memberScope(filters)];
  if (filters.from) conditions.push(gte(completions.completedAt, filters.from));
  if (filters.to) conditions.push(lt(completions.completedAt, filters.to));
  const rows = db
    .select({ moduleId: completions.moduleId, organisation: orgName, n: count() })
    .from(completions)
    .innerJoin(members, eq(members.id, completions.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(...conditions))
    .groupBy(completions.moduleId, orgName)
    .orderBy(asc(orgName))
    .all();
  const titles = new Map(getCatalogue().modules.map((m) => [m.id, m.title]));
  const byModule = new Map<string, number>();
  for (const row of rows) byModule.set(row.moduleId, (byModule.get(row.moduleId) ?? 0) + row.n);
  return {
    totals: [...byModule.entries()].map(([moduleId, n]) => ({ label: titles.get(moduleId) ?? moduleId, value: n })).sort((a, b) => b.value - a.value),
    rows: rows.map((r) => ({ organisation: r.organisation, module: titles.get(r.moduleId) ?? r.moduleId, completions: r.n })),
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
    const entry = byOrganisation.get(row.organisation) ?? { organisation: row.organisation, tier1: 0, tier2: 0, tier3: 0 };
    entry[`tier${row.tier as 1 | 2 | 3}`] += row.n;
    byOrganisation.set(row.organisation, entry);
  }
  const list = [...byOrganisation.values()];
  return {
    totals: [1, 2, 3].map((tier) => ({ label: `Tier ${tier}`, value: list.reduce((s, r) => s + r[`tier${tier as 1 | 2 | 3}`], 0) })),
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
 * workshops held, how many attended. Per workshop, and per organisation.
 */
export function attendanceRates(filters: ReportFilters, db: Db = getDb(), now: Date = new Date()) {
  const expected = and(inArray(bookings.status, ["booked", "apologies"]), ...workshopWindow(filters, now), ...memberScope(filters));
  const attendedExpr = sql<number>`sum(CASE WHEN ${attendance.status} = 'attended' THEN 1 ELSE 0 END)`;
  const perWorkshop = db
    .select({ workshopId: workshops.id, title: workshops.title, startsAt: workshops.startsAt, expected: count(), attended: attendedExpr })
    .from(bookings)
    .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
    .innerJoin(members, eq(members.id, bookings.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .leftJoin(attendance, and(eq(attendance.workshopId, bookings.workshopId), eq(attendance.memberId, bookings.memberId)))
    .where(expected)
    .groupBy(workshops.id)
    .orderBy(asc(workshops.startsAt))
    .all();
  const perOrganisation = db
    .select({ organisation: orgName, expected: count(), attended: attendedExpr })
    .from(bookings)
    .innerJoin(workshops, eq(workshops.id, bookings.workshopId))
    .innerJoin(members, eq(members.id, bookings.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .leftJoin(attendance, and(eq(attendance.workshopId, bookings.workshopId), eq(attendance.memberId, bookings.memberId)))
    .where(expected)
    .groupBy(orgName)
    .orderBy(asc(orgName))
    .all();
  const rate = (attended: number, expectedCount: number) => (expectedCount === 0 ? 0 : Math.round((Number(attended) * 100) / expectedCount));
  return {
    perWorkshop: perWorkshop.map((w) => ({ ...w, attended: Number(w.attended), rate: rate(w.attended, w.expected) })),
    perOrganisation: perOrganisation.map((o) => ({ ...o, attended: Number(o.attended), rate: rate(o.attended, o.expected) })),
  };
}

/** Latest completions that have expired, or expire in the next 90 days. */
export function refreshers(filters: ReportFilters, db: Db = getDb(), now: Date = new Date()) {
  const horizon = new Date(now.getTime() + 90 * 24 * 60 * 60 * 1000);
  const latest = db
    .select({ memberId: completions.memberId, moduleId: completions.moduleId, completedAt: sql<number>`max(${completions.completedAt})`.as("latest") })
    .from(completions)
    .groupBy(completions.memberId, completions.moduleId)
    .as("latest");
  const rows = db
    .select({
      name: members.name,
      organisation: orgName,
      moduleTitle: completions.moduleTitle,
      expiresAt: completions.expiresAt,
    })
    .from(completions)
    .innerJoin(latest, and(eq(latest.memberId, completions.memberId), eq(latest.moduleId, completions.moduleId), eq(latest.completedAt, completions.completedAt)))
    .innerJoin(members, eq(members.id, completions.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(eq(members.status, "active"), isNotNull(completions.expiresAt), lt(completions.expiresAt, horizon), ...memberScope(filters)))
    .orderBy(asc(completions.expiresAt))
    .all();
  const list = rows.map((r) => ({ ...r, expiresAt: r.expiresAt!, expired: r.expiresAt! <= now }));
  return {
    totals: [
      { label: "Expired", value: list.filter((r) => r.expired).length },
      { label: "Due in the next 90 days", value: list.filter((r) => !r.expired).length },
    ],
    rows: list,
  };
}

/** Average rating and number of responses per workshop held. */
export function feedbackRatings(filters: ReportFilters, db: Db = getDb(), now: Date = new Date()) {
  return db
    .select({ title: workshops.title, startsAt: workshops.startsAt, responses: count(), average: sql<number>`round(avg(${workshopFeedback.rating}), 1)` })
    .from(workshopFeedback)
    .innerJoin(workshops, eq(workshops.id, workshopFeedback.workshopId))
    .innerJoin(members, eq(members.id, workshopFeedback.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(...workshopWindow(filters, now), ...memberScope(filters)))
    .groupBy(workshops.id)
    .orderBy(desc(workshops.startsAt))
    .all();
}
