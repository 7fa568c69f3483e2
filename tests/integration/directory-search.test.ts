import { and, asc, eq, getTableColumns, or, sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, members, organisations, type Sector } from "../../drizzle/schema";
import { getDb, inTransaction } from "~/lib/db.server";
import {
  contactIsCurrent,
  createContact,
  searchDirectory,
  toFtsQuery,
  updateContact,
  type DirectoryFilters,
} from "~/models/contact.server";
import { saveSpecialism } from "~/models/directory.server";
import { createDistrict } from "~/models/district.server";
import { updateMemberRecord, updateOwnProfile } from "~/models/member.server";
import { loader as directoryLoader, PAGE_SIZE } from "~/routes/directory._index";
import { loader as findLoader } from "~/routes/directory.find";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { call, cookieFor, getRequest } from "../request";

/** The search as one SQL query, as it was before the index: what the index must list, in the same order. */
function searchBySql(filters: DirectoryFilters) {
  const db = getDb();
  const conditions: SQL[] = [eq(members.status, "active"), contactIsCurrent];
  const fts = filters.query ? toFtsQuery(filters.query) : "";
  if (fts) conditions.push(sql`${contacts.id} IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ${fts})`);
  if (filters.organisationId) conditions.push(eq(members.organisationId, filters.organisationId));
  if (filters.sector) conditions.push(eq(organisations.sector, filters.sector));
  if (filters.goToOnly) conditions.push(eq(contacts.isGoTo, true));
  if (filters.districtId) {
    conditions.push(
      or(
        sql`${contacts.id} IN (SELECT cd.contact_id FROM contact_districts cd WHERE cd.district_id = ${filters.districtId})`,
        sql`NOT EXISTS (SELECT 1 FROM contact_districts cd WHERE cd.contact_id = ${contacts.id})`,
      )!,
    );
  }
  if (filters.specialismId) {
    conditions.push(
      sql`${contacts.id} IN (SELECT cs.contact_id FROM contact_specialisms cs WHERE cs.specialism_id = ${filters.specialismId})`,
    );
  }
  return db
    .select({ id: getTableColumns(contacts).id })
    .from(contacts)
    .innerJoin(members, eq(members.id, contacts.memberId))
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(and(...conditions))
    .orderBy(sql`${contacts.isGoTo} DESC`, asc(members.name), asc(contacts.id))
    .limit(filters.limit ?? 100)
    .offset(filters.offset ?? 0)
    .all()
    .map((r) => r.id);
}

const NAMES = ["Ash Bramble", "Ásh Zephyr", "Bea Ashcombe", "Cal Ashby", "Dev Ash", "Eve Moss", "Fin Mossley", "Gil"];

/** Contacts of every kind: go-to or not, countywide or in districts, with and without specialisms, same names. */
async function world() {
  createDistricts();
  saveSpecialism({ id: "prison-release", label: "Prison release" });
  saveSpecialism({ id: "care-leavers", label: "Care leavers" });
  const organisationsMade = [
    createTestOrganisation({ name: "Ashcombe Housing", sector: "housing_provider" }),
    createTestOrganisation({ name: "Moss Probation", sector: "criminal_justice" }),
    createTestOrganisation({ name: "Riverside Health", sector: "health" }),
  ];
  const districtSets = [[], ["oxford"], ["cherwell", "oxford"], ["west-oxfordshire"]];
  const specialismSets = [[], ["prison-release"], ["care-leavers", "prison-release"]];
  const made: Array<{ memberId: number; contactId: number }> = [];
  for (let i = 0; i < 36; i += 1) {
    const member = await createTestMember({
      name: NAMES[i % NAMES.length],
      jobTitle: i % 3 ? "Support worker" : "Probation officer",
      organisationId: i % 7 === 6 ? null : organisationsMade[i % 3].id,
      passwordHash: "not-a-real-hash",
    });
    const { id } = createContact({
      memberId: member.id,
      details: testContactDetails({
        isGoTo: i % 5 === 0,
        districtIds: districtSets[i % 4],
        specialismIds: specialismSets[i % 3],
      }),
    });
    made.push({ memberId: member.id, contactId: id });
  }
  // One deactivated, one moved on (retired): neither is listed.
  updateMemberRecord({
    memberId: made[1].memberId,
    changes: { role: "learner", tier: 3, organisationId: null, status: "deactivated" },
  });
  getDb().update(contacts).set({ retiredAt: new Date() }).where(eq(contacts.id, made[2].contactId)).run();
  return { organisations: organisationsMade, made };
}

describe("directory search by its index", () => {
  it("lists what the SQL query lists, in the same order, for every filter and page", async () => {
    const w = await world();
    const filterSets: DirectoryFilters[] = [];
    for (const query of [undefined, "ash", "mos prob", "worker", "zzz", '"', "*"])
      for (const districtId of [undefined, "oxford", "cherwell", "nowhere"])
        for (const specialismId of [undefined, "prison-release", "care-leavers"])
          filterSets.push({ query, districtId, specialismId });
    for (const organisationId of w.organisations.map((o) => o.id))
      filterSets.push({ organisationId }, { organisationId, goToOnly: true });
    for (const sector of ["housing_provider", "health", "education"] as Sector[])
      filterSets.push({ sector, districtId: "oxford", goToOnly: true }, { sector });
    let compared = 0;
    for (const filters of filterSets) {
      for (const [limit, offset] of [
        [100, 0],
        [6, 0],
        [6, 6],
        [5, 25],
      ]) {
        const expected = searchBySql({ ...filters, limit, offset });
        const ids = searchDirectory({ ...filters, limit, offset }).map((c) => c.id);
        expect(ids, JSON.stringify({ ...filters, limit, offset })).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("shows ten contacts a page, each page going on where the last stopped, and says when there are more", async () => {
    await world();
    const reader = await createTestMember({ name: "Page Reader", passwordHash: "not-a-real-hash" });
    const cookie = await cookieFor(reader.id);
    const page = async (url: string) => (await call(directoryLoader, getRequest(url, { cookie }))).json();
    const all = searchBySql({ query: "ash", limit: 100 });
    // More than two pages' worth, so the third is the last and is not full.
    expect(all.length).toBeGreaterThan(2 * PAGE_SIZE);
    expect(all.length).toBeLessThan(3 * PAGE_SIZE);
    expect(PAGE_SIZE).toBe(10);
    const seen: number[] = [];
    for (const [n, more] of [
      [1, true],
      [2, true],
      [3, false],
    ] as const) {
      const data = await page(`/directory?q=ash${n > 1 ? `&page=${n}` : ""}`);
      expect(data.page).toBe(n);
      expect(data.hasMore, `page ${n}`).toBe(more);
      const ids = data.results.map((c: { id: number }) => c.id);
      expect(ids).toEqual(all.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE));
      seen.push(...ids);
    }
    // Every contact found once, none twice, none missed.
    expect(seen).toEqual(all);
    expect((await page("/directory?q=ash&page=4")).results).toEqual([]);
  });

  it("follows every change to the directory at once: a new district, a new name, a deactivation", async () => {
    const w = await world();
    const reader = await createTestMember({ name: "Ward Reader", passwordHash: "not-a-real-hash" });
    const cookie = await cookieFor(reader.id);
    /** Every page's contacts, in order. */
    const search = async (url: string) => {
      const ids: number[] = [];
      for (let n = 1; ; n += 1) {
        const data = await (await call(directoryLoader, getRequest(`${url}&page=${n}`, { cookie }))).json();
        ids.push(...data.results.map((c: { id: number }) => c.id));
        if (!data.hasMore) return ids;
      }
    };
    const target = w.made[9];
    // In Oxford only: listed for Oxford, not for West Oxfordshire.
    expect(await search("/directory?q=ash&district=oxford")).toContain(target.contactId);
    expect(await search("/directory?q=ash&district=west-oxfordshire")).not.toContain(target.contactId);
    updateContact({ contactId: target.contactId, details: testContactDetails({ districtIds: ["west-oxfordshire"] }) });
    expect(await search("/directory?q=ash&district=west-oxfordshire")).toContain(target.contactId);
    expect(await search("/directory?q=ash&district=oxford")).not.toContain(target.contactId);
    // A new name is found by its words, and sorts where it belongs.
    updateOwnProfile({ memberId: target.memberId, name: "Aaron Ashworth", jobTitle: "Support worker" });
    const ash = await search("/directory?q=ashworth");
    expect(ash).toEqual([target.contactId]);
    expect(await search("/directory?q=ash&district=west-oxfordshire")).toEqual(
      searchBySql({ query: "ash", districtId: "west-oxfordshire" }),
    );
    updateMemberRecord({
      memberId: target.memberId,
      changes: { role: "learner", tier: 3, organisationId: null, status: "deactivated" },
    });
    expect(await search("/directory?q=ashworth")).toEqual([]);
  });

  it("keeps nothing read inside a transaction that is rolled back", async () => {
    const w = await world();
    const target = w.made[4];
    expect(() =>
      inTransaction(() => {
        getDb().update(members).set({ name: "Zed Rollback" }).where(eq(members.id, target.memberId)).run();
        expect(searchDirectory({ query: "ash" }).map((c) => c.id)).toEqual(searchBySql({ query: "ash" }));
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    // The next write gives the directory the version the rolled-back one had: what it read must not come back.
    getDb().update(contacts).set({ howToContact: "Ring first" }).where(eq(contacts.id, w.made[0].contactId)).run();
    expect(searchDirectory({ query: "ash" }).map((c) => c.id)).toEqual(searchBySql({ query: "ash" }));
    expect(searchDirectory({ query: "ash" }).map((c) => c.id)).toContain(target.contactId);
    // Nor any card read inside it.
    expect(searchDirectory({ query: "ash" }).map((c) => c.name)).not.toContain("Zed Rollback");
  });
});

describe("the district field at national size", () => {
  async function nation() {
    const w = await world();
    for (let n = 1; n <= 40; n += 1) {
      const id = `la-${String(n).padStart(3, "0")}`;
      createDistrict({ id, name: `Authority ${n}`, councilName: `Authority ${n} Borough Council`, websiteUrl: null });
    }
    const local = await createTestMember({
      name: "Lena Fortytwo",
      organisationId: w.organisations[1].id,
      passwordHash: "not-a-real-hash",
    });
    createContact({ memberId: local.id, details: testContactDetails({ districtIds: ["la-040"], isGoTo: true }) });
    const reader = await createTestMember({ name: "Ward Reader", passwordHash: "not-a-real-hash" });
    return { ...w, cookie: await cookieFor(reader.id) };
  }

  it("is a text field: a name, a council's name or an id finds the district; several matches are offered", async () => {
    const w = await nation();
    const page = async (url: string) => {
      const response = await call(directoryLoader, getRequest(url, { cookie: w.cookie }));
      return { status: response.status, ...(await response.json()) };
    };
    const named = await page("/directory?district=authority%2040&q=fortytwo");
    expect(named.district).toMatchObject({ id: "la-040", text: "Authority 40", matches: [] });
    expect(named.district.options).toBeUndefined();
    expect(named.results.map((c: { name: string }) => c.name)).toEqual(["Lena Fortytwo"]);
    expect((await page("/directory?district=AUTHORITY+40+borough+council")).district.id).toBe("la-040");
    expect((await page("/directory?district=la-040")).district.text).toBe("Authority 40");

    const several = await page("/directory?district=rity+4&q=fortytwo");
    expect(several.status).toBe(200);
    expect(several.district.id).toBeUndefined();
    expect(several.district.error).toBe("2 districts match “rity 4”: choose one");
    expect(several.district.matches.map((d: { id: string }) => d.id).sort()).toEqual(["la-004", "la-040"]);
    expect([several.searched, several.results]).toEqual([false, []]);
    const many = await page("/directory?district=authority");
    expect([many.district.error, many.district.matches.length]).toEqual([
      "40 districts match “authority”: choose one",
      20,
    ]);

    const none = await page("/directory?district=Atlantis");
    expect(none.district).toMatchObject({ text: "Atlantis", matches: [] });
    expect(none.district.error).toContain("No district or council matches “Atlantis”");
    expect(none.searched).toBe(false);

    const find = await (
      await call(
        findLoader,
        getRequest(`/directory/find?organisation=${w.organisations[1].id}&district=Authority%2040`, {
          cookie: w.cookie,
        }),
      )
    ).json();
    expect([find.district.id, find.missingDistrict]).toEqual(["la-040", false]);
    expect(find.result.goTo.cards.map((c: { name: string }) => c.name)).toContain("Lena Fortytwo");
  });

  it("answers hostile searches and district names with a page, never an error", async () => {
    const w = await nation();
    const hostile = [
      "constructor",
      "__proto__",
      "toString",
      '"',
      '""',
      "*",
      "ash*",
      "NEAR",
      "NEAR(ash moss)",
      "ash NEAR moss",
      "-",
      "-ash",
      "ash OR moss",
      "ash AND NOT moss",
      "name:ash",
      "^ash",
      "(",
      "'; DROP TABLE contacts; --",
      "%",
      "x".repeat(5000),
      "ash ".repeat(60),
      "\u0000",
      "%ED%A0%80",
      "𝔄𝔰𝔥",
      "Ásh",
      "e\u0301",
      "ﬁ",
      "‮ash",
      "🏠",
    ];
    for (const text of hostile) {
      // Each text by another member: the directory's rate limit allows 120 reads in five minutes.
      const reader = await createTestMember({ passwordHash: "not-a-real-hash" });
      const cookie = await cookieFor(reader.id);
      // Already escaped: bytes that are not UTF-8 (a lone surrogate), which no browser sends but anyone can.
      const e = text.startsWith("%") && text.length > 1 ? text : encodeURIComponent(text);
      for (const url of [
        `/directory?q=${e}`,
        `/directory?district=${e}`,
        `/directory?q=${e}&district=${e}&specialism=${e}&organisation=${e}&sector=${e}&page=${e}`,
        `/directory/find?organisation=${e}&sector=${e}&district=${e}`,
      ]) {
        const loader = url.startsWith("/directory/find") ? findLoader : directoryLoader;
        const response = await call(loader, getRequest(url, { cookie }));
        expect(response.status, url).toBe(200);
        const data = await response.json();
        expect(data.district.text.length, url).toBeLessThanOrEqual(100);
        if (loader === directoryLoader) expect(Array.isArray(data.results), url).toBe(true);
      }
    }
    // Quotes, stars and FTS operators are words to search for, not syntax.
    const quoted = await (await call(directoryLoader, getRequest('/directory?q="ash*', { cookie: w.cookie }))).json();
    expect(quoted.results.map((c: { id: number }) => c.id)).toEqual(searchBySql({ query: "ash", limit: PAGE_SIZE }));
  });
});
