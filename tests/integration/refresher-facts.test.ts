/**
 * The refreshers report is counted from refreshers kept in memory
 * (app/models/refresher-facts.server.ts), not read row by row on every view.
 * Every filter and range gives what a plain SQL reading gives: active
 * members' latest completion of each module that expires, by expiry then
 * completion, with hostile names; the page lists the first rows and says how
 * many there are, the CSV has every one; and the kept facts follow every write
 * from any connection: added completions replace the one they renew, a
 * member's organisation, tier or status has the members read again, anything
 * else everything, and nothing is kept inside a transaction.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { getDb, openDatabase, type Db } from "~/lib/db.server";
import { PAGE_ROWS, readReport, refreshers, type ReportFilters } from "~/models/report.server";
import { loader as reportLoader } from "~/routes/reports.$report";
import { loader as csvLoader } from "~/routes/reports.$report_.csv";
import { createDistricts, createTestCompletion, createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, getRequest } from "../request";
import { sqlPreparedDuring } from "./helpers/prepared-sql";

const DAY = 86_400_000;
const NOW = new Date("2026-11-23T12:00:00Z");
const ODD_NAME = '<b>Ünïcödé</b> & "quotes"\r';
const MODULES = ["homelessness-awareness", "early-indicators", "constructor"];

type Filters = ReportFilters & { now: Date };

/** A plain SQL reading of the report's rows and totals, in the report's order. */
function reread(filters: Filters, db: Db = getDb()) {
  const where = ["m.status = 'active'", "c.expires_at IS NOT NULL"];
  const params: Array<string | number> = [];
  if (filters.from || filters.to) {
    if (filters.from) where.push("c.expires_at >= ?") && params.push(filters.from.getTime());
    if (filters.to) where.push("c.expires_at < ?") && params.push(filters.to.getTime());
  } else where.push("c.expires_at < ?") && params.push(filters.now.getTime() + 90 * DAY);
  if (filters.organisationId) where.push("m.organisation_id = ?") && params.push(filters.organisationId);
  if (filters.districtId) where.push("o.district_id = ?") && params.push(filters.districtId);
  if (filters.tier) where.push("m.tier = ?") && params.push(filters.tier);
  const rows = db.$client
    .prepare(
      `SELECT m.name, coalesce(o.name, 'Other organisations') AS organisation, c.module_title AS moduleTitle,
              c.expires_at AS expires
       FROM completions c JOIN members m ON m.id = c.member_id LEFT JOIN organisations o ON o.id = m.organisation_id
       WHERE ${where.join(" AND ")}
         AND NOT EXISTS (SELECT 1 FROM completions l WHERE l.member_id = c.member_id AND l.module_id = c.module_id
               AND (l.completed_at > c.completed_at OR (l.completed_at = c.completed_at AND l.id > c.id)))
       ORDER BY c.expires_at, c.id`,
    )
    .all(...params) as Array<{ name: string; organisation: string; moduleTitle: string; expires: number }>;
  return rows.map((r) => ({
    name: r.name,
    organisation: r.organisation,
    moduleTitle: r.moduleTitle,
    expiresAt: new Date(r.expires),
    expired: r.expires <= filters.now.getTime(),
  }));
}

function expectSameAsReread(filters: Filters, db: Db = getDb()) {
  const expected = reread(filters, db);
  const report = refreshers({ ...filters, allRows: true }, db);
  expect(report.rows, JSON.stringify(filters)).toEqual(expected);
  expect(report.total).toBe(expected.length);
  expect(report.totals.map((t) => t.value)).toEqual([
    expected.filter((r) => r.expired).length,
    expected.filter((r) => !r.expired).length,
  ]);
  // The page's reading lists the first rows with the same totals.
  const page = refreshers(filters, db);
  expect(page.rows).toEqual(expected.slice(0, PAGE_ROWS));
  expect(page.totals).toEqual(report.totals);
  return report;
}

/** A small network with odd names, renewals, ties and completions that do not expire. */
async function world() {
  createDistricts();
  const organisations = [
    createTestOrganisation({ name: "Twin Trust", districtId: "oxford" }),
    createTestOrganisation({ name: "__proto__", districtId: "cherwell" }),
    createTestOrganisation({ name: ODD_NAME, districtId: null }),
    createTestOrganisation({ name: "Other organisations", districtId: "oxford" }),
  ];
  const members = [];
  for (let i = 0; i < 15; i++) {
    const organisationId = i % 5 === 4 ? undefined : organisations[i % 4].id;
    const name = [ODD_NAME, "constructor", "__proto__", `Member ${i}`][i % 4];
    members.push(await createTestMember({ name, tier: (i % 3) + 1, organisationId, now: NOW }));
  }
  // Completions a few days apart, each expiring a year later: renewals, ties and some that never expire.
  const expiries: number[] = [];
  for (let i = 0; i < 90; i++) {
    const completedAt = new Date(NOW.getTime() - 500 * DAY + Math.floor(i / 3) * 20 * DAY);
    const expiresAt = i % 7 === 6 ? null : new Date(completedAt.getTime() + 365 * DAY - (i % 3) * DAY);
    if (expiresAt) expiries.push(expiresAt.getTime());
    createTestCompletion({
      memberId: members[(i * 4) % members.length].id,
      moduleId: MODULES[i % 3],
      moduleTitle: i % 2 ? ODD_NAME : `Module ${i % 3}`,
      completedAt,
      expiresAt,
    });
  }
  // Two of the same member and module at the same moment: the one added last counts.
  const tie = new Date(NOW.getTime() - 100 * DAY);
  createTestCompletion({ memberId: members[1].id, moduleId: "tied", completedAt: tie, expiresAt: new Date(NOW) });
  createTestCompletion({
    memberId: members[1].id,
    moduleId: "tied",
    completedAt: tie,
    expiresAt: new Date(NOW.getTime() + DAY),
  });
  // Deactivated: their refreshers are not listed.
  getDb().$client.prepare("UPDATE members SET status = 'deactivated' WHERE id = ?").run(members[2].id);
  return { organisations, members, expiries: expiries.sort((a, b) => a - b) };
}

describe("the refreshers report from kept facts", () => {
  it("gives what a SQL reading gives for every filter and range, edges included", async () => {
    const w = await world();
    const at = (i: number) => new Date(w.expiries[i]);
    const ranges: Array<Pick<Filters, "from" | "to">> = [
      {},
      { from: at(5), to: at(40) },
      { from: at(3), to: at(3) },
      { from: new Date(w.expiries[7] + 1), to: new Date(w.expiries[60] - 1) },
      { from: at(30) },
      { to: at(31) },
      { from: at(50), to: at(20) },
      { from: new Date(w.expiries[w.expiries.length - 1] + 1) },
    ];
    const scopes: ReportFilters[] = [
      {},
      { tier: 1 },
      { tier: 3 },
      { districtId: "oxford" },
      { districtId: "cherwell" },
      { districtId: "nowhere" },
      { districtId: "oxford", tier: 2 },
      ...w.organisations.map((o) => ({ organisationId: o.id })),
      { organisationId: 999_999 },
      { organisationId: w.organisations[0].id, districtId: "cherwell" },
    ];
    for (const now of [NOW, new Date(NOW.getTime() - 200 * DAY)])
      for (const range of ranges) for (const scope of scopes) expectSameAsReread({ ...range, ...scope, now });
    const all = expectSameAsReread({ from: new Date(0), now: NOW });
    // The odd names arrive as they were written, and the tie is the later-added completion.
    expect(all.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["__proto__", "constructor", "Member 3"]));
    expect(all.rows.map((r) => r.organisation)).toEqual(expect.arrayContaining(["__proto__", ODD_NAME]));
    expect(all.rows.map((r) => r.moduleTitle)).toContain(ODD_NAME);
    expect(all.rows.filter((r) => r.moduleTitle === "tied").map((r) => r.expiresAt)).toEqual([
      new Date(NOW.getTime() + DAY),
    ]);
  });

  it("follows every write from another connection", async () => {
    const w = await world();
    const db = getDb();
    const other = openDatabase(process.env.DATABASE_URL!);
    const fullRead = (sql: string) => /ORDER BY member_id, module_id, completed_at$/.test(sql.trim());
    const addedRead = (sql: string) => /WHERE id > \? ORDER BY id/.test(sql);
    const membersRead = (sql: string) => /status = 'active' FROM members$/.test(sql.trim());
    const districtsRead = (sql: string) => /SELECT id, district_id FROM organisations$/.test(sql.trim());
    const reads = (filters: Filters = { now: NOW }) => {
      const prepared = sqlPreparedDuring(db, () => refreshers(filters));
      expectSameAsReread(filters);
      return {
        full: prepared.some(fullRead),
        added: prepared.some(addedRead),
        members: prepared.some(membersRead) && !prepared.some(fullRead),
        districts: prepared.some(districtsRead) && !prepared.some(fullRead),
      };
    };
    const none = { full: false, added: false, members: false, districts: false };

    expect(reads()).toMatchObject({ full: true });
    expect(reads({ now: NOW, tier: 2 })).toEqual(none);
    // A renewal, on another connection: the renewed refresher replaces the one due, nothing else read.
    const before = refreshers({ from: new Date(0), now: NOW }).rows;
    createTestCompletion(
      {
        memberId: w.members[3].id,
        moduleId: MODULES[0],
        // After every completion in the world (the last are dated 80 days ahead).
        completedAt: new Date(NOW.getTime() + 100 * DAY),
        expiresAt: new Date(NOW.getTime() + 400 * DAY),
      },
      other,
    );
    expect(reads()).toEqual({ ...none, added: true });
    const after = refreshers({ from: new Date(0), now: NOW }).rows;
    expect(after).toHaveLength(before.length);
    expect(after).toContainEqual(
      expect.objectContaining({ name: "Member 3", expiresAt: new Date(NOW.getTime() + 400 * DAY) }),
    );
    expect(reads({ from: new Date(0), now: NOW })).toEqual(none);
    // A completion that does not expire renews one, and another is backdated before the latest (an import):
    // neither is the refresher for its module.
    createTestCompletion({ memberId: w.members[0].id, moduleId: MODULES[0], completedAt: NOW }, other);
    createTestCompletion(
      {
        memberId: w.members[4].id,
        moduleId: MODULES[1],
        completedAt: new Date(0),
        expiresAt: new Date(NOW.getTime() + DAY),
      },
      other,
    );
    expect(reads({ from: new Date(0), now: NOW })).toEqual({ ...none, added: true });
    // A member who joined since, with a first completion.
    const newcomer = await createTestMember(
      { name: "Newcomer", organisationId: w.organisations[1].id, now: NOW },
      other,
    );
    createTestCompletion(
      { memberId: newcomer.id, moduleId: MODULES[2], completedAt: NOW, expiresAt: new Date(NOW.getTime() + DAY) },
      other,
    );
    expect(reads({ now: NOW, districtId: "cherwell" })).toEqual({ ...none, added: true });
    expect(refreshers({ now: NOW }).rows.map((r) => r.name)).toContain("Newcomer");
    // A member leaves, another moves organisation, a third to Tier 1: the members read again.
    other.$client.prepare("UPDATE members SET status = 'deactivated' WHERE id = ?").run(newcomer.id);
    expect(reads()).toEqual({ ...none, members: true });
    expect(refreshers({ now: NOW }).rows.map((r) => r.name)).not.toContain("Newcomer");
    other.$client
      .prepare("UPDATE members SET organisation_id = ? WHERE id = ?")
      .run(w.organisations[1].id, w.members[0].id);
    expect(reads({ now: NOW, organisationId: w.organisations[1].id })).toEqual({ ...none, members: true });
    other.$client.prepare("UPDATE members SET tier = 1 WHERE id = ?").run(w.members[5].id);
    expect(reads({ now: NOW, tier: 1 })).toEqual({ ...none, members: true });
    // An organisation moved district: the districts read again.
    other.$client.prepare("UPDATE organisations SET district_id = 'oxford' WHERE id = ?").run(w.organisations[1].id);
    expect(reads({ now: NOW, districtId: "oxford" })).toEqual({ ...none, districts: true });
    // A completion's expiry changed, or one removed: everything read again.
    other.$client
      .prepare("UPDATE completions SET expires_at = ? WHERE id = (SELECT min(id) FROM completions)")
      .run(NOW.getTime() + 5 * DAY);
    expect(reads().full).toBe(true);
    other.$client.prepare("DELETE FROM completions WHERE id = (SELECT max(id) FROM completions)").run();
    expect(reads({ from: new Date(0), now: NOW }).full).toBe(true);

    // Inside a transaction the report reads afresh, and what is rolled back is never kept.
    const kept = refreshers({ now: NOW }).rows;
    expect(() =>
      db.$client.transaction(() => {
        createTestCompletion(
          { memberId: w.members[3].id, moduleId: "new", completedAt: NOW, expiresAt: new Date(NOW.getTime() + DAY) },
          db,
        );
        expect(refreshers({ now: NOW }, db).rows).not.toEqual(kept);
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(reads()).toEqual(none);
    expect(refreshers({ now: NOW }).rows).toEqual(kept);
    other.$client.close();
  });

  it("shows the first rows on the page with how many there are, and every row in the CSV", async () => {
    createDistricts();
    const organisation = createTestOrganisation({ name: "Big Trust", districtId: "oxford" });
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const expired = new Date(Date.now() - 10 * DAY);
    const many = PAGE_ROWS + 7;
    for (let i = 0; i < many; i++) {
      const member = await createTestMember({
        name: `Champion ${String(i).padStart(3, "0")}`,
        organisationId: organisation.id,
      });
      createTestCompletion({
        memberId: member.id,
        moduleId: "homelessness-awareness",
        completedAt: new Date(expired.getTime() - 365 * DAY + i),
        expiresAt: new Date(expired.getTime() + i),
      });
    }
    expect(readReport("refreshers", {}).data).toMatchObject({ total: many });
    const page = (await (
      await call(reportLoader, getRequest("/reports/refreshers", { cookie }), {
        report: "refreshers",
      })
    ).json()) as { report: { summary: Array<{ value: string }>; tables: Array<{ total: number; rows: string[][] }> } };
    expect(page.report.tables[0].total).toBe(many);
    expect(page.report.tables[0].rows).toHaveLength(PAGE_ROWS);
    expect(page.report.tables[0].rows[0][0]).toBe("Champion 000");
    expect(page.report.summary.map((s) => s.value)).toEqual([String(many), "0"]);
    const csv = await (
      await call(csvLoader, getRequest("/reports/refreshers/csv", { cookie }), { report: "refreshers" })
    ).text();
    const records = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(many);
    expect(records.map((r) => r.Member)).toEqual(
      Array.from({ length: many }, (_, i) => `Champion ${String(i).padStart(3, "0")}`),
    );
    expect(new Set(records.map((r) => r.Status))).toEqual(new Set(["Expired"]));
  });
});
