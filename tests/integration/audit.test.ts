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

describe("paging through the audit log", () => {
  async function logOf(count: number) {
    const coordinator = await createTestMember({ role: "coordinator", name: "Morgan Thistlewood" });
    const start = Date.parse("2026-01-01T09:00:00Z");
    // Two entries share each moment, so the order of equal times is tested too.
    for (let i = 0; i < count; i += 1) {
      recordAudit({
        actorId: coordinator.id,
        action: "member.updated",
        entityType: i % 3 === 0 ? "organisation" : "member",
        summary: `Change ${String(i).padStart(3, "0")}`,
        now: new Date(start + Math.floor(i / 2) * 60_000),
      });
    }
    return cookieFor(coordinator.id);
  }
  const open = async (query: string, cookie: string) =>
    (await call(auditLoader, getRequest(`/manage/audit${query}`, { cookie }))).json();
  const summaries = (page: { events: Array<{ summary: string }> }) => page.events.map((e) => e.summary);

  it("goes to older and newer changes a page at a time, keeping the search", async () => {
    const cookie = await logOf(120);
    const newest = Array.from({ length: 120 }, (_, i) => `Change ${String(119 - i).padStart(3, "0")}`);
    const first = await open("", cookie);
    expect(summaries(first)).toEqual(newest.slice(0, 50));
    expect(first.newerBefore).toBeNull();
    const second = await open(`?after=${first.olderAfter}`, cookie);
    expect(summaries(second)).toEqual(newest.slice(50, 100));
    const third = await open(`?after=${second.olderAfter}`, cookie);
    expect([summaries(third), third.olderAfter]).toEqual([newest.slice(100), null]);
    const back = await open(`?before=${third.newerBefore}`, cookie);
    expect(summaries(back)).toEqual(newest.slice(50, 100));
    expect(back.olderAfter).toBe(second.olderAfter);

    const ofMembers = newest.filter((s) => Number(s.slice(-3)) % 3 !== 0);
    const kind = await open("?type=member", cookie);
    const more = await open(`?type=member&after=${kind.olderAfter}`, cookie);
    expect([...summaries(kind), ...summaries(more)]).toEqual(ofMembers);
    expect(more.olderAfter).toBeNull();
  });

  it("shows the newest changes for a place it cannot read or find, and never fails", async () => {
    const cookie = await logOf(60);
    const first = summaries(await open("", cookie));
    for (const value of ["constructor", "__proto__", "-1", "0", "2.5", "1e400", "99999999999999999999", "x", ""]) {
      for (const place of ["after", "before"]) {
        const response = await call(
          auditLoader,
          getRequest(`/manage/audit?${place}=${encodeURIComponent(value)}&q=Change`, { cookie }),
        );
        expect(response.status, `${place}=${value}`).toBe(200);
        expect(summaries(await response.json()), `${place}=${value}`).toEqual(first);
      }
    }
    expect((await call(auditLoader, getRequest("/manage/audit?page=2&after=1&before=2", { cookie }))).status).toBe(200);
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
