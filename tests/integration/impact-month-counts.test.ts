/**
 * The month counts behind the whole-network impact report
 * (prevention_organisation_months, prevention_district_months, kept by the
 * triggers of migration 0033) always equal a recount of prevention_actions:
 * after logs, outcome changes, acknowledgements, an organisation merge (whose
 * moved entries land on months the target already has), a member's erasure
 * and a deletion. And the whole-network report, which adds whole months from
 * them and part months from the base table, gives each district and each
 * organisation exactly what its own report (read row by row) gives.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { preventionActions, type PreventionActionKind, type PreventionEarliness } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { saveCircumstance } from "~/models/directory.server";
import { readImpact } from "~/models/impact.server";
import { mergeOrganisations } from "~/models/organisation-merge.server";
import { eraseMember } from "~/models/personal-data.server";
import { acknowledgeReferral, recordOutcome, recordPreventionAction } from "~/models/prevention.server";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";

const COLUMNS = [
  ...["more-than-56-days", "within-56-days", "already-homeless"].flatMap((e, ei) =>
    ["prevented", "relieved", "not-prevented", "still-open", "unknown"].map((o, oi) => ({
      name: `e${ei}_o${oi}`,
      recount:
        o === "unknown"
          ? `sum(earliness = '${e}' and (outcome is null or outcome = 'dont-know'))`
          : `sum(earliness = '${e}' and outcome is '${o}')`,
    })),
  ),
  { name: "referrals", recount: "sum(action = 'duty-to-refer')" },
  { name: "acknowledged", recount: "sum(action = 'duty-to-refer' and acknowledged_at is not null)" },
];

/** Each summary table beside a recount of the base table by the same key and month (rows of all zeros left out). */
function compare() {
  const sqlite = getDb().$client;
  for (const [table, key] of [
    ["prevention_organisation_months", "organisation_id"],
    ["prevention_district_months", "district_id"],
  ]) {
    const kept = sqlite
      .prepare(
        `select ${key} as k, month, ${COLUMNS.map((c) => c.name).join(", ")} from ${table}
          where ${COLUMNS.map((c) => `${c.name} <> 0`).join(" or ")} order by 1, 2`,
      )
      .all();
    const recounted = sqlite
      .prepare(
        `select ${key} as k, substr(action_on, 1, 7) as month, ${COLUMNS.map((c) => `${c.recount} as ${c.name}`).join(", ")}
          from prevention_actions group by 1, 2 order by 1, 2`,
      )
      .all();
    expect(kept, table).toEqual(recounted);
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

describe("the impact report's month counts", () => {
  it("equal a recount after logs, outcome changes, acknowledgements, a merge, an erasure and a deletion", async () => {
    const w = await world();
    compare();
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
    compare();
    // Changed answers move an entry from one outcome to another.
    for (const id of w.ids.slice(0, 12)) recordOutcome({ id, memberId: owner(id), outcome: "dont-know" });
    compare();
    let acknowledged = 0;
    for (const [i, id] of w.ids.entries()) {
      const done = acknowledgeReferral({
        id,
        districtId: i % 4 === 0 ? "cherwell" : "oxford",
        memberId: w.coordinator.id,
        now: new Date(Date.UTC(2026, 0, 1) + i * 7_200_000),
      });
      if (done) acknowledged += 1;
    }
    expect(acknowledged).toBeGreaterThan(10);
    compare();
    const before = getDb()
      .$client.prepare("select sum(referrals) r, sum(e0_o0 + e1_o1 + e2_o4) c from prevention_district_months")
      .get();

    // Beta merges into Alpha: Beta's months are added to Alpha's, none left under Beta, none counted twice.
    const merged = mergeOrganisations({
      sourceId: w.beta.id,
      targetId: w.alpha.id,
      fingerprint: null,
      actorId: w.coordinator.id,
    });
    expect(merged.ok).toBe(true);
    compare();
    const sqlite = getDb().$client;
    expect(
      sqlite
        .prepare(
          `select count(*) n from prevention_organisation_months where organisation_id = ?
            and (${COLUMNS.map((c) => `${c.name} <> 0`).join(" or ")})`,
        )
        .get(w.beta.id),
    ).toEqual({ n: 0 });
    expect(
      sqlite
        .prepare(
          `select sum(${COLUMNS.slice(0, 15)
            .map((c) => c.name)
            .join(" + ")}) n from prevention_organisation_months where organisation_id = ?`,
        )
        .get(w.alpha.id),
    ).toEqual({ n: 60 });
    expect(
      sqlite.prepare("select sum(referrals) r, sum(e0_o0 + e1_o1 + e2_o4) c from prevention_district_months").get(),
    ).toEqual(before);

    // Erasure keeps the entries, unnamed: the counts do not move.
    eraseMember({ memberId: w.b.id });
    compare();
    // A deletion takes its entry out of the counts.
    db.delete(preventionActions).where(eq(preventionActions.id, w.ids[7])).run();
    compare();
    expect(
      sqlite
        .prepare(
          `select sum(${COLUMNS.slice(0, 15)
            .map((c) => c.name)
            .join(" + ")}) n from prevention_district_months`,
        )
        .get(),
    ).toEqual({ n: 59 });
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
        if (own.byOrganisation.length === 0) continue;
        expect(network.byOrganisation.find((o) => o.label === own.byOrganisation[0].label)).toEqual(
          own.byOrganisation[0],
        );
      }
      const quarters = new Map<string, number>();
      for (const districtId of ["oxford", "cherwell"])
        for (const q of readImpact({ ...period, districtId }).byQuarter)
          quarters.set(q.label, (quarters.get(q.label) ?? 0) + q.outcomes.reduce((s, n) => s + n, 0));
      expect(new Map(network.byQuarter.map((q) => [q.label, q.outcomes.reduce((s, n) => s + n, 0)]))).toEqual(quarters);
    }
  });
});
