/**
 * The monthly digest (issue 17), with an injected clock: what a champion, an
 * organisation lead and a member with nothing to report receive (and what
 * they must not), once per member and month however often and however many
 * processes run the job, only from the set day, resuming after a partial run;
 * and bulk mail never delays an essential email.
 */
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditEvents,
  bookings,
  checkAttempts,
  completions,
  digestRuns,
  digestSettings,
  members,
  outbox,
} from "~drizzle/schema";
import { getDb } from "~/lib/db.server";
import { saveRegister } from "~/models/attendance.server";
import { createContact } from "~/models/contact.server";
import { pickDigestExamples, queueMonthlyDigest, saveDigestDay, saveDigestParagraph } from "~/models/digest.server";
import { proposeTopic, scheduleTopic } from "~/models/feedback.server";
import { listDueEmails, queueEmail, storedHeaders } from "~/models/outbox.server";
import { createWorkshop } from "~/models/workshop.server";
import { action as digestAction, loader as digestLoader } from "~/routes/manage.digest";
import { createTestMember, createTestOrganisation, testContactDetails, testWorkshopInput } from "../factories";
import { call, cookieFor, formRequest, getRequest } from "../request";

const DAY = 86_400_000;
/** 1 December 2026, 09:00 in London (GMT). */
const NOW = new Date(Date.UTC(2026, 11, 1, 9, 0));
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

function hold(daysAgo: number, coordinatorId: number, attended: number[], absent: number[]) {
  const startsAt = ago(daysAgo);
  const { id } = createWorkshop({
    input: testWorkshopInput({ startsAt, bookingClosesAt: ago(daysAgo + 2) }),
    createdBy: null,
    now: ago(daysAgo + 30),
  });
  for (const memberId of [...attended, ...absent])
    getDb()
      .insert(bookings)
      .values({ workshopId: id, memberId, status: "booked", createdAt: startsAt, updatedAt: startsAt })
      .run();
  saveRegister({
    workshopId: id,
    marks: [
      ...attended.map((memberId) => ({ memberId, status: "attended" as const })),
      ...absent.map((memberId) => ({ memberId, status: "absent" as const })),
    ],
    markedBy: coordinatorId,
    now: startsAt,
  });
}

function completionExpiring(memberId: number, expiresAt: Date, moduleTitle: string) {
  const db = getDb();
  const attempt = db
    .insert(checkAttempts)
    .values({
      memberId,
      moduleId: "homelessness-awareness",
      moduleVersion: 1,
      contentHash: "x",
      submissionToken: `t-${memberId}-${moduleTitle}`,
      answers: "{}",
      score: 100,
      passed: true,
      submittedAt: ago(300),
    })
    .returning({ id: checkAttempts.id })
    .get();
  db.insert(completions)
    .values({
      memberId,
      moduleId: "homelessness-awareness",
      moduleVersion: 1,
      contentHash: "x",
      attemptId: attempt.id,
      score: 100,
      learnerName: "x",
      moduleTitle,
      tier: 3,
      completedAt: ago(300),
      expiresAt,
      certificateCode: `CODE${memberId}${moduleTitle.length}`.padEnd(26, "A").slice(0, 26),
    })
    .run();
}

async function world() {
  const riverside = createTestOrganisation({ name: "Riverside Trust" });
  const hilltop = createTestOrganisation({ name: "Hilltop Housing" });
  const coordinator = await createTestMember({ role: "coordinator", name: "Cora Ordinator", now: ago(900) });
  const champion = await createTestMember({
    name: "Chris Champion",
    tier: 1,
    organisationId: riverside.id,
    now: ago(900),
  });
  const lapsed = await createTestMember({ name: "Lou Lapsed", tier: 1, organisationId: hilltop.id, now: ago(900) });
  const lead = await createTestMember({
    name: "Lee Lead",
    role: "org_lead",
    tier: 3,
    organisationId: riverside.id,
    now: ago(900),
  });
  const quiet = await createTestMember({ name: "Quinn Quiet", tier: 3, organisationId: hilltop.id, now: ago(900) });
  const off = await createTestMember({ name: "Olly Off", tier: 3, now: ago(900) });
  getDb().update(members).set({ digestEmails: false }).where(eq(members.id, off.id)).run();
  const gone = await createTestMember({ name: "Gus Gone", tier: 3, status: "deactivated", now: ago(900) });
  for (const daysAgo of [150, 90, 30]) hold(daysAgo, coordinator.id, [champion.id], [lapsed.id]);
  completionExpiring(champion.id, new Date(NOW.getTime() + 20 * DAY), "Homelessness awareness");
  createContact({ memberId: champion.id, details: testContactDetails(), now: ago(200) });
  createContact({ memberId: quiet.id, details: testContactDetails(), now: ago(10) });
  const upcoming = createWorkshop({
    input: testWorkshopInput({
      title: "Winter shelters",
      audienceTier: 3,
      startsAt: new Date(NOW.getTime() + 20 * DAY),
      bookingClosesAt: new Date(NOW.getTime() + 18 * DAY),
    }),
    createdBy: null,
    now: ago(5),
  });
  const topic = proposeTopic({ memberId: champion.id, title: "Pets in hostels", details: "", now: ago(60) });
  scheduleTopic({ topicId: topic.id, workshopId: upcoming.id });
  saveDigestDay({ dayOfMonth: 1, actorId: coordinator.id, now: ago(10) });
  return { coordinator, champion, lapsed, lead, quiet, off, gone, riverside, hilltop };
}

function digests() {
  return getDb().select().from(outbox).where(eq(outbox.kind, "digest")).all();
}

function bodyFor(memberId: number) {
  const rows = digests().filter((e) => e.memberId === memberId);
  expect(rows).toHaveLength(1);
  return rows[0].body;
}

describe("the monthly digest", () => {
  it("tells a champion, an organisation lead and a member with nothing to report what concerns each, and nobody else", async () => {
    const w = await world();
    saveDigestParagraph({
      month: "2026-12",
      paragraph:
        "Welcome to winter. <script>alert(1)</script> See [the plan](https://example.org/plan) and [this](javascript:alert(1)).",
      actorId: w.coordinator.id,
      now: ago(3),
    });
    const result = await queueMonthlyDigest({ now: NOW });
    expect(result.done).toBe(true);

    const champion = bodyFor(w.champion.id);
    expect(champion).toContain("Dear Chris Champion,");
    expect(champion).toContain("YOUR TIER 1 CURRENCY");
    expect(champion).toContain("3 of the last 3 Tier 1 workshops attended");
    expect(champion).toContain("LEARNING EXPIRING SOON");
    expect(champion).toContain("Homelessness awareness: expires on");
    expect(champion).toContain("YOUR DIRECTORY ENTRY");
    expect(champion).toContain("Pets in hostels (you backed this)");
    expect(champion).toContain("Winter shelters");
    expect(champion).not.toContain("YOUR ORGANISATION");
    // The paragraph is text: the tag's words stay, the tag and the javascript: link go.
    expect(champion).toContain("See the plan (https://example.org/plan) and this.");
    expect(champion).not.toMatch(/<script|javascript:/);

    const lapsed = bodyFor(w.lapsed.id);
    expect(lapsed).toContain("Lapsed: 0 of the last 3");
    expect(lapsed).toContain("Attend the next 3 Tier 1 workshops to become current again.");

    const lead = bodyFor(w.lead.id);
    expect(lead).toContain("YOUR ORGANISATION");
    expect(lead).toContain("Riverside Trust:");
    expect(lead).toContain("1 of 1 Tier 1 champion current (0 at risk, 0 lapsed)");
    expect(lead).toContain("1 directory entry not confirmed for six months");
    expect(lead).not.toContain("Hilltop Housing");
    expect(lead).not.toContain("YOUR TIER 1 CURRENCY");

    const quiet = bodyFor(w.quiet.id);
    expect(quiet).toContain("Dear Quinn Quiet,");
    expect(quiet).toContain("Nothing needs your attention this month");
    expect(quiet).toContain("The next workshop open to you: Winter shelters");
    expect(quiet).toContain("Welcome to winter.");
    for (const absent of ["CURRENCY", "EXPIRING", "DIRECTORY ENTRY", "YOUR ORGANISATION", "Riverside", "Hilltop"])
      expect(quiet).not.toContain(absent);

    for (const email of digests()) {
      expect(email.priority).toBe(1);
      expect(email.body).toContain("/unsubscribe/digest.");
      expect(storedHeaders(email.headers)["List-Unsubscribe"]).toMatch(/^<https?:\/\/.+\/unsubscribe\/digest\.\d+\./);
      expect(storedHeaders(email.headers)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    }
    // Digest off and deactivated members get none.
    const to = digests().map((e) => e.memberId);
    expect(to).not.toContain(w.off.id);
    expect(to).not.toContain(w.gone.id);
    expect(to.sort()).toEqual([w.coordinator.id, w.champion.id, w.lapsed.id, w.lead.id, w.quiet.id].sort());
  });

  it("previews as a real champion, organisation lead and member with nothing to report", async () => {
    const w = await world();
    const examples = pickDigestExamples({ now: NOW });
    expect(examples.map((e) => [e.label, e.facts.memberId])).toEqual([
      ["A Tier 1 champion", w.champion.id],
      ["An organisation lead", w.lead.id],
      ["A member with nothing to report", w.quiet.id],
    ]);
  });

  it("goes once per member and month, run twice or by two callers at once, and again next month", async () => {
    await world();
    await queueMonthlyDigest({ now: NOW });
    const first = digests().length;
    expect(first).toBe(5);
    await queueMonthlyDigest({ now: new Date(NOW.getTime() + DAY) });
    await Promise.all([
      queueMonthlyDigest({ now: new Date(NOW.getTime() + 2 * DAY), batchSize: 1 }),
      queueMonthlyDigest({ now: new Date(NOW.getTime() + 2 * DAY), batchSize: 1 }),
    ]);
    expect(digests()).toHaveLength(first);
    const january = new Date(Date.UTC(2027, 0, 1, 9));
    await Promise.all([
      queueMonthlyDigest({ now: january, batchSize: 2 }),
      queueMonthlyDigest({ now: january, batchSize: 2 }),
    ]);
    const keys = digests().map((e) => e.dedupeKey);
    expect(keys.filter((k) => k.startsWith("digest:2027-01:"))).toHaveLength(first);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("goes on the set day of the month (or two days after), never before, and not at all until a day is set", async () => {
    const w = await world();
    getDb().delete(digestSettings).run();
    expect((await queueMonthlyDigest({ now: NOW })).queued).toBe(0);
    saveDigestDay({ dayOfMonth: 1, actorId: w.coordinator.id, now: ago(1) });
    // Past the catch-up days: this month's digest is not sent late.
    expect((await queueMonthlyDigest({ now: new Date(NOW.getTime() + 3 * DAY) })).queued).toBe(0);
    saveDigestDay({ dayOfMonth: 5, actorId: w.coordinator.id, now: ago(1) });
    expect((await queueMonthlyDigest({ now: NOW })).queued).toBe(0);
    expect((await queueMonthlyDigest({ now: new Date(NOW.getTime() + 3 * DAY) })).queued).toBe(0);
    expect(digests()).toHaveLength(0);
    // 5 December, 00:30 in London.
    expect((await queueMonthlyDigest({ now: new Date(Date.UTC(2026, 11, 5, 0, 30)) })).queued).toBe(5);
  });

  it("resumes after a partial run where it stopped, queuing nobody twice", async () => {
    await world();
    const partial = await queueMonthlyDigest({ now: NOW, batchSize: 2, maxBatches: 1 });
    expect(partial).toEqual({ queued: 2, done: false });
    const run = getDb().select().from(digestRuns).where(eq(digestRuns.month, "2026-12")).get()!;
    expect(run.status).toBe("queuing");
    expect(run.queued).toBe(2);
    const doneIds = digests().map((e) => e.memberId!);
    expect(run.lastMemberId).toBe(Math.max(...doneIds));
    // The restarted job carries on after the last member done.
    const rest = await queueMonthlyDigest({ now: new Date(NOW.getTime() + 60_000), batchSize: 2 });
    expect(rest).toEqual({ queued: 3, done: true });
    const to = digests().map((e) => e.memberId);
    expect(new Set(to).size).toBe(5);
    expect(to).toHaveLength(5);
  });
});

describe("the digest page", () => {
  it("sets the day and the month's paragraph, previews three members and sends the coordinator a test, audited", async () => {
    const w = await world();
    const cookie = await cookieFor(w.coordinator.id);
    const bad = await call(
      digestAction,
      formRequest("/manage/digest", { intent: "day", dayOfMonth: "31" }, { cookie }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("Enter a day from 1 to 28");
    expect(
      (await call(digestAction, formRequest("/manage/digest", { intent: "day", dayOfMonth: "28" }, { cookie }))).status,
    ).toBe(302);
    const paragraph = "Our *winter* programme is out: [see it](https://example.org/winter)";
    expect(
      (await call(digestAction, formRequest("/manage/digest", { intent: "paragraph", paragraph }, { cookie }))).status,
    ).toBe(302);
    const page = (await (await call(digestLoader, getRequest("/manage/digest", { cookie }))).json()) as {
      dayOfMonth: number;
      paragraph: string;
      examples: Array<{ label: string; email: { body: string } }>;
    };
    expect(page.dayOfMonth).toBe(28);
    expect(page.paragraph).toBe(paragraph);
    expect(page.examples.map((e) => e.label)).toEqual([
      "A Tier 1 champion",
      "An organisation lead",
      "A member with nothing to report",
    ]);
    for (const example of page.examples)
      expect(example.email.body).toContain("Our winter programme is out: see it (https://example.org/winter)");
    expect((await call(digestAction, formRequest("/manage/digest", { intent: "test" }, { cookie }))).status).toBe(302);
    const tests = getDb().select().from(outbox).where(eq(outbox.kind, "digest-test")).all();
    expect(tests.map((e) => e.memberId)).toEqual([w.coordinator.id, w.coordinator.id, w.coordinator.id]);
    expect(tests[2].subject).toMatch(/^\[Test: A member with nothing to report\] Your network update for /);
    expect(digests()).toHaveLength(0);
    const actions = getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["digest.day-changed", "digest.paragraph-saved", "digest.test-sent"]);
  });
});

describe("bulk mail and essential mail", () => {
  it("sends an essential email due later before bulk mail due earlier", () => {
    for (let i = 0; i < 3; i += 1)
      queueEmail({
        dedupeKey: `digest:2026-12:${i}`,
        memberId: null,
        to: `m${i}@example.org`,
        subject: "Your network update",
        body: "…",
        kind: "digest",
        bulk: true,
        now: ago(1),
      });
    queueEmail({
      dedupeKey: "booked:1:1",
      memberId: null,
      to: "nurse@example.org",
      subject: "Booking confirmed",
      body: "…",
      kind: "booked",
      now: NOW,
    });
    const next = listDueEmails({ now: NOW, limit: 2 });
    expect(next.map((e) => e.kind)).toEqual(["booked", "digest"]);
    expect(getDb().select().from(outbox).where(like(outbox.dedupeKey, "digest:%")).all()).toHaveLength(3);
  });
});
