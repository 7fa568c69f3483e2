/**
 * Reminders that prevent lapses (issue 17), with an injected clock: a
 * learner's completion 30 days before it expires and on the day, an
 * organisation lead's weekly summary, and a Tier 1 champion one missed
 * workshop from lapsing. Each is queued once per event however often and in
 * however many processes the job runs, stops once it no longer applies
 * (withdrawn at send time when already queued), honours the reminders
 * preference and carries the one-click unsubscribe.
 */
import { describe, expect, it } from "vitest";
import { bookings, outbox } from "~drizzle/schema";
import { getDb } from "~/lib/db.server";
import type { Mailer, OutgoingEmail } from "~/lib/email/mailer.server";
import { readUnsubscribeToken } from "~/lib/email/unsubscribe.server";
import { deliverOutbox } from "~/lib/jobs.server";
import { isoWeek, queueLapseReminders } from "~/lib/reminders.server";
import { saveRegister } from "~/models/attendance.server";
import { setEmailPreferences } from "~/models/email-preference.server";
import { updateMemberRecord } from "~/models/member.server";
import { storedHeaders } from "~/models/outbox.server";
import { createWorkshop } from "~/models/workshop.server";
import { createTestCompletion, createTestMember, createTestOrganisation, testWorkshopInput } from "../factories";
import { forkWorker } from "./helpers/fork-worker";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** A completion of ours expires at 14:00 UTC on 15 March 2027. */
const EXPIRES = new Date(Date.UTC(2027, 2, 15, 14, 0));
const before = (ms: number) => new Date(EXPIRES.getTime() - ms);

function complete(memberId: number, { completedAt, expiresAt }: { completedAt: Date; expiresAt: Date | null }) {
  return createTestCompletion({
    memberId,
    moduleId: "homelessness-awareness",
    moduleTitle: "Homelessness awareness",
    completedAt,
    expiresAt,
  }).id;
}

const queued = () => getDb().select().from(outbox).orderBy(outbox.id).all();
const keys = () => queued().map((e) => e.dedupeKey);

/** A mailer that records what it was given. */
function recordingMailer() {
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (message) => void sent.push(message) };
  return { sent, mailer };
}

function expectUnsubscribe(email: { headers: string | null; body: string; memberId: number | null }) {
  const headers = storedHeaders(email.headers);
  expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const link = /^<(https?:\/\/[^>]+\/unsubscribe\/([^>]+))>$/.exec(headers["List-Unsubscribe"]);
  expect(link).not.toBeNull();
  expect(readUnsubscribeToken(link![2])).toEqual({ memberId: email.memberId, kind: "reminders" });
  expect(email.body).toContain(link![1]);
}

describe("expiring learning", () => {
  it("emails the learner 30 days before (not at 31, not again at 29) and on the day, once each", async () => {
    const member = await createTestMember({ name: "Lee Learner", now: before(400 * DAY) });
    const id = complete(member.id, { completedAt: before(365 * DAY), expiresAt: EXPIRES });

    queueLapseReminders({ now: before(31 * DAY) });
    expect(keys()).toEqual([]);
    queueLapseReminders({ now: before(30 * DAY) });
    expect(keys()).toEqual([`expiry-30:${id}`]);
    const [notice] = queued();
    expect(notice).toMatchObject({ memberId: member.id, toAddress: member.email, kind: "expiry-reminder" });
    expect(notice.subject).toBe("Your “Homelessness awareness” certificate expires on 15 March 2027");
    expect(notice.body).toContain("Dear Lee Learner");
    expect(notice.body).toContain("/learn/homelessness-awareness");
    expectUnsubscribe(notice);

    queueLapseReminders({ now: before(29 * DAY) });
    queueLapseReminders({ now: before(25 * HOUR) });
    expect(keys()).toEqual([`expiry-30:${id}`]);
    queueLapseReminders({ now: before(HOUR) });
    queueLapseReminders({ now: before(HOUR / 2) });
    expect(keys()).toEqual([`expiry-30:${id}`, `expiry-day:${id}`]);
    const day = queued()[1];
    expect(day.subject).toBe("Your “Homelessness awareness” certificate expires today");
    expectUnsubscribe(day);
    // Once it has expired nothing more goes to the learner.
    queueLapseReminders({ now: new Date(EXPIRES.getTime() + DAY) });
    expect(keys()).toHaveLength(2);
  });

  it("catches up a 30-day notice missed while the jobs were not running", async () => {
    const member = await createTestMember();
    const id = complete(member.id, { completedAt: before(365 * DAY), expiresAt: EXPIRES });
    queueLapseReminders({ now: before(29 * DAY) });
    expect(keys()).toEqual([`expiry-30:${id}`]);
  });

  it("stops once renewed: a queued notice is withdrawn at send time, and no day notice follows", async () => {
    const member = await createTestMember();
    const id = complete(member.id, { completedAt: before(365 * DAY), expiresAt: EXPIRES });
    queueLapseReminders({ now: before(30 * DAY) });
    complete(member.id, { completedAt: before(30 * DAY - HOUR), expiresAt: new Date(EXPIRES.getTime() + 365 * DAY) });
    const { sent, mailer } = recordingMailer();
    await deliverOutbox({ mailer, now: before(30 * DAY - 2 * HOUR) });
    expect(sent).toEqual([]);
    expect(queued().map((e) => [e.dedupeKey, e.status])).toEqual([[`expiry-30:${id}`, "withdrawn"]]);
    queueLapseReminders({ now: before(HOUR) });
    expect(keys()).toEqual([`expiry-30:${id}`]);
  });

  it("sends a notice that still applies", async () => {
    const member = await createTestMember();
    complete(member.id, { completedAt: before(365 * DAY), expiresAt: EXPIRES });
    queueLapseReminders({ now: before(30 * DAY) });
    const { sent, mailer } = recordingMailer();
    await deliverOutbox({ mailer, now: before(30 * DAY) });
    expect(sent).toHaveLength(1);
    expect(sent[0].headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(queued()[0].status).toBe("sent");
  });

  it("goes only to active members with reminders on; turning them off withdraws what is queued", async () => {
    const off = await createTestMember();
    const gone = await createTestMember();
    const later = await createTestMember();
    for (const m of [off, gone, later]) complete(m.id, { completedAt: before(365 * DAY), expiresAt: EXPIRES });
    setEmailPreferences({ memberId: off.id, preferences: { reminders: false }, via: "account" });
    updateMemberRecord({
      memberId: gone.id,
      changes: { role: "learner", tier: 3, organisationId: null, status: "deactivated" },
    });
    queueLapseReminders({ now: before(30 * DAY) });
    expect(queued().map((e) => e.memberId)).toEqual([later.id]);
    setEmailPreferences({ memberId: later.id, preferences: { reminders: false }, via: "unsubscribe-link" });
    const { sent, mailer } = recordingMailer();
    await deliverOutbox({ mailer, now: before(30 * DAY) });
    expect(sent).toEqual([]);
    expect(queued()[0].status).toBe("withdrawn");
  });
});

describe("an organisation lead's weekly summary", () => {
  it("is one email a week listing the organisation's expiring and recently expired learning", async () => {
    const now = before(10 * DAY);
    const organisation = createTestOrganisation({ name: "Riverside Trust" });
    const elsewhere = createTestOrganisation({ name: "Hilltop Housing" });
    const lead = await createTestMember({ name: "Lena Lead", role: "org_lead", organisationId: organisation.id });
    const quietLead = await createTestMember({ role: "org_lead", organisationId: elsewhere.id });
    const amy = await createTestMember({ name: "Amy Ash", organisationId: organisation.id });
    const ben = await createTestMember({ name: "Ben Birch", organisationId: organisation.id });
    const cal = await createTestMember({ name: "Cal Cedar", organisationId: organisation.id });
    const stranger = await createTestMember({ name: "Sid Stranger", organisationId: elsewhere.id });
    complete(amy.id, { completedAt: before(365 * DAY), expiresAt: EXPIRES });
    complete(ben.id, { completedAt: before(400 * DAY), expiresAt: new Date(now.getTime() - 5 * DAY) });
    // Expired two months ago: not in the summary.
    complete(cal.id, { completedAt: before(500 * DAY), expiresAt: new Date(now.getTime() - 60 * DAY) });
    // Another organisation's: never in this lead's summary.
    complete(stranger.id, { completedAt: before(500 * DAY), expiresAt: new Date(now.getTime() + 90 * DAY) });

    queueLapseReminders({ now });
    queueLapseReminders({ now: new Date(now.getTime() + HOUR) });
    const summaries = queued().filter((e) => e.kind === "expiry-summary");
    expect(summaries.map((e) => e.dedupeKey)).toEqual([`expiry-summary:${lead.id}:${isoWeek(now)}`]);
    const [summary] = summaries;
    expect(summary.toAddress).toBe(lead.email);
    expect(summary.subject).toBe("This week's expiring learning at Riverside Trust");
    expect(summary.body).toContain("Expiring in the next 30 days:\n- Amy Ash: Homelessness awareness, 15 March 2027");
    expect(summary.body).toContain("Expired in the last 30 days and not yet renewed:\n- Ben Birch:");
    expect(summary.body).not.toContain("Cal Cedar");
    expect(summary.body).not.toContain("Sid Stranger");
    expectUnsubscribe(summary);
    expect(queued().some((e) => e.memberId === quietLead.id)).toBe(false);

    // The next week brings the next summary.
    queueLapseReminders({ now: new Date(now.getTime() + 7 * DAY) });
    expect(queued().filter((e) => e.kind === "expiry-summary")).toHaveLength(2);
  });

  it("names ISO weeks as the standard does across a year's end", () => {
    expect(isoWeek(new Date(Date.UTC(2026, 11, 28)))).toBe("2026-W53");
    expect(isoWeek(new Date(Date.UTC(2027, 0, 3)))).toBe("2026-W53");
    expect(isoWeek(new Date(Date.UTC(2027, 0, 4)))).toBe("2027-W01");
    expect(isoWeek(new Date(Date.UTC(2024, 11, 30)))).toBe("2025-W01");
  });
});

/** Now: 1 December 2026. Tier 1 workshops held on the given days before it, with their registers. */
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
  return id;
}

async function atRiskWorld() {
  const organisation = createTestOrganisation({ name: "Riverside Trust" });
  const coordinator = await createTestMember({ role: "coordinator", now: ago(400) });
  const lead = await createTestMember({ name: "Lena Lead", role: "org_lead", organisationId: organisation.id });
  const champion = await createTestMember({
    name: "Cara Champion",
    tier: 1,
    organisationId: organisation.id,
    now: ago(400),
  });
  const steady = await createTestMember({
    name: "Sam Steady",
    tier: 1,
    organisationId: organisation.id,
    now: ago(400),
  });
  const lapsed = await createTestMember({
    name: "Lou Lapsed",
    tier: 1,
    organisationId: organisation.id,
    now: ago(400),
  });
  // Six workshops, oldest first. Cara attended the oldest and two more: three of six, and missing the next
  // would drop the oldest out, so she is at risk. Sam attended all; Lou one.
  const days = [300, 250, 200, 150, 100, 50];
  const held = days.map((d, i) =>
    hold(
      d,
      coordinator.id,
      [steady.id, ...(i === 0 || i === 2 || i === 4 ? [champion.id] : []), ...(i === 5 ? [lapsed.id] : [])],
      [...(i === 0 || i === 2 || i === 4 ? [] : [champion.id]), ...(i === 5 ? [] : [lapsed.id])],
    ),
  );
  const next = createWorkshop({
    input: testWorkshopInput({ title: "Duty to Refer in practice", startsAt: new Date(NOW.getTime() + 20 * DAY) }),
    createdBy: coordinator.id,
    now: ago(10),
  }).id;
  return { organisation, coordinator, lead, champion, steady, lapsed, newest: held[5], next };
}

describe("Tier 1 currency at risk", () => {
  it("tells the champion and their lead once, with the next Tier 1 workshops and a link to book", async () => {
    const w = await atRiskWorld();
    queueLapseReminders({ now: NOW });
    queueLapseReminders({ now: new Date(NOW.getTime() + HOUR) });
    const atRisk = queued().filter((e) => e.kind.startsWith("at-risk"));
    expect(atRisk.map((e) => e.dedupeKey)).toEqual([
      `at-risk:${w.champion.id}:${w.newest}`,
      `at-risk-lead:${w.lead.id}:${w.champion.id}:${w.newest}`,
    ]);
    const [own, toLead] = atRisk;
    expect(own.toAddress).toBe((await import("~/models/member.server")).getMember({ id: w.champion.id })!.email);
    expect(own.body).toContain("if you miss the next Tier 1 workshop your currency will lapse");
    expect(own.body).toContain("Duty to Refer in practice");
    expect(own.body).toContain(`/workshops/${w.next}`);
    expect(toLead.body).toContain("Cara Champion is a current Tier 1 champion in your organisation");
    expect(toLead.body).toContain(`/workshops/${w.next}`);
    for (const email of atRisk) expectUnsubscribe(email);
    expect(atRisk.some((e) => e.body.includes("Sam Steady") || e.body.includes("Lou Lapsed"))).toBe(false);
  });

  it("stops once the champion books: queued ones are withdrawn, and no new ones are queued", async () => {
    const w = await atRiskWorld();
    queueLapseReminders({ now: NOW });
    getDb()
      .insert(bookings)
      .values({ workshopId: w.next, memberId: w.champion.id, status: "booked", createdAt: NOW, updatedAt: NOW })
      .run();
    const { sent, mailer } = recordingMailer();
    await deliverOutbox({ mailer, now: NOW });
    expect(sent).toEqual([]);
    expect(queued().map((e) => e.status)).toEqual(["withdrawn", "withdrawn"]);
    getDb().delete(outbox).run();
    queueLapseReminders({ now: new Date(NOW.getTime() + HOUR) });
    expect(queued()).toEqual([]);
  });

  it("honours the champion's and the lead's own choices", async () => {
    const w = await atRiskWorld();
    setEmailPreferences({ memberId: w.champion.id, preferences: { reminders: false }, via: "account" });
    queueLapseReminders({ now: NOW });
    expect(keys()).toEqual([`at-risk-lead:${w.lead.id}:${w.champion.id}:${w.newest}`]);
    setEmailPreferences({ memberId: w.lead.id, preferences: { reminders: false }, via: "account" });
    const { sent, mailer } = recordingMailer();
    await deliverOutbox({ mailer, now: NOW });
    expect(sent).toEqual([]);
    expect(queued()[0].status).toBe("withdrawn");
  });
});

describe("once per event across processes", () => {
  it("queues each reminder once when two processes run the job at the same moment, twice each", async () => {
    const w = await atRiskWorld();
    const completionId = complete(w.steady.id, {
      completedAt: new Date(NOW.getTime() - 335 * DAY),
      expiresAt: new Date(NOW.getTime() + 30 * DAY),
    });
    const run = () => {
      const worker = forkWorker("reminder-worker.ts");
      const done = new Promise<unknown>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("exit", (code) => (code ? reject(new Error(worker.errorOutput())) : undefined));
      });
      return { worker, done };
    };
    const workers = [run(), run()];
    const job = { databaseUrl: process.env.DATABASE_URL!, now: NOW.getTime(), runs: 2 };
    for (const { worker } of workers) worker.send(job);
    await Promise.all(workers.map((w) => w.done));
    const all = keys();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(
      [
        `at-risk:${w.champion.id}:${w.newest}`,
        `at-risk-lead:${w.lead.id}:${w.champion.id}:${w.newest}`,
        `expiry-30:${completionId}`,
        `expiry-summary:${w.lead.id}:${isoWeek(NOW)}`,
      ].sort(),
    );
  }, 60_000);
});
