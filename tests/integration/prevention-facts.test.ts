/**
 * The impact report counts prevention actions kept in memory
 * (app/models/prevention-facts.server.ts). Every period and scope gives what a
 * plain SQL recount of prevention_actions gives, after logs, outcome changes,
 * acknowledgements, an organisation merge, a member's erasure and a deletion,
 * whichever connection wrote them; logged actions are appended, anything else
 * has them read again, and nothing is kept inside a transaction. And the whole
 * network's report gives each district and organisation exactly what its own
 * report gives.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { preventionActions, type PreventionActionKind, type PreventionEarliness } from "../../drizzle/schema";
import { getDb, openDatabase } from "~/lib/db.server";
import { IMPACT_OUTCOMES } from "~/lib/prevention";
import { saveCircumstance } from "~/models/directory.server";
import { readImpact } from "~/models/impact.server";
import { countPreventionActions, preventionFacts } from "~/models/prevention-facts.server";
import { mergeOrganisations } from "~/models/organisation-merge.server";
import { eraseMember } from "~/models/personal-data.server";
import { acknowledgeReferral, recordOutcome, recordPreventionAction } from "~/models/prevention.server";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { sqlPreparedDuring } from "./helpers/prepared-sql";

const EARLINESS = ["more-than-56-days", "within-56-days", "already-homeless"];
/** Counts by outcome, then by how early, in SQL, for the rows a recount groups. */
const COUNT_COLUMNS = [
  ...IMPACT_OUTCOMES.map((o) =>
    o === "unknown" ? "sum(outcome is null or outcome = 'dont-know')" : `sum(outcome is '${o}')`,
  ),
  ...EARLINESS.map((e) => `sum(earliness = '${e}')`),
].join(", ");

type Period = { from?: Date; to?: Date };
const day = (instant: Date | undefined, open: string) =>
  instant ? new Date(instant.getTime()).toLocaleDateString("en-CA", { timeZone: "Europe/London" }) : open;

/** A plain SQL recount of what the report counts, for a period and scope, keyed as readImpact gives them. */
function recount(period: Period, scope: { districtId?: string; organisationId?: number } = {}) {
  const sqlite = getDb().$client;
  const where = ["p.action_on >= ?", "p.action_on < ?"];
  const params: Array<string | number> = [day(period.from, ""), day(period.to, "~")];
  if (scope.districtId) where.push("p.district_id = ?") && params.push(scope.districtId);
  if (scope.organisationId) where.push("p.organisation_id = ?") && params.push(scope.organisationId);
  const grouped = (key: string, join = "") =>
    (
      sqlite
        .prepare(
          `select ${key} as label, ${COUNT_COLUMNS} from prevention_actions p ${join}
            where ${where.join(" and ")} group by 1 order by 1`,
        )
        .raw()
        .all(...params) as Array<[string, ...number[]]>
    ).map(([label, ...n]) => ({ label, outcomes: n.slice(0, 5), earliness: n.slice(5) }));
  const waits = sqlite
    .prepare(
      `select d.name, max(p.acknowledged_at - p.created_at, 0) as wait, p.acknowledged_at is not null as acknowledged
        from prevention_actions p join districts d on d.id = p.district_id
        where ${where.join(" and ")} and p.action = 'duty-to-refer' order by 1, 2`,
    )
    .all(...params) as Array<{ name: string; wait: number; acknowledged: number }>;
  const referrals = new Map<string, { label: string; made: number; acknowledged: number; medianMs: number | null }>();
  const byName = new Map<string, number[]>();
  for (const r of waits) {
    const entry = referrals.get(r.name) ?? { label: r.name, made: 0, acknowledged: 0, medianMs: null };
    entry.made += 1;
    if (r.acknowledged) {
      entry.acknowledged += 1;
      byName.set(r.name, [...(byName.get(r.name) ?? []), r.wait]);
    }
    referrals.set(r.name, entry);
  }
  for (const [name, values] of byName) {
    values.sort((a, b) => a - b);
    const mid = Math.floor(values.length / 2);
    referrals.get(name)!.medianMs = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
  const byEarliness = EARLINESS.map(() => IMPACT_OUTCOMES.map(() => 0));
  for (const [e, o, n] of sqlite
    .prepare(
      `select earliness, case when outcome is null or outcome = 'dont-know' then 'unknown' else outcome end, count(*)
        from prevention_actions p where ${where.join(" and ")} group by 1, 2`,
    )
    .raw()
    .all(...params) as Array<[string, string, number]>)
    byEarliness[EARLINESS.indexOf(e)][IMPACT_OUTCOMES.indexOf(o as never)] = n;
  const quarter = "substr(p.action_on, 1, 4) || ' Q' || ((cast(substr(p.action_on, 6, 2) as integer) + 2) / 3)";
  return {
    byEarliness,
    byDistrict: grouped("d.name", "join districts d on d.id = p.district_id"),
    byOrganisation: grouped("o.name", "join organisations o on o.id = p.organisation_id"),
    byQuarter: grouped(quarter),
    referrals: [...referrals.values()],
  };
}

const PERIODS: Period[] = [
  { from: new Date("2026-01-20T12:00:00Z"), to: new Date("2026-05-10T12:00:00Z") },
  { from: new Date("2026-02-01T00:30:00Z"), to: new Date("2026-04-01T00:30:00Z") },
  { from: new Date("2026-03-03T12:00:00Z"), to: new Date("2026-03-28T12:00:00Z") },
  { from: new Date("2026-03-03T12:00:00Z") },
  { to: new Date("2026-02-14T12:00:00Z") },
  { from: new Date("2026-05-01T00:00:00Z"), to: new Date("2026-03-01T00:00:00Z") },
  {},
];

/** Every period, for the whole network, both districts and both organisations, beside a recount. */
function compare(scopes: Array<{ districtId?: string; organisationId?: number }>) {
  for (const period of PERIODS)
    for (const scope of [{}, ...scopes]) {
      const report = readImpact({ ...period, ...scope });
      const { byEarliness, byDistrict, byOrganisation, byQuarter, referrals } = report;
      // Each sector counted as the sum of its organisations.
      const sectors = new Map<string, number[]>();
      for (const o of byOrganisation!) {
        const sum = sectors.get(o.sector) ?? [...o.outcomes].fill(0);
        sectors.set(
          o.sector,
          sum.map((n, i) => n + o.outcomes[i]),
        );
      }
      expect(new Map(report.bySector.map((s) => [s.sector, s.outcomes]))).toEqual(sectors);
      expect(report.organisations).toBe(byOrganisation!.length);
      expect(
        {
          byEarliness,
          byDistrict,
          byOrganisation: byOrganisation!.map(({ sector: _, ...o }) => o),
          byQuarter,
          referrals,
        },
        JSON.stringify({ ...period, ...scope }),
      ).toEqual(recount(period, scope));
    }
}

async function world() {
  createDistricts();
  saveCircumstance({ id: "hospital-discharge", label: "Leaving hospital", description: "", specialismIds: [] });
  const alpha = createTestOrganisation({ name: "Alpha Hospital", slug: "alpha", districtId: "oxford" });
  const beta = createTestOrganisation({ name: "Beta Charity", slug: "beta", districtId: "cherwell" });
  const a = await createTestMember({ organisationId: alpha.id, tier: 1 });
  const b = await createTestMember({ organisationId: beta.id, tier: 1 });
  const coordinator = await createTestMember({ role: "coordinator" });
  const earliness: PreventionEarliness[] = ["more-than-56-days", "within-56-days", "already-homeless"];
  const actions: PreventionActionKind[] = ["duty-to-refer", "advice", "referred-elsewhere", "joint-work"];
  const ids: number[] = [];
  // 60 entries from mid-December to mid-July, both organisations in both districts.
  for (let i = 0; i < 60; i++) {
    const day = new Date(Date.UTC(2025, 11, 14) + i * 3.6 * 86_400_000).toISOString().slice(0, 10);
    const [member, organisation] = i % 3 === 0 ? [b, beta] : [a, alpha];
    const { id } = recordPreventionAction({
      memberId: member.id,
      input: {
        actionOn: day,
        districtId: i % 4 === 0 ? "cherwell" : "oxford",
        organisationId: organisation.id,
        circumstanceId: "hospital-discharge",
        earliness: earliness[i % 3],
        action: actions[i % 4 === 1 ? 0 : i % 4],
        note: null,
      },
      now: new Date(`${day}T09:00:00Z`),
    });
    ids.push(id);
  }
  return { alpha, beta, a, b, coordinator, ids };
}

describe("the impact report's kept prevention facts", () => {
  it("equal a recount after logs, outcome changes, acknowledgements, a merge, an erasure and a deletion", async () => {
    const w = await world();
    const scopes = [
      { districtId: "oxford" },
      { districtId: "cherwell" },
      { districtId: "nowhere" },
      { organisationId: w.alpha.id },
      { organisationId: w.beta.id },
      { organisationId: w.beta.id, districtId: "oxford" },
    ];
    compare(scopes);
    const db = getDb();
    const owner = (id: number) =>
      db
        .select({ memberId: preventionActions.memberId })
        .from(preventionActions)
        .where(eq(preventionActions.id, id))
        .get()!.memberId;
    const outcomes = ["prevented", "relieved", "not-prevented", "still-open", "dont-know"] as const;
    w.ids.forEach((id, i) => {
      if (i % 5 !== 4) recordOutcome({ id, memberId: owner(id), outcome: outcomes[i % 5] });
    });
    compare(scopes);
    // Changed answers move an entry from one outcome to another.
    for (const id of w.ids.slice(0, 12)) recordOutcome({ id, memberId: owner(id), outcome: "dont-know" });
    compare(scopes);
    let acknowledged = 0;
    for (const [i, id] of w.ids.entries()) {
      const done = acknowledgeReferral({
        id,
        districtId: i % 4 === 0 ? "cherwell" : "oxford",
        memberId: w.coordinator.id,
        // In August, after every action, in an order unlike theirs: waits of every length, out of order.
        now: new Date(Date.UTC(2026, 7, 1) + ((i * 37) % 60) * 5 * 86_400_000),
      });
      if (done) acknowledged += 1;
    }
    expect(acknowledged).toBeGreaterThan(10);
    compare(scopes);
    expect(readImpact({}).referrals.every((r) => r.medianMs !== null)).toBe(true);
    // Beta merges into Alpha: Beta's actions are Alpha's, counted once.
    const merged = mergeOrganisations({
      sourceId: w.beta.id,
      targetId: w.alpha.id,
      fingerprint: null,
      actorId: w.coordinator.id,
    });
    expect(merged.ok).toBe(true);
    compare(scopes);
    expect(readImpact({}).byOrganisation!.map((o) => [o.label, o.earliness.reduce((s, n) => s + n, 0)])).toEqual([
      ["Alpha Hospital", 60],
    ]);
    // Erasure keeps the entries, unnamed: the counts do not move. A deletion takes its entry out.
    eraseMember({ memberId: w.b.id });
    compare(scopes);
    db.delete(preventionActions).where(eq(preventionActions.id, w.ids[7])).run();
    compare(scopes);
    expect(
      readImpact({})
        .byEarliness.flat()
        .reduce((s, n) => s + n, 0),
    ).toBe(59);
  });

  it("follow every write from another connection: logged actions appended, anything else read again", async () => {
    const w = await world();
    const db = getDb();
    const other = openDatabase(process.env.DATABASE_URL!);
    const fullRead = (sql: string) => /FROM prevention_actions ORDER BY id$/.test(sql.trim());
    const appendRead = (sql: string) => /FROM prevention_actions WHERE id > \? ORDER BY id$/.test(sql.trim());
    const reads = (period: Period = {}) => {
      const prepared = sqlPreparedDuring(db, () => readImpact(period));
      expect(readImpact(period).byDistrict).toEqual(recount(period).byDistrict);
      return { full: prepared.some(fullRead), appended: prepared.some(appendRead) };
    };
    expect(reads()).toEqual({ full: true, appended: false });
    expect(reads(PERIODS[0])).toEqual({ full: false, appended: false });
    // A district's and an organisation's actions are grouped when first asked for: the groups are made again after.
    compare([{ districtId: "west-oxfordshire" }, { organisationId: w.alpha.id }]);
    // Logged on another connection: appended, in a new quarter and a new district.
    recordPreventionAction(
      {
        memberId: w.a.id,
        input: {
          actionOn: "2027-02-01",
          districtId: "west-oxfordshire",
          organisationId: w.alpha.id,
          circumstanceId: "hospital-discharge",
          earliness: "within-56-days",
          action: "duty-to-refer",
          note: null,
        },
        now: new Date("2027-02-01T09:00:00Z"),
      },
      other,
    );
    expect(reads()).toEqual({ full: false, appended: true });
    compare([{ districtId: "west-oxfordshire" }, { organisationId: w.alpha.id }]);
    expect(readImpact({}).byQuarter.map((q) => q.label)).toContain("2027 Q1");
    // Referrals written already acknowledged (as another process or an import might): appended, and their waits
    // counted in each district's median.
    const copied = other.$client
      .prepare(
        `INSERT INTO prevention_actions (member_id, organisation_id, district_id, circumstance_id, action_on, earliness,
          action, follow_up_due_at, acknowledged_at, created_at)
        SELECT member_id, organisation_id, district_id, circumstance_id, '2027-03-01', earliness, 'duty-to-refer',
          follow_up_due_at, created_at + 3600000 * (id % 7 + 1), created_at
        FROM prevention_actions ORDER BY id LIMIT 9`,
      )
      .run();
    expect(copied.changes).toBe(9);
    expect(reads()).toEqual({ full: false, appended: true });
    compare([{ districtId: "west-oxfordshire" }, { organisationId: w.alpha.id }]);
    // None was acknowledged before: all nine waits came by the append.
    expect(readImpact({}).referrals.reduce((sum, r) => sum + r.acknowledged, 0)).toBe(9);
    // An outcome answered on another connection: read again.
    recordOutcome({ id: w.ids[3], memberId: w.b.id, outcome: "prevented" }, other);
    expect(reads()).toEqual({ full: true, appended: false });
    compare([]);
    // Inside a transaction the report reads afresh, and what is rolled back is never kept.
    const kept = readImpact({});
    expect(() =>
      db.$client.transaction(() => {
        db.delete(preventionActions).where(eq(preventionActions.id, w.ids[0])).run();
        expect(readImpact({}, db).byEarliness).not.toEqual(kept.byEarliness);
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(reads()).toEqual({ full: false, appended: false });
    expect(readImpact({}).byEarliness).toEqual(kept.byEarliness);
    other.$client.close();
  });

  it("give the whole network's report exactly what each district's and organisation's own reports give", async () => {
    const w = await world();
    w.ids.forEach((id, i) => {
      const memberId = i % 3 === 0 ? w.b.id : w.a.id;
      if (i % 2 === 0) recordOutcome({ id, memberId, outcome: i % 4 === 0 ? "prevented" : "relieved" });
      acknowledgeReferral({
        id,
        districtId: i % 4 === 0 ? "cherwell" : "oxford",
        memberId: w.coordinator.id,
        now: new Date(Date.UTC(2026, 0, 1) + i * 7_200_000),
      });
    });
    // Periods that start and end inside a month, on a month's first day, with one end open, or none.
    const periods: Array<{ from?: Date; to?: Date }> = [
      { from: new Date("2026-01-20T12:00:00Z"), to: new Date("2026-05-10T12:00:00Z") },
      { from: new Date("2026-02-01T00:30:00Z"), to: new Date("2026-04-01T00:30:00Z") },
      { from: new Date("2026-03-03T12:00:00Z"), to: new Date("2026-03-28T12:00:00Z") },
      { from: new Date("2026-03-03T12:00:00Z") },
      { to: new Date("2026-02-14T12:00:00Z") },
      {},
    ];
    for (const period of periods) {
      const network = readImpact(period);
      const total = network.byEarliness.flat().reduce((s, n) => s + n, 0);
      const recounted = getDb()
        .$client.prepare("select count(*) n from prevention_actions where action_on >= ? and action_on < ?")
        .get(
          period.from ? period.from.toISOString().slice(0, 10) : "",
          period.to ? period.to.toISOString().slice(0, 10) : "~",
        ) as { n: number };
      expect(total, JSON.stringify(period)).toBe(recounted.n);
      expect(total).toBeGreaterThan(0);
      for (const districtId of ["oxford", "cherwell"]) {
        const own = readImpact({ ...period, districtId });
        if (own.byDistrict.length === 0) continue;
        const label = own.byDistrict[0].label;
        expect(network.byDistrict.find((d) => d.label === label)).toEqual(own.byDistrict[0]);
        expect(network.referrals.find((r) => r.label === label)).toEqual(own.referrals[0]);
      }
      for (const organisation of [w.alpha, w.beta]) {
        const own = readImpact({ ...period, organisationId: organisation.id });
        if (own.byOrganisation!.length === 0) continue;
        expect(network.byOrganisation!.find((o) => o.label === own.byOrganisation![0].label)).toEqual(
          own.byOrganisation![0],
        );
      }
      const quarters = new Map<string, number>();
      for (const districtId of ["oxford", "cherwell"])
        for (const q of readImpact({ ...period, districtId }).byQuarter)
          quarters.set(q.label, (quarters.get(q.label) ?? 0) + q.outcomes.reduce((s, n) => s + n, 0));
      expect(new Map(network.byQuarter.map((q) => [q.label, q.outcomes.reduce((s, n) => s + n, 0)]))).toEqual(quarters);
    }
  });

  it("count a period's whole months from the month totals exactly as walking every action does", async () => {
    const w = await world();
    w.ids.forEach((id, i) => {
      const memberId = i % 3 === 0 ? w.b.id : w.a.id;
      if (i % 2 === 0) recordOutcome({ id, memberId, outcome: i % 4 === 0 ? "prevented" : "relieved" });
      if (i % 5 !== 2)
        acknowledgeReferral({
          id,
          districtId: i % 4 === 0 ? "cherwell" : "oxford",
          memberId: w.coordinator.id,
          now: new Date(Date.UTC(2026, 7, 1) + ((i * 37) % 60) * 5 * 86_400_000),
        });
    });
    // Ends on a month's first day, inside a month (a day after or before an action on a month's first or last
    // day), before and after every action, one end open, none, reversed.
    const days = [
      undefined,
      "2025-11-30",
      "2025-12-01",
      "2025-12-14",
      "2026-01-01",
      "2026-01-20",
      "2026-02-01",
      "2026-02-28",
      "2026-03-01",
      "2026-03-15",
      "2026-04-01",
      "2026-05-10",
      "2026-04-02",
      "2026-06-30",
      "2026-07-01",
      "2026-07-20",
      "2026-08-01",
    ];
    const compareAll = (sectorOf: Uint8Array) => {
      let counted = 0;
      for (const from of days)
        for (const to of days) {
          const months = countPreventionActions({ from, to, sectorOf, perOrganisation: false });
          const { byOrganisation, ...walked } = countPreventionActions({ from, to, sectorOf, perOrganisation: true });
          expect(months, JSON.stringify({ from, to })).toEqual(walked);
          expect(months.organisations).toBe(byOrganisation!.size);
          counted += months.byEarliness.flat().reduce((sum, n) => sum + n, 0);
        }
      return counted;
    };
    // Sectors numbered one way, then another (as when an organisation changes sector): the totals are made again.
    const sectorOf = new Uint8Array(Math.max(w.alpha.id, w.beta.id) + 1);
    sectorOf[w.alpha.id] = 1;
    sectorOf[w.beta.id] = 3;
    expect(compareAll(sectorOf)).toBeGreaterThan(1_000);
    sectorOf[w.beta.id] = 2;
    compareAll(sectorOf);
    // Actions logged later, in a month already counted, in a new one, and one dated 25 years back (the log
    // accepts any day since 2000), are counted once the facts are appended.
    for (const [actionOn, districtId] of [
      ["2026-03-20", "cherwell"],
      ["2026-09-02", "oxford"],
      ["2001-03-10", "oxford"],
    ])
      recordPreventionAction({
        memberId: w.a.id,
        input: {
          actionOn,
          districtId,
          organisationId: w.alpha.id,
          circumstanceId: "hospital-discharge",
          earliness: "within-56-days",
          action: "duty-to-refer",
          note: null,
        },
        now: new Date(`${actionOn}T10:00:00Z`),
      });
    days.push("2026-09-01", "2026-09-30", "2001-03-01", "2001-03-11", "2001-04-01");
    compareAll(sectorOf);
    // Only the months with actions are kept: the action from 2001 adds one month, not the 300 since.
    expect(preventionFacts().months!.starts.length).toBe(10);
    expect(countPreventionActions({ from: "2026-09-01", sectorOf, perOrganisation: false }).referrals).toEqual(
      new Map([["oxford", { made: 1, acknowledged: 0, medianMs: null }]]),
    );
  });
});
