import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { attendance, bookings, championGaps, members, workshopFeedback } from "../../drizzle/schema";
import { formatDate, toLondonInputs } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { showReport } from "~/components/report-content";
import {
  attendanceRates,
  completionsByModule,
  feedbackRatings,
  getReport,
  reportCacheLimits,
  reportCacheRows,
  readReport,
  refreshers,
  tierMembership,
} from "~/models/report.server";
import { getNetworkHealth } from "~/models/network-health.server";
import { createWorkshop } from "~/models/workshop.server";
import { loader as reportLoader } from "~/routes/reports.$report";
import { loader as csvLoader } from "~/routes/reports.$report_.csv";
import { createDistricts, createTestCompletion, createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, getRequest } from "../request";

const DAY = 86_400_000;
const NOW = new Date("2026-11-23T12:00:00Z");

function complete(memberId: number, moduleId: string, completedAt: Date, expiresAt: Date | null) {
  createTestCompletion({ memberId, moduleId, moduleTitle: "Homelessness awareness", completedAt, expiresAt });
}

function heldWorkshop(startsAt: Date, title = `Workshop ${startsAt.toISOString().slice(0, 10)}`) {
  return createWorkshop({
    input: {
      title,
      topic: "t",
      audienceTier: 1,
      description: "",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
      venue: "Hall",
      joiningUrl: null,
      capacity: 20,
      bookingClosesAt: new Date(startsAt.getTime() - DAY),
    },
    createdBy: null,
  }).id;
}

function mark(
  workshopId: number,
  memberId: number,
  booking: "booked" | "apologies",
  status: "attended" | "absent" | "apologies",
) {
  getDb().insert(bookings).values({ workshopId, memberId, status: booking, createdAt: NOW, updatedAt: NOW }).run();
  getDb().insert(attendance).values({ workshopId, memberId, status, markedAt: NOW }).run();
}

async function fixture() {
  createDistricts();
  const a = createTestOrganisation({ name: "Alpha Trust", slug: "alpha", districtId: "oxford" });
  const b = createTestOrganisation({ name: "=Beta+Charity", slug: "beta", districtId: "cherwell" });
  // Everyone joins (and one leaves) on the same injected clock as the reports read: NOW.
  const a1 = await createTestMember({ organisationId: a.id, tier: 1, now: NOW });
  const a2 = await createTestMember({ organisationId: a.id, tier: 1, now: NOW });
  const a3 = await createTestMember({ organisationId: a.id, tier: 2, now: NOW });
  await createTestMember({ organisationId: a.id, tier: 3, status: "deactivated", now: NOW });
  const b1 = await createTestMember({ organisationId: b.id, tier: 1, now: NOW });
  complete(a1.id, "homelessness-awareness", new Date("2026-06-01T10:00:00Z"), new Date("2026-12-20T10:00:00Z")); // due in 27 days
  complete(a2.id, "homelessness-awareness", new Date("2026-07-01T10:00:00Z"), new Date("2028-07-01T10:00:00Z"));
  complete(b1.id, "homelessness-awareness", new Date("2026-08-01T10:00:00Z"), new Date("2026-10-01T10:00:00Z")); // expired
  complete(a3.id, "early-indicators", new Date("2025-01-01T10:00:00Z"), null); // outside the date range below
  const w1 = heldWorkshop(new Date("2026-09-15T09:00:00Z"));
  const w2 = heldWorkshop(new Date("2026-11-17T10:00:00Z"));
  mark(w1, a1.id, "booked", "attended");
  mark(w1, a2.id, "booked", "absent");
  mark(w1, b1.id, "booked", "attended");
  mark(w2, a1.id, "booked", "attended");
  mark(w2, b1.id, "apologies", "apologies");
  getDb().insert(workshopFeedback).values({ workshopId: w1, memberId: a1.id, rating: 4, createdAt: NOW }).run();
  getDb().insert(workshopFeedback).values({ workshopId: w1, memberId: b1.id, rating: 5, createdAt: NOW }).run();
  return { a, b, a1, a2, a3, b1 };
}

describe("report numbers against a hand-built fixture", () => {
  it("counts completions by module and organisation in the date range", async () => {
    await fixture();
    const report = completionsByModule({
      from: new Date("2026-01-01T00:00:00Z"),
      to: new Date("2027-01-01T00:00:00Z"),
    });
    expect(report.totals).toEqual([{ label: "Homelessness awareness", value: 3 }]);
    expect(report.rows).toEqual([
      { organisation: "=Beta+Charity", module: "Homelessness awareness", completions: 1 },
      { organisation: "Alpha Trust", module: "Homelessness awareness", completions: 2 },
    ]);
    expect(completionsByModule({}).totals.find((t) => t.label === "Early indicators of homelessness")?.value).toBe(1);
  });

  it("names every organisation of a report that mentions more than a hundred", async () => {
    const made = [];
    for (let i = 0; i < 130; i++) {
      const name = `Named Organisation ${String(i).padStart(3, "0")}`;
      const organisation = createTestOrganisation({ name });
      const member = await createTestMember({ organisationId: organisation.id });
      complete(member.id, "awareness", new Date(NOW.getTime() - DAY), null);
      made.push(name);
    }
    const { rows } = completionsByModule({});
    expect(rows.map((r) => r.organisation)).toEqual(made);
    expect(rows.every((r) => r.completions === 1)).toBe(true);
  });

  it("counts active members by tier", async () => {
    const { a } = await fixture();
    expect(tierMembership({}).rows).toEqual([
      { organisation: "=Beta+Charity", tier1: 1, tier2: 0, tier3: 0 },
      { organisation: "Alpha Trust", tier1: 2, tier2: 1, tier3: 0 },
    ]);
    expect(tierMembership({ organisationId: a.id }).totals).toEqual([
      { label: "Tier 1", value: 2 },
      { label: "Tier 2", value: 1 },
      { label: "Tier 3", value: 0 },
    ]);
  });

  it("works out attendance rates per workshop and per organisation", async () => {
    await fixture();
    const rates = attendanceRates({ now: NOW });
    expect(rates.perWorkshop.map((w) => [w.expected, w.attended, w.rate])).toEqual([
      [3, 2, 67],
      [2, 1, 50],
    ]);
    expect(rates.perOrganisation.map((o) => [o.organisation, o.expected, o.attended, o.rate])).toEqual([
      ["=Beta+Charity", 2, 1, 50],
      ["Alpha Trust", 3, 2, 67],
    ]);
    expect(attendanceRates({ districtId: "oxford", now: NOW }).perWorkshop.map((w) => w.rate)).toEqual([50, 100]);
  });

  it("lists refreshers due in 90 days and expired, and feedback averages", async () => {
    await fixture();
    const due = refreshers({ now: NOW });
    expect(due.totals).toEqual([
      { label: "Expired", value: 1 },
      { label: "Due in the next 90 days", value: 1 },
    ]);
    expect(feedbackRatings({ now: NOW }).map((r) => [r.responses, Number(r.average)])).toEqual([[2, 4.5]]);
  });

  it("counts only a member's latest completion of a module as their refresher", async () => {
    const { a1 } = await fixture();
    // a1 renews the module that was due: the older completion no longer counts.
    complete(a1.id, "homelessness-awareness", new Date("2026-11-01T10:00:00Z"), new Date("2028-11-01T10:00:00Z"));
    expect(refreshers({ now: NOW }).totals).toEqual([
      { label: "Expired", value: 1 },
      { label: "Due in the next 90 days", value: 0 },
    ]);
  });

  it("lists refreshers of one expiry instant in the order they were completed, in every scope", async () => {
    const { a } = await fixture();
    const zara = await createTestMember({ name: "Zara Quill", organisationId: a.id, now: NOW });
    const adam = await createTestMember({ name: "Adam Quill", organisationId: a.id, now: NOW });
    const expiresAt = new Date("2026-12-10T09:00:00Z");
    complete(zara.id, "homelessness-awareness", new Date("2026-05-01T09:00:00Z"), expiresAt);
    complete(adam.id, "homelessness-awareness", new Date("2026-05-02T09:00:00Z"), expiresAt);
    const sameInstant = (filters: Parameters<typeof refreshers>[0]) =>
      refreshers({ ...filters, now: NOW })
        .rows.filter((r) => r.expiresAt.getTime() === expiresAt.getTime())
        .map((r) => r.name);
    for (const scope of [{}, { districtId: "oxford" }, { organisationId: a.id }, { tier: 3 }])
      expect(sameInstant(scope), JSON.stringify(scope)).toEqual(["Zara Quill", "Adam Quill"]);
  });

  it("filters refreshers by expiry date when dates are given", async () => {
    await fixture();
    // a1 expires on 20 December 2026; b1 expired on 1 October 2026; a2 expires on 1 July 2028, beyond the usual 90 days.
    const december = refreshers({
      from: new Date("2026-12-01T00:00:00Z"),
      to: new Date("2027-01-01T00:00:00Z"),
      now: NOW,
    });
    expect(december.rows.map((r) => r.expiresAt.toISOString())).toEqual(["2026-12-20T10:00:00.000Z"]);
    expect(december.totals).toEqual([
      { label: "Expired", value: 0 },
      { label: "Due (not yet expired)", value: 1 },
    ]);
    const farAhead = refreshers({ from: new Date("2028-06-01T00:00:00Z"), now: NOW });
    expect(farAhead.rows.map((r) => r.expiresAt.toISOString())).toEqual(["2028-07-01T10:00:00.000Z"]);
    const untilNovember = refreshers({ to: new Date("2026-11-01T00:00:00Z"), now: NOW });
    expect(untilNovember.rows.map((r) => [r.expiresAt.toISOString(), r.expired])).toEqual([
      ["2026-10-01T10:00:00.000Z", true],
    ]);
  });

  it("offers dates on every report but tier membership, a snapshot of today, and applies them on the page and in the CSV", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const page = async (url: string, report: string) =>
      (await (await call(reportLoader, getRequest(url, { cookie }), { report })).json()) as {
        report: { dates: string | null; tables: Array<{ rows: unknown[][] }> };
      };
    const tiers = await page("/reports/tiers?from=2030-01-01&to=2030-12-31", "tiers");
    expect(tiers.report.dates).toBeNull();
    // No dates offered, and none applied: the snapshot is the same with them in the address.
    expect(tiers.report.tables[0].rows).toEqual((await page("/reports/tiers", "tiers")).report.tables[0].rows);
    for (const report of ["completions", "attendance", "refreshers", "feedback"])
      expect((await page(`/reports/${report}`, report)).report.dates).toMatch(/between these dates/);
    const december = await page("/reports/refreshers?from=2026-12-01&to=2026-12-31", "refreshers");
    expect(december.report.tables[0].rows.map((r) => r[3])).toEqual(["20 December 2026"]);
    const csv = await (
      await call(csvLoader, getRequest("/reports/refreshers/csv?from=2026-12-01&to=2026-12-31", { cookie }), {
        report: "refreshers",
      })
    ).text();
    const records = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => r.Expires)).toEqual(["20 December 2026"]);
  });

  it("shows the gaps on the network health page", async () => {
    const { a, a1, a2, b1 } = await fixture();
    const rule = { attended: 3, ofLast: 6 };
    // Two workshops held since the champions joined: too few to have attended three, so they are new, and count.
    expect(getNetworkHealth({ rule, viewerId: a.id, now: NOW }).withoutChampion).toEqual([]);
    // A third, missed by everyone, after they became Tier 1 in September: nobody attended three, so nobody is current.
    const champions = [a1.id, a2.id, b1.id];
    getDb()
      .update(members)
      .set({ tier1Since: new Date("2026-09-01T00:00:00Z") })
      .where(inArray(members.id, champions))
      .run();
    const w3 = heldWorkshop(new Date("2026-11-20T10:00:00Z"));
    for (const id of champions) mark(w3, id, "booked", "absent");
    const health = getNetworkHealth({ rule, viewerId: a.id, now: NOW });
    expect(health.withoutChampion.map((o) => o.name).sort()).toEqual(["=Beta+Charity", "Alpha Trust"]);
    expect(health.attendanceTrend.map((w) => w.rate)).toEqual([67, 50, 0]);
    // The fixture's five members joined, and one left, at NOW: this quarter. Someone who joined last quarter is not counted.
    await createTestMember({ organisationId: a.id, now: new Date("2026-09-30T12:00:00Z") });
    const later = getNetworkHealth({ rule: { attended: 3, ofLast: 6 }, viewerId: a.id, now: NOW });
    expect(later.quarter).toEqual({ since: new Date("2026-10-01T00:00:00+01:00"), joined: 5, left: 1 });
  });
});

describe("report scope", () => {
  it("keeps an organisation lead to their own organisation, page and CSV alike", async () => {
    const { a, b } = await fixture();
    const lead = await createTestMember({ role: "org_lead", organisationId: a.id });
    const cookie = await cookieFor(lead.id);
    const own = await (await call(reportLoader, getRequest("/reports/tiers", { cookie }), { report: "tiers" })).json();
    expect(own.report.tables[0].rows).toEqual([["Alpha Trust", 2, 1, 1]]);
    expect(
      (await call(reportLoader, getRequest(`/reports/tiers?organisation=${b.id}`, { cookie }), { report: "tiers" }))
        .status,
    ).toBe(403);
    expect(
      (await call(csvLoader, getRequest(`/reports/tiers/csv?organisation=${b.id}`, { cookie }), { report: "tiers" }))
        .status,
    ).toBe(403);
    const csv = await (await call(csvLoader, getRequest("/reports/tiers/csv", { cookie }), { report: "tiers" })).text();
    expect(csv).toContain("Alpha Trust");
    expect(csv).not.toContain("Beta");
    const learner = await createTestMember({ organisationId: a.id });
    expect(
      (
        await call(reportLoader, getRequest("/reports/tiers", { cookie: await cookieFor(learner.id) }), {
          report: "tiers",
        })
      ).status,
    ).toBe(403);
  });

  it("makes CSV safe against formula injection", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const csv = await (
      await call(csvLoader, getRequest("/reports/tiers/csv", { cookie: await cookieFor(coordinator.id) }), {
        report: "tiers",
      })
    ).text();
    expect(csv).toContain(`"'=Beta+Charity",1,0,0`);
    expect(showReport(readReport("attendance", {})).tables).toHaveLength(2);
  });
});

describe("report CSVs", () => {
  it("gives each table its own CSV, named for the table, with the header on line 1, read back by column name", async () => {
    const { a1 } = await fixture();
    const hostile = createTestOrganisation({
      name: '=HYPERLINK("http://evil.example"), "Quoted"',
      slug: "hostile",
      districtId: "oxford",
    });
    const h = await createTestMember({ organisationId: hostile.id, tier: 1, now: NOW });
    const w = heldWorkshop(new Date("2026-10-20T09:00:00Z"), '+Line one\nLine two, "quoted"; @SUM(1)');
    mark(w, h.id, "booked", "attended");
    mark(w, a1.id, "booked", "absent");
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const download = async (query: string) => {
      const response = await call(csvLoader, getRequest(`/reports/attendance/csv${query}`, { cookie }), {
        report: "attendance",
      });
      expect(response.status, query).toBe(200);
      return { disposition: response.headers.get("Content-Disposition"), text: await response.text() };
    };
    const perWorkshop = await download("?table=per-workshop");
    expect(perWorkshop.disposition).toMatch(
      /^attachment; filename="report-attendance-per-workshop-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // Line 1 is the header (the byte-order mark before it is taken off by the decoder, as a spreadsheet does).
    expect(perWorkshop.text.split("\r\n")[0]).toBe("Workshop,Date,Booked,Attended,Rate (%)");
    expect(parse(perWorkshop.text, { bom: true, columns: true })).toEqual([
      { Workshop: "Workshop 2026-09-15", Date: "15 September 2026", Booked: "3", Attended: "2", "Rate (%)": "67" },
      {
        Workshop: `'+Line one\nLine two, "quoted"; @SUM(1)`,
        Date: "20 October 2026",
        Booked: "2",
        Attended: "1",
        "Rate (%)": "50",
      },
      { Workshop: "Workshop 2026-11-17", Date: "17 November 2026", Booked: "2", Attended: "1", "Rate (%)": "50" },
    ]);
    // Without a table named, the report's first table.
    expect((await download("")).text).toBe(perWorkshop.text);
    const perOrganisation = await download("?table=per-organisation");
    expect(perOrganisation.disposition).toMatch(/filename="report-attendance-per-organisation-[\d-]+\.csv"/);
    const organisations = parse(perOrganisation.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(organisations.sort((x, y) => (x.Organisation < y.Organisation ? -1 : 1))).toEqual([
      { Organisation: "'=Beta+Charity", Booked: "2", Attended: "1", "Rate (%)": "50" },
      { Organisation: `'=HYPERLINK("http://evil.example"), "Quoted"`, Booked: "1", Attended: "1", "Rate (%)": "100" },
      { Organisation: "Alpha Trust", Booked: "4", Attended: "2", "Rate (%)": "50" },
    ]);
    // The filters apply to every table, as on the page.
    const oxford = parse((await download("?table=per-organisation&district=oxford")).text, {
      bom: true,
      columns: true,
    }) as Array<Record<string, string>>;
    expect(oxford.map((r) => r.Organisation).sort()).toEqual([
      `'=HYPERLINK("http://evil.example"), "Quoted"`,
      "Alpha Trust",
    ]);
    // Every report's tables, each a CSV whose first line is its columns.
    for (const report of ["completions", "tiers", "attendance", "refreshers", "feedback"] as const) {
      for (const table of showReport(readReport(report, {})).tables) {
        const response = await call(csvLoader, getRequest(`/reports/${report}/csv?table=${table.id}`, { cookie }), {
          report,
        });
        const records = parse(await response.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
        expect(records.length, `${report} ${table.id}`).toBe(table.rows.length);
        if (records.length) expect(Object.keys(records[0])).toEqual(table.columns);
      }
    }
  });

  it("answers 404 for a table the report does not have", async () => {
    await fixture();
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    for (const table of ["constructor", "__proto__", "per-workshop ", "", "by-organisation"]) {
      const response = await call(
        csvLoader,
        getRequest(`/reports/attendance/csv?table=${encodeURIComponent(table)}`, { cookie }),
        { report: "attendance" },
      );
      expect({ table, status: response.status, text: await response.text() }).toEqual({
        table,
        status: 404,
        text: "This report has no table of that name. Its tables are: per-workshop, per-organisation.",
      });
    }
  });
});

describe("report cache", () => {
  it("serves a cached report only while nothing in the database has changed", async () => {
    const { a } = await fixture();
    const first = getReport("tiers", {});
    expect(getReport("tiers", {})).toBe(first);
    await createTestMember({ organisationId: a.id, tier: 3 });
    const after = getReport("tiers", {});
    expect(after).not.toBe(first);
    expect(showReport(after).tables[0].rows.find((r) => r[0] === "Alpha Trust")).toEqual(["Alpha Trust", 2, 1, 1]);
    // The report built from unchanged data is built once.
    expect(showReport(getReport("tiers", {}))).toBe(showReport(after));
  });
});

describe("report cache limits", () => {
  afterEach(() => {
    reportCacheLimits.entries = 100;
    reportCacheLimits.rows = 80_000;
  });

  it("lets the least recently used report go when full", async () => {
    await fixture();
    reportCacheLimits.entries = 2;
    const everyone = getReport("tiers", {});
    const oxford = getReport("tiers", { districtId: "oxford" });
    expect(getReport("tiers", {})).toBe(everyone); // used again: now the most recent
    getReport("tiers", { districtId: "cherwell" });
    expect(getReport("tiers", {})).toBe(everyone);
    expect(getReport("tiers", { districtId: "oxford" })).not.toBe(oxford);
  });

  it("holds no more rows than its limit, and keeps no report larger than it", async () => {
    const { a } = await fixture();
    getReport("tiers", {});
    const rows = reportCacheRows();
    expect(rows).toBeGreaterThan(1);
    // A report with more rows than the cache may hold is built afresh each time and never kept.
    reportCacheLimits.rows = rows - 1;
    await createTestMember({ organisationId: a.id, tier: 3 }); // a write: the cache starts empty
    const big = getReport("tiers", {});
    expect(getReport("tiers", {})).not.toBe(big);
    expect(reportCacheRows()).toBe(0);
    // Room for that one report: the next one asked for pushes it out.
    reportCacheLimits.rows = rows;
    const everyone = getReport("tiers", {});
    expect(getReport("tiers", {})).toBe(everyone);
    getReport("tiers", { districtId: "oxford" });
    expect(reportCacheRows()).toBeGreaterThan(0);
    expect(reportCacheRows()).toBeLessThanOrEqual(rows);
    expect(getReport("tiers", {})).not.toBe(everyone);
  });

  it("lets every report go at the first write, not only the one asked for again", async () => {
    const { a } = await fixture();
    getReport("tiers", {});
    getReport("tiers", { districtId: "oxford" });
    const held = reportCacheRows();
    await createTestMember({ organisationId: a.id, tier: 3 });
    getReport("tiers", {});
    expect(reportCacheRows()).toBeLessThan(held);
  });
});

describe("champion gaps report", () => {
  /** Two gaps at Alpha (one closed by a successor, one open 12 days) and one long closed at Beta. */
  async function gapsFixture() {
    createDistricts();
    const a = createTestOrganisation({ name: "Alpha Trust", slug: "alpha", districtId: "oxford" });
    const b = createTestOrganisation({ name: "Beta Housing", slug: "beta", districtId: "cherwell" });
    const successor = await createTestMember({ organisationId: a.id, tier: 1, name: "Priya Successor" });
    const now = Date.now();
    const at = (days: number) => new Date(now - days * DAY);
    const gaps = [
      {
        organisationId: a.id,
        reason: "moved" as const,
        openedAt: at(40),
        closedAt: at(26),
        successorMemberId: successor.id,
      },
      { organisationId: a.id, reason: "deactivated" as const, openedAt: new Date(now - 12 * DAY - 60_000) },
      { organisationId: b.id, reason: "lapsed" as const, openedAt: at(400), closedAt: at(390) },
    ];
    getDb().insert(championGaps).values(gaps).run();
    return { a, b, at };
  }

  it("counts gaps opened, closed and still open, with their length, on the page and in its CSV", async () => {
    const { at } = await gapsFixture();
    const cookie = await cookieFor((await createTestMember({ role: "coordinator" })).id);
    const all = await (await call(reportLoader, getRequest("/reports/gaps", { cookie }), { report: "gaps" })).json();
    expect(all.report.title).toBe("Champion gaps: opened, closed and still open");
    expect(all.report.summary).toEqual([
      { label: "Gaps opened", value: "3" },
      { label: "Gaps closed", value: "2" },
      { label: "Still open", value: "1" },
      { label: "Average days to close", value: "12" },
    ]);
    const from = toLondonInputs(at(100)).date;
    const url = `/reports/gaps/csv?from=${from}&table=gaps`;
    const response = await call(csvLoader, getRequest(url, { cookie }), { report: "gaps" });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const records = parse(await response.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records).toEqual([
      {
        Organisation: "Alpha Trust",
        Why: "Champion moved to another organisation",
        Opened: formatDate(at(40)),
        Closed: formatDate(at(26)),
        "Days open": "14",
        Successor: "Priya Successor",
      },
      {
        Organisation: "Alpha Trust",
        Why: "Champion's account deactivated",
        Opened: formatDate(new Date(Date.now() - 12 * DAY - 60_000)),
        Closed: "Still open",
        "Days open": "12",
        Successor: "",
      },
    ]);
    const period = await (
      await call(reportLoader, getRequest(`/reports/gaps?from=${from}`, { cookie }), { report: "gaps" })
    ).json();
    expect(period.report.summary.map((f: { value: string }) => f.value)).toEqual(["2", "1", "1", "14"]);
    expect(period.report.chart.bars.map((b: { value: number }) => b.value)).toEqual([14, 12]);
    const unknown = await call(csvLoader, getRequest("/reports/gaps/csv?table=nope", { cookie }), { report: "gaps" });
    expect(unknown.status).toBe(404);
  });

  it("keeps an organisation lead to their own organisation's gaps, page and CSV alike", async () => {
    const { a, b } = await gapsFixture();
    const cookie = await cookieFor((await createTestMember({ role: "org_lead", organisationId: b.id })).id);
    const own = await (await call(reportLoader, getRequest("/reports/gaps", { cookie }), { report: "gaps" })).json();
    expect(own.report.tables[0].rows.map((r: string[]) => r[0])).toEqual(["Beta Housing"]);
    const csv = await (await call(csvLoader, getRequest("/reports/gaps/csv", { cookie }), { report: "gaps" })).text();
    const records = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => [r.Organisation, r["Days open"]])).toEqual([["Beta Housing", "10"]]);
    const other = `/reports/gaps/csv?organisation=${a.id}`;
    expect((await call(csvLoader, getRequest(other, { cookie }), { report: "gaps" })).status).toBe(403);
  });
});
