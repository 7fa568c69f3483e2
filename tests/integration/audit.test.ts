import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { members, organisations } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { listAuditEvents, recordAudit, withAudit } from "~/models/audit.server";
import { action as memberAction } from "~/routes/members.$memberId";
import { loader as auditLoader } from "~/routes/manage.audit";
import { action as editOrganisationAction } from "~/routes/organisations.$slug.edit";
import { createTestMember, createTestOrganisation } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

describe("audit log", () => {
  it("records who changed what, before and after, and finds it by name or value", async () => {
    const organisation = createTestOrganisation({ slug: "ward", name: "Ward Trust" });
    const coordinator = await createTestMember({ role: "coordinator", name: "Morgan Thistlewood" });
    const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id, name: "Jo Fernley" });
    const learner = await createTestMember({ name: "Sam Willowmere", organisationId: organisation.id });

    await call(
      memberAction,
      formRequest(
        `/members/${learner.id}`,
        { role: "learner", tier: "2", organisationId: String(organisation.id), status: "active" },
        { cookie: await cookieFor(coordinator.id) },
      ),
      { memberId: String(learner.id) },
    );
    await call(
      editOrganisationAction,
      formRequest(
        "/organisations/ward/edit",
        { description: "Acute wards", publicInbox: "team@ward.example.org" },
        { cookie: await cookieFor(lead.id) },
      ),
      { slug: "ward" },
    );

    const events = listAuditEvents({});
    expect(events.map((e) => [e.actorName, e.action])).toEqual([
      ["Jo Fernley", "organisation.updated"],
      ["Morgan Thistlewood", "member.updated"],
    ]);
    expect(JSON.parse(events[1].before!)).toMatchObject({ tier: 3 });
    expect(JSON.parse(events[1].after!)).toMatchObject({ tier: 2 });
    expect(listAuditEvents({ query: "Willowmere" }).map((e) => e.action)).toEqual(["member.updated"]);
    expect(listAuditEvents({ query: "team@ward" }).map((e) => e.action)).toEqual(["organisation.updated"]);
    // % and _ in a search are the characters typed, not LIKE wildcards: "100%_" finds the entry that says it, not "100x".
    recordAudit({
      actorId: coordinator.id,
      action: "workshop.updated",
      entityType: "workshop",
      summary: "Places raised to 100%_ of the room",
    });
    recordAudit({
      actorId: coordinator.id,
      action: "workshop.updated",
      entityType: "workshop",
      summary: "Places raised to 100x the room",
    });
    expect(listAuditEvents({ query: "100%_" }).map((e) => e.summary)).toEqual(["Places raised to 100%_ of the room"]);
    expect(
      listAuditEvents({ query: "100" })
        .map((e) => e.summary)
        .sort(),
    ).toEqual(["Places raised to 100%_ of the room", "Places raised to 100x the room"]);

    expect((await call(auditLoader, getRequest("/manage/audit", { cookie: await cookieFor(lead.id) }))).status).toBe(
      403,
    );
    const page = await call(auditLoader, getRequest("/manage/audit?q=Jo", { cookie: await cookieFor(coordinator.id) }));
    expect(
      (await page.json()).events.map((e: { actorName: string; action: string }) => [e.actorName, e.action]),
    ).toEqual([["Jo Fernley", "organisation.updated"]]);
  });
});

describe("audit entries and the changes they record", () => {
  async function setUp() {
    const organisation = createTestOrganisation({ slug: "ward", name: "Ward Trust" });
    const coordinator = await createTestMember({ role: "coordinator" });
    const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id });
    const learner = await createTestMember({ organisationId: organisation.id, tier: 3 });
    return { organisation, coordinator, lead, learner };
  }
  const auditRows = () => getDb().all<{ action: string }>(sql`SELECT action FROM audit_events`);

  it("rolls the change back when its audit entry cannot be written", async () => {
    const { organisation, coordinator, lead, learner } = await setUp();
    getDb().run(
      sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`,
    );

    const edit = call(
      editOrganisationAction,
      formRequest(
        "/organisations/ward/edit",
        { description: "Unaudited", publicInbox: "" },
        { cookie: await cookieFor(lead.id) },
      ),
      { slug: "ward" },
    );
    await expect(edit).rejects.toThrow(/audit log unavailable/);
    expect(getDb().select().from(organisations).where(eq(organisations.id, organisation.id)).get()?.description).toBe(
      "",
    );

    const update = call(
      memberAction,
      formRequest(
        `/members/${learner.id}`,
        { role: "learner", tier: "1", organisationId: String(organisation.id), status: "deactivated" },
        { cookie: await cookieFor(coordinator.id) },
      ),
      { memberId: String(learner.id) },
    );
    await expect(update).rejects.toThrow(/audit log unavailable/);
    expect(getDb().select().from(members).where(eq(members.id, learner.id)).get()).toMatchObject({
      tier: 3,
      status: "active",
    });
    expect(auditRows()).toEqual([]);
  });

  it("writes no audit entry when the change itself fails", async () => {
    const { organisation, lead } = await setUp();
    getDb().run(
      sql`CREATE TRIGGER refuse_change BEFORE UPDATE ON organisations BEGIN SELECT RAISE(ABORT, 'change refused'); END`,
    );
    const edit = call(
      editOrganisationAction,
      formRequest(
        "/organisations/ward/edit",
        { description: "Never saved", publicInbox: "" },
        { cookie: await cookieFor(lead.id) },
      ),
      { slug: "ward" },
    );
    await expect(edit).rejects.toThrow(/change refused/);
    expect(getDb().select().from(organisations).where(eq(organisations.id, organisation.id)).get()?.description).toBe(
      "",
    );
    expect(auditRows()).toEqual([]);
  });

  it("commits the change and its entry together when both succeed", async () => {
    const { lead } = await setUp();
    const saved = await call(
      editOrganisationAction,
      formRequest(
        "/organisations/ward/edit",
        { description: "Audited", publicInbox: "" },
        { cookie: await cookieFor(lead.id) },
      ),
      { slug: "ward" },
    );
    expect(saved.status).toBe(302);
    expect(auditRows()).toEqual([{ action: "organisation.updated" }]);
  });

  it("never stores a secret in an entry's before or after", async () => {
    const { coordinator } = await setUp();
    withAudit(
      () => null,
      () => ({
        actorId: coordinator.id,
        action: "test.secrets",
        entityType: "test",
        summary: "Secrets left out",
        before: {
          confirmToken: "tok-before-1234567890",
          nested: [{ passwordHash: "argon-hash-abc", keep: "visible" }],
        },
        after: { tokenHash: "hash-after-0987654321", sessionSecret: "s3cr3t", kept: 1 },
      }),
    );
    const [event] = listAuditEvents({});
    expect(JSON.parse(event.before!)).toEqual({ nested: [{ keep: "visible" }] });
    expect(JSON.parse(event.after!)).toEqual({ kept: 1 });
  });
});
