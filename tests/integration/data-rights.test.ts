import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { members } from "../../drizzle/schema";
import { seedDemoData } from "../../drizzle/seed";
import { getModule } from "~/lib/content/catalogue.server";
import { getDb } from "~/lib/db.server";
import { recordAudit } from "~/models/audit.server";
import { submitCheckAttempt } from "~/models/check-attempt.server";
import { searchDirectory } from "~/models/contact.server";
import { queueEmail } from "~/models/outbox.server";
import { exportPersonalData } from "~/models/personal-data.server";
import { loader as exportLoader } from "~/routes/account_.data";
import { action as eraseAction } from "~/routes/members.$memberId_.erase";
import { call, cookieFor, formRequest, getRequest } from "../request";
import { outbox, contacts } from "../../drizzle/schema";
import { queueContactConfirmations } from "~/lib/jobs.server";
import { resetCalendarFeedToken } from "~/models/calendar-feed.server";
import { STALE_AFTER_MS } from "~/models/contact.server";
import { createSession } from "~/models/session.server";
import { createContact } from "~/models/contact.server";
import { proposeTopic } from "~/models/feedback.server";
import { markLessonComplete } from "~/models/lesson-progress.server";
import { accountKeyFor, recordSignInAttempt } from "~/models/sign-in-attempt.server";
import { action as inviteAction } from "~/routes/members.invite";
import { action as memberAction } from "~/routes/members.$memberId";
import { action as addContactAction } from "~/routes/organisations.$slug.contacts._index";
import { action as editContactAction } from "~/routes/organisations.$slug.contacts.$contactId";
import { bookPlace } from "~/models/booking.server";
import { createWorkshop } from "~/models/workshop.server";
import { createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";

/**
 * Every table sqlite_master lists (FTS shadow tables and the virtual table
 * included), every column pragma table_info lists, every row: the places any
 * needle appears, matched case-insensitively in text and in the bytes of blobs.
 */
function whereFound(needles: string[]) {
  const sqlite = getDb().$client;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  const hits: string[] = [];
  for (const { name: table } of tables) {
    const columns = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>;
    for (const { name: column } of columns) {
      const values = sqlite.prepare(`SELECT "${column}" AS v FROM "${table}"`).pluck().all() as unknown[];
      for (const value of values) {
        const text = Buffer.isBuffer(value) ? value.toString("latin1") : typeof value === "string" ? value : null;
        if (text === null) continue;
        const lower = text.toLowerCase();
        for (const needle of needles)
          if (lower.includes(needle.toLowerCase())) hits.push(`${table}.${column}: ${needle}`);
      }
    }
  }
  return [...new Set(hits)];
}

/** Every text in every table (FTS shadow tables included), lower-cased, for a needle search. */
function everyTableContains(needle: string) {
  const db = getDb();
  const tables = db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table'`);
  const hits: string[] = [];
  for (const { name } of tables) {
    const columns = db.all<{ name: string }>(sql.raw(`PRAGMA table_info("${name}")`));
    for (const column of columns) {
      const row = db.get<{ n: number }>(
        sql.raw(
          `SELECT count(*) AS n FROM "${name}" WHERE lower(CAST("${column.name}" AS TEXT)) LIKE '%${needle.toLowerCase().replace(/'/g, "''")}%'`,
        ),
      );
      if (row && row.n > 0) hits.push(`${name}.${column.name}`);
    }
  }
  return hits;
}

async function seededChampion() {
  await seedDemoData();
  const champion = getDb().select().from(members).where(eq(members.email, "champion@example.org")).get()!;
  const module = getModule("homelessness-awareness")!;
  const answers = Object.fromEntries(
    module.check.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]),
  );
  submitCheckAttempt({ memberId: champion.id, module, answers, submissionToken: "erasure-test-token-0000000" });
  queueEmail({
    dedupeKey: "x:1",
    memberId: null,
    to: "colleague@example.org",
    subject: "About Priya Bramblecombe",
    body: "Priya Bramblecombe is booked.",
    kind: "note",
  });
  const coordinator = getDb().select().from(members).where(eq(members.email, "coordinator@example.org")).get()!;
  recordAudit({
    actorId: coordinator.id,
    action: "member.updated",
    entityType: "member",
    entityId: champion.id,
    summary: "Changed Priya Bramblecombe",
    before: { name: "Priya Bramblecombe" },
  });
  return { champion, coordinator };
}

describe("data rights", () => {
  it("lets a member download everything held about them, and nobody else's", async () => {
    const { champion, coordinator } = await seededChampion();
    // A colleague in the same organisation with distinctive values in every kind of data the download gathers.
    const other = {
      name: "Ottoline Fennimore-Crask",
      email: "ottoline.fennimore@example.org",
      jobTitle: "Tenancy Sustainment Wrangler",
      howToContact: "Ring the Quagmire desk",
      topicTitle: "Narrowboat residency rights",
      topicDetails: "Moorings and continuous cruising",
      emailSubject: "Your Marrowfield booking",
      emailBody: "Marrowfield body text",
      auditSummary: "Changed Ottoline's Wrangler title",
    };
    const colleague = await createTestMember({
      name: other.name,
      email: other.email,
      jobTitle: other.jobTitle,
      organisationId: champion.organisationId,
    });
    const awareness = getModule("homelessness-awareness")!;
    markLessonComplete({ memberId: colleague.id, module: awareness, lessonId: awareness.lessons[0].id });
    proposeTopic({ memberId: colleague.id, title: other.topicTitle, details: other.topicDetails });
    createContact({
      memberId: colleague.id,
      details: {
        isGoTo: false,
        howToContact: other.howToContact,
        directPhone: null,
        showDirectPhone: false,
        mobile: null,
        showMobile: false,
        districtIds: [],
        specialismIds: [],
      },
    });
    queueEmail({
      dedupeKey: "colleague:1",
      memberId: colleague.id,
      to: other.email,
      subject: other.emailSubject,
      body: other.emailBody,
      kind: "note",
    });
    recordAudit({
      actorId: coordinator.id,
      action: "member.updated",
      entityType: "member",
      entityId: colleague.id,
      summary: other.auditSummary,
    });
    resetCalendarFeedToken({ memberId: colleague.id });

    const response = await call(exportLoader, getRequest("/account/data", { cookie: await cookieFor(champion.id) }));
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment/);
    const data = await response.json();
    expect(data.member.email).toBe("champion@example.org");
    // The seed's six completions and the one just earned.
    expect(data.learning.completions).toHaveLength(7);
    expect(data.learning.knowledgeCheckAttempts[0].answers).toBeTypeOf("object");
    expect(data.workshops.attendance.length).toBeGreaterThan(0);
    expect(data.directory.entry.isGoTo).toBe(true);
    expect(JSON.stringify(data)).not.toMatch(/passwordHash|argon2/);
    expect(exportPersonalData({ memberId: champion.id })?.member.id).toBe(champion.id);

    // Nothing of the colleague's: none of their values, and every row that names a member names the champion.
    const text = JSON.stringify(data);
    expect(text).toContain("Priya Bramblecombe");
    for (const value of [...Object.values(other), "Fennimore", "Quagmire", "Marrowfield"])
      expect(text, value).not.toContain(value);
    const memberIds = new Set<unknown>();
    JSON.parse(text, (key, value) => {
      if (key === "memberId" || key === "proposedBy") memberIds.add(value);
      return value;
    });
    expect([...memberIds]).toEqual([champion.id]);
  });

  it("erasure removes the person's name and email from every table and index, and keeps the statistics", async () => {
    const { champion, coordinator } = await seededChampion();
    expect(everyTableContains("Priya Bramblecombe").length).toBeGreaterThan(3);
    const attendanceBefore = getDb().all(sql`SELECT count(*) AS n FROM attendance WHERE member_id = ${champion.id}`);
    const completionsBefore = getDb().all(sql`SELECT count(*) AS n FROM completions WHERE member_id = ${champion.id}`);

    const cookie = await cookieFor(coordinator.id);
    const refused = await call(eraseAction, formRequest(`/members/${champion.id}/erase`, {}, { cookie }), {
      memberId: String(champion.id),
    });
    expect(refused.status).toBe(400);
    expect(everyTableContains("Priya Bramblecombe").length).toBeGreaterThan(0);

    const done = await call(eraseAction, formRequest(`/members/${champion.id}/erase`, { confirm: "yes" }, { cookie }), {
      memberId: String(champion.id),
    });
    expect(done.status).toBe(302);
    expect(everyTableContains("Priya Bramblecombe")).toEqual([]);
    expect(everyTableContains("champion@example.org")).toEqual([]);
    expect(searchDirectory({ query: "Priya Bramblecombe" })).toEqual([]);
    expect(getDb().all(sql`SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'priya'`)).toEqual([]);
    // Aggregates stay: the completion and attendance rows are still there, unnamed.
    expect(getDb().all(sql`SELECT count(*) AS n FROM attendance WHERE member_id = ${champion.id}`)).toEqual(
      attendanceBefore,
    );
    expect(getDb().all(sql`SELECT count(*) AS n FROM completions WHERE member_id = ${champion.id}`)).toEqual(
      completionsBefore,
    );
  });

  it("is refused to organisation leads", async () => {
    const { champion } = await seededChampion();
    const lead = getDb().select().from(members).where(eq(members.email, "orglead@example.org")).get()!;
    const response = await call(
      eraseAction,
      formRequest(`/members/${champion.id}/erase`, { confirm: "yes" }, { cookie: await cookieFor(lead.id) }),
      {
        memberId: String(champion.id),
      },
    );
    expect(response.status).toBe(403);
  });

  it("leaves no value the person had anywhere: names, email, phones, job title, free text and tokens, in every table, the search index, the outbox and the audit log", async () => {
    const organisation = createTestOrganisation({ slug: "ward-trust", name: "Ward Trust" });
    const coordinator = await createTestMember({ role: "coordinator", name: "Morgan Thistlewood" });
    const lead = await createTestMember({ role: "org_lead", organisationId: organisation.id, name: "Jo Fernley" });
    const coordinatorCookie = await cookieFor(coordinator.id);
    const person = {
      name: "Zephyrine Quillfeather",
      email: "z.quillfeather@wardtrust.example.org",
      jobTitle: "Hospice Discharge Navigator",
      mobile: "07700 900731",
      directPhone: "01865 900842",
      howToContact: "Ask switchboard for bleep Xanthorrhoea",
    };

    // The coordinator invites them (audit entry and invitation email), the lead lists them in the directory with both numbers, the coordinator edits the entry.
    const invited = await call(
      inviteAction,
      formRequest(
        "/members/invite",
        {
          name: person.name,
          email: person.email,
          jobTitle: person.jobTitle,
          organisationId: String(organisation.id),
          tier: "1",
          role: "learner",
        },
        { cookie: coordinatorCookie },
      ),
    );
    expect(invited.status).toBe(302);
    const member = getDb().select().from(members).where(eq(members.email, person.email)).get()!;
    const contactFields = {
      howToContact: person.howToContact,
      directPhone: person.directPhone,
      showDirectPhone: "on",
      mobile: "07700 900000",
      showMobile: "on",
    };
    const added = await call(
      addContactAction,
      formRequest(
        "/organisations/ward-trust/contacts",
        { memberId: String(member.id), ...contactFields },
        { cookie: await cookieFor(lead.id) },
      ),
      { slug: "ward-trust" },
    );
    expect(added.status).toBe(302);
    const contactId = getDb().select().from(contacts).where(eq(contacts.memberId, member.id)).get()!.id;
    const edited = await call(
      editContactAction,
      formRequest(
        `/organisations/ward-trust/contacts/${contactId}`,
        { ...contactFields, mobile: person.mobile },
        { cookie: coordinatorCookie },
      ),
      { slug: "ward-trust", contactId: String(contactId) },
    );
    expect(edited.status).toBe(302);
    const updated = await call(
      memberAction,
      formRequest(
        `/members/${member.id}`,
        { role: "learner", tier: "2", organisationId: String(organisation.id), status: "active" },
        { cookie: coordinatorCookie },
      ),
      { memberId: String(member.id) },
    );
    expect(updated.status).toBe(302);

    // Six months on they are asked to confirm (a link to them, a note naming them to their lead).
    getDb()
      .update(contacts)
      .set({ lastConfirmedAt: new Date(Date.now() - STALE_AFTER_MS - 86_400_000) })
      .where(eq(contacts.id, contactId))
      .run();
    queueContactConfirmations();
    // They book a workshop: the confirmation carries a calendar invitation naming them as its attendee.
    const workshop = createWorkshop({ input: testWorkshopInput({ audienceTier: 3 }), createdBy: null });
    expect(bookPlace({ workshopId: workshop.id, memberId: member.id }).status).toBe("booked");
    const linkToken = (path: string) => {
      const bodies = getDb()
        .select({ body: outbox.body })
        .from(outbox)
        .all()
        .map((e) => e.body)
        .join("\n");
      return new RegExp(`${path}/([A-Za-z0-9_-]{20,})`).exec(bodies)![1];
    };
    const tokens = {
      invitation: linkToken("/invite"),
      confirmation: linkToken("/directory/confirm"),
      calendarFeed: resetCalendarFeedToken({ memberId: member.id }),
      session: createSession({ memberId: member.id }).token,
      submission: "submission-Xq7PL0aN2rVb9KcT",
    };
    const module = getModule("homelessness-awareness")!;
    submitCheckAttempt({ memberId: member.id, module, answers: {}, submissionToken: tokens.submission });
    recordSignInAttempt({ email: person.email, ipAddress: "192.0.2.77", succeeded: false });

    const words = person.name.split(" ");
    const phoneDigits = [person.mobile, person.directPhone].map((p) => p.replace(/\s/g, ""));
    const needles = [
      ...Object.values(person),
      ...words,
      ...phoneDigits,
      ...Object.values(tokens),
      accountKeyFor(person.email),
    ];
    const before = whereFound(needles);
    // The set-up really did spread them about: the audit log, the outbox, the search index and its shadow tables.
    for (const place of [
      "audit_events.before",
      "audit_events.after",
      "audit_events.summary",
      "outbox.body",
      "outbox.calendar",
      "contacts_fts_content",
      "contacts.mobile",
      "members.job_title",
    ]) {
      expect(before.some((hit) => hit.startsWith(place))).toBe(true);
    }

    const done = await call(
      eraseAction,
      formRequest(`/members/${member.id}/erase`, { confirm: "yes" }, { cookie: coordinatorCookie }),
      { memberId: String(member.id) },
    );
    expect(done.status).toBe(302);
    expect(whereFound(needles)).toEqual([]);
    // The search index holds no term from them either (read through the index's own vocabulary).
    getDb().run(sql`CREATE VIRTUAL TABLE temp.erasure_vocab USING fts5vocab(main, contacts_fts, 'row')`);
    const terms = getDb()
      .all<{ term: string }>(sql`SELECT term FROM temp.erasure_vocab`)
      .map((t) => t.term);
    for (const word of ["zephyrine", "quillfeather", "hospice", "navigator"]) expect(terms).not.toContain(word);
    // What the staff did stays accountable: who did what and when, without the person's details.
    const audit = getDb().all<{ action: string; actor_id: number }>(
      sql`SELECT action, actor_id FROM audit_events ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      "member.invited",
      "contact.created",
      "contact.updated",
      "member.updated",
      "member.erased",
    ]);
  });
});
