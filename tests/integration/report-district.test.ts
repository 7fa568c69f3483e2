/**
 * The reports' district filter, as the directory's (app/lib/district-choice.ts):
 * a select in a county network, and above 30 districts a text field that finds
 * a district or council by name. A name that matches none or several is
 * answered at the field: the page shows no figures and the CSV is refused,
 * rather than the whole network's figures under a district's name.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { createDistrict } from "~/models/district.server";
import Report, { loader as reportLoader } from "~/routes/reports.$report";
import { loader as csvLoader } from "~/routes/reports.$report_.csv";
import { createDistricts, createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, getRequest } from "../request";
import { render } from "../render";

type ReportPage = {
  report?: { tables: Array<{ rows: unknown[][] }> };
  district: { id?: string; text: string; error?: string; matches: Array<{ id: string }>; options?: unknown[] };
};

async function network(districts: number) {
  createDistricts();
  for (let n = 1; n <= districts; n += 1) {
    const id = `la-${String(n).padStart(3, "0")}`;
    createDistrict({ id, name: `Authority ${n}`, councilName: `Authority ${n} Borough Council`, websiteUrl: null });
  }
  if (districts >= 40) {
    for (const [districtId, name] of [
      ["la-040", "Fortieth Trust"],
      ["la-004", "Fourth Trust"],
    ]) {
      const organisation = createTestOrganisation({ name, districtId });
      await createTestMember({ organisationId: organisation.id, tier: 1, passwordHash: "not-a-real-hash" });
    }
  }
  const coordinator = await createTestMember({ role: "coordinator", passwordHash: "not-a-real-hash" });
  const cookie = await cookieFor(coordinator.id);
  const page = async (query: string) => {
    const response = await call(reportLoader, getRequest(`/reports/tiers?${query}`, { cookie }), { report: "tiers" });
    return { status: response.status, ...((await response.json()) as ReportPage) };
  };
  const csv = (query: string) =>
    call(csvLoader, getRequest(`/reports/tiers/csv?${query}`, { cookie }), { report: "tiers" });
  return {
    page,
    csv,
    data: async (query: string) =>
      (await call(reportLoader, getRequest(`/reports/tiers?${query}`, { cookie }), { report: "tiers" })).json(),
  };
}

const names = (page: ReportPage) => page.report!.tables[0].rows.map((row) => row[0]);

describe("a report's district at national size", () => {
  it("finds the district by its name or its council's, page and CSV alike, and sends no list of districts", async () => {
    const { page, csv } = await network(40);
    const byId = await page("district=la-040");
    expect(names(byId)).toEqual(["Fortieth Trust"]);
    for (const typed of ["Authority 40", "authority 40 borough council", "  AUTHORITY 40 "]) {
      const named = await page(new URLSearchParams({ district: typed }).toString());
      expect(named.district, typed).toMatchObject({ id: "la-040", text: "Authority 40", matches: [] });
      expect(named.district.error).toBeUndefined();
      expect(named.report, typed).toEqual(byId.report);
    }
    // A text field, not 40 options in the HTML and again in the page's data.
    expect(byId.district.options).toBeUndefined();
    expect(JSON.stringify(byId)).not.toContain("Authority 39");

    const byIdCsv = await (await csv("district=la-040")).text();
    const namedCsv = await csv("district=Authority%2040");
    expect(namedCsv.status).toBe(200);
    expect(await namedCsv.text()).toBe(byIdCsv);
    const rows = parse(byIdCsv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => Object.values(r)[0])).toEqual(["Fortieth Trust"]);
  });

  it("shows no figures for a name that matches several districts or none, and refuses its CSV", async () => {
    const { page, csv, data } = await network(40);
    const several = await page("district=rity+4");
    expect(several.status).toBe(200);
    expect(several.district.error).toBe("2 districts match “rity 4”: choose one");
    expect(several.district.matches.map((d) => d.id).sort()).toEqual(["la-004", "la-040"]);
    expect(several.report).toBeUndefined();
    const none = await page("district=Atlantis");
    expect(none.district.error).toContain("No district or council matches “Atlantis”");
    expect(none.report).toBeUndefined();
    for (const query of ["district=rity+4", "district=Atlantis"]) {
      const refused = await csv(query);
      expect(refused.status, query).toBe(400);
      const body = await refused.text();
      expect(body, query).toMatch(/match/);
      expect(body, query).not.toContain("Fourth Trust");
    }
    // The page: the name kept in a text field, each match a link to the report for it, and no figures.
    const url = "/reports/tiers?from=2026-01-01&district=rity+4";
    const html = await render(Report, await data("from=2026-01-01&district=rity+4"), url);
    expect(html).toMatch(/<input[^>]*name="district"[^>]*value="rity 4"/);
    expect(html).not.toContain('<option value="la-');
    expect(html).toContain("2 districts match “rity 4”: choose one");
    expect(html).toMatch(/<a [^>]*href="\/reports\/tiers\?from=2026-01-01&amp;district=la-040">Authority 40<\/a>/);
    expect(html).toContain("The figures are shown once the district is found");
    expect(html).not.toContain("Summary");
    expect(html).not.toContain("<table");
    // Without a district, the whole network.
    expect(names(await page(""))).toEqual(expect.arrayContaining(["Fortieth Trust", "Fourth Trust"]));
  });

  it("answers hostile district text with a page or a refusal, never an error", async () => {
    const { page, csv } = await network(40);
    for (const text of [
      "constructor",
      "__proto__",
      "toString",
      "x".repeat(5000),
      "\u0000",
      "%",
      "🏠",
      "‮4",
      "\r",
      " ",
      "",
    ]) {
      const query = new URLSearchParams({ district: text }).toString();
      const shown = await page(query);
      expect(shown.status, text).toBe(200);
      expect(shown.district.text.length, text).toBeLessThanOrEqual(100);
      expect(shown.district.id, text).toBeUndefined();
      expect([200, 400], text).toContain((await csv(query)).status);
    }
    // A bare CR after an id is white space at the end of what was typed, as a space would be.
    expect((await page("district=la-040%0D")).district.id).toBe("la-040");
  });
});

describe("a report's district in a county network", () => {
  it("is a select of the districts, and ignores anything but a district's id", async () => {
    const { page } = await network(0);
    const byId = await page("district=oxford");
    expect(byId.district.id).toBe("oxford");
    expect(byId.district.options?.length).toBe(5);
    const named = await page("district=Oxford");
    expect([named.district.id, named.district.error]).toEqual([undefined, undefined]);
    expect(named.report).toBeDefined();
  });
});
