import { and, asc, desc, eq, lte } from "drizzle-orm";
import { outbox, type EmailStatus } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

export type QueuedEmail = {
  dedupeKey: string;
  memberId: number | null;
  to: string;
  subject: string;
  body: string;
  kind: string;
};

/**
 * Adds an email to the outbox, in the caller's transaction. An email with the
 * same dedupe key is queued only once, so retries and reruns never send twice.
 */
export function queueEmail(email: QueuedEmail, db: Db = getDb(), now: Date = new Date()) {
  db.insert(outbox)
    .values({
      dedupeKey: email.dedupeKey,
      memberId: email.memberId,
      toAddress: email.to,
      subject: email.subject,
      body: email.body,
      kind: email.kind,
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing()
    .run();
}

export function listDueEmails({ now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}, db: Db = getDb()) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all();
}

/** Claims an email for sending: only one sender can move it out of pending. */
export function claimEmail({ id, now = new Date() }: { id: number; now?: Date }, db: Db = getDb()) {
  const claimed = db
    .update(outbox)
    .set({ status: "sent", sentAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.status, "pending")))
    .run();
  return claimed.changes === 1;
}

export const MAX_ATTEMPTS = 6;

/** Puts a claimed email back with a back-off, or marks it failed after the last attempt. */
export function recordSendFailure(
  { id, attempts, error, now = new Date() }: { id: number; attempts: number; error: string; now?: Date },
  db: Db = getDb(),
) {
  const next = attempts + 1;
  const backoffMs = Math.min(60 * 60 * 1000, 30_000 * 2 ** attempts);
  db.update(outbox)
    .set({
      status: next >= MAX_ATTEMPTS ? "failed" : "pending",
      attempts: next,
      lastError: error.slice(0, 500),
      sentAt: null,
      nextAttemptAt: new Date(now.getTime() + backoffMs),
    })
    .where(eq(outbox.id, id))
    .run();
}

/** Without SMTP the email stays in the outbox for the coordinator to read. */
export function keepEmail({ id }: { id: number }, db: Db = getDb()) {
  db.update(outbox).set({ status: "kept", sentAt: null }).where(eq(outbox.id, id)).run();
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

