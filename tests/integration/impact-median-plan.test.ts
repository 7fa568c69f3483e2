/**
 * The whole-network impact report's median time to acknowledge is one short
 * walk per district of prevention_actions_acknowledge_wait_idx, in order of
 * the wait. With national statistics and a period with both ends, SQLite
 * preferred reading the district's actions by date and sorting them (9 s for
 * 300 districts on the national copy, against 7 ms by the wait index).
 * The month counts are added up in their primary key's order: grouped in one
 * UNION ALL with the part months, they were sorted in a temporary B-tree
 * (60-72 ms against 35 ms for the organisation months on the national copy).
 */
import { describe, expect, it } from "vitest";
import { getDb } from "~/lib/db.server";
import { readImpact } from "~/models/impact.server";
import { createDistricts } from "../factories";
import { planOf, sqlPreparedDuring } from "./helpers/prepared-sql";

/** sqlite_stat1 for prevention_actions as ANALYZE wrote it on the national copy (200,000 actions). */
const NATIONAL_STATS: Array<[string, string]> = [
  ["prevention_actions_acknowledge_wait_idx", "47943 160 2 1"],
  ["prevention_actions_unacknowledged_idx", "11943 40 1"],
  ["prevention_actions_follow_up_idx", "81329 1"],
  ["prevention_actions_member_idx", "200000 67 1"],
  ["prevention_actions_organisation_idx", "200000 67 1"],
  ["prevention_actions_district_idx", "200000 667 3"],
  ["prevention_actions_action_on_idx", "200000 547"],
];

describe("the impact report's median time to acknowledge", () => {
  it("walks each district's acknowledged referrals by the wait index, with no sort, at national shape", () => {
    createDistricts();
    const sqlite = getDb().$client;
    sqlite.exec("ANALYZE");
    sqlite.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'prevention_actions'");
    const insert = sqlite.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('prevention_actions', ?, ?)");
    for (const [index, stat] of NATIONAL_STATS) insert.run(index, stat);
    sqlite.exec("ANALYZE sqlite_schema");

    const prepared = sqlPreparedDuring(getDb(), () =>
      readImpact({ from: new Date("2025-12-14T00:00:00Z"), to: new Date("2026-11-17T00:00:00Z") }),
    );
    const median = prepared.find((source) => /order by wait/i.test(source));
    expect(median).toBeDefined();
    const plan = (
      sqlite.prepare(`EXPLAIN QUERY PLAN ${median}`).all("oxford", "2025-12-14", "2026-11-17", 1, 0) as Array<{
        detail: string;
      }>
    ).map((row) => row.detail);
    expect(plan.join("\n")).toContain("prevention_actions_acknowledge_wait_idx");
    expect(plan.join("\n")).not.toContain("TEMP B-TREE");
  });
});

describe("the impact report's month counts", () => {
  it("are added up per organisation and per district in their primary key's order, with no sort", () => {
    createDistricts();
    // Both ends inside a month: whole months in the middle and part months at either end.
    const prepared = sqlPreparedDuring(getDb(), () =>
      readImpact({ from: new Date("2025-12-14T00:00:00Z"), to: new Date("2026-11-17T00:00:00Z") }),
    );
    for (const table of ["prevention_organisation_months", "prevention_district_months"]) {
      const read = prepared.find((source) => source.includes(`from ${table}`));
      expect(read, table).toBeDefined();
      expect(planOf(getDb(), read!, "2026-06"), table).not.toContain("TEMP B-TREE");
    }
  });
});
