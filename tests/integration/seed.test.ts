import { describe, expect, it } from "vitest";
import { districts, members, organisations } from "../../drizzle/schema";
import { DEMO_ACCOUNTS, seedDemoData } from "../../drizzle/seed";
import { getDb } from "~/lib/db.server";
import { readReport } from "~/models/report.server";
import { detectChampionGaps, listOpenGaps } from "~/models/succession.server";

describe("demo data", () => {
  it("seeds the five districts, 25+ organisations and every demo account", async () => {
    expect((await seedDemoData()).seeded).toBe(true);
    const db = getDb();
    expect(db.select().from(districts).all()).toHaveLength(5);
    const orgs = db.select().from(organisations).all();
    expect(orgs.length).toBeGreaterThanOrEqual(25);
    expect(orgs.filter((o) => o.sector === "local_housing_authority")).toHaveLength(5);
    expect(orgs.some((o) => o.subjectToDutyToRefer)).toBe(true);
    const all = db.select().from(members).all();
    for (const account of DEMO_ACCOUNTS) {
      expect(all.find((m) => m.email === account.email)).toMatchObject({ role: account.role, tier: account.tier });
    }
    expect(new Set(all.map((m) => m.role))).toEqual(new Set(["learner", "org_lead", "coordinator", "admin"]));
    expect(new Set(all.map((m) => m.tier))).toEqual(new Set([1, 2, 3]));
    expect(all.every((m) => m.email.endsWith("example.org"))).toBe(true);
  });

  it("has champion succession history: one gap open three weeks, one closed by a successor, both in the gaps report", async () => {
    await seedDemoData();
    // The detection job agrees with the demo: it neither closes the open gap nor opens others.
    detectChampionGaps();
    const open = listOpenGaps({}).gaps;
    expect(open.map((g) => [g.organisationName, g.daysOpen])).toContainEqual(["HMP Spring Hill", 23]);
    expect(open.some((g) => g.organisationName === "Edge Housing")).toBe(false);
    const report = readReport("gaps", {});
    expect(
      report.id === "gaps" && report.data.gaps.map((g) => [g.organisationName, g.days, g.successor !== null]),
    ).toEqual(
      expect.arrayContaining([
        ["Edge Housing", 35, true],
        ["HMP Spring Hill", 23, false],
      ]),
    );
  });

  it("never runs against a database that already has data", async () => {
    await seedDemoData();
    const before = getDb().select().from(members).all().length;
    expect((await seedDemoData()).seeded).toBe(false);
    expect(getDb().select().from(members).all()).toHaveLength(before);
  });
});
