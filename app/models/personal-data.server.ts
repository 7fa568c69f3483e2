import { randomBytes } from "node:crypto";
import { and, eq, or, sql } from "drizzle-orm";
import {
  attendance,
  auditEvents,
  bookings,
  calendarFeeds,
  checkAttempts,
  completions,
  contacts,
  directoryAccessLog,
  invitations,
  lessonProgress,
  members,
  organisations,
  outbox,
  sessions,
  signInAttempts,
  topicProposals,
  topicSupports,
  workshopFeedback,
} from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { getContactRecord } from "./contact.server";
import { accountKeyFor } from "./sign-in-attempt.server";

/** Everything held about one member, for their subject access download (UK GDPR Article 15). */
export function exportPersonalData({ memberId }: { memberId: number }, db: Db = getDb()) {
  const member = db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      jobTitle: members.jobTitle,
      organisation: organisations.name,
      otherOrganisationName: members.otherOrganisationName,
      role: members.role,
      tier: members.tier,
      status: members.status,
      createdAt: members.createdAt,
      updatedAt: members.updatedAt,
      deactivatedAt: members.deactivatedAt,
    })
    .from(members)
    .leftJoin(organisations, eq(organisations.id, members.organisationId))
    .where(eq(members.id, memberId))
    .get();
  if (!member) return undefined;
  const contactId = db.select({ id: contacts.id }).from(contacts).where(eq(contacts.memberId, memberId)).get()?.id;
  const contact = contactId ? getContactRecord({ contactId }, db) : undefined;
  return {
    exportedAt: new Date().toISOString(),
    explanation: "Everything Champions Network holds about you. Times are in UTC.",
    member,
    learning: {
      lessonsRead: db.select().from(lessonProgress).where(eq(lessonProgress.memberId, memberId)).all(),
      knowledgeCheckAttempts: db
        .select()
        .from(checkAttempts)
        .where(eq(checkAttempts.memberId, memberId))
        .all()
        .map(({ submissionToken: _t, ...a }) => ({ ...a, answers: JSON.parse(a.answers) })),
      completions: db.select().from(completions).where(eq(completions.memberId, memberId)).all(),
    },
    workshops: {
      bookings: db.select().from(bookings).where(eq(bookings.memberId, memberId)).all(),
      attendance: db.select().from(attendance).where(eq(attendance.memberId, memberId)).all(),
      feedback: db.select().from(workshopFeedback).where(eq(workshopFeedback.memberId, memberId)).all(),
      topicsProposed: db.select().from(topicProposals).where(eq(topicProposals.proposedBy, memberId)).all(),
      topicsSupported: db.select().from(topicSupports).where(eq(topicSupports.memberId, memberId)).all(),
      calendarFeed: db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.memberId, memberId)).get() ?? null,
    },
    directory: contact
      ? {
          entry: { ...contact, confirmToken: undefined },
          viewsOfYourEntry: db
            .select({ viewerId: directoryAccessLog.viewerId, action: directoryAccessLog.action, at: directoryAccessLog.createdAt })
            .from(directoryAccessLog)
            .where(eq(directoryAccessLog.contactId, contact.id))
            .all(),
        }
      : null,
    emails: db
      .select({ subject: outbox.subject, body: outbox.body, status: outbox.status, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
      .from(outbox)
      .where(eq(outbox.memberId, memberId))
      .all(),
    changesByStaff: db
      .select({ action: auditEvents.action, summary: auditEvents.summary, at: auditEvents.createdAt })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "member"), eq(auditEvents.entityId, String(memberId))))
      .all(),
  };
}

export const ERASED_NAME = "Erased member";

/**
 * Erasure on request (UK GDPR Article 17): personal details are removed or
 * anonymised everywhere, including the search index and the outbox; the
 * training and attendance rows stay, unnamed, so aggregate statistics hold.
 */
export function eraseMember({ memberId, now = new Date() }: { memberId: number; now?: Date }, db: Db = getDb()) {
  return inTransaction((tx) => {
    const member = tx.select().from(members).where(eq(members.id, memberId)).get();
    if (!member) return null;
    const name = member.name;
    const email = member.email;
    const contactId = tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.memberId, memberId)).get()?.id;
    if (contactId) {
      tx.run(sql`DELETE FROM contacts_fts WHERE rowid = ${contactId}`);
      tx.run(sql`UPDATE district_referral_details SET duty_to_refer_contact_id = NULL WHERE duty_to_refer_contact_id = ${contactId}`);
      tx.run(sql`UPDATE district_referral_details SET deputy_contact_id = NULL WHERE deputy_contact_id = ${contactId}`);
      tx.run(sql`DELETE FROM contact_districts WHERE contact_id = ${contactId}`);
      tx.run(sql`DELETE FROM contact_specialisms WHERE contact_id = ${contactId}`);
      tx.delete(directoryAccessLog).where(eq(directoryAccessLog.contactId, contactId)).run();
      tx.delete(contacts).where(eq(contacts.id, contactId)).run();
      // Merge the index so the deleted row's terms are gone from its segments, not just marked deleted.
      tx.run(sql`INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')`);
    }
    tx.delete(sessions).where(eq(sessions.memberId, memberId)).run();
    tx.delete(calendarFeeds).where(eq(calendarFeeds.memberId, memberId)).run();
    tx.delete(invitations).where(eq(invitations.memberId, memberId)).run();
    tx.delete(signInAttempts).where(eq(signInAttempts.accountKey, accountKeyFor(email))).run();
    tx.update(members)
      .set({
        name: ERASED_NAME,
        email: `erased-${memberId}-${randomBytes(6).toString("hex")}@erased.invalid`,
        jobTitle: "",
        otherOrganisationName: null,
        passwordHash: `erased:${randomBytes(16).toString("hex")}`,
        status: "deactivated",
        deactivatedAt: member.deactivatedAt ?? now,
        updatedAt: now,
      })
      .where(eq(members.id, memberId))
      .run();
    // Certificates keep their module and date (so statistics and verification still count them) but no name.
    tx.update(completions).set({ learnerName: ERASED_NAME, organisationName: null }).where(eq(completions.memberId, memberId)).run();
    tx.update(workshopFeedback).set({ mostUseful: "" }).where(eq(workshopFeedback.memberId, memberId)).run();
    tx.update(outbox)
      .set({ toAddress: "erased@erased.invalid", subject: "(erased)", body: "(erased)", status: sql`CASE WHEN ${outbox.status} = 'pending' THEN 'failed' ELSE ${outbox.status} END` })
      .where(or(eq(outbox.memberId, memberId), eq(outbox.toAddress, email)))
      .run();
    // Other people's emails and the audit log may mention them by name.
    const mention = `%${name}%`;
    tx.run(sql`UPDATE outbox SET body = replace(body, ${name}, ${ERASED_NAME}), subject = replace(subject, ${name}, ${ERASED_NAME}) WHERE body LIKE ${mention} OR subject LIKE ${mention}`);
    tx.run(
      sql`UPDATE audit_events SET summary = replace(summary, ${name}, ${ERASED_NAME}), before = replace(before, ${name}, ${ERASED_NAME}), after = replace(after, ${name}, ${ERASED_NAME}) WHERE summary LIKE ${mention} OR before LIKE ${mention} OR after LIKE ${mention}`,
    );
    tx.run(sql`UPDATE audit_events SET before = replace(before, ${email}, 'erased'), after = replace(after, ${email}, 'erased') WHERE before LIKE ${`%${email}%`} OR after LIKE ${`%${email}%`}`);
    return { erased: true };
  }, db);
}
