import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import {
  cascadeSessions,
  districts,
  members,
  organisations,
  preventionActions,
  unitCosts,
  PREVENTION_EARLINESS,
  type PreventionEarliness,
  type Sector,
  type UnitCost,
} from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { toLondonInputs } from "~/lib/dates";
import { IMPACT_OUTCOMES } from "~/lib/prevention";
import type { ReportFilters } from "./report.server";

/** Counts by outcome (IMPACT_OUTCOMES order) and by how early (PREVENTION_EARLINESS order). */
export type ImpactCounts = { outcomes: number[]; earliness: number[] };

const emptyCounts = (): ImpactCounts => ({
  outcomes: IMPACT_OUTCOMES.map(() => 0),
  earliness: PREVENTION_EARLINESS.map(() => 0),
});

/** The London date (YYYY-MM-DD) of an instant: the log keeps its dates as London days. */
const londonDay = (instant: Date) => toLondonInputs(instant).date;

/** "2026-04-17" → "2026 Q2" (calendar quarters). */
export const quarterOf = (day: string) => `${day.slice(0, 4)} Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/**
 * Everything the impact report counts, for the period and scope asked for:
 * prevention actions by outcome and by how early, per district, organisation,
 * sector and quarter; Duty to Refer acknowledgement times per district; people
 * trained directly beside people reached through champions' own sessions; and
 * the unit costs. Raw counts: they are published only through
 * app/lib/small-numbers.ts (app/components/report-content.ts).
 */
export function readImpact(filters: ReportFilters, db: Db = getDb()) {
  const from = filters.from ? londonDay(filters.from) : undefined;
  const to = filters.to ? londonDay(filters.to) : undefined;
  const conditions: SQL[] = [];
  if (from) conditions.push(gte(preventionActions.actionOn, from));
  if (to) conditions.push(lt(preventionActions.actionOn, to));
  if (filters.districtId) conditions.push(eq(preventionActions.districtId, filters.districtId));
  if (filters.organisationId) conditions.push(eq(preventionActions.organisationId, filters.organisationId));
  const unknown = IMPACT_OUTCOMES.indexOf("unknown");
  const outcomeIndex = new Map<string | null, number>(IMPACT_OUTCOMES.map((o, i) => [o, i]));
  outcomeIndex.set(null, unknown);
  outcomeIndex.set("dont-know", unknown);
  const earlinessIndex = new Map<PreventionEarliness, number>(PREVENTION_EARLINESS.map((e, i) => [e, i]));

  // One read of the period's actions, counted here: a national year is 200,000 rows, read as plain arrays
  // (no object or Date per row) to keep the garbage down.
  const query = db
    .select({
      organisationId: preventionActions.organisationId,
      districtId: preventionActions.districtId,
      actionOn: preventionActions.actionOn,
      earliness: preventionActions.earliness,
      outcome: preventionActions.outcome,
      action: preventionActions.action,
      acknowledgedAt: preventionActions.acknowledgedAt,
      createdAt: preventionActions.createdAt,
    })
    .from(preventionActions)
    .where(and(...conditions))
    .toSQL();
  const rows = db.$client
    .prepare(query.sql)
    .raw()
    .all(...query.params) as Array<
    [number, string, string, PreventionEarliness, string | null, string, number | null, number]
  >;
  const byDistrict = new Map<string, ImpactCounts>();
  const byOrganisation = new Map<number, ImpactCounts>();
  const byQuarter = new Map<string, ImpactCounts>();
  const byEarliness = PREVENTION_EARLINESS.map(() => IMPACT_OUTCOMES.map(() => 0));
  const referrals = new Map<string, { made: number; waits: number[] }>();
  const add = <K>(map: Map<K, ImpactCounts>, key: K, outcome: number, earliness: number) => {
    let counts = map.get(key);
    if (!counts) map.set(key, (counts = emptyCounts()));
    counts.outcomes[outcome] += 1;
    counts.earliness[earliness] += 1;
  };
  // Each row is used as it comes (no object per row): a national year is 200,000 of them.
  for (const [
    organisationId,
    districtId,
    actionOn,
    rowEarliness,
    rowOutcome,
    action,
    acknowledgedAt,
    createdAt,
  ] of rows) {
    const outcome = outcomeIndex.get(rowOutcome) ?? unknown;
    const earliness = earlinessIndex.get(rowEarliness)!;
    add(byDistrict, districtId, outcome, earliness);
    add(byOrganisation, organisationId, outcome, earliness);
    add(byQuarter, quarterOf(actionOn), outcome, earliness);
    byEarliness[earliness][outcome] += 1;
    if (action === "duty-to-refer") {
      const r = referrals.get(districtId) ?? { made: 0, waits: [] };
      r.made += 1;
      if (acknowledgedAt !== null) r.waits.push(Math.max(0, acknowledgedAt - createdAt));
      referrals.set(districtId, r);
    }
  }

  const organisationIds = [...byOrganisation.keys()];
  const named = organisationIds.length
    ? db
        .select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
        .from(organisations)
        .where(inArray(organisations.id, organisationIds))
        .all()
    : [];
  const bySector = new Map<Sector, ImpactCounts>();
  for (const o of named) {
    const counts = byOrganisation.get(o.id)!;
    const sector = bySector.get(o.sector) ?? emptyCounts();
    counts.outcomes.forEach((n, i) => (sector.outcomes[i] += n));
    counts.earliness.forEach((n, i) => (sector.earliness[i] += n));
    bySector.set(o.sector, sector);
  }
  const districtNames = new Map(
    db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .all()
      .map((d) => [d.id, d.name]),
  );
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const median = (values: number[]) => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };

  return {
    byEarliness,
    byDistrict: [...byDistrict]
      .map(([id, counts]) => ({ label: districtNames.get(id) ?? id, ...counts }))
      .sort((a, b) => byText(a.label, b.label)),
    byOrganisation: named
      .map((o) => ({ label: o.name, sector: o.sector, ...byOrganisation.get(o.id)! }))
      .sort((a, b) => byText(a.label, b.label)),
    bySector: [...bySector].map(([sector, counts]) => ({ sector, ...counts })),
    byQuarter: [...byQuarter].map(([label, counts]) => ({ label, ...counts })).sort((a, b) => byText(a.label, b.label)),
    referrals: [...referrals]
      .map(([id, r]) => ({
        label: districtNames.get(id) ?? id,
        made: r.made,
        acknowledged: r.waits.length,
        medianMs: median(r.waits),
      }))
      .sort((a, b) => byText(a.label, b.label)),
    reach: readReach({ filters, from, to }, db),
    unitCosts: listUnitCosts(db),
  };
}

/**
 * People trained directly (distinct members with a knowledge check passed or
 * a workshop attended in the period) and people reached through the training
 * champions ran inside their own organisations (the audiences of their
 * sessions added up), in the same scope.
 */
function readReach({ filters, from, to }: { filters: ReportFilters; from?: string; to?: string }, db: Db) {
  // Driven from members, each looked up in their own completions and attendance by index: a national
  // year is 300,000 completions, which a DISTINCT over them would sort.
  const completedIn = [
    ...(filters.from ? [sql`AND c.completed_at >= ${filters.from.getTime()}`] : []),
    ...(filters.to ? [sql`AND c.completed_at < ${filters.to.getTime()}`] : []),
  ];
  const heldIn = [
    ...(filters.from ? [sql`AND w.starts_at >= ${filters.from.getTime()}`] : []),
    ...(filters.to ? [sql`AND w.starts_at < ${filters.to.getTime()}`] : []),
  ];
  const direct = db
    .select({ n: sql<number>`count(*)` })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(
      and(
        ...(filters.organisationId ? [eq(members.organisationId, filters.organisationId)] : []),
        ...(filters.districtId ? [eq(organisations.districtId, filters.districtId)] : []),
        sql`(EXISTS (SELECT 1 FROM completions c WHERE c.member_id = ${members.id} ${sql.join(completedIn, sql` `)})
          OR EXISTS (SELECT 1 FROM attendance a JOIN workshops w ON w.id = a.workshop_id
            WHERE a.member_id = ${members.id} AND a.status = 'attended' ${sql.join(heldIn, sql` `)}))`,
      ),
    )
    .get() ?? { n: 0 };
  const sessionScope: SQL[] = [];
  if (from) sessionScope.push(gte(cascadeSessions.heldOn, from));
  if (to) sessionScope.push(lt(cascadeSessions.heldOn, to));
  if (filters.organisationId) sessionScope.push(eq(cascadeSessions.organisationId, filters.organisationId));
  if (filters.districtId) sessionScope.push(eq(organisations.districtId, filters.districtId));
  const cascaded = db
    .select({ people: sql<number>`coalesce(sum(${cascadeSessions.audienceSize}), 0)`, sessions: sql<number>`count(*)` })
    .from(cascadeSessions)
    .innerJoin(organisations, eq(organisations.id, cascadeSessions.organisationId))
    .where(and(...sessionScope))
    .get();
  return { direct: direct.n, cascaded: Number(cascaded?.people ?? 0), sessions: Number(cascaded?.sessions ?? 0) };
}

export function listUnitCosts(db: Db = getDb()): UnitCost[] {
  return db.select().from(unitCosts).orderBy(asc(unitCosts.sortOrder), asc(unitCosts.id)).all();
}

export function getUnitCost({ id }: { id: number }, db: Db = getDb()) {
  return db.select().from(unitCosts).where(eq(unitCosts.id, id)).get();
}

export type UnitCostInput = Pick<
  UnitCost,
  "label" | "amountPence" | "unit" | "unitsPerCase" | "appliesTo" | "source" | "year" | "isAssumption" | "basis"
>;

/** Changes one unit cost; the caller records it in the audit log (withAudit). */
export function updateUnitCost(
  { id, input, updatedBy, now = new Date() }: { id: number; input: UnitCostInput; updatedBy: number; now?: Date },
  db: Db = getDb(),
) {
  return db
    .update(unitCosts)
    .set({ ...input, updatedBy, updatedAt: now })
    .where(eq(unitCosts.id, id))
    .returning()
    .get();
}

export type ImpactData = ReturnType<typeof readImpact>;
