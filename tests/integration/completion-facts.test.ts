/**
 * The completions report is counted from completions kept in memory
 * (app/models/completion-facts.server.ts), not grouped in SQL on every view.
 * Every filter and range gives what a plain SQL recount gives, with names that
 * differ only in case or a space, match the name for members of none, sort
 * oddly or are JavaScript's own keys; and the kept facts follow
 * every write from any connection: an added completion is appended, anything
 * else has them read again, and nothing is kept inside a transaction.
 */
import { describe, expect, it } from "vitest";
import { getCatalogue } from "~/lib/content/catalogue.server";
import { getDb, openDatabase, type Db } from "~/lib/db.server";
import { completionsByModule, type ReportFilters } from "~/models/report.server";
import { createDistricts, createTestCompletion, createTestMember, createTestOrganisation } from "../factories";
import { sqlPreparedDuring } from "./helpers/prepared-sql";

const START = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;
const ODD_NAME = '<b>Ünïcödé</b> & "quotes"\r';
const MODULES = ["homelessness-awareness", "early-indicators", "a-retired-module"];

/** A plain SQL recount of the report's rows: organisation name, module title and completions, in the report's order. */
function recount(filters: ReportFilters, db: Db = getDb()) {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filters.from) where.push("c.completed_at >= ?") && params.push(filters.from.getTime());
  if (filters.to) where.push("c.completed_at < ?") && params.push(filters.to.getTime());
  if (filters.organisationId) where.push("m.organisation_id = ?") && params.push(filters.organisationId);
  if (filters.districtId) where.push("o.district_id = ?") && params.push(filters.districtId);
  if (filters.tier) where.push("m.tier = ?") && params.push(filters.tier);
  const titles = new Map(getCatalogue().modules.map((m) => [m.id, m.title]));
  const rows = db.$client
    .prepare(
      `SELECT coalesce(o.name, 'Other organisations') AS organisation, c.module_id AS moduleId, count(*) AS n
       FROM completions c JOIN members m ON m.id = c.member_id LEFT JOIN organisations o ON o.id = m.organisation_id
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       GROUP BY m.organisation_id, c.module_id
       ORDER BY organisation, c.module_id, m.organisation_id`,
    )
    .all(...params) as Array<{ organisation: string; moduleId: string; n: number }>;
  return rows.map((r) => ({
    organisation: r.organisation,
    module: titles.get(r.moduleId) ?? r.moduleId,
    completions: r.n,
  }));
}

function expectSameAsRecount(filters: ReportFilters, db: Db = getDb()) {
  const report = completionsByModule(filters, db);
  const expected = recount(filters, db);
  expect(report.rows, JSON.stringify(filters)).toEqual(expected);
  const byModule = new Map<string, number>();
  for (const row of expected) byModule.set(row.module, (byModule.get(row.module) ?? 0) + row.completions);
  expect(new Map(report.totals.map((t) => [t.label, t.value])), JSON.stringify(filters)).toEqual(byModule);
  return report;
}

/** A small network whose organisation names nearly repeat, sort oddly and are JavaScript's own keys. */
async function world() {
  createDistricts();
  const organisations = [
    createTestOrganisation({ name: "Twin Trust", districtId: "oxford" }),
    createTestOrganisation({ name: "Twin Trust ", districtId: "cherwell" }),
    createTestOrganisation({ name: "__proto__", districtId: "oxford" }),
    createTestOrganisation({ name: "constructor", districtId: null }),
    createTestOrganisation({ name: "Other organisations", districtId: "cherwell" }),
    createTestOrganisation({ name: ODD_NAME, districtId: "west-oxfordshire" }),
    createTestOrganisation({ name: "twin trust", districtId: "oxford" }),
  ];
  const members = [];
  for (let i = 0; i < 21; i++) {
    const organisationId = i % 8 === 7 ? undefined : organisations[i % 7].id;
    members.push(await createTestMember({ tier: (i % 3) + 1, organisationId }));
  }
  // Completions an hour apart, with some at the same moment, spread over members and modules.
  const times: number[] = [];
  for (let i = 0; i < 120; i++) {
    const completedAt = START + Math.floor(i / 4) * 3 * HOUR + (i % 4 === 3 ? 0 : (i % 4) * HOUR);
    times.push(completedAt);
    createTestCompletion({
      memberId: members[(i * 5) % members.length].id,
      moduleId: MODULES[i % 3],
      completedAt: new Date(completedAt),
    });
  }
  return { organisations, members, times };
}

describe("the completions report from kept facts", () => {
  it("gives what a SQL recount gives for every filter and range, edges included", async () => {
    const w = await world();
    const at = (i: number) => new Date(w.times[i]);
    const ranges: Array<Pick<ReportFilters, "from" | "to">> = [
      {},
      { from: at(10), to: at(50) },
      { from: at(3), to: at(3) },
      { from: new Date(w.times[7] + 1), to: new Date(w.times[90] - 1) },
      { from: at(60) },
      { to: at(61) },
      { from: at(80), to: at(20) },
      { from: new Date(START - 10 * HOUR), to: new Date(START) },
      { from: new Date(w.times[119] + 1) },
    ];
    const scopes: ReportFilters[] = [
      {},
      { tier: 1 },
      { tier: 2 },
      { tier: 3 },
      { districtId: "oxford" },
      { districtId: "cherwell" },
      { districtId: "nowhere" },
      { districtId: "oxford", tier: 2 },
      ...w.organisations.map((o) => ({ organisationId: o.id })),
      { organisationId: 999_999 },
      { organisationId: w.organisations[0].id, districtId: "cherwell" },
    ];
    for (const range of ranges) for (const scope of scopes) expectSameAsRecount({ ...range, ...scope });
    // The whole network: the three Twin Trusts, members without an organisation and the odd names.
    const organisations = completionsByModule({}).rows.map((r) => r.organisation);
    expect(new Set(organisations)).toEqual(
      new Set(["Twin Trust", "Twin Trust ", "twin trust", "__proto__", "constructor", "Other organisations", ODD_NAME]),
    );
    expect(completionsByModule({}).rows.map((r) => r.module)).toContain("a-retired-module");
  });

  it("follow every write from another connection: added completions appended, anything else read again", async () => {
    const w = await world();
    const db = getDb();
    const other = openDatabase(process.env.DATABASE_URL!);
    const fullRead = (sql: string) => /^SELECT c\.id, c\.completed_at/.test(sql) && !/c\.id > \?/.test(sql);
    const appendRead = (sql: string) => /c\.id > \?/.test(sql);
    const organisationsRead = (sql: string) => /FROM organisations$/.test(sql.trim());
    const reads = (filters: ReportFilters = {}) => {
      const prepared = sqlPreparedDuring(db, () => completionsByModule(filters));
      expectSameAsRecount(filters);
      return {
        full: prepared.some(fullRead),
        appended: prepared.some(appendRead),
        organisations: prepared.some(organisationsRead),
      };
    };

    expect(reads()).toMatchObject({ full: true });
    // Nothing written: kept, with no completions or organisations read.
    expect(reads({ tier: 2 })).toEqual({ full: false, appended: false, organisations: false });
    // Completed now, on another connection: appended.
    createTestCompletion({ memberId: w.members[1].id, moduleId: MODULES[0], completedAt: new Date() }, other);
    expect(reads()).toEqual({ full: false, appended: true, organisations: false });
    expect(reads({ from: new Date(Date.now() - HOUR) }).full).toBe(false);
    // Completed before the latest kept completion (an import): every completion read again, in order.
    createTestCompletion(
      { memberId: w.members[2].id, moduleId: MODULES[1], completedAt: new Date(START + HOUR) },
      other,
    );
    expect(reads().full).toBe(true);
    expectSameAsRecount({ from: new Date(START), to: new Date(START + 2 * HOUR) });
    // A member moves organisation, and another to Tier 1.
    other.$client
      .prepare("UPDATE members SET organisation_id = ? WHERE id = ?")
      .run(w.organisations[5].id, w.members[0].id);
    expect(reads().full).toBe(true);
    other.$client.prepare("UPDATE members SET tier = 1 WHERE id = ?").run(w.members[4].id);
    expect(reads({ tier: 1 }).full).toBe(true);
    // An organisation renamed and another moved district: the organisations read again, the completions kept.
    other.$client.prepare("UPDATE organisations SET name = 'Aardvark Aid' WHERE id = ?").run(w.organisations[3].id);
    other.$client.prepare("UPDATE organisations SET district_id = 'oxford' WHERE id = ?").run(w.organisations[1].id);
    expect(reads({ districtId: "oxford" })).toEqual({ full: false, appended: false, organisations: true });
    const named = completionsByModule({}).rows.map((r) => r.organisation);
    expect(named).toContain("Aardvark Aid");
    expect(named).not.toContain("constructor");
    // A completion removed (a member erased, say).
    other.$client.prepare("DELETE FROM completions WHERE id = (SELECT max(id) FROM completions)").run();
    expect(reads().full).toBe(true);

    // Inside a transaction the report reads afresh, and what is rolled back is never kept.
    const kept = completionsByModule({}).rows;
    expect(() =>
      db.$client.transaction(() => {
        createTestCompletion({ memberId: w.members[3].id, moduleId: MODULES[2], completedAt: new Date() }, db);
        expect(completionsByModule({}, db).rows).not.toEqual(kept);
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(reads()).toMatchObject({ full: false });
    expect(completionsByModule({}).rows).toEqual(kept);
    other.$client.close();
  });
});
