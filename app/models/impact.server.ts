import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import {
  cascadeSessions,
  members,
  organisations,
  unitCosts,
  SECTORS,
  type Sector,
  type UnitCost,
} from "../../drizzle/schema";
import { cachedDirectoryRead } from "~/lib/directory-cache.server";
import { getDb, type Db } from "~/lib/db.server";
import { toLondonInputs } from "~/lib/dates";
import { countPreventionActions } from "./prevention-facts.server";
import { countMembersTrained } from "./training-facts.server";
import type { ReportFilters } from "./report.server";

export type { ImpactCounts } from "./prevention-facts.server";

/** The London date (YYYY-MM-DD) of an instant: the log keeps its dates as London days. */
const londonDay = (instant: Date) => toLondonInputs(instant).date;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every organisation's name and sector, by name (binary, then id), and every district's name: kept until the
 * directory (districts and organisations) changes, rather than read and sorted for each period (3,000 at
 * national size).
 */
function namesOf(db: Db) {
  return cachedDirectoryRead(
    {
      timeless: true,
      key: ["impact-names"],
      read: () => {
        const organisationsByName = (
          db.$client.prepare("select id, name, sector from organisations").all() as Array<{
            id: number;
            name: string;
            sector: Sector;
          }>
        ).sort((a, b) => byText(a.name, b.name) || a.id - b.id);
        // Each organisation id's sector, numbered from 1 in SECTORS order (0: no such organisation).
        const sectorOf = new Uint8Array(organisationsByName.reduce((most, o) => Math.max(most, o.id), 0) + 1);
        for (const o of organisationsByName) sectorOf[o.id] = SECTORS.indexOf(o.sector) + 1;
        return {
          organisationsByName,
          sectorOf,
          districtNames: new Map(
            db.$client.prepare("select id, name from districts").raw().all() as Array<[string, string]>,
          ),
        };
      },
    },
    db,
  );
}

/**
 * A page shows each organisation's figures up to this many organisations (a
 * county's 25 or so); beyond it, at national size, they are only in the
 * CSVs. The first 50 of 3,000 organisations by name told a reader little, and
 * counting and protecting two 3,000-row tables for every new period was most
 * of the report's work (decision note 002). Tests lower it.
 */
export const impactPageLimits = { organisationRows: 200 };

/**
 * Everything the impact report counts, for the period and scope asked for:
 * prevention actions by outcome and by how early, per district, organisation,
 * sector and quarter; Duty to Refer acknowledgement times per district; people
 * trained directly beside people reached through champions' own sessions; and
 * the unit costs. Raw counts: they are published only through
 * app/lib/small-numbers.ts (app/components/report-content.ts). `allRows`
 * says the report is read for a CSV, which has every organisation's counts;
 * a page has them only up to impactPageLimits.
 */
export function readImpact(filters: ReportFilters & { allRows?: boolean }, db: Db = getDb()) {
  const from = filters.from ? londonDay(filters.from) : undefined;
  const to = filters.to ? londonDay(filters.to) : undefined;
  const { organisationsByName, sectorOf, districtNames } = namesOf(db);
  // Counted from the kept prevention facts (app/models/prevention-facts.server.ts). Each organisation's own
  // counts only where they are shown: in a CSV, or on a page when there are no more than it shows (a district's
  // or an organisation's are, so they are counted at once; the whole network's are counted again if few).
  const scope = {
    from,
    to,
    districtId: filters.districtId || undefined,
    organisationId: filters.organisationId || undefined,
    sectorOf,
  };
  let counted = countPreventionActions(
    { ...scope, perOrganisation: Boolean(filters.allRows || scope.districtId || scope.organisationId) },
    db,
  );
  const shown = filters.allRows || counted.organisations <= impactPageLimits.organisationRows;
  if (shown && !counted.byOrganisation) counted = countPreventionActions({ ...scope, perOrganisation: true }, db);
  const { byDistrict, byQuarter, byEarliness, referrals } = counted;
  const byOrganisation = shown ? counted.byOrganisation : undefined;
  return {
    byEarliness,
    byDistrict: [...byDistrict]
      .map(([id, counts]) => ({ label: districtNames.get(id) ?? id, ...counts }))
      .sort((a, b) => byText(a.label, b.label)),
    // In the report's order already: by name (binary), then id. Left out (undefined) when only the CSV has them.
    byOrganisation:
      byOrganisation &&
      organisationsByName
        .filter((o) => byOrganisation.has(o.id))
        .map((o) => ({ label: o.name, sector: o.sector, ...byOrganisation.get(o.id)! })),
    /** How many organisations have actions counted. */
    organisations: counted.organisations,
    bySector: [...counted.bySector].map(([sector, counts]) => ({ sector: SECTORS[sector - 1], ...counts })),
    byQuarter: [...byQuarter].map(([label, counts]) => ({ label, ...counts })).sort((a, b) => byText(a.label, b.label)),
    referrals: [...referrals]
      .map(([id, r]) => ({ label: districtNames.get(id) ?? id, ...r }))
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
  // A district's or an organisation's members, each looked up in their own completions and attendance by
  // index; the whole network's are counted in memory (app/models/training-facts.server.ts).
  const completedIn = [
    ...(filters.from ? [sql`AND c.completed_at >= ${filters.from.getTime()}`] : []),
    ...(filters.to ? [sql`AND c.completed_at < ${filters.to.getTime()}`] : []),
  ];
  const heldIn = [
    ...(filters.from ? [sql`AND w.starts_at >= ${filters.from.getTime()}`] : []),
    ...(filters.to ? [sql`AND w.starts_at < ${filters.to.getTime()}`] : []),
  ];
  const trained = sql`(EXISTS (SELECT 1 FROM completions c WHERE c.member_id = ${members.id} ${sql.join(completedIn, sql` `)})
    OR EXISTS (SELECT 1 FROM attendance a JOIN workshops w ON w.id = a.workshop_id
      WHERE a.member_id = ${members.id} AND a.status = 'attended' ${sql.join(heldIn, sql` `)}))`;
  // The organisation is joined only to find a district's members: for the whole network, looking up 100,000
  // members' organisations cost three times the count itself.
  const direct = !filters.districtId
    ? filters.organisationId
      ? (db
          .select({ n: sql<number>`count(*)` })
          .from(members)
          .where(and(eq(members.organisationId, filters.organisationId), trained))
          .get() ?? { n: 0 })
      : { n: countMembersTrained(filters, db) }
    : (db
        .select({ n: sql<number>`count(*)` })
        .from(members)
        .innerJoin(organisations, eq(organisations.id, members.organisationId))
        .where(
          and(
            ...(filters.organisationId ? [eq(members.organisationId, filters.organisationId)] : []),
            eq(organisations.districtId, filters.districtId),
            trained,
          ),
        )
        .get() ?? { n: 0 });
  const sessionScope: SQL[] = [];
  if (from) sessionScope.push(gte(cascadeSessions.heldOn, from));
  if (to) sessionScope.push(lt(cascadeSessions.heldOn, to));
  if (filters.organisationId) sessionScope.push(eq(cascadeSessions.organisationId, filters.organisationId));
  if (filters.districtId) sessionScope.push(eq(organisations.districtId, filters.districtId));
  const sessions = db
    .select({ people: sql<number>`coalesce(sum(${cascadeSessions.audienceSize}), 0)`, sessions: sql<number>`count(*)` })
    .from(cascadeSessions);
  // The organisation is joined only to find a district's sessions (every session has one).
  const cascaded = (
    filters.districtId
      ? sessions.innerJoin(organisations, eq(organisations.id, cascadeSessions.organisationId))
      : sessions
  )
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
