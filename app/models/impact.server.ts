import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import {
  cascadeSessions,
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

type Referrals = { made: number; acknowledged: number; medianMs: number | null };
type Counted = {
  byDistrict: Map<string, ImpactCounts>;
  byOrganisation: Map<number, ImpactCounts>;
  byQuarter: Map<string, ImpactCounts>;
  /** Outcomes (columns) by how early (rows). */
  byEarliness: number[][];
  referrals: Map<string, Referrals>;
};

const addTo = <K>(map: Map<K, ImpactCounts>, key: K, outcome: number, earliness: number, n = 1) => {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = emptyCounts()));
  counts.outcomes[outcome] += n;
  counts.earliness[earliness] += n;
};

/**
 * One district's or organisation's actions, read row by row from the base
 * table by its indexes (a district's year is a few hundred rows, an
 * organisation's fewer).
 */
function countActions({ filters, from, to }: { filters: ReportFilters; from?: string; to?: string }, db: Db): Counted {
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
  const waits = new Map<string, { made: number; waits: number[] }>();
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
    addTo(byDistrict, districtId, outcome, earliness);
    addTo(byOrganisation, organisationId, outcome, earliness);
    addTo(byQuarter, quarterOf(actionOn), outcome, earliness);
    byEarliness[earliness][outcome] += 1;
    if (action === "duty-to-refer") {
      const r = waits.get(districtId) ?? { made: 0, waits: [] };
      r.made += 1;
      if (acknowledgedAt !== null) r.waits.push(Math.max(0, acknowledgedAt - createdAt));
      waits.set(districtId, r);
    }
  }
  const median = (values: number[]) => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const referrals = new Map(
    [...waits].map(([id, r]) => [id, { made: r.made, acknowledged: r.waits.length, medianMs: median(r.waits) }]),
  );
  return { byDistrict, byOrganisation, byQuarter, byEarliness, referrals };
}

/** The count columns of prevention_organisation_months and prevention_district_months, in their order. */
const CELL_COLUMNS = PREVENTION_EARLINESS.flatMap((_, e) => IMPACT_OUTCOMES.map((_, o) => `e${e}_o${o}`));
const COUNT_COLUMNS = [...CELL_COLUMNS, "referrals", "acknowledged"];
/** The same counts for one row of prevention_actions, in the same order (as the triggers of migration 0033). */
const ROW_COUNTS = [
  ...PREVENTION_EARLINESS.flatMap((e) =>
    IMPACT_OUTCOMES.map((o) =>
      o === "unknown"
        ? `(earliness = '${e}' and (outcome is null or outcome = 'dont-know'))`
        : `(earliness = '${e}' and outcome is '${o}')`,
    ),
  ),
  "(action = 'duty-to-refer')",
  "(action = 'duty-to-refer' and acknowledged_at is not null)",
];
const CELL_SUMS = CELL_COLUMNS.map((c) => `sum(${c})`).join(", ");
const REFERRAL_SUMS = "sum(referrals), sum(acknowledged)";
/** A month's ("2026-04") calendar quarter as quarterOf gives it ("2026 Q2"), in SQL. */
const QUARTER = "substr(month, 1, 4) || ' Q' || ((cast(substr(month, 6, 2) as integer) + 2) / 3)";
/** The counts by outcome (IMPACT_OUTCOMES order), then by how early (PREVENTION_EARLINESS order), summed in SQL. */
const COUNTS = [
  ...IMPACT_OUTCOMES.map((_, o) => `sum(${PREVENTION_EARLINESS.map((_, e) => `e${e}_o${o}`).join(" + ")})`),
  ...PREVENTION_EARLINESS.map((_, e) => `sum(${IMPACT_OUTCOMES.map((_, o) => `e${e}_o${o}`).join(" + ")})`),
].join(", ");
const WAIT = "(case when acknowledged_at > created_at then acknowledged_at - created_at else 0 end)";

/** "2026-04" → "2026-05". */
const nextMonth = (month: string) => {
  const [year, m] = month.split("-").map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
};

/**
 * The whole network's actions: whole months from the month counts the
 * triggers keep (a national year is about 36,000 organisation-months and
 * 3,600 district-months, summed by SQLite), and the days of a part month at
 * either end of the period from the base table by its date index, so the
 * counts are exactly those of the days asked for. The median time to
 * acknowledge is the middle of each district's acknowledged referrals, found
 * by OFFSET on prevention_actions_acknowledge_wait_idx, which keeps them in
 * order of their wait.
 */
function countNetwork({ from, to }: { from?: string; to?: string }, db: Db): Counted {
  // Months from firstMonth (inclusive) to endMonth (exclusive) are whole; "" and "~" stand for no bound.
  const firstMonth = from ? (from.endsWith("-01") ? from.slice(0, 7) : nextMonth(from.slice(0, 7))) : "";
  const endMonth = to ? to.slice(0, 7) : "~";
  const whole = firstMonth < endMonth;
  const start = from ?? "";
  const end = to ?? "~";
  const parts = [
    whole ? [start, firstMonth ? `${firstMonth}-01` : ""] : [start, end],
    whole && to ? [`${endMonth}-01`, end] : ["~", "~"],
  ].filter(([a, b]) => a < b);
  const rowCounts = ROW_COUNTS.map((x, i) => `${x} as ${COUNT_COLUMNS[i]}`).join(", ");
  // Whole months and part months are grouped apart and added up here: grouped together, through a UNION ALL,
  // SQLite sorted every month row in a temporary B-tree instead of reading them in the primary key's order.
  // Each read is grouped by one thing (an organisation, a district or a quarter), its first column.
  const read = (table: string, key: string, groupBy: string, sums: string) => {
    const rows = whole
      ? (db.$client
          .prepare(`select ${groupBy}, ${sums} from ${table} where month >= ? and month < ? group by 1`)
          .raw()
          .all(firstMonth, endMonth) as Array<Array<number | string>>)
      : [];
    if (parts.length === 0) return rows;
    const partRows = db.$client
      .prepare(
        `select ${groupBy}, ${sums} from (
          select ${key}, substr(action_on, 1, 7) as month, ${rowCounts} from prevention_actions
            where ${parts.map(() => "(action_on >= ? and action_on < ?)").join(" or ")}
        ) group by 1`,
      )
      .raw()
      .all(...parts.flat()) as Array<Array<number | string>>;
    const byKey = new Map(rows.map((row) => [row[0], row]));
    for (const row of partRows) {
      const sum = byKey.get(row[0]);
      if (!sum) rows.push(row);
      else for (let i = 1; i < row.length; i++) (sum[i] as number) += row[i] as number;
    }
    return rows;
  };

  // SQLite adds up the counts by outcome and by how early, so each row is its counts as they are.
  const outcomes = IMPACT_OUTCOMES.length;
  const counted = outcomes + PREVENTION_EARLINESS.length;
  const countsOf = (row: Array<number | string>): ImpactCounts => ({
    outcomes: row.slice(1, 1 + outcomes) as number[],
    earliness: row.slice(1 + outcomes, 1 + counted) as number[],
  });
  // Months with nothing left in them (after a merge or a deletion) leave no organisation, district or quarter behind.
  const counting = (rows: Array<Array<number | string>>) =>
    rows.map((row) => [row, countsOf(row)] as const).filter(([, counts]) => counts.earliness.some((n) => n > 0));
  const byOrganisation = new Map<number, ImpactCounts>();
  for (const [row, counts] of counting(
    read("prevention_organisation_months", "organisation_id", "organisation_id", COUNTS),
  ))
    byOrganisation.set(row[0] as number, counts);

  const byDistrict = new Map<string, ImpactCounts>();
  const referrals = new Map<string, Referrals>();
  const districtRows = read("prevention_district_months", "district_id", "district_id", `${COUNTS}, ${REFERRAL_SUMS}`);
  for (const [row, counts] of counting(districtRows)) byDistrict.set(row[0] as string, counts);
  for (const row of districtRows) {
    const [made, acknowledged] = [row[1 + counted] as number, row[2 + counted] as number];
    if (made > 0) referrals.set(row[0] as string, { made, acknowledged, medianMs: null });
  }

  // The whole network's quarters, and its outcomes by how early, from the district months again (a few rows).
  const byQuarter = new Map<string, ImpactCounts>();
  const byEarliness = PREVENTION_EARLINESS.map(() => IMPACT_OUTCOMES.map(() => 0));
  for (const [row, counts] of counting(
    read("prevention_district_months", "district_id", QUARTER, `${COUNTS}, ${CELL_SUMS}`),
  )) {
    byQuarter.set(row[0] as string, counts);
    for (let i = 0; i < CELL_COLUMNS.length; i++)
      byEarliness[Math.floor(i / outcomes)][i % outcomes] += row[1 + counted + i] as number;
  }
  // The unary + keeps SQLite from reading the district's actions by date through prevention_actions_district_idx
  // and sorting them (which it prefers when the period has both ends): the wait index carries action_on, so the
  // period is checked in the index, in order of the wait, with no sort.
  const middle = db.$client
    .prepare(
      `select avg(wait) from (select ${WAIT} as wait from prevention_actions
        where district_id = ? and action = 'duty-to-refer' and acknowledged_at is not null
          and +action_on >= ? and +action_on < ?
        order by wait limit ? offset ?)`,
    )
    .pluck();
  for (const [districtId, r] of referrals) {
    if (r.acknowledged === 0) continue;
    // The middle one of an odd number, the mean of the middle two of an even number.
    r.medianMs = middle.get(
      districtId,
      start,
      end,
      2 - (r.acknowledged % 2),
      Math.floor((r.acknowledged - 1) / 2),
    ) as number;
  }
  return { byDistrict, byOrganisation, byQuarter, byEarliness, referrals };
}

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
  const counted =
    filters.districtId || filters.organisationId
      ? countActions({ filters, from, to }, db)
      : countNetwork({ from, to }, db);
  const { byDistrict, byOrganisation, byQuarter, byEarliness, referrals } = counted;

  const organisationIds = [...byOrganisation.keys()];
  // The whole network names nearly every organisation: one plain read of them all, not 3,000 bound ids.
  const named = !organisationIds.length
    ? []
    : filters.districtId || filters.organisationId
      ? db
          .select({ id: organisations.id, name: organisations.name, sector: organisations.sector })
          .from(organisations)
          .where(inArray(organisations.id, organisationIds))
          .all()
      : (
          db.$client.prepare("select id, name, sector from organisations").all() as Array<{
            id: number;
            name: string;
            sector: Sector;
          }>
        ).filter((o) => byOrganisation.has(o.id));
  const bySector = new Map<Sector, ImpactCounts>();
  for (const o of named) {
    const counts = byOrganisation.get(o.id)!;
    const sector = bySector.get(o.sector) ?? emptyCounts();
    counts.outcomes.forEach((n, i) => (sector.outcomes[i] += n));
    counts.earliness.forEach((n, i) => (sector.earliness[i] += n));
    bySector.set(o.sector, sector);
  }
  const districtNames = new Map(
    (db.$client.prepare("select id, name from districts").raw().all() as Array<[string, string]>).map(([id, name]) => [
      id,
      name,
    ]),
  );
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
      : { n: trainedAcrossNetwork(filters, db) }
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
  const cascaded = db
    .select({ people: sql<number>`coalesce(sum(${cascadeSessions.audienceSize}), 0)`, sessions: sql<number>`count(*)` })
    .from(cascadeSessions)
    .innerJoin(organisations, eq(organisations.id, cascadeSessions.organisationId))
    .where(and(...sessionScope))
    .get();
  return { direct: direct.n, cascaded: Number(cascaded?.people ?? 0), sessions: Number(cascaded?.sessions ?? 0) };
}

/**
 * People trained directly across the whole network, from member_last_trained
 * (kept by the triggers of migration 0035) by its index on trained_at: a
 * member whose last training falls in the period trained in it. Only when the
 * period has an end can a member who last trained after it also have trained
 * in it; those are looked up in their own completions and attendance.
 */
function trainedAcrossNetwork(filters: ReportFilters, db: Db): number {
  const from = filters.from?.getTime() ?? null;
  const to = filters.to?.getTime() ?? null;
  const sqlite = db.$client;
  const fromParam = from === null ? [] : [from];
  const period = [...(from === null ? [] : ["trained_at >= ?"]), ...(to === null ? [] : ["trained_at < ?"])];
  const lastIn = sqlite
    .prepare(`select count(*) from member_last_trained ${period.length ? `where ${period.join(" and ")}` : ""}`)
    .pluck()
    .get(...fromParam, ...(to === null ? [] : [to])) as number;
  if (to === null) return lastIn;
  const since = (column: string) => (from === null ? "" : `and ${column} >= ?`);
  const laterButAlsoIn = sqlite
    .prepare(
      `select count(*) from member_last_trained l where l.trained_at >= ?
        and (exists (select 1 from completions c where c.member_id = l.member_id
               ${since("c.completed_at")} and c.completed_at < ?)
          or exists (select 1 from attendance a join workshops w on w.id = a.workshop_id
               where a.member_id = l.member_id and a.status = 'attended' ${since("w.starts_at")} and w.starts_at < ?))`,
    )
    .pluck()
    .get(to, ...fromParam, to, ...fromParam, to) as number;
  return lastIn + laterButAlsoIn;
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
