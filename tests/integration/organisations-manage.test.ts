import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, championGaps, members, organisations, successorNominations } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { createContact } from "~/models/contact.server";
import { coverageGrid } from "~/models/directory.server";
import { listOrganisationChoices, listOrganisationOptions } from "~/models/organisation.server";
import { loader as directoryLoader } from "~/routes/directory._index";
import { loader as coverageLoader } from "~/routes/manage.coverage";
import { loader as rootLoader } from "~/root";
import { recordMove } from "~/models/member-move.server";
import { detectChampionGaps, openGapIfNoChampion } from "~/models/succession.server";
import { loader as orgLoader } from "~/routes/organisations.$slug._index";
import { loader as indexLoader } from "~/routes/organisations._index";
import { loader as orgMembersLoader } from "~/routes/organisations.$slug.members";
import { action as editAction, loader as editLoader } from "~/routes/organisations.$slug.edit";
import { action as closeAction, loader as closeLoader } from "~/routes/organisations.$slug.close";
import { action as newAction, loader as newLoader } from "~/routes/organisations.new";
import { createDistricts, createTestMember, createTestOrganisation, testContactDetails } from "../factories";
import { HOSTILE_WORDS } from "../hostile-text";
import { call, cookieFor, formRequest, getRequest } from "../request";

const valid = {
  name: "Cherwell Food Bank",
  sector: "voluntary_and_community",
  districtId: "cherwell",
  subjectToDutyToRefer: "no",
  description: "Food parcels and advice.",
  publicInbox: "hello@cherwell-food.example.org",
};

async function world() {
  createDistricts();
  const council = createTestOrganisation({
    slug: "west-council",
    name: "West Oxfordshire District Council",
    sector: "local_housing_authority",
    districtId: "west-oxfordshire",
    subjectToDutyToRefer: true,
  });
  const coordinator = await createTestMember({ role: "coordinator", name: "Coral Ordinate" });
  const lead = await createTestMember({ role: "org_lead", organisationId: council.id });
  const officer = await createTestMember({
    name: "Hannah Juniperwick",
    organisationId: council.id,
    jobTitle: "Housing officer",
  });
  createContact({ memberId: officer.id, details: testContactDetails({ isGoTo: true }) });
  return {
    council,
    coordinator,
    lead,
    officer,
    coordinatorCookie: await cookieFor(coordinator.id),
    leadCookie: await cookieFor(lead.id),
  };
}

const html = async (response: Response) => JSON.stringify(await response.json());

describe("adding an organisation", () => {
  it("adds one with every detail, audited, at an address made from its name", async () => {
    const w = await world();
    expect((await call(newLoader, getRequest("/organisations/new", { cookie: w.coordinatorCookie }))).status).toBe(200);
    const response = await call(newAction, formRequest("/organisations/new", valid, { cookie: w.coordinatorCookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/organisations/cherwell-food-bank");
    const page = await html(
      await call(orgLoader, getRequest("/organisations/cherwell-food-bank"), { slug: "cherwell-food-bank" }),
    );
    expect(page).toContain("Cherwell Food Bank");
    expect(page).toContain("Cherwell");
    expect(page).toContain("hello@cherwell-food.example.org");
    expect(listOrganisationOptions().map((o) => o.name)).toContain("Cherwell Food Bank");
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "organisation.added")).all();
    expect(audit).toHaveLength(1);
  });

  it("answers 400 with a message for each bad field, keeping what was typed", async () => {
    const w = await world();
    const response = await call(
      newAction,
      formRequest(
        "/organisations/new",
        {
          ...valid,
          name: "",
          sector: "spaceships",
          districtId: "atlantis",
          subjectToDutyToRefer: "maybe",
          publicInbox: "not an email",
        },
        { cookie: w.coordinatorCookie },
      ),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors.name).toContain("Enter the organisation's name");
    expect(body.fieldErrors.sector).toContain("sector");
    expect(body.fieldErrors.subjectToDutyToRefer).toContain("Duty to Refer");
    expect(body.fieldErrors.publicInbox).toContain("email");
    expect(body.values.sector).toBe("spaceships");
    expect(body.values.publicInbox).toBe("not an email");
    const unknownDistrict = await call(
      newAction,
      formRequest("/organisations/new", { ...valid, districtId: "atlantis" }, { cookie: w.coordinatorCookie }),
    );
    expect(unknownDistrict.status).toBe(400);
    expect((await unknownDistrict.json()).fieldErrors.districtId).toContain("district");
  });

  it("refuses a name another organisation has or had, ignoring case and spaces", async () => {
    const w = await world();
    const taken = await call(
      newAction,
      formRequest(
        "/organisations/new",
        { ...valid, name: "  west oxfordshire   DISTRICT council " },
        { cookie: w.coordinatorCookie },
      ),
    );
    expect(taken.status).toBe(400);
    const body = await taken.json();
    expect(body.fieldErrors.name).toContain(
      "There is already an organisation called West Oxfordshire District Council",
    );
    expect(body.values.name).toBe("  west oxfordshire   DISTRICT council ");
    await call(
      editAction,
      formRequest(
        "/organisations/west-council/edit",
        { ...valid, name: "West Oxfordshire Council" },
        { cookie: w.coordinatorCookie },
      ),
      { slug: "west-council" },
    );
    const former = await call(
      newAction,
      formRequest(
        "/organisations/new",
        { ...valid, name: "West Oxfordshire District council" },
        { cookie: w.coordinatorCookie },
      ),
    );
    expect(former.status).toBe(400);
    expect((await former.json()).fieldErrors.name).toContain("is a former name of West Oxfordshire Council");
  });

  it("keeps hostile names as plain text, and names like constructor or __proto__ as ordinary addresses", async () => {
    const w = await world();
    for (const name of [
      "constructor",
      "__proto__",
      "<script>alert(1)</script>",
      HOSTILE_WORDS[0],
      HOSTILE_WORDS[10],
      "Ann-Smith",
    ]) {
      const response = await call(
        newAction,
        formRequest("/organisations/new", { ...valid, name }, { cookie: w.coordinatorCookie }),
      );
      expect(response.status, name).toBe(302);
    }
    const names = getDb().select({ name: organisations.name, slug: organisations.slug }).from(organisations).all();
    expect(names.map((o) => o.slug)).toEqual(
      expect.arrayContaining(["constructor", "proto", "script-alert-1-script", "annsmith", "ann-smith", "ann-smith-2"]),
    );
    expect(names.map((o) => o.name)).toContain("<script>alert(1)</script>");
    expect(names.every((o) => !/[\0-\x1f\x7f]/.test(o.name))).toBe(true);
    const page = await html(await call(orgLoader, getRequest("/organisations/constructor"), { slug: "constructor" }));
    expect(page).toContain('"name":"constructor"');
    const missing = await call(orgLoader, getRequest("/organisations/hasownproperty"), { slug: "hasownproperty" });
    expect(missing.status).toBe(404);
  });
});

describe("editing and renaming", () => {
  it("lets the coordinator change every detail, with 400s that keep what was typed", async () => {
    const w = await world();
    const loaded = await (
      await call(editLoader, getRequest("/organisations/west-council/edit", { cookie: w.coordinatorCookie }), {
        slug: "west-council",
      })
    ).json();
    expect(loaded.identity).toBe(true);
    expect(loaded.organisation.subjectToDutyToRefer).toBe("yes");
    const bad = await call(
      editAction,
      formRequest("/organisations/west-council/edit", { ...valid, name: "x" }, { cookie: w.coordinatorCookie }),
      { slug: "west-council" },
    );
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.fieldErrors.name).toBeTruthy();
    expect(body.values.description).toBe("Food parcels and advice.");
    const saved = await call(
      editAction,
      formRequest(
        "/organisations/west-council/edit",
        {
          ...valid,
          name: "West Oxfordshire District Council",
          sector: "county_council",
          districtId: "",
          subjectToDutyToRefer: "no",
        },
        { cookie: w.coordinatorCookie },
      ),
      { slug: "west-council" },
    );
    expect(saved.headers.get("Location")).toBe("/organisations/west-council");
    const row = getDb().select().from(organisations).where(eq(organisations.id, w.council.id)).get()!;
    expect(row).toMatchObject({ sector: "county_council", districtId: null, subjectToDutyToRefer: false });
  });

  it("lets an organisation lead change only the description and inbox of their own", async () => {
    const w = await world();
    const loaded = await (
      await call(editLoader, getRequest("/organisations/west-council/edit", { cookie: w.leadCookie }), {
        slug: "west-council",
      })
    ).json();
    expect(loaded.identity).toBe(false);
    await call(
      editAction,
      formRequest("/organisations/west-council/edit", { ...valid, name: "Lead's Own Name" }, { cookie: w.leadCookie }),
      { slug: "west-council" },
    );
    const row = getDb().select().from(organisations).where(eq(organisations.id, w.council.id)).get()!;
    expect(row.name).toBe("West Oxfordshire District Council");
    expect(row.sector).toBe("local_housing_authority");
    expect(row.description).toBe("Food parcels and advice.");
    const other = createTestOrganisation({ slug: "other" });
    const refused = await call(editLoader, getRequest("/organisations/other/edit", { cookie: w.leadCookie }), {
      slug: other.slug,
    });
    expect(refused.status).toBe(403);
  });

  it("moves a renamed organisation to a new address; the old one and its sub-pages answer 301", async () => {
    const w = await world();
    const renamed = await call(
      editAction,
      formRequest(
        "/organisations/west-council/edit",
        {
          ...valid,
          name: "West Oxfordshire Council",
          sector: "local_housing_authority",
          districtId: "west-oxfordshire",
          subjectToDutyToRefer: "yes",
        },
        { cookie: w.coordinatorCookie },
      ),
      { slug: "west-council" },
    );
    expect(renamed.headers.get("Location")).toBe("/organisations/west-oxfordshire-council");
    const old = await call(orgLoader, getRequest("/organisations/west-council?page=2"), { slug: "west-council" });
    expect(old.status).toBe(301);
    expect(old.headers.get("Location")).toBe("/organisations/west-oxfordshire-council?page=2");
    const sub = await call(
      orgMembersLoader,
      getRequest("/organisations/west-council/members", { cookie: w.coordinatorCookie }),
      {
        slug: "west-council",
      },
    );
    expect(sub.status).toBe(301);
    expect(sub.headers.get("Location")).toBe("/organisations/west-oxfordshire-council/members");
    const never = await call(orgLoader, getRequest("/organisations/never-existed"), { slug: "never-existed" });
    expect(never.status).toBe(404);
    expect(await never.text()).toContain("could not find that organisation");
    const page = await html(
      await call(orgLoader, getRequest("/organisations/west-oxfordshire-council"), {
        slug: "west-oxfordshire-council",
      }),
    );
    expect(page).toContain("West Oxfordshire Council");
    expect(page).toContain('"formerly":["West Oxfordshire District Council"]');
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "organisation.renamed")).get();
    expect(audit?.summary).toBe("Renamed West Oxfordshire District Council to West Oxfordshire Council");
  });

  it("takes a name back to its old address, and the name it gave up redirects there", async () => {
    const w = await world();
    const identity = { sector: "local_housing_authority", districtId: "west-oxfordshire", subjectToDutyToRefer: "yes" };
    const rename = (slug: string, name: string) =>
      call(
        editAction,
        formRequest(`/organisations/${slug}/edit`, { ...valid, ...identity, name }, { cookie: w.coordinatorCookie }),
        { slug },
      );
    await rename("west-council", "Blenheim Vale Council");
    const back = await rename("blenheim-vale-council", "West Oxfordshire District Council");
    expect(back.headers.get("Location")).toBe("/organisations/west-council");
    const old = await call(orgLoader, getRequest("/organisations/blenheim-vale-council"), {
      slug: "blenheim-vale-council",
    });
    expect(old.headers.get("Location")).toBe("/organisations/west-council");
    const page = await html(await call(orgLoader, getRequest("/organisations/west-council"), { slug: "west-council" }));
    expect(page).toContain('"formerly":["Blenheim Vale Council"]');
    const post = await call(
      editAction,
      formRequest("/organisations/blenheim-vale-council/edit", valid, { cookie: w.coordinatorCookie }),
      { slug: "blenheim-vale-council" },
    );
    expect(post.status).toBe(308);
    expect(post.headers.get("Location")).toBe("/organisations/west-council/edit");
  });

  it("finds the organisation's contacts in the directory by its former name", async () => {
    const w = await world();
    await call(
      editAction,
      formRequest(
        "/organisations/west-council/edit",
        {
          ...valid,
          name: "Blenheim Vale Council",
          sector: "local_housing_authority",
          districtId: "west-oxfordshire",
          subjectToDutyToRefer: "yes",
        },
        { cookie: w.coordinatorCookie },
      ),
      { slug: "west-council" },
    );
    const byFormer = await html(
      await call(directoryLoader, getRequest("/directory?q=Oxfordshire+District", { cookie: w.leadCookie })),
    );
    expect(byFormer).toContain("Hannah Juniperwick");
    expect(byFormer).toContain("Blenheim Vale Council");
    const byNew = await html(
      await call(directoryLoader, getRequest("/directory?q=Blenheim", { cookie: w.leadCookie })),
    );
    expect(byNew).toContain("Hannah Juniperwick");
  });
});

describe("closing an organisation", () => {
  it("needs the confirmation, then leaves the choice lists and coverage grid but keeps its page and history", async () => {
    const w = await world();
    const confirmPage = await html(
      await call(closeLoader, getRequest("/organisations/west-council/close", { cookie: w.coordinatorCookie }), {
        slug: "west-council",
      }),
    );
    expect(confirmPage).toContain('"activeMembers":2');
    const unconfirmed = await call(
      closeAction,
      formRequest("/organisations/west-council/close", {}, { cookie: w.coordinatorCookie }),
      {
        slug: "west-council",
      },
    );
    expect(unconfirmed.status).toBe(400);
    expect((await unconfirmed.json()).fieldErrors.confirm).toContain("Tick the box");
    expect(listOrganisationOptions().map((o) => o.name)).toContain("West Oxfordshire District Council");
    const before = await html(
      await call(coverageLoader, getRequest("/manage/coverage", { cookie: w.coordinatorCookie })),
    );
    expect(before).toContain("West Oxfordshire District Council");

    const closed = await call(
      closeAction,
      formRequest("/organisations/west-council/close", { confirm: "yes" }, { cookie: w.coordinatorCookie }),
      { slug: "west-council" },
    );
    expect(closed.status).toBe(302);
    expect(listOrganisationOptions().map((o) => o.name)).not.toContain("West Oxfordshire District Council");
    expect(
      listOrganisationChoices({ districtId: "west-oxfordshire", includeIds: [w.council.id] }).organisations,
    ).toEqual([]);
    const after = await html(
      await call(coverageLoader, getRequest("/manage/coverage", { cookie: w.coordinatorCookie })),
    );
    expect(after).not.toContain("West Oxfordshire District Council");
    expect(coverageGrid({ currentChampions: new Set() }).rows).toEqual([]);
    const index = await html(await call(indexLoader, getRequest("/organisations", { cookie: w.coordinatorCookie })));
    expect(index).not.toContain("West Oxfordshire District Council");
    expect(index).toContain('"canAdd":true');

    const page = await html(await call(orgLoader, getRequest("/organisations/west-council"), { slug: "west-council" }));
    expect(page).toMatch(/"closed":"\d+ \w+ \d{4}"/);
    const stillMembers = getDb().select().from(members).where(eq(members.organisationId, w.council.id)).all();
    expect(stillMembers).toHaveLength(2);
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.action, "organisation.closed")).get();
    expect(audit?.summary).toContain("2 active members asked where they work now");
  });

  it("closes its open champion gap and declines pending successor nominations; no gap opens there again", async () => {
    const w = await world();
    const db = getDb();
    const champion = await createTestMember({ name: "Chay Moverly", organisationId: w.council.id, tier: 1 });
    const gap = db
      .insert(championGaps)
      .values({ organisationId: w.council.id, openedAt: new Date("2026-10-01T09:00:00Z"), reason: "moved" })
      .returning()
      .get();
    const nomination = db
      .insert(successorNominations)
      .values({
        organisationId: w.council.id,
        championId: champion.id,
        successorId: w.officer.id,
        createdAt: new Date(),
      })
      .returning()
      .get();
    const response = await call(
      closeAction,
      formRequest("/organisations/west-council/close", { confirm: "yes" }, { cookie: w.coordinatorCookie }),
      { slug: "west-council" },
    );
    expect(response.status).toBe(302);
    const closedGap = db.select().from(championGaps).where(eq(championGaps.id, gap.id)).get()!;
    expect(closedGap.closedAt).toBeInstanceOf(Date);
    expect(closedGap.successorMemberId).toBeNull();
    expect(db.select().from(successorNominations).where(eq(successorNominations.id, nomination.id)).get()?.status).toBe(
      "declined",
    );
    // A closed organisation has no champion to lose: neither the job nor a member's event opens a gap there,
    // even with its last champion gone.
    db.update(members).set({ status: "deactivated" }).where(eq(members.id, champion.id)).run();
    detectChampionGaps({ now: new Date() });
    expect(openGapIfNoChampion({ organisationId: w.council.id, reason: "moved" })).toBeNull();
    const open = db
      .select()
      .from(championGaps)
      .where(and(eq(championGaps.organisationId, w.council.id), isNull(championGaps.closedAt)))
      .all();
    expect(open).toEqual([]);
  });

  it("is for the coordinator only, not the organisation's lead", async () => {
    const w = await world();
    const refused = await call(
      closeAction,
      formRequest("/organisations/west-council/close", { confirm: "yes" }, { cookie: w.leadCookie }),
      { slug: "west-council" },
    );
    expect(refused.status).toBe(403);
    expect((await call(newLoader, getRequest("/organisations/new", { cookie: w.leadCookie }))).status).toBe(403);
    expect(getDb().select().from(organisations).where(eq(organisations.id, w.council.id)).get()?.closedAt).toBeNull();
  });

  it("asks its active members where they work now on their next page, until they have moved", async () => {
    const w = await world();
    const officerCookie = await cookieFor(w.officer.id);
    const beforeClosing = await html(await call(rootLoader, getRequest("/", { cookie: officerCookie })));
    expect(beforeClosing).toContain('"closedOrganisation":null');
    await call(
      closeAction,
      formRequest("/organisations/west-council/close", { confirm: "yes" }, { cookie: w.coordinatorCookie }),
      {
        slug: "west-council",
      },
    );
    const banner = await html(await call(rootLoader, getRequest("/learning", { cookie: officerCookie })));
    expect(banner).toMatch(
      /"closedOrganisation":\{"name":"West Oxfordshire District Council","closedOn":"\d+ \w+ \d{4}"\}/,
    );
    const coordinatorView = await html(await call(rootLoader, getRequest("/", { cookie: w.coordinatorCookie })));
    expect(coordinatorView).toContain('"closedOrganisation":null');
    const newHome = createTestOrganisation({ slug: "new-home", name: "New Home Trust" });
    recordMove({ memberId: w.officer.id, toOrganisationId: newHome.id, recordedBy: w.officer.id });
    const moved = await html(await call(rootLoader, getRequest("/", { cookie: officerCookie })));
    expect(moved).toContain('"closedOrganisation":null');
  });
});
