import { and, asc, count, desc, eq, gt, lt, lte, notInArray, sql } from "drizzle-orm";
import { extraHeaderFields, headerText } from "~/lib/email/headers";
import { outbox, type EmailStatus } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

export type QueuedEmail = {
  dedupeKey: string;
  memberId: number | null;
  to: string;
  subject: string;
  body: string;
  kind: string;
  /** Extra header fields, such as List-Unsubscribe (unsubscribeHeaders in app/lib/email/unsubscribe.server.ts). */
  headers?: Record<string, string>;
  /** An invitation calendars accept: the iCalendar text and its METHOD, sent as an inline text/calendar part. */
  calendar?: { method: "REQUEST" | "CANCEL"; ics: string };
  /** Bulk mail (the monthly digest, coordinator messages): sent only when no other email is due. */
  bulk?: boolean;
  /** When it is queued (and first due): now when not given. */
  now?: Date;
};

/** The extra header fields an outbox row holds; none when it holds none (or they were cleared). */
export function storedHeaders(headers: string | null): Record<string, string> {
  if (!headers) return {};
  const parsed: unknown = JSON.parse(headers);
  if (typeof parsed !== "object" || parsed === null) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/**
 * Adds an email to the outbox, in the caller's transaction. An email with the
 * same dedupe key is queued only once, so retries and reruns never send twice.
 * The subject is kept to one line of text (see headerText).
 */
export function queueEmail(email: QueuedEmail, db: Db = getDb()) {
  db.insert(outbox).values(outboxRow(email)).onConflictDoNothing().run();
}

/** Rows per INSERT in queueEmails: well within SQLite's limit on bound values. */
const ROWS_PER_INSERT = 500;

/**
 * Many emails at once (a batch of the monthly digest or of a coordinator's
 * message), in the caller's transaction: as queueEmail, each dedupe key once,
 * a few hundred rows to a statement.
 */
export function queueEmails(emails: QueuedEmail[], db: Db = getDb()) {
  for (let start = 0; start < emails.length; start += ROWS_PER_INSERT) {
    db.insert(outbox)
      .values(emails.slice(start, start + ROWS_PER_INSERT).map(outboxRow))
      .onConflictDoNothing()
      .run();
  }
}

function outboxRow(email: QueuedEmail) {
  const { now = new Date() } = email;
  return {
    dedupeKey: email.dedupeKey,
    memberId: email.memberId,
    toAddress: email.to.trim(),
    subject: headerText(email.subject),
    body: email.body,
    kind: email.kind,
    // Checked as the mailer checks them, so a field it would refuse is found where it is written, not when sent.
    headers:
      email.headers && Object.keys(email.headers).length > 0 ? JSON.stringify(extraHeaderFields(email.headers)) : null,
    calendar: email.calendar?.ics ?? null,
    calendarMethod: email.calendar?.method ?? null,
    priority: email.bulk ? 1 : 0,
    status: "pending" as const,
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** Whether an email with this dedupe key was ever queued. */
export function emailWasQueued({ dedupeKey }: { dedupeKey: string }, db: Db = getDb()) {
  return db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get() !== undefined;
}

/**
 * The next emails to send: one person's emails (bookings, account security) before bulk mail (a month's
 * digest, a message to the whole network), so 100,000 digests queued at once never hold up a booking
 * confirmation; within each, the longest due first (read in that order from outbox_status_priority_next_idx).
 */
export function listDueEmails({ now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}, db: Db = getDb()) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.priority), asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all();
}

/**
 * How long a sender holds an email it has claimed. The SMTP timeouts in the
 * mailer end every send well before this; a lease that runs out means the
 * sender died between claiming and recording the outcome.
 */
export const SEND_LEASE_MS = 15 * 60 * 1000;

export const MAX_ATTEMPTS = 6;

/**
 * Claims a pending email for one sender: it moves to `sending` with a lease
 * that ends at `nextAttemptAt`. Only one sender can claim it; the lease's end
 * is returned and names this claim when the outcome is recorded. Null when
 * someone else claimed it first or it is not due.
 */
export function claimEmail({ id, now = new Date() }: { id: number; now?: Date }, db: Db = getDb()) {
  const leaseEndsAt = new Date(now.getTime() + SEND_LEASE_MS);
  const claimed = db
    .update(outbox)
    .set({ status: "sending", nextAttemptAt: leaseEndsAt })
    .where(and(eq(outbox.id, id), eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .run();
  return claimed.changes === 1 ? leaseEndsAt : null;
}

/** This claim, and only while no one else has taken the email over. */
function heldLease(id: number, leaseEndsAt: Date) {
  return and(eq(outbox.id, id), eq(outbox.status, "sending"), eq(outbox.nextAttemptAt, leaseEndsAt));
}

/**
 * Links whose last part is a secret that opens something: an invitation and a
 * password reset (each sets a password), a directory confirmation, an email
 * address change's confirmation and its "this wasn't me" report. An email
 * that sends a new kind of secret link adds its path here.
 */
const SECRET_LINK =
  /(\/(?:invite|reset-password|directory\/confirm|email-change\/confirm|email-change\/report|prevention\/outcome\/\d+)\/)[A-Za-z0-9_-]+/g;

/** What a secret link's secret becomes in the copy kept once the email is sent. */
export const REMOVED_SECRET = "[removed once sent]";

/** The email's text with each secret link's secret removed; the rest of the link shows what it was for. */
export function withoutSecretLinks(body: string) {
  return body.replace(SECRET_LINK, `$1${REMOVED_SECRET}`);
}

/**
 * Marks a claimed email sent: called only after the SMTP server has accepted
 * it. The copy kept in the outbox loses its secret links at the same moment:
 * the recipient has them, and a copy of the database should open nothing.
 */
export function markEmailSent(
  { id, leaseEndsAt, now = new Date() }: { id: number; leaseEndsAt: Date; now?: Date },
  db: Db = getDb(),
) {
  const email = db.select({ body: outbox.body }).from(outbox).where(heldLease(id, leaseEndsAt)).get();
  if (!email) return;
  db.update(outbox)
    .set({ status: "sent", sentAt: now, lastError: null, body: withoutSecretLinks(email.body) })
    .where(heldLease(id, leaseEndsAt))
    .run();
}

function backoffMs(attempts: number) {
  return Math.min(60 * 60 * 1000, 30_000 * 2 ** attempts);
}

/** Puts a claimed email back with a back-off, or marks it failed after the last attempt. */
export function recordSendFailure(
  {
    id,
    leaseEndsAt,
    attempts,
    error,
    now = new Date(),
  }: { id: number; leaseEndsAt: Date; attempts: number; error: string; now?: Date },
  db: Db = getDb(),
) {
  const next = attempts + 1;
  db.update(outbox)
    .set({
      status: next >= MAX_ATTEMPTS ? "failed" : "pending",
      attempts: next,
      lastError: error.slice(0, 500),
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
    })
    .where(heldLease(id, leaseEndsAt))
    .run();
}

/**
 * An email whose lease ran out was claimed by a sender that stopped (a crash,
 * a kill) before recording whether the SMTP server accepted it. It counts as a
 * failed attempt and is due again at once, or failed after the last attempt.
 */
export function releaseLapsedLeases({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return db
    .update(outbox)
    .set({
      status: sql`case when ${outbox.attempts} + 1 >= ${MAX_ATTEMPTS} then 'failed' else 'pending' end`,
      attempts: sql`${outbox.attempts} + 1`,
      lastError: "The sender stopped before recording whether the SMTP server accepted it.",
    })
    .where(and(eq(outbox.status, "sending"), lte(outbox.nextAttemptAt, now)))
    .run().changes;
}

/**
 * How long the text of an email is kept once nothing more will be done with
 * it (sent, failed, or kept for reading without SMTP), counted from when it
 * was queued. Long enough for a coordinator to look into "I never got it";
 * after that the row keeps who it went to, its subject, kind and outcome
 * (the dedupe key stops it being queued again), and its text is cleared.
 */
export const EMAIL_TEXT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Clears the text of finished emails older than the retention period; returns how many. */
export function clearExpiredEmailText({ now = new Date() }: { now?: Date } = {}, db: Db = getDb()) {
  return db
    .update(outbox)
    .set({ body: "", headers: null, calendar: null })
    .where(
      and(
        // Written as the partial index outbox_text_created_idx's condition, so only emails still holding text are
        // read; the status is a NOT IN so the planner does not prefer the status index, which holds every sent email.
        sql`${outbox.body} <> ''`,
        lt(outbox.createdAt, new Date(now.getTime() - EMAIL_TEXT_RETENTION_MS)),
        notInArray(outbox.status, ["pending", "sending"]),
      ),
    )
    .run().changes;
}

/** A claimed reminder that no longer applies is withdrawn: it is never sent, and its key stops it being queued again. */
export function withdrawEmail({ id, leaseEndsAt }: { id: number; leaseEndsAt: Date }, db: Db = getDb()) {
  db.update(outbox).set({ status: "withdrawn" }).where(heldLease(id, leaseEndsAt)).run();
}

/** Without SMTP the email stays in the outbox for the coordinator to read. */
export function keepEmail({ id, leaseEndsAt }: { id: number; leaseEndsAt: Date }, db: Db = getDb()) {
  db.update(outbox).set({ status: "kept" }).where(heldLease(id, leaseEndsAt)).run();
}

export function listOutbox({ status, limit = 200 }: { status?: EmailStatus; limit?: number } = {}, db: Db = getDb()) {
  return db
    .select()
    .from(outbox)
    .where(status ? eq(outbox.status, status) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit)
    .all();
}

/**
 * Emails the coordinator should look at: failed (every attempt used) and
 * waiting to be tried again after a failed attempt.
 */
export function countUndeliveredEmails(db: Db = getDb()) {
  const failed = db.select({ n: count() }).from(outbox).where(eq(outbox.status, "failed")).get()?.n ?? 0;
  const retrying =
    db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), gt(outbox.attempts, 0)))
      .get()?.n ?? 0;
  return { failed, retrying };
}
