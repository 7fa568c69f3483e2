/**
 * The demo data plus "marked" records: a member of another organisation (Crisis)
 * whose name, email and job title carry the marker "zqxv", with a completion,
 * bookings, attendance, feedback, a directory view and an audit entry; a Crisis
 * directory contact whose hidden numbers are markers; a colleague of the demo
 * learner with their own certificate; and a member of the organisation lead's
 * own organisation ("Ownmark") the lead must see. A test searches an answer for
 * the markers: finding one means data crossed a boundary.
 *
 * Seeding the demo data takes seconds, so it is done once per test file: the
 * seeded database is copied to a template, and `useMarkedWorld()` copies the
 * template over the current test's fresh database (tests/setup.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import {
  attendance,
  bookings,
  completions,
  members,
  organisations,
  workshopFeedback,
  workshops,
} from "../../../drizzle/schema";
import { DEMO_PASSWORD, seedDemoData } from "../../../drizzle/seed";
import { getModule } from "~/lib/content/catalogue.server";
import { closeDb, getDb, type Db } from "~/lib/db.server";
import { getSessionCookie } from "~/lib/session.server";
import { recordAudit } from "~/models/audit.server";
import { submitCheckAttempt } from "~/models/check-attempt.server";
import { createContact } from "~/models/contact.server";
import { logDirectoryAccess } from "~/models/directory.server";
import { createMember } from "~/models/member.server";
import { createSession } from "~/models/session.server";
import { createWorkshop } from "~/models/workshop.server";
import { passwordHashFor } from "../../factories";

export type Role = "anonymous" | "learner" | "generalist" | "champion" | "orglead" | "coordinator" | "admin";
export const ROLES: Role[] = ["anonymous", "learner", "generalist", "champion", "orglead", "coordinator", "admin"];
export const ROLE_EMAILS: Record<Exclude<Role, "anonymous">, string> = {
  learner: "learner@example.org",
  generalist: "generalist@example.org",
  champion: "champion@example.org",
  orglead: "orglead@example.org",
  coordinator: "coordinator@example.org",
  admin: "admin@example.org",
};

/** Everything the marked member of another organisation carries; none of it may reach the organisation lead or a learner. */
export const OTHER_MARK = "zqxv";
/** The hidden numbers of the other organisation's directory contact. */
export const HIDDEN_PHONE = "01632 961357";
export const HIDDEN_MOBILE = "07700 913579";
/** The member of the organisation lead's own organisation: the lead must see them. */
export const OWN_MARK = "Ownmark";

const MONTH = 30.5 * 24 * 60 * 60 * 1000;

export type MarkedWorld = Awaited<ReturnType<typeof seed>>;

async function seed(db: Db) {
  await seedDemoData(db);
  const passwordHash = await passwordHashFor(DEMO_PASSWORD);
  const now = new Date();
  const byEmail = (email: string) => db.select().from(members).where(eq(members.email, email)).get()!;
  const organisation = (slug: string) => db.select().from(organisations).where(eq(organisations.slug, slug)).get()!;
  const lead = byEmail(ROLE_EMAILS.orglead);
  const own = db.select().from(organisations).where(eq(organisations.id, lead.organisationId!)).get()!;
  const other = organisation("crisis");
  const learnerOrganisation = organisation("jobcentre-plus");
  const coordinator = byEmail(ROLE_EMAILS.coordinator);
  const champion = byEmail(ROLE_EMAILS.champion);
  const module = getModule("homelessness-awareness")!;
  const rightAnswers = Object.fromEntries(
    module.check.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]),
  );
  let tokens = 0;
  const pass = (memberId: number, when: Date) => {
    tokens += 1;
    const { attemptId } = submitCheckAttempt(
      {
        memberId,
        module,
        answers: rightAnswers,
        submissionToken: `marked-world-token-${String(tokens).padStart(4, "0")}`,
        now: when,
      },
      db,
    );
    const code = db
      .select({ code: completions.certificateCode })
      .from(completions)
      .where(eq(completions.attemptId, attemptId))
      .get()!.code;
    return { attemptId, code };
  };

  // The other organisation's marked member: Tier 1, not in the directory, a refresher due soon.
  const marked = createMember(
    {
      email: `${OTHER_MARK}.markerson@crisis.example.org`,
      name: "Zqxv Markerson",
      jobTitle: "Zqxv outreach lead",
      organisationId: other.id,
      role: "learner",
      tier: 1,
      passwordHash,
    },
    db,
  );
  const markedPass = pass(marked.id, new Date(now.getTime() - 23 * MONTH));

  // A colleague of the demo learner, with a certificate the learner must not see.
  const colleague = createMember(
    {
      email: "colleague.tinwhistle@jobcentre-plus.example.org",
      name: "Colleague Tinwhistle",
      jobTitle: "Work coach",
      organisationId: learnerOrganisation.id,
      role: "learner",
      tier: 3,
      passwordHash,
    },
    db,
  );
  const colleaguePass = pass(colleague.id, now);

  // The lead's own member, refresher due: the lead's pages and reports must show them.
  const ownMember = createMember(
    {
      email: "ownmark.fellwalker@oxford-health.example.org",
      name: `${OWN_MARK} Fellwalker`,
      jobTitle: `${OWN_MARK} ward clerk`,
      organisationId: own.id,
      role: "learner",
      tier: 1,
      passwordHash,
    },
    db,
  );
  const ownPass = pass(ownMember.id, new Date(now.getTime() - 23 * MONTH));

  // A session held and attended only by people outside the lead's organisation, with marked feedback.
  const startsAt = new Date(now.getTime() - 20 * 24 * 60 * 60 * 1000);
  const markedWorkshop = createWorkshop(
    {
      input: {
        title: "Zqxv generalist session",
        topic: "Zqxv topic",
        audienceTier: 2,
        description: "",
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * 60 * 60 * 1000),
        venue: "Zqxv hall",
        joiningUrl: null,
        capacity: 10,
        bookingClosesAt: new Date(startsAt.getTime() - 24 * 60 * 60 * 1000),
      },
      createdBy: coordinator.id,
      now: new Date(startsAt.getTime() - 30 * 24 * 60 * 60 * 1000),
    },
    db,
  );
  for (const memberId of [marked.id, colleague.id]) {
    db.insert(bookings)
      .values({ workshopId: markedWorkshop.id, memberId, status: "booked", createdAt: startsAt, updatedAt: startsAt })
      .run();
    db.insert(attendance)
      .values({
        workshopId: markedWorkshop.id,
        memberId,
        status: "attended",
        markedBy: coordinator.id,
        markedAt: startsAt,
      })
      .run();
  }
  db.insert(workshopFeedback)
    .values({
      workshopId: markedWorkshop.id,
      memberId: marked.id,
      rating: 2,
      mostUseful: "Zqxv feedback about the session",
      createdAt: startsAt,
    })
    .run();

  // The upcoming workshop the champion is booked on: the marked member has a place too.
  const upcoming = db.$client
    .prepare(
      "SELECT w.id FROM workshops w JOIN bookings b ON b.workshop_id = w.id WHERE b.member_id = ? AND b.status = 'booked' AND w.starts_at > ? ORDER BY w.starts_at LIMIT 1",
    )
    .get(champion.id, now.getTime()) as { id: number };
  db.insert(bookings)
    .values({ workshopId: upcoming.id, memberId: marked.id, status: "booked", createdAt: now, updatedAt: now })
    .run();

  // The other organisation's directory contact, numbers hidden.
  const otherContactMember = createMember(
    {
      email: "directory.quillfeather@crisis.example.org",
      name: "Directory Quillfeather",
      jobTitle: "Advice worker",
      organisationId: other.id,
      role: "learner",
      tier: 2,
      passwordHash,
    },
    db,
  );
  const otherContact = createContact(
    {
      memberId: otherContactMember.id,
      details: {
        isGoTo: false,
        howToContact: "Email first.",
        directPhone: HIDDEN_PHONE,
        showDirectPhone: false,
        mobile: HIDDEN_MOBILE,
        showMobile: false,
        districtIds: ["oxford"],
        specialismIds: [],
      },
    },
    db,
  );

  const contactAt = (organisationId: number) =>
    db.$client
      .prepare(
        "SELECT c.id FROM contacts c JOIN members m ON m.id = c.member_id WHERE m.organisation_id = ? AND m.status = 'active' ORDER BY c.id LIMIT 1",
      )
      .get(organisationId) as { id: number };
  const ownContactId = contactAt(own.id).id;
  // The marked member looked at the lead's own contact; and the coordinator changed their record.
  logDirectoryAccess({ viewerId: marked.id, action: "view-contact", contactId: ownContactId }, db);
  recordAudit(
    {
      actorId: coordinator.id,
      action: "member.updated",
      entityType: "member",
      entityId: marked.id,
      summary: "Changed Zqxv Markerson",
      before: { jobTitle: "Zqxv old title" },
      after: { tier: 1 },
    },
    db,
  );

  const cookies = { anonymous: undefined } as Record<Role, string | undefined>;
  const ids = {} as Record<Exclude<Role, "anonymous">, number>;
  for (const [role, email] of Object.entries(ROLE_EMAILS) as Array<[Exclude<Role, "anonymous">, string]>) {
    ids[role] = byEmail(email).id;
    const { token } = createSession({ memberId: ids[role] }, db);
    cookies[role] = (await getSessionCookie().serialize(token)).split(";")[0];
  }
  const championAttempt = db.$client
    .prepare(
      "SELECT a.id, c.certificate_code FROM check_attempts a JOIN completions c ON c.attempt_id = a.id WHERE a.member_id = ? AND a.module_id = 'homelessness-awareness'",
    )
    .get(champion.id) as { id: number; certificate_code: string };
  const pastTier1 = db
    .select({ id: workshops.id })
    .from(workshops)
    .where(eq(workshops.audienceTier, 1))
    .orderBy(workshops.startsAt)
    .get()!;
  const topic = db.$client.prepare("SELECT id FROM topic_proposals ORDER BY id LIMIT 1").get() as { id: number };
  // A Tier 1 workshop open for booking that the champion has no place on.
  const bookable = db.$client
    .prepare(
      "SELECT id FROM workshops WHERE audience_tier = 1 AND status = 'scheduled' AND booking_closes_at > ? AND id NOT IN (SELECT workshop_id FROM bookings WHERE member_id = ?) ORDER BY starts_at LIMIT 1",
    )
    .get(now.getTime(), champion.id) as { id: number };
  // A colleague of the champion who could deputise, and a workshop the champion attended without giving feedback.
  const championColleague = db.$client
    .prepare(
      "SELECT id FROM members WHERE organisation_id = ? AND status = 'active' AND id <> ? AND id NOT IN (SELECT member_id FROM bookings WHERE workshop_id = ?) ORDER BY id LIMIT 1",
    )
    .get(champion.organisationId, champion.id, upcoming.id) as { id: number };
  const feedbackWorkshop = db.$client
    .prepare(
      "SELECT a.workshop_id AS id FROM attendance a JOIN workshops w ON w.id = a.workshop_id WHERE a.member_id = ? AND a.status = 'attended' AND w.ends_at < ? AND a.workshop_id NOT IN (SELECT workshop_id FROM workshop_feedback WHERE member_id = ?) ORDER BY w.starts_at DESC LIMIT 1",
    )
    .get(champion.id, now.getTime(), champion.id) as { id: number };
  return {
    cookies,
    ids,
    ownSlug: own.slug,
    ownName: own.name,
    ownOrganisationId: own.id,
    otherSlug: other.slug,
    otherName: other.name,
    otherOrganisationId: other.id,
    learnerOrganisationId: learnerOrganisation.id,
    ownContactId,
    otherContactId: otherContact.id,
    otherContactMemberId: otherContactMember.id,
    ownMemberId: ownMember.id,
    ownCode: ownPass.code,
    otherMemberId: marked.id,
    otherMemberEmail: `${OTHER_MARK}.markerson@crisis.example.org`,
    otherCode: markedPass.code,
    otherAttemptId: markedPass.attemptId,
    colleagueId: colleague.id,
    colleagueCode: colleaguePass.code,
    colleagueAttemptId: colleaguePass.attemptId,
    lessonId: module.lessons[0].id,
    lastLessonId: module.lessons[module.lessons.length - 1].id,
    rightAnswers,
    championAttemptId: championAttempt.id,
    championCode: championAttempt.certificate_code,
    upcomingId: upcoming.id,
    pastId: pastTier1.id,
    markedWorkshopId: markedWorkshop.id,
    bookableId: bookable.id,
    championColleagueId: championColleague.id,
    feedbackWorkshopId: feedbackWorkshop.id,
    topicId: topic.id,
  };
}

let template: { file: string; world: MarkedWorld } | undefined;

function copyOver(source: string) {
  closeDb();
  const target = process.env.DATABASE_URL!;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(target + suffix, { force: true });
  fs.copyFileSync(source, target);
}

/**
 * The marked world in the current test's database: seeded on first use in
 * this process, copied from the template afterwards (and after every call
 * that changed something, to start the next one from the same world).
 */
export async function useMarkedWorld(): Promise<MarkedWorld> {
  if (!template) {
    const world = await seed(getDb());
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cn-marked-world-")), "template.db");
    getDb().$client.exec(`VACUUM INTO '${file}'`);
    template = { file, world };
    process.once("exit", () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  }
  copyOver(template.file);
  getDb();
  return template.world;
}

const watched = new WeakSet<object>();

/** Temporary triggers on this connection log every write to every table (a session's last-seen time aside). */
function watchWrites(db: Db) {
  if (watched.has(db)) return;
  const sqlite = db.$client;
  sqlite.exec("CREATE TEMP TABLE IF NOT EXISTS cn_writes (name TEXT NOT NULL)");
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name <> '__drizzle_migrations'",
    )
    .all() as Array<{ name: string }>;
  for (const { name } of tables) {
    for (const operation of ["INSERT", "UPDATE", "DELETE"]) {
      if (name === "sessions" && operation === "UPDATE") continue;
      sqlite.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS "cn_watch_${name}_${operation}" AFTER ${operation} ON main."${name}" BEGIN INSERT INTO cn_writes VALUES ('${name}'); END`,
      );
    }
  }
  watched.add(db);
}

/** Runs `work` and returns what it answered with the tables it wrote to (committed writes only). */
export async function writesDuring<T>(work: () => Promise<T>): Promise<{ result: T; tables: string[] }> {
  const db = getDb();
  watchWrites(db);
  db.$client.exec("DELETE FROM cn_writes");
  const result = await work();
  const rows = getDb().$client.prepare("SELECT DISTINCT name FROM cn_writes ORDER BY name").all() as Array<{
    name: string;
  }>;
  return { result, tables: rows.map((r) => r.name) };
}

/**
 * Runs `work` inside a transaction that is then rolled back, so the next call
 * starts from the same world without copying the template again. The app's own
 * transactions nest inside it as savepoints.
 */
export async function rolledBack<T>(work: () => Promise<T>): Promise<T> {
  // The watch is set up outside: a rollback would take its tables and triggers with it.
  watchWrites(getDb());
  const sqlite = getDb().$client;
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    return await work();
  } finally {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
  }
}
