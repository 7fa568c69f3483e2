import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { members, organisations } from "../../drizzle/schema";
import { getDb, inTransaction, openDatabase } from "~/lib/db.server";
import { AUDIT_INDEX_CANDIDATES, listAuditEvents, recordAudit, withAudit } from "~/models/audit.server";
import { eraseMember } from "~/models/personal-data.server";
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

describe("searching a long audit log", () => {
  const typed = [
    "tier",
    "Change",
    "member.updated",
    "Quillon",
    "quillon marchbank",
    "Zoë",
    "ZOË",
    'zoë o"brien',
    "école",
    "100%_",
    "%",
    "_",
    "back\\slash",
    '"',
    "constructor",
    "__proto__",
    "ab",
    "a",
    "\u202Eevil",
    "nul\u0000here",
    "x".repeat(5000),
    "not in the log at all",
    "line\rbreak",
    "\r",
    "",
  ];

  /** The log as it was searched without the index: every entry, LIKE on each field, newest first. */
  function searchedWithoutIndex(query: string) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return getDb()
      .all<{ id: number }>(
        sql`SELECT e.id FROM audit_events e LEFT JOIN members m ON m.id = e.actor_id
             WHERE e.summary LIKE ${pattern} ESCAPE '\\' OR m.name LIKE ${pattern} ESCAPE '\\'
                OR e.action LIKE ${pattern} ESCAPE '\\' OR coalesce(e.before, '') LIKE ${pattern} ESCAPE '\\'
                OR coalesce(e.after, '') LIKE ${pattern} ESCAPE '\\'
             ORDER BY e.created_at DESC, e.id DESC`,
      )
      .map((r) => r.id);
  }

  /**
   * 7,500 entries, in an order of time that is not the order of writing (and with shared times). The newest 2,100
   * rename organisations; the older ones change tiers, so "tier" is common but not among the newest. Rare words
   * are far back.
   */
  async function longLog() {
    const coordinator = await createTestMember({ role: "coordinator", name: "Morgan Thistlewood" });
    const rare = await createTestMember({ role: "coordinator", name: "Quillon Marchbank" });
    const start = Date.parse("2025-01-01T09:00:00Z");
    const count = 7500;
    const rareSummaries: Record<number, string> = {
      7: 'Renamed Zoë O"Brien',
      400: "Renamed ÉCOLE du Nord",
      401: "Places raised to 100%_ of the room",
      402: "Path back\\slash kept",
      403: 'A "quoted" word',
      404: "Set constructor and __proto__ as names",
      405: "Right-to-left \u202Eevil text",
      406: "Places raised to 100x the room",
      407: "A bare line\rbreak inside",
    };
    inTransaction((tx) => {
      for (let i = 0; i < count; i += 1) {
        const rank = (i * 7919) % count;
        recordAudit(
          {
            actorId: i % 500 === 3 ? rare.id : coordinator.id,
            action: rank >= count - 2100 ? "organisation.updated" : "member.updated",
            entityType: rank >= count - 2100 ? "organisation" : "member",
            summary: rareSummaries[i] ?? (rank >= count - 2100 ? `Renamed organisation ${i}` : `Change ${i} of tier`),
            before: rank >= count - 2100 ? { name: "Old name" } : { tier: 3 },
            after: i === 900 ? { note: "ab ab" } : rank >= count - 2100 ? { name: "New name" } : { tier: 1 },
            now: new Date(start + Math.floor(rank / 2) * 60_000),
          },
          tx,
        );
      }
    });
    return coordinator;
  }

  it("finds what it found without the index, for any word and on every page", async () => {
    const coordinator = await longLog();
    const cookie = await cookieFor(coordinator.id);
    for (const query of typed) {
      const expected = searchedWithoutIndex(query);
      expect(
        listAuditEvents({ query, limit: 51 }).map((e) => e.id),
        JSON.stringify(query.slice(0, 40)),
      ).toEqual(expected.slice(0, 51));
      // Page by page through the coordinator's page, which takes searches of up to 100 characters, trimmed (a
      // search of only spaces or a bare CR is no search: the whole log, paged as the tests above show).
      if (query.length > 100 || query.trim() === "") continue;
      const seen: number[] = [];
      let after: number | null = null;
      for (let n = 0; n < 200; n += 1) {
        const at: string = after === null ? "" : `&after=${after}`;
        const response = await call(
          auditLoader,
          getRequest(`/manage/audit?q=${encodeURIComponent(query)}${at}`, { cookie }),
        );
        expect(response.status).toBe(200);
        const page = (await response.json()) as { events: Array<{ id: number }>; olderAfter: number | null };
        seen.push(...page.events.map((e) => e.id));
        after = page.olderAfter;
        if (after === null) break;
      }
      expect(seen, JSON.stringify(query.slice(0, 40))).toEqual(expected);
    }
  });

  it("reads a word's few entries through the index, and walks the log for a common one", async () => {
    const coordinator = await longLog();
    const queries: string[] = [];
    const db = openDatabase(process.env.DATABASE_URL!, { logQuery: (query) => queries.push(query) });
    const search = (query: string) => {
      queries.length = 0;
      const events = listAuditEvents({ query, limit: 51 }, db);
      return {
        events,
        asked: queries
          .filter((q) => q.includes("audit_events_fts"))
          .map((q) => (q.includes("count(*)") ? "counted" : "read")),
      };
    };
    const rare = search("Quillon");
    expect(rare.events.map((e) => e.actorName)).toEqual(Array(15).fill("Quillon Marchbank"));
    expect(rare.asked).toEqual(["counted", "read"]);
    // More entries than the index is asked for: the log is walked until a page is full.
    db.$client
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= ?)
         INSERT INTO audit_events (actor_id, action, entity_type, entity_id, summary, created_at)
         SELECT ?, 'member.updated', 'member', i, 'Changed tier ' || i, ? - i * 1000 FROM n`,
      )
      .run(AUDIT_INDEX_CANDIDATES, coordinator.id, Date.parse("2025-01-01T09:00:00Z"));
    const common = search("tier");
    expect(common.asked).toEqual(["counted"]);
    expect(common.events.map((e) => e.id)).toEqual(searchedWithoutIndex("tier").slice(0, 51));
    db.$client.close();
  });

  it("keeps the index in step with the log, and erasing a person leaves no trace of them in it", async () => {
    const coordinator = await createTestMember({ role: "coordinator", name: "Morgan Thistlewood" });
    const erased = await createTestMember({ name: "Perpetua Wolstenholme" });
    recordAudit({
      actorId: coordinator.id,
      action: "member.updated",
      entityType: "member",
      entityId: erased.id,
      summary: "Changed tier of Perpetua Wolstenholme",
      before: { name: "Perpetua Wolstenholme", tier: 3 },
      after: { name: "Perpetua Wolstenholme", tier: 1 },
    });
    const indexed = (phrase: string) =>
      getDb()
        .all<{ rowid: number }>(sql`SELECT rowid FROM audit_events_fts WHERE audit_events_fts MATCH ${`"${phrase}"`}`)
        .map((r) => r.rowid);
    expect(indexed("Wolstenholme")).toHaveLength(1);
    eraseMember({ memberId: erased.id });
    expect(indexed("Wolstenholme")).toEqual([]);
    expect(indexed("Perpetua")).toEqual([]);
    // Deleted text is taken out of the index's pages at once, not left there until a merge.
    expect(getDb().get(sql`SELECT v FROM audit_events_fts_config WHERE k = 'secure-delete'`)).toEqual({ v: 1 });
    // The index agrees with the log it is read from (this throws if not).
    getDb().run(sql`INSERT INTO audit_events_fts (audit_events_fts, rank) VALUES ('integrity-check', 1)`);
  });
});
