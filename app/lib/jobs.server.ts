import { createHash } from "node:crypto";
import { getDb, optimizeDatabase, type Db } from "./db.server";
import { createMailer, FROM_ADDRESS, type Mailer } from "./email/mailer.server";
import { logError } from "./log.server";
import { queueLapseReminders, reminderStillApplies } from "./reminders.server";
import { queuePreventionFollowUps } from "./prevention-follow-up.server";
import { emails, workshopFacts } from "./email/templates";
import {
  claimEmail,
  clearExpiredEmailText,
  emailWasQueued,
  keepEmail,
  listDueEmails,
  markEmailSent,
  queueEmail,
  recordSendFailure,
  releaseLapsedLeases,
  storedHeaders,
  withdrawEmail,
} from "~/models/outbox.server";
import { issueConfirmToken, listContactsDueForConfirmation } from "~/models/contact.server";
import { deleteExpiredSessions } from "~/models/session.server";
import { listBookedStartingBetween, type WorkshopRecipient } from "~/models/booking.server";
import { listAttendedEndingBetween } from "~/models/feedback.server";
import { listLeadsOfMembersOrganisation } from "~/models/member.server";
import { queueToolkitReviewReminders } from "~/models/toolkit.server";
import { queueMonthlyDigest } from "~/models/digest.server";
import { detectChampionGaps, lapseHeldPlaces } from "~/models/succession.server";

const DAY = 24 * 60 * 60 * 1000;

/** Queues one email per recipient, once each: the dedupe key names the kind, the workshop and the member. */
function queueWorkshopEmails(
  recipients: WorkshopRecipient[],
  kind: "reminder" | "feedback-request",
  write: (name: string, facts: ReturnType<typeof workshopFacts>) => { subject: string; body: string },
  now: Date,
  db: Db,
) {
  for (const r of recipients) {
    const { subject, body } = write(r.name, workshopFacts(r.workshop));
    queueEmail(
      {
        dedupeKey: `${kind}:${r.workshop.id}:${r.memberId}`,
        memberId: r.memberId,
        to: r.email,
        subject,
        body,
        kind,
        now,
      },
      db,
    );
  }
  return recipients.length;
}

/** Queues a reminder for everyone booked on a workshop starting in the next two days (once each). */
export function queueReminders({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return queueWorkshopEmails(
    listBookedStartingBetween({ from: now, to: new Date(now.getTime() + 2 * DAY) }, db),
    "reminder",
    emails.reminder,
    now,
    db,
  );
}

/** Asks everyone marked as attended at a workshop that ended in the last fortnight for feedback (once each). */
export function queueFeedbackRequests({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return queueWorkshopEmails(
    listAttendedEndingBetween({ from: new Date(now.getTime() - 14 * DAY), to: now }, db),
    "feedback-request",
    emails.feedbackRequest,
    now,
    db,
  );
}

/**
 * Six months after a contact last confirmed their details, emails them a
 * one-click link to confirm, and tells their organisation lead. Once per
 * confirmation period: confirming starts a new one.
 */
export function queueContactConfirmations({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  const due = listContactsDueForConfirmation({ now }, db);
  for (const contact of due) {
    const period = contact.lastConfirmedAt.getTime();
    const key = `reconfirm:${contact.id}:${period}`;
    if (emailWasQueued({ dedupeKey: key }, db)) continue;
    const token = issueConfirmToken({ contactId: contact.id }, db);
    queueEmail(
      {
        dedupeKey: key,
        memberId: contact.memberId,
        to: contact.email,
        ...emails.contactConfirmation(contact.name, token),
        kind: "reconfirm",
        now,
      },
      db,
    );
    for (const lead of listLeadsOfMembersOrganisation({ memberId: contact.memberId }, db)) {
      queueEmail(
        {
          dedupeKey: `stale-to-lead:${contact.id}:${period}:${lead.id}`,
          memberId: lead.id,
          to: lead.email,
          ...emails.staleContactToLead(lead.name, contact.name),
          kind: "stale-to-lead",
          now,
        },
        db,
      );
    }
  }
  return due.length;
}

/**
 * Sends what is due. Each email is claimed with a lease before sending, so two
 * senders never send it at the same time, and it is marked sent only once the
 * SMTP server has accepted it. A refusal goes back with a growing delay; an
 * email whose sender died mid-send is sent again once the lease has run out.
 * Without a mailer (no SMTP_URL) emails are kept in the outbox to read in the app.
 */
export async function deliverOutbox(
  { mailer, now = new Date() }: { mailer: Mailer | null; now?: Date },
  db: Db = getDb(),
) {
  // The caller's clock, moved on by the time the sends themselves take, so each lease starts when its send does.
  const started = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - started));
  releaseLapsedLeases({ now }, db);
  let sent = 0;
  let failed = 0;
  for (const email of listDueEmails({ now }, db)) {
    const leaseEndsAt = claimEmail({ id: email.id, now: clock() }, db);
    if (!leaseEndsAt) continue;
    // A reminder that no longer applies (renewed, booked, turned off) is withdrawn, never sent.
    if (!reminderStillApplies(email, clock(), db)) {
      withdrawEmail({ id: email.id, leaseEndsAt }, db);
      continue;
    }
    if (!mailer) {
      keepEmail({ id: email.id, leaseEndsAt }, db);
      continue;
    }
    try {
      await mailer.send({
        to: email.toAddress,
        subject: email.subject,
        text: email.body,
        messageId: messageIdFor(email),
        headers: storedHeaders(email.headers),
        calendar:
          email.calendar && email.calendarMethod ? { method: email.calendarMethod, ics: email.calendar } : undefined,
      });
    } catch (error) {
      recordSendFailure(
        { id: email.id, leaseEndsAt, attempts: email.attempts, error: (error as Error).message, now: clock() },
        db,
      );
      failed += 1;
      continue;
    }
    markEmailSent({ id: email.id, leaseEndsAt, now: clock() }, db);
    sent += 1;
  }
  return { sent, failed };
}

/**
 * The same Message-ID on every attempt at one email, so a mail system that
 * receives it twice (the sender died after the SMTP server accepted it but
 * before the outbox recorded that) can tell it is the same message.
 */
function messageIdFor(email: { id: number; dedupeKey: string }) {
  const digest = createHash("sha256").update(email.dedupeKey).digest("hex").slice(0, 24);
  const domain = /@([^>\s]+)>?\s*$/.exec(FROM_ADDRESS)?.[1] ?? "champions-network.invalid";
  return `<${email.id}.${digest}@${domain}>`;
}

export async function runJobs(
  { now = new Date(), mailer = createMailer() }: { now?: Date; mailer?: Mailer | null } = {},
  db: Db = getDb(),
) {
  const reminders = queueReminders({ now }, db);
  const feedbackRequests = queueFeedbackRequests({ now }, db);
  const confirmations = queueContactConfirmations({ now }, db);
  // Owners of toolkit cards whose review date has come: once per card and review date.
  const toolkitReviews = queueToolkitReviewReminders({ now }, db);
  // Reminders before learning or Tier 1 currency lapses, once per event (app/lib/reminders.server.ts).
  queueLapseReminders({ now }, db);
  const prevention = queuePreventionFollowUps({ now }, db);
  // Held workshop places not taken up by the cut-off lapse; organisations without a current champion get a gap.
  const lapsedHolds = lapseHeldPlaces({ now }, db);
  const gaps = detectChampionGaps({ now }, db);
  // On the month's set day, a digest for every member with it on (resumes where a restart stopped it).
  const digest = await queueMonthlyDigest({ now }, db);
  const delivery = await deliverOutbox({ mailer, now }, db);
  // Sessions past their idle or absolute limit: a lookup already refuses them, this removes the rows.
  const expiredSessions = deleteExpiredSessions({ now }, db);
  // Finished emails lose their text 30 days after they were queued (sent ones lost their secret links when sent).
  const clearedEmailTexts = clearExpiredEmailText({ now }, db);
  // Planner statistics follow the data: usually a no-op, an ANALYZE of a table that has grown many times over.
  optimizeDatabase(db);
  return {
    reminders,
    feedbackRequests,
    confirmations,
    toolkitReviews,
    preventionFollowUps: prevention.followUps,
    preventionReminders: prevention.reminders,
    digestsQueued: digest.queued,
    lapsedHolds,
    gapsOpened: gaps.opened,
    gapsClosed: gaps.closed,
    expiredSessions,
    clearedEmailTexts,
    ...delivery,
  };
}

/** Runs the jobs every `intervalMs` in the server process; a failed run is logged and retried next time. */
export function startJobScheduler(intervalMs = 15_000) {
  const mailer = createMailer();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runJobs({ mailer });
    } catch (error) {
      logError("jobs-failed", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
