import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { emailChanges, members } from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { accountEmails } from "~/lib/email/account-emails";
import { newLinkToken, sameDigest, tokenDigest } from "~/lib/tokens.server";
import { recordAudit, withAudit } from "./audit.server";
import { memberEmailExists, normaliseEmail } from "./member.server";
import { queueEmail } from "./outbox.server";
import { deleteMemberSessions } from "./session.server";

/** The link sent to the new address works once, for this long. */
export const EMAIL_CHANGE_VALID_MS = 24 * 60 * 60 * 1000;
/** The "this wasn't me" link sent to the old address works once, for this long. */
export const EMAIL_CHANGE_REPORT_VALID_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A member asks to move their account to a new address. Nothing changes yet:
 * the new address is sent a confirmation link, the old one a "this wasn't me"
 * link, and any earlier request still waiting is cancelled. An address another
 * member (or this one) already has is refused, naming nobody.
 */
export function requestEmailChange(
  { memberId, newEmail, now = new Date() }: { memberId: number; newEmail: string; now?: Date },
  db: Db = getDb(),
) {
  const email = normaliseEmail(newEmail);
  return inTransaction((tx) => {
    const member = tx
      .select({ name: members.name, email: members.email })
      .from(members)
      .where(eq(members.id, memberId))
      .get();
    if (!member) return { outcome: "no-member" as const };
    if (member.email === email) return { outcome: "same" as const };
    if (memberEmailExists({ email }, tx)) return { outcome: "taken" as const };
    tx.update(emailChanges)
      .set({ cancelledAt: now })
      .where(
        and(eq(emailChanges.memberId, memberId), isNull(emailChanges.confirmedAt), isNull(emailChanges.cancelledAt)),
      )
      .run();
    const token = newLinkToken();
    const reportToken = newLinkToken();
    const change = tx
      .insert(emailChanges)
      .values({
        memberId,
        oldEmail: member.email,
        newEmail: email,
        tokenHash: tokenDigest(token),
        reportTokenHash: tokenDigest(reportToken),
        expiresAt: new Date(now.getTime() + EMAIL_CHANGE_VALID_MS),
        createdAt: now,
      })
      .returning({ id: emailChanges.id })
      .get();
    queueEmail(
      {
        dedupeKey: `email-change-confirm:${change.id}`,
        memberId,
        to: email,
        kind: "email-change-confirm",
        ...accountEmails.confirmNewEmail(member.name, token),
        now,
      },
      tx,
    );
    queueEmail(
      {
        dedupeKey: `email-change-notice:${change.id}`,
        memberId,
        to: member.email,
        kind: "email-change-notice",
        ...accountEmails.emailChangeRequested(member.name, email, reportToken),
        now,
      },
      tx,
    );
    return { outcome: "sent" as const, token, reportToken };
  }, db);
}

export type EmailChangeLinkState =
  | { state: "valid"; id: number; memberId: number; newEmail: string }
  | { state: "expired" | "used" | "cancelled"; memberId: number }
  | { state: "unknown" };

/** What a confirmation link is now: usable, expired, used, cancelled (a newer request or a report), or not one we sent. */
export function checkEmailChange(
  { token, now = new Date() }: { token: string; now?: Date },
  db: Db = getDb(),
): EmailChangeLinkState {
  const digest = tokenDigest(token);
  const row = db.select().from(emailChanges).where(eq(emailChanges.tokenHash, digest)).get();
  if (!row || !sameDigest(row.tokenHash, digest)) return { state: "unknown" };
  if (row.confirmedAt) return { state: "used", memberId: row.memberId };
  if (row.cancelledAt) return { state: "cancelled", memberId: row.memberId };
  if (row.expiresAt <= now) return { state: "expired", memberId: row.memberId };
  return { state: "valid", id: row.id, memberId: row.memberId, newEmail: row.newEmail };
}

/**
 * Uses a confirmation link once: the member's address becomes the new one,
 * audited. Refused (nothing changes) when the address has been taken since.
 */
export function confirmEmailChange({ token, now = new Date() }: { token: string; now?: Date }, db: Db = getDb()) {
  return inTransaction((tx) => {
    const link = checkEmailChange({ token, now }, tx);
    if (link.state !== "valid") return { outcome: link.state };
    if (memberEmailExists({ email: link.newEmail }, tx)) return { outcome: "taken" as const };
    const member = tx
      .select({ name: members.name, email: members.email, status: members.status })
      .from(members)
      .where(eq(members.id, link.memberId))
      .get();
    if (!member || member.status !== "active") return { outcome: "expired" as const };
    withAudit(
      (audited) => {
        audited.update(emailChanges).set({ confirmedAt: now }).where(eq(emailChanges.id, link.id)).run();
        audited
          .update(members)
          .set({ email: link.newEmail, updatedAt: now })
          .where(eq(members.id, link.memberId))
          .run();
      },
      () => ({
        actorId: link.memberId,
        action: "member.email-changed",
        entityType: "member",
        entityId: link.memberId,
        summary: `${member.name} confirmed a new email address`,
        before: { email: member.email },
        after: { email: link.newEmail },
        now,
      }),
      tx,
    );
    return { outcome: "changed" as const, memberId: link.memberId };
  }, db);
}

/**
 * The old address says "this wasn't me": the request is cancelled if it is
 * still waiting, the member is signed out everywhere, and the report is kept
 * for the coordinator (the member's record and the audit log). Works once.
 */
export function reportEmailChange({ token, now = new Date() }: { token: string; now?: Date }, db: Db = getDb()) {
  const digest = tokenDigest(token);
  return inTransaction((tx) => {
    const row = tx.select().from(emailChanges).where(eq(emailChanges.reportTokenHash, digest)).get();
    if (!row || !sameDigest(row.reportTokenHash, digest)) return { outcome: "unknown" as const };
    if (row.reportedAt) return { outcome: "used" as const };
    if (row.createdAt.getTime() + EMAIL_CHANGE_REPORT_VALID_MS <= now.getTime()) return { outcome: "expired" as const };
    const member = tx.select({ name: members.name }).from(members).where(eq(members.id, row.memberId)).get();
    const stopped = !row.confirmedAt && !row.cancelledAt;
    tx.update(emailChanges)
      .set({ reportedAt: now, ...(stopped ? { cancelledAt: now } : {}) })
      .where(eq(emailChanges.id, row.id))
      .run();
    deleteMemberSessions({ memberId: row.memberId }, tx);
    recordAudit(
      {
        actorId: row.memberId,
        action: "member.email-change-reported",
        entityType: "member",
        entityId: row.memberId,
        summary: `${member?.name ?? "A member"} said they did not ask for a change of email address${row.confirmedAt ? " (it had already been confirmed)" : " (it was stopped)"}`,
        before: { email: row.oldEmail },
        after: { email: row.newEmail, confirmed: !!row.confirmedAt },
        now,
      },
      tx,
    );
    return { outcome: "reported" as const, confirmed: !!row.confirmedAt };
  }, db);
}

/** "This wasn't me" reports about a member's email address, newest first, for their record. */
export function listEmailChangeReports({ memberId }: { memberId: number }, db: Db = getDb()) {
  return db
    .select({
      id: emailChanges.id,
      oldEmail: emailChanges.oldEmail,
      newEmail: emailChanges.newEmail,
      reportedAt: emailChanges.reportedAt,
      confirmedAt: emailChanges.confirmedAt,
    })
    .from(emailChanges)
    .where(and(eq(emailChanges.memberId, memberId), isNotNull(emailChanges.reportedAt)))
    .orderBy(desc(emailChanges.reportedAt))
    .all();
}

/** The change a member is waiting on (sent, not yet confirmed, not expired), for My account. */
export function findPendingEmailChange(
  { memberId, now = new Date() }: { memberId: number; now?: Date },
  db: Db = getDb(),
) {
  const row = db
    .select({ newEmail: emailChanges.newEmail, expiresAt: emailChanges.expiresAt })
    .from(emailChanges)
    .where(and(eq(emailChanges.memberId, memberId), isNull(emailChanges.confirmedAt), isNull(emailChanges.cancelledAt)))
    .orderBy(desc(emailChanges.createdAt))
    .get();
  return row && row.expiresAt > now ? row : null;
}

/** Whether a "this wasn't me" link can still be used. */
export function checkEmailChangeReport({ token, now = new Date() }: { token: string; now?: Date }, db: Db = getDb()) {
  const digest = tokenDigest(token);
  const row = db
    .select({
      reportTokenHash: emailChanges.reportTokenHash,
      reportedAt: emailChanges.reportedAt,
      createdAt: emailChanges.createdAt,
    })
    .from(emailChanges)
    .where(eq(emailChanges.reportTokenHash, digest))
    .get();
  if (!row || !sameDigest(row.reportTokenHash, digest)) return "unknown" as const;
  if (row.reportedAt) return "used" as const;
  if (row.createdAt.getTime() + EMAIL_CHANGE_REPORT_VALID_MS <= now.getTime()) return "expired" as const;
  return "valid" as const;
}
