import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, directoryAccessLog, outbox } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { queueContactConfirmations } from "~/lib/jobs.server";
import { createContact, searchDirectory, STALE_AFTER_MS } from "~/models/contact.server";
import {
  askByCircumstance,
  coverageGrid,
  coverageSummary,
  findGoToContacts,
  getDistrictReferral,
  saveCircumstance,
  saveSpecialism,
  updateDistrictReferral,
} from "~/models/directory.server";
import { createDistrict } from "~/models/district.server";
import { updateMemberRecord, updateOwnProfile } from "~/models/member.server";
import { loader as directoryLoader } from "~/routes/directory._index";
import { loader as contactLoader } from "~/routes/directory.contacts.$contactId._index";
import { loader as exportLoader } from "~/routes/directory.export";
import { loader as districtLoader } from "~/routes/districts.$districtId";
import { loader as coverageLoader } from "~/routes/manage.coverage";
import { loader as askLoader } from "~/routes/directory.ask";
import { loader as findLoader } from "~/routes/directory.find";
import { reportFiltersSchema } from "~/validation/report-filters";
import { loader as orgLoader } from "~/routes/organisations.$slug._index";
import { action as orgContactsAction, loader as orgContactsLoader } from "~/routes/organisations.$slug.contacts._index";
import { action as confirmAction, loader as confirmLoader } from "~/routes/directory.confirm.$token";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const details = testContactDetails;

async function world() {
  createDistricts();
  for (const s of [
    { id: "hospital-discharge", label: "Hospital discharge" },
    { id: "prison-release", label: "Prison release" },
  ])
    saveSpecialism(s);
  saveCircumstance({
    id: "leaving-prison",
    label: "Someone leaving prison",
    description: "",
    specialismIds: ["prison-release"],
  });
  const hospital = createTestOrganisation({
    slug: "hospital",
    name: "Oxford University Hospitals",
    sector: "health",
    subjectToDutyToRefer: true,
  });
  const probation = createTestOrganisation({
    slug: "probation",
    name: "National Probation Service",
    sector: "criminal_justice",
    subjectToDutyToRefer: true,
  });
  const westCouncil = createTestOrganisation({
    slug: "west-council",
    name: "West Oxfordshire District Council",
    sector: "local_housing_authority",
    districtId: "west-oxfordshire",
  });
  const nurse = await createTestMember({
    name: "Priya Bramblecombe",
    jobTitle: "Discharge liaison nurse",
    organisationId: hospital.id,
    tier: 1,
  });
  const colleague = await createTestMember({ name: "Ward Colleague", organisationId: hospital.id, tier: 3 });
  const officer = await createTestMember({
    name: "Dev Kestrelford",
    jobTitle: "Probation officer",
    organisationId: probation.id,
    tier: 1,
  });
  const dtr = await createTestMember({
    name: "Hannah Juniperwick",
    jobTitle: "Duty to Refer officer",
    organisationId: westCouncil.id,
  });
  const nurseContact = createContact({
    memberId: nurse.id,
    details: details({
      isGoTo: true,
      directPhone: "01865 700001",
      showDirectPhone: true,
      mobile: "07700 900001",
      showMobile: false,
      specialismIds: ["hospital-discharge"],
    }),
  });
  const officerContact = createContact({
    memberId: officer.id,
    details: details({ isGoTo: true, specialismIds: ["prison-release"] }),
  });
  const dtrContact = createContact({
    memberId: dtr.id,
    details: details({ districtIds: ["west-oxfordshire"], directPhone: "01993 000001", showDirectPhone: true }),
  });
  updateDistrictReferral({
    districtId: "west-oxfordshire",
    input: {
      referralRoute: "Online form",
      referralInbox: "dtr@west.example.org",
      officeHours: "9 to 5",
      procedureSummary: "Ask for consent.",
      dutyToReferContactId: dtrContact.id,
      deputyContactId: null,
    },
  });
  return { hospital, probation, westCouncil, nurse, colleague, officer, dtr, nurseContact, officerContact, dtrContact };
}

describe("directory search", () => {
  it("finds partial words and combines filters", async () => {
    const w = await world();
    expect(searchDirectory({ query: "disch" }).map((c) => c.name)).toEqual(["Priya Bramblecombe"]);
    expect(searchDirectory({ query: "brambl nurse" }).map((c) => c.name)).toEqual(["Priya Bramblecombe"]);
    expect(searchDirectory({ query: "probation" }).map((c) => c.name)).toEqual(["Dev Kestrelford"]);
    expect(
      searchDirectory({ specialismId: "prison-release", districtId: "west-oxfordshire" }).map((c) => c.name),
    ).toEqual(["Dev Kestrelford"]);
    expect(searchDirectory({ sector: "health", districtId: "cherwell" }).map((c) => c.name)).toEqual([
      "Priya Bramblecombe",
    ]);
    expect(searchDirectory({ organisationId: w.westCouncil.id, districtId: "cherwell" })).toEqual([]);
    expect(searchDirectory({ query: "' OR 1=1 --" })).toEqual([]);
    expect(searchDirectory({ query: 'NEAR("a" "b")' })).toEqual([]);
  });

  it("drops a deactivated member at once and finds a renamed one by the new name", async () => {
    const w = await world();
    updateMemberRecord({
      memberId: w.officer.id,
      changes: { role: "learner", tier: 1, organisationId: w.probation.id, status: "deactivated" },
    });
    expect(searchDirectory({ query: "Kestrelford" })).toEqual([]);
    expect(searchDirectory({ specialismId: "prison-release" })).toEqual([]);
    updateOwnProfile({ memberId: w.nurse.id, name: "Priya Haverbrook", jobTitle: "Discharge liaison nurse" });
    expect(searchDirectory({ query: "Haverbrook" }).map((c) => c.name)).toEqual(["Priya Haverbrook"]);
    expect(searchDirectory({ query: "Bramblecombe" })).toEqual([]);
  });

  it("refuses to add the same member twice", async () => {
    const w = await world();
    expect(() => createContact({ memberId: w.nurse.id, details: details() })).toThrow(/already in the directory/);
  });
});

describe("privacy at the loader level", () => {
  it("leaves hidden numbers out of the loader data, not just the page", async () => {
    const w = await world();
    const cookie = await cookieFor(w.colleague.id);
    const search = await (await call(directoryLoader, getRequest("/directory?q=Bramblecombe", { cookie }))).json();
    expect(search.results[0].directPhone).toBe("01865 700001");
    expect(JSON.stringify(search)).not.toContain("07700 900001");
    expect("mobile" in search.results[0]).toBe(false);
    const page = await (
      await call(contactLoader, getRequest(`/directory/contacts/${w.nurseContact.id}`, { cookie }), {
        contactId: String(w.nurseContact.id),
      })
    ).json();
    expect(JSON.stringify(page)).not.toContain("07700 900001");
  });

  it("shows named contacts to signed-in members only; the public sees the district page without them", async () => {
    const w = await world();
    const anonymous = await (
      await call(districtLoader, getRequest("/districts/west-oxfordshire"), { districtId: "west-oxfordshire" })
    ).json();
    expect(anonymous.referralInbox).toBe("dtr@west.example.org");
    expect(anonymous.dutyToReferContact).toBeNull();
    expect(JSON.stringify(anonymous)).not.toContain("Juniperwick");
    const signedIn = await (
      await call(
        districtLoader,
        getRequest("/districts/west-oxfordshire", { cookie: await cookieFor(w.colleague.id) }),
        { districtId: "west-oxfordshire" },
      )
    ).json();
    expect(signedIn.dutyToReferContact.name).toBe("Hannah Juniperwick");

    const publicOrg = await (await call(orgLoader, getRequest("/organisations/hospital"), { slug: "hospital" })).json();
    expect(publicOrg.contacts).toEqual([]);
    expect(JSON.stringify(publicOrg)).not.toContain("Bramblecombe");
    expect((await call(directoryLoader, getRequest("/directory?q=a"))).status).toBe(302);
  });

  it("logs views and exports, and keeps the export to the coordinator", async () => {
    const w = await world();
    const coordinator = await createTestMember({ role: "coordinator" });
    await call(contactLoader, getRequest("/x", { cookie: await cookieFor(w.colleague.id) }), {
      contactId: String(w.nurseContact.id),
    });
    expect(
      (await call(exportLoader, getRequest("/directory/export", { cookie: await cookieFor(w.colleague.id) }))).status,
    ).toBe(403);
    const csv = await call(exportLoader, getRequest("/directory/export", { cookie: await cookieFor(coordinator.id) }));
    expect(csv.headers.get("Content-Type")).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain("Priya Bramblecombe");
    expect(text).not.toContain("07700 900001");
    const log = getDb().select().from(directoryAccessLog).all();
    expect(log.map((l) => [l.viewerId, l.action, l.contactId])).toEqual([
      [w.colleague.id, "view-contact", w.nurseContact.id],
      [coordinator.id, "export", null],
    ]);
  });
});

describe("editing contacts", () => {
  it("lets an organisation lead add their own staff and refuses another organisation (403, nothing written)", async () => {
    const w = await world();
    const lead = await createTestMember({ role: "org_lead", organisationId: w.hospital.id });
    const cookie = await cookieFor(lead.id);
    expect(
      (
        await call(orgContactsLoader, getRequest("/organisations/probation/contacts", { cookie }), {
          slug: "probation",
        })
      ).status,
    ).toBe(403);
    const refused = await call(
      orgContactsAction,
      formRequest("/organisations/probation/contacts", { memberId: String(w.officer.id) }, { cookie }),
      { slug: "probation" },
    );
    expect(refused.status).toBe(403);

    const bad = await call(
      orgContactsAction,
      formRequest(
        "/organisations/hospital/contacts",
        { memberId: String(w.colleague.id), directPhone: "12345", mobile: "+1 555 0100" },
        { cookie },
      ),
      { slug: "hospital" },
    );
    expect(bad.status).toBe(400);
    const { fieldErrors } = await bad.json();
    expect(fieldErrors.directPhone).toMatch(/UK phone number/);
    expect(fieldErrors.mobile).toMatch(/UK phone number/);
    const outsider = await call(
      orgContactsAction,
      formRequest("/organisations/hospital/contacts", { memberId: String(w.officer.id) }, { cookie }),
      { slug: "hospital" },
    );
    expect(outsider.status).toBe(400);
    const duplicate = await call(
      orgContactsAction,
      formRequest("/organisations/hospital/contacts", { memberId: String(w.nurse.id) }, { cookie }),
      { slug: "hospital" },
    );
    expect(duplicate.status).toBe(400);
    expect(getDb().select().from(contacts).all()).toHaveLength(3);

    const added = await call(
      orgContactsAction,
      formRequest(
        "/organisations/hospital/contacts",
        { memberId: String(w.colleague.id), directPhone: "01865 700999", showDirectPhone: "on" },
        { cookie },
      ),
      { slug: "hospital" },
    );
    expect(added.status).toBe(302);
    expect(searchDirectory({ query: "Colleague" })[0].directPhone).toBe("01865 700999");
  });
});

describe("find my contact and who do I call", () => {
  it("gives a hospital member their go-to contact and the district's Duty to Refer contact", async () => {
    const w = await world();
    const goTo = findGoToContacts({ organisationId: w.hospital.id, districtId: "west-oxfordshire" });
    expect(goTo.cards.map((c) => c.name)).toEqual(["Priya Bramblecombe"]);
    expect(goTo.total).toBe(1);
    const district = getDistrictReferral({ districtId: "west-oxfordshire", withContacts: true });
    expect(district?.dutyToReferContact?.name).toBe("Hannah Juniperwick");
  });

  it("starts find my contact from the member's own organisation and its district, and answers only when asked", async () => {
    const w = await world();
    const cookie = await cookieFor(w.dtr.id);
    const first = await (await call(findLoader, getRequest("/directory/find", { cookie }))).json();
    expect([first.asked, first.choice.organisation, first.district.id, first.result]).toEqual([
      false,
      String(w.westCouncil.id),
      "west-oxfordshire",
      null,
    ]);
    expect(first.organisations.map((o: { id: number }) => o.id)).toContain(w.westCouncil.id);
    // A member whose organisation names no district is asked for one.
    const nurseCookie = await cookieFor(w.nurse.id);
    const nurse = await (await call(findLoader, getRequest("/directory/find", { cookie: nurseCookie }))).json();
    expect([nurse.choice.organisation, nurse.district.id ?? null]).toEqual([String(w.hospital.id), null]);
  });

  it("answers “prison leaver, West Oxfordshire” with the district contact and the probation champion, saying why", async () => {
    await world();
    const answer = askByCircumstance({ circumstanceId: "leaving-prison", districtId: "west-oxfordshire" })!;
    expect(answer.district.dutyToReferContact?.name).toBe("Hannah Juniperwick");
    expect(answer.people.map((p) => p.name)).toEqual(["Dev Kestrelford"]);
    expect(answer.people[0].reason).toBe("Prison release specialist at National Probation Service; works countywide.");
  });
});

describe("keeping it current", () => {
  it("shows gaps in the coverage grid", async () => {
    const w = await world();
    const grid = coverageGrid({ currentChampions: new Set([w.nurse.id]) });
    const hospitalRow = grid.rows.find((r) => r.name === "Oxford University Hospitals")!;
    expect(hospitalRow.cells.every((c) => c.namedContact && c.champion)).toBe(true);
    const probationRow = grid.rows.find((r) => r.name === "National Probation Service")!;
    expect(probationRow.cells.every((c) => c.namedContact && !c.champion)).toBe(true);
  });

  it("counts network health's coverage totals exactly as the grid shows them, cell by cell", async () => {
    createDistricts();
    const all = getDb().$client.prepare("SELECT id FROM districts ORDER BY id").pluck().all() as string[];
    const stale = new Date(Date.now() - STALE_AFTER_MS - 86_400_000);
    const body = (slug: string) =>
      createTestOrganisation({ slug, name: `Body ${slug}`, sector: "health", subjectToDutyToRefer: true });
    const [a, b, c, d, e] = ["a", "b", "c", "d", "e"].map(body);
    const current = new Set<number>();
    const person = async (
      organisationId: number,
      contact?: { districtIds: string[]; stale?: boolean },
      champion?: "current" | "lapsed",
    ) => {
      const m = await createTestMember({ organisationId, tier: champion ? 1 : 3 });
      if (contact) createContact({ memberId: m.id, details: details(contact), now: contact.stale ? stale : undefined });
      if (champion === "current") current.add(m.id);
    };
    // a: a countywide current contact, and a current champion covering two districts.
    await person(a.id, { districtIds: [] });
    await person(a.id, { districtIds: all.slice(0, 2) }, "current");
    // b: current contacts for two overlapping areas; a current champion with no entry (the whole area).
    await person(b.id, { districtIds: all.slice(0, 2) });
    await person(b.id, { districtIds: all.slice(1, 3) });
    await person(b.id, undefined, "current");
    // c: only a stale contact, who is a current champion for three districts; a lapsed champion.
    await person(c.id, { districtIds: all.slice(2, 5), stale: true }, "current");
    await person(c.id, undefined, "lapsed");
    // d: a current contact for one district and a champion whose stale entry covers another: no cell has both.
    await person(d.id, { districtIds: all.slice(0, 1) });
    await person(d.id, { districtIds: all.slice(3, 4), stale: true }, "current");
    // e: nobody.
    void e;

    const grid = coverageGrid({ currentChampions: current });
    const fromGrid = {
      withoutNamedContact: grid.rows
        .filter((row) => !row.cells.some((cell) => cell.namedContact))
        .map((row) => ({ name: row.name, slug: row.slug })),
      gaps: grid.rows.reduce(
        (n, row) => n + row.cells.filter((cell) => !cell.namedContact || !cell.champion).length,
        0,
      ),
    };
    const summary = coverageSummary({ currentChampions: current });
    expect(summary).toEqual(fromGrid);
    // a: 5 − 2; b: 5 − 3; c: 5; d: 5; e: 5.
    expect(summary.gaps).toBe(all.length * 5 - 2 - 3);
    expect(summary.withoutNamedContact.map((o) => o.slug)).toEqual(["c", "e"]);
    // One organisation's line only.
    expect(coverageSummary({ currentChampions: current, organisationId: b.id })).toEqual({
      withoutNamedContact: [],
      gaps: all.length - 3,
    });
  });

  it("says on an organisation's page whether it has a current Tier 1 champion", async () => {
    await world();
    const page = async (slug: string) =>
      (await (await call(orgLoader, getRequest(`/organisations/${slug}`), { slug })).json()).hasCurrentChampion;
    // Before any register is taken, an active Tier 1 member counts; the council has none.
    expect([await page("hospital"), await page("west-council")]).toEqual([true, false]);
  });

  it("accepts national district ids, which carry numbers, in every district filter and page", async () => {
    const w = await world();
    createDistrict({ id: "la-042", name: "Authority 42", councilName: "Authority 42 Council", websiteUrl: null });
    const coordinator = await createTestMember({ role: "coordinator" });
    const local = await createTestMember({ name: "Lena Fortytwo", organisationId: w.probation.id, tier: 1 });
    createContact({
      memberId: local.id,
      details: details({ districtIds: ["la-042"], specialismIds: ["prison-release"] }),
    });
    const cookie = await cookieFor(coordinator.id);
    const search = await (
      await call(directoryLoader, getRequest("/directory?district=la-042&q=fortytwo", { cookie }))
    ).json();
    expect([search.district.id, search.results.map((c: { name: string }) => c.name)]).toEqual([
      "la-042",
      ["Lena Fortytwo"],
    ]);
    const find = await (
      await call(findLoader, getRequest(`/directory/find?organisation=${w.probation.id}&district=la-042`, { cookie }))
    ).json();
    expect([find.missingDistrict, find.district.id, find.result.district.district.id]).toEqual([
      false,
      "la-042",
      "la-042",
    ]);
    const ask = await (
      await call(askLoader, getRequest("/directory/ask?circumstance=leaving-prison&district=la-042", { cookie }))
    ).json();
    expect(ask.answer.people.map((p: { name: string }) => p.name)).toContain("Lena Fortytwo");
    expect((await call(districtLoader, getRequest("/districts/la-042"), { districtId: "la-042" })).status).toBe(200);
    expect(reportFiltersSchema.parse({ district: "la-042" }).district).toBe("la-042");
  });

  it("shows a national grid one district at a time", async () => {
    const w = await world();
    for (let n = 1; n <= 10; n += 1)
      createDistrict({
        id: `la-${n}`,
        name: `Authority ${n}`,
        councilName: `Authority ${n} Council`,
        websiteUrl: null,
      });
    const coordinator = await createTestMember({ role: "coordinator" });
    const cookie = await cookieFor(coordinator.id);
    const choose = await (await call(coverageLoader, getRequest("/manage/coverage", { cookie }))).json();
    expect(choose.narrowed).toBe(true);
    expect(choose.grid).toBeNull();
    expect(choose.districtChoices).toHaveLength(15);
    const one = await (
      await call(coverageLoader, getRequest("/manage/coverage?district=west-oxfordshire", { cookie }))
    ).json();
    expect(one.grid.districts.map((d: { id: string }) => d.id)).toEqual(["west-oxfordshire"]);
    const probation = one.grid.rows.find((r: { id: number }) => r.id === w.probation.id);
    // Before any Tier 1 register is taken, every active Tier 1 member (the probation officer) counts as current.
    expect(probation.cells).toEqual([{ districtId: "west-oxfordshire", namedContact: true, champion: true }]);
  });

  it("emails a stale contact once with a one-click link; GET shows the button, POST confirms", async () => {
    const w = await world();
    const lead = await createTestMember({ role: "org_lead", organisationId: w.hospital.id });
    const old = new Date(Date.now() - STALE_AFTER_MS - 86_400_000);
    getDb().update(contacts).set({ lastConfirmedAt: old }).where(eq(contacts.id, w.nurseContact.id)).run();
    queueContactConfirmations();
    queueContactConfirmations();
    const emails = getDb().select().from(outbox).all();
    expect(emails.map((e) => [e.kind, e.memberId]).sort()).toEqual([
      ["reconfirm", w.nurse.id],
      ["stale-to-lead", lead.id],
    ]);
    const token = /directory\/confirm\/([A-Za-z0-9_-]+)/.exec(emails.find((e) => e.kind === "reconfirm")!.body)![1];

    const view = await call(confirmLoader, getRequest(`/directory/confirm/${token}`), { token });
    expect(view.status).toBe(200);
    expect(
      getDb().select().from(contacts).where(eq(contacts.id, w.nurseContact.id)).get()?.lastConfirmedAt.getTime(),
    ).toBe(old.getTime());

    await call(confirmAction, formRequest(`/directory/confirm/${token}`, {}), { token });
    const after = getDb().select().from(contacts).where(eq(contacts.id, w.nurseContact.id)).get()!;
    expect(after.lastConfirmedAt.getTime()).toBeGreaterThan(old.getTime());
    expect(after.confirmTokenHash).toBeNull();
    expect((await call(confirmAction, formRequest(`/directory/confirm/${token}`, {}), { token })).status).toBe(404);
  });
});
