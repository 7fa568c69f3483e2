import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { isNull, sql } from "drizzle-orm";
import { cascadeSessions, preventionActions, type PreventionOutcome } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { saveCircumstance } from "~/models/directory.server";
import { listAuditEvents } from "~/models/audit.server";
import { impactPageLimits, listUnitCosts, readImpact } from "~/models/impact.server";
import { preventionHealth } from "~/models/network-health.server";
import { action as unitCostAction, loader as unitCostLoader } from "~/routes/manage.unit-costs";
import Report, { loader as reportLoader } from "~/routes/reports.$report";
import { loader as csvLoader } from "~/routes/reports.$report_.csv";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { render } from "../render";
import { HOSTILE_WORDS, hasControl } from "../hostile-text";
import { call, cookieFor, formRequest, getRequest } from "../request";
import { workOutHidden } from "../small-number-attack";

const DAY = 86_400_000;

type Earliness = "more-than-56-days" | "within-56-days" | "already-homeless";

function log(
  n: number,
  entry: {
    memberId: number;
    organisationId: number;
    districtId: string;
    actionOn?: string;
    earliness?: Earliness;
    outcome?: PreventionOutcome | null;
    action?: "duty-to-refer" | "advice";
    acknowledgedAfterHours?: number;
  },
) {
  const actionOn = entry.actionOn ?? "2026-05-10";
  const createdAt = new Date(`${actionOn}T10:00:00Z`);
  for (let i = 0; i < n; i++)
    getDb()
      .insert(preventionActions)
      .values({
        memberId: entry.memberId,
        organisationId: entry.organisationId,
        districtId: entry.districtId,
        circumstanceId: "hospital-discharge",
        actionOn,
        earliness: entry.earliness ?? "more-than-56-days",
        action: entry.action ?? "advice",
        outcome: entry.outcome ?? null,
        followUpDueAt: new Date(createdAt.getTime() + 56 * DAY),
        acknowledgedAt:
          entry.acknowledgedAfterHours === undefined
            ? null
            : new Date(createdAt.getTime() + (entry.acknowledgedAfterHours + i) * 3_600_000),
        createdAt,
      })
      .run();
}

/**
 * Two organisations in two districts. Alpha (health, Oxford): 20 prevented and 3 relieved more than 56 days
 * ahead, 9 not answered and 2 "don't know" within 56 days, 6 Duty to Refer referrals (prevented, already
 * homeless) acknowledged after 10 to 15 hours. Beta (voluntary, Cherwell): 7 prevented, 1 not prevented.
 */
async function fixture() {
  createDistricts();
  saveCircumstance({ id: "hospital-discharge", label: "Leaving hospital", description: "", specialismIds: [] });
  const alpha = createTestOrganisation({
    name: "Alpha Hospital",
    slug: "alpha",
    sector: "health",
    districtId: "oxford",
  });
  const beta = createTestOrganisation({ name: "Beta Charity", slug: "beta", districtId: "cherwell" });
  const a = await createTestMember({ organisationId: alpha.id, tier: 1 });
  const b = await createTestMember({ organisationId: beta.id, tier: 1 });
  const inAlpha = { memberId: a.id, organisationId: alpha.id, districtId: "oxford" };
  log(20, { ...inAlpha, outcome: "prevented" });
  log(3, { ...inAlpha, outcome: "relieved" });
  log(9, { ...inAlpha, earliness: "within-56-days", actionOn: "2026-08-03" });
  log(2, { ...inAlpha, earliness: "within-56-days", actionOn: "2026-08-04", outcome: "dont-know" });
  log(6, {
    ...inAlpha,
    earliness: "already-homeless",
    outcome: "prevented",
    action: "duty-to-refer",
    acknowledgedAfterHours: 10,
  });
  const inBeta = { memberId: b.id, organisationId: beta.id, districtId: "cherwell" };
  log(7, { ...inBeta, outcome: "prevented" });
  log(1, { ...inBeta, outcome: "not-prevented" });
  getDb()
    .insert(cascadeSessions)
    .values({
      memberId: a.id,
      organisationId: alpha.id,
      heldOn: "2026-06-01",
      audienceSize: 12,
      audienceRoles: "ward staff",
      tier: 3,
      lengthMinutes: 60,
      createdAt: new Date("2026-06-01T12:00:00Z"),
    })
    .run();
  return { alpha, beta, a, b };
}

type Page = {
  report: {
    summary: Array<{ label: string; value: string }>;
    chart: { bars: Array<{ label: string; value: number; text?: string }> };
    tables: Array<{
      id: string;
      columns: string[];
      rows: Array<Array<string | number>>;
      totals?: Array<string | number>;
    }>;
    about?: string[];
  };
};

async function page(url: string, cookie: string) {
  const response = await call(reportLoader, getRequest(url, { cookie }), { report: "impact" });
  const text = await response.text();
  return { status: response.status, text, body: (response.status === 200 ? JSON.parse(text) : null) as Page };
}

/** A table read back as the grid the attack works on: its rows then totals row, each row's last count its total. */
function gridOf(rows: Array<Array<string | number>>, counts: number) {
  return rows.map((row) =>
    row.slice(1, counts + 2).map((v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v)),
  );
}

const COUNT_TABLES: Record<string, number> = {
  "outcome-by-earliness": 5,
  "outcome-by-quarter": 5,
  "outcome-by-district": 5,
  "earliness-by-district": 3,
  "outcome-by-sector": 5,
  "earliness-by-sector": 3,
  "outcome-by-organisation": 5,
  "earliness-by-organisation": 3,
  "duty-to-refer": 2,
};

describe("impact report", () => {
  it("counts actions by outcome and by how early, unknown being don't know and unanswered together", async () => {
    const { alpha } = await fixture();
    const data = readImpact({});
    // Outcomes: prevented, relieved, not prevented, still open, unknown.
    expect(data.byEarliness).toEqual([
      [27, 3, 1, 0, 0],
      [0, 0, 0, 0, 11],
      [6, 0, 0, 0, 0],
    ]);
    expect(data.byDistrict.map((d) => [d.label, d.outcomes])).toEqual([
      ["Cherwell", [7, 0, 1, 0, 0]],
      ["Oxford", [26, 3, 0, 0, 11]],
    ]);
    expect(data.bySector.find((s) => s.sector === "health")?.earliness).toEqual([23, 11, 6]);
    expect(data.byQuarter.map((q) => [q.label, q.outcomes[4]])).toEqual([
      ["2026 Q2", 0],
      ["2026 Q3", 11],
    ]);
    expect(data.referrals).toEqual([{ label: "Oxford", made: 6, acknowledged: 6, medianMs: 12.5 * 3_600_000 }]);
    expect(data.reach.cascaded).toBe(12);
    // One organisation, one period.
    expect(readImpact({ organisationId: alpha.id }).byOrganisation!.map((o) => o.label)).toEqual(["Alpha Hospital"]);
    expect(
      readImpact({ from: new Date("2026-08-01T00:00:00+01:00"), to: new Date("2026-09-01T00:00:00+01:00") })
        .byEarliness[1],
    ).toEqual([0, 0, 0, 0, 11]);
  });

  it("hides small numbers on the page and in every CSV, so that none can be worked out by subtraction", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const { status, body, text } = await page("/reports/impact", cookie);
    expect(status).toBe(200);
    const tables = new Map(body.report.tables.map((t) => [t.id, t]));
    // Beta's 1 not prevented, and Alpha's 3 relieved, are small; the counts that would give them away are hidden.
    expect(tables.get("outcome-by-earliness")!.rows[0]).toEqual([
      "More than 56 days before homelessness",
      27,
      "fewer than 5",
      "fewer than 5",
      0,
      0,
      31,
    ]);
    expect(tables.get("outcome-by-district")!.rows).toContainEqual([
      "Cherwell",
      "not shown",
      0,
      "fewer than 5",
      0,
      0,
      8,
    ]);
    // The headline: unknown share with its numbers, both published.
    expect(body.report.summary[0]).toEqual({ label: "Outcome unknown (the headline)", value: "23% (11 of 48)" });
    expect(body.report.about?.join(" ")).toContain("secondary suppression");
    // No small count anywhere in what the page sends: numbers in tables are 0 or 5 and more.
    for (const table of body.report.tables)
      for (const row of [...table.rows, ...(table.totals ? [table.totals] : [])])
        for (const cell of row)
          if (typeof cell === "number" && table.id !== "costs-avoided-estimate")
            expect([cell, cell === 0 || cell >= 5]).toEqual([cell, true]);
    expect(text).not.toMatch(/"value":"[1-4]"/);
    for (const [id, counts] of Object.entries(COUNT_TABLES)) {
      const table = tables.get(id)!;
      // The page's totals row follows its rows, as the CSV's last line does.
      expect(table.totals?.[0]).toBe("Total");
      expect(workOutHidden(gridOf([...table.rows, table.totals!], counts)), `page table ${id}`).toEqual([]);
      const csv = await (
        await call(csvLoader, getRequest(`/reports/impact/csv?table=${id}`, { cookie }), { report: "impact" })
      ).text();
      const records = parse(csv, { bom: true, from_line: 2 }) as string[][];
      const grid = gridOf(records, counts);
      expect(
        grid.flat().filter((v) => typeof v === "number" && v >= 1 && v <= 4),
        `CSV ${id}`,
      ).toEqual([]);
      expect(workOutHidden(grid), `CSV ${id}`).toEqual([]);
    }
  });

  it("leaves the organisation tables to their CSVs on the page above the limit, the CSVs keeping every organisation", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const csvOf = async (id: string, query = "") =>
      (
        await call(csvLoader, getRequest(`/reports/impact/csv?${query}table=${id}`, { cookie }), { report: "impact" })
      ).text();
    const shown = (await page("/reports/impact", cookie)).body.report.tables;
    const before = {
      outcome: await csvOf("outcome-by-organisation"),
      earliness: await csvOf("earliness-by-organisation"),
    };
    expect(shown.find((t) => t.id === "outcome-by-organisation")!.rows.map((r) => r[0])).toEqual([
      "Alpha Hospital",
      "Beta Charity",
    ]);
    impactPageLimits.organisationRows = 1;
    try {
      // Another period (holding the same actions), so that nothing comes from the report cache.
      const url = "/reports/impact?from=2026-01-01";
      const { body } = await page(url, cookie);
      const tables = new Map(body.report.tables.map((t) => [t.id, t]));
      for (const id of ["outcome-by-organisation", "earliness-by-organisation"]) {
        expect(tables.get(id)).toMatchObject({
          rows: [],
          total: 2,
          onlyInCsv: "organisations with actions in the period",
        });
      }
      // Every other table is on the page as before.
      expect(tables.get("outcome-by-district")!.rows.map((r) => r[0])).toEqual(["Cherwell", "Oxford"]);
      const html = await render(Report, body, url);
      expect(html).toContain(
        "This table has a row for each of the 2 organisations with actions in the period. That is too many to read on a page, so the table is only in its CSV:",
      );
      expect(html).toContain('href="/reports/impact/csv?from=2026-01-01&amp;table=outcome-by-organisation"');
      expect(html).not.toContain("Alpha Hospital</td>");
      // The CSVs have every organisation, hidden exactly as before.
      expect(await csvOf("outcome-by-organisation", "from=2026-01-01&")).toBe(before.outcome);
      expect(await csvOf("earliness-by-organisation", "from=2026-01-01&")).toBe(before.earliness);
      expect(parse(before.outcome, { bom: true, from_line: 2 }).map((r: string[]) => r[0])).toEqual([
        "Alpha Hospital",
        "Beta Charity",
        "Total",
      ]);
    } finally {
      impactPageLimits.organisationRows = 200;
    }
  });

  it("shows the estimate of costs avoided with each unit cost, its source and year, from published counts", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const { body } = await page("/reports/impact", await cookieFor(coordinator.id));
    const costs = body.report.tables.find((t) => t.id === "costs-avoided-estimate")!;
    const bedDay = costs.rows.find((r) => r[0] === "Hospital bed day (delayed discharge)")!;
    expect(bedDay.slice(2, 4)).toEqual(["30.5 bed days", "£451.00 per bed day"]);
    expect(String(bedDay[5])).toContain("New Economy Manchester");
    expect(bedDay[6]).toBe(2018);
    expect(bedDay[7]).toBe("No: a published figure");
    // Each line's estimate is its published count × units per case × unit cost; a hidden count gives no estimate.
    const perCase = new Map([
      ["Hospital bed day (delayed discharge)", 30.5 * 451],
      ["Temporary accommodation placement", 28 * 40],
    ]);
    for (const row of costs.rows) {
      const cases = String(row[1]);
      if (/^\d+$/.test(cases))
        expect(row[4]).toBe(
          `about £${Math.round(Number(cases) * perCase.get(String(row[0]))!).toLocaleString("en-GB")}`,
        );
      else expect(row[4]).toMatch(/^not shown/);
    }
    // Prevented, 33 in all, is published: the temporary accommodation line is 33 × 28 nights × £40.
    expect(costs.rows.find((r) => r[0] === "Temporary accommodation placement")!.slice(1, 5)).toEqual([
      "33",
      "28 nights",
      "£40.00 per night",
      "about £36,960",
    ]);
    const night = costs.rows.find((r) => r[0] === "Temporary accommodation placement")!;
    expect(night[7]).toBe("Yes: an assumption");
    expect(body.report.summary.find((f) => f.label.startsWith("Estimated costs avoided"))?.value).toMatch(/^about £/);
  });

  it("keeps an organisation lead to their own organisation's figures, page and CSV alike", async () => {
    const { alpha, beta } = await fixture();
    const lead = await createTestMember({ role: "org_lead", organisationId: beta.id });
    const cookie = await cookieFor(lead.id);
    const { status, text, body } = await page("/reports/impact", cookie);
    expect(status).toBe(200);
    expect(text).toContain("Beta Charity");
    expect(text).not.toContain("Alpha Hospital");
    // The district list of the filters names Oxford; the figures do not.
    expect(JSON.stringify(body.report)).not.toContain('"Oxford"');
    const organisations = body.report.tables.find((t) => t.id === "outcome-by-organisation")!;
    expect(organisations.rows.map((r) => r[0])).toEqual(["Beta Charity"]);
    expect(organisations.totals?.[0]).toBe("Total");
    // Beta's own 8 actions, not the network's 48.
    expect(body.report.summary.find((f) => f.label === "Actions logged")?.value).toBe("8");
    expect(body.report.tables.find((t) => t.id === "reach")!.rows[1][1]).toBe("0");
    for (const url of [`/reports/impact?organisation=${alpha.id}`]) {
      expect((await page(url, cookie)).status).toBe(403);
      const csv = await call(csvLoader, getRequest(url.replace("impact", "impact/csv"), { cookie }), {
        report: "impact",
      });
      expect(csv.status).toBe(403);
    }
    const csv = await (
      await call(csvLoader, getRequest("/reports/impact/csv?table=outcome-by-district", { cookie }), {
        report: "impact",
      })
    ).text();
    expect(csv).toContain("Cherwell");
    expect(csv).not.toContain("Oxford");
  });
});

describe("network health", () => {
  it("shows the unknown-outcome share of the follow-ups due, and the follow-ups emailed and waiting", async () => {
    const { alpha, beta } = await fixture();
    const now = new Date("2026-11-30T12:00:00Z");
    getDb().update(preventionActions).set({ followUpSentAt: now }).where(isNull(preventionActions.outcome)).run();
    expect(preventionHealth({ now })).toEqual({ due: 48, unknown: 11, unknownShare: 23, followUpsWaiting: 9 });
    expect(preventionHealth({ now, organisationId: beta.id })).toEqual({
      due: 8,
      unknown: 0,
      unknownShare: 0,
      followUpsWaiting: 0,
    });
    // On 20 September the August actions are not yet due (56 days back is 26 July): none unknown.
    expect(preventionHealth({ now: new Date("2026-09-20T12:00:00Z"), organisationId: alpha.id }).unknown).toBe(0);
    // Small numbers are hidden here too: 3 waiting is "fewer than 5".
    getDb().update(preventionActions).set({ outcome: "still-open" }).where(isNull(preventionActions.outcome)).run();
    getDb()
      .update(preventionActions)
      .set({ outcome: null, followUpSentAt: now })
      .where(sql`${preventionActions.id} IN (SELECT id FROM prevention_actions WHERE outcome = 'still-open' LIMIT 3)`)
      .run();
    expect(preventionHealth({ now })).toEqual({
      due: 48,
      unknown: 5,
      unknownShare: 10,
      followUpsWaiting: "fewer than 5",
    });
  });
});

describe("unit costs", () => {
  const valid = (id: number) => ({
    id: String(id),
    label: "Hospital bed day",
    amount: "£1,234.56",
    unit: "bed day",
    unitsPerCase: "30.5",
    appliesTo: "prevented-through-health",
    source: "NHS reference costs",
    year: "2024",
    isAssumption: "no",
    basis: "Line one\nline two",
  });

  it("lets the coordinator change one, audited, and the report shows the new figure with its source and year", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const [bedDay] = listUnitCosts();
    expect([bedDay.key, bedDay.amountPence, bedDay.year]).toEqual(["hospital-bed-day", 45100, 2018]);
    const page = await call(unitCostLoader, getRequest("/manage/unit-costs", { cookie }));
    expect(await page.text()).toContain("New Economy Manchester");
    const saved = await call(unitCostAction, formRequest("/manage/unit-costs", valid(bedDay.id), { cookie }));
    expect(saved.status).toBe(302);
    const after = listUnitCosts()[0];
    expect([
      after.amountPence,
      after.unitsPerCase,
      after.year,
      after.isAssumption,
      after.basis,
      after.updatedBy,
    ]).toEqual([123456, 30.5, 2024, false, "Line one\nline two", coordinator.id]);
    const [event] = listAuditEvents({});
    expect([event.action, event.entityId]).toEqual(["unit-cost.updated", "hospital-bed-day"]);
    expect(JSON.parse(event.before!).amountPence).toBe(45100);
    const report = await call(reportLoader, getRequest("/reports/impact", { cookie }), { report: "impact" });
    const costs = ((await report.json()) as Page).report.tables.find((t) => t.id === "costs-avoided-estimate")!;
    expect(costs.rows[0].slice(3, 8)).toEqual([
      "£1,234.56 per bed day",
      expect.any(String),
      "NHS reference costs",
      2024,
      "No: a published figure",
    ]);
  });

  it("refuses hostile values with 400 and a message per field, keeping what was typed and changing nothing", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const [bedDay] = listUnitCosts();
    const cases: Array<[Record<string, string>, string]> = [
      [{ amount: "-451" }, "amount"],
      [{ amount: "1e9" }, "amount"],
      [{ amount: "451.999" }, "amount"],
      [{ amount: "NaN" }, "amount"],
      [{ amount: "" }, "amount"],
      [{ unitsPerCase: "-1" }, "unitsPerCase"],
      [{ unitsPerCase: "Infinity" }, "unitsPerCase"],
      [{ year: "18" }, "year"],
      [{ year: "3000" }, "year"],
      [{ appliesTo: "everything" }, "appliesTo"],
      [{ isAssumption: "maybe" }, "isAssumption"],
      [{ label: "   " }, "label"],
      [{ label: "x".repeat(121) }, "label"],
      [{ source: "" }, "source"],
      [{ basis: "b".repeat(1001) }, "basis"],
      [{ id: "__proto__" }, "id"],
    ];
    for (const [change, field] of cases) {
      const response = await call(
        unitCostAction,
        formRequest("/manage/unit-costs", { ...valid(bedDay.id), ...change }, { cookie }),
      );
      expect(response.status, JSON.stringify(change)).toBe(400);
      const body = (await response.json()) as { fieldErrors: Record<string, string>; values: Record<string, string> };
      expect(Object.keys(body.fieldErrors), JSON.stringify(change)).toEqual([field]);
      expect(body.values[field]).toBe(Object.values(change)[0]);
    }
    expect(listUnitCosts()[0]).toEqual(bedDay);
    // A cost that is not there is 404, not an error page.
    const missing = await call(unitCostAction, formRequest("/manage/unit-costs", valid(9999), { cookie }));
    expect(missing.status).toBe(404);
    // Control characters are stripped from what is stored.
    for (const word of HOSTILE_WORDS.slice(0, 34)) {
      const response = await call(
        unitCostAction,
        formRequest("/manage/unit-costs", { ...valid(bedDay.id), label: word, source: word }, { cookie }),
      );
      expect(response.status).toBe(302);
      const stored = listUnitCosts()[0];
      expect(hasControl(stored.label) || hasControl(stored.source), JSON.stringify(word)).toBe(false);
    }
    // An organisation lead cannot change them.
    const lead = await createTestMember({ role: "org_lead", organisationId: createTestOrganisation().id });
    const refused = await call(
      unitCostAction,
      formRequest("/manage/unit-costs", valid(bedDay.id), { cookie: await cookieFor(lead.id) }),
    );
    expect(refused.status).toBe(403);
  });
});
