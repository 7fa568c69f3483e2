import { randomBytes } from "node:crypto";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import {
  barriers,
  barrierSupports,
  knownBrowsers,
  twoStepCredentials,
  twoStepRecoveryCodes,
  attendance,
  auditEvents,
  bookings,
  calendarFeeds,
  checkAttempts,
  checkIns,
  completions,
  contacts,
  directoryAccessLog,
  emailChanges,
  invitations,
  lessonProgress,
  members,
  organisations,
  outbox,
  passwordResetRequests,
  passwordResets,
  sessions,
  signInAttempts,
  topicProposals,
  topicSupports,
  workshopFeedback,
} from "../../drizzle/schema";
import { getDb, inTransaction, type Db } from "~/lib/db.server";
import { getContactRecord, removeContact } from "./contact.server";
import { accountKeysFor } from "./sign-in-attempt.server";

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
  const contact = contactId ? getContactRecord({ contactId, includeRetired: true }, db) : undefined;
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
      checkIns: db.select().from(checkIns).where(eq(checkIns.memberId, memberId)).all(),
      feedback: db.select().from(workshopFeedback).where(eq(workshopFeedback.memberId, memberId)).all(),
      topicsProposed: db.select().from(topicProposals).where(eq(topicProposals.proposedBy, memberId)).all(),
      topicsSupported: db.select().from(topicSupports).where(eq(topicSupports.memberId, memberId)).all(),
      calendarFeed:
        db
          .select({ createdAt: calendarFeeds.createdAt })
          .from(calendarFeeds)
          .where(eq(calendarFeeds.memberId, memberId))
          .get() ?? null,
    },
    directory: contact
      ? {
          entry: { ...contact, confirmTokenHash: undefined },
          viewsOfYourEntry: db
            .select({
              viewerId: directoryAccessLog.viewerId,
              action: directoryAccessLog.action,
              at: directoryAccessLog.createdAt,
            })
            .from(directoryAccessLog)
            .where(eq(directoryAccessLog.contactId, contact.id))
            .all(),
        }
      : null,
    systemBarriers: {
      raised: db.select().from(barriers).where(eq(barriers.raisedBy, memberId)).all(),
      saidItHappensToYouToo: db.select().from(barrierSupports).where(eq(barrierSupports.memberId, memberId)).all(),
    },
    emails: db
      .select({
        subject: outbox.subject,
        body: outbox.body,
        status: outbox.status,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
      })
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
 * The values to hunt down in free text: each as stored, and phone numbers
 * also without spaces. Values under six characters (a job title such as
 * "Nurse") are too common to replace in other people's text; they are removed
 * from the person's own rows instead.
 */
function personalValues(values: Array<string | null | undefined>) {
  const found = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    found.add(value);
    if (/^[+\d\s()-]+$/.test(value)) found.add(value.replace(/[\s()-]/g, ""));
  }
  // Longest first, so a value is not half-replaced through a shorter one inside it.
  return [...found].filter((v) => v.length >= 6).sort((a, b) => b.length - a.length);
}

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
    const contact = tx
      .select({
        id: contacts.id,
        howToContact: contacts.howToContact,
        directPhone: contacts.directPhone,
        mobile: contacts.mobile,
      })
      .from(contacts)
      .where(eq(contacts.memberId, memberId))
      .get();
    const contactId = contact?.id;
    if (contactId) removeContact({ contactId, mergeIndex: true }, tx);
    tx.delete(sessions).where(eq(sessions.memberId, memberId)).run();
    tx.delete(calendarFeeds).where(eq(calendarFeeds.memberId, memberId)).run();
    tx.delete(invitations).where(eq(invitations.memberId, memberId)).run();
    tx.delete(signInAttempts)
      .where(inArray(signInAttempts.accountKey, accountKeysFor(email)))
      .run();
    tx.delete(passwordResetRequests)
      .where(inArray(passwordResetRequests.accountKey, accountKeysFor(email)))
      .run();
    tx.delete(passwordResets).where(eq(passwordResets.memberId, memberId)).run();
    // Email address changes hold their earlier and asked-for addresses.
    tx.delete(emailChanges).where(eq(emailChanges.memberId, memberId)).run();
    // Two-step sign-in: the authenticator secret, recovery code digests and the browsers they signed in from.
    tx.delete(twoStepCredentials).where(eq(twoStepCredentials.memberId, memberId)).run();
    tx.delete(twoStepRecoveryCodes).where(eq(twoStepRecoveryCodes.memberId, memberId)).run();
    tx.delete(knownBrowsers).where(eq(knownBrowsers.memberId, memberId)).run();
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
    tx.update(completions)
      .set({ learnerName: ERASED_NAME, organisationName: null })
      .where(eq(completions.memberId, memberId))
      .run();
    tx.update(workshopFeedback).set({ mostUseful: "" }).where(eq(workshopFeedback.memberId, memberId)).run();
    tx.update(outbox)
      .set({
        toAddress: "erased@erased.invalid",
        subject: "(erased)",
        body: "(erased)",
        // A calendar invitation names them as its attendee; the unsubscribe link is theirs.
        headers: null,
        calendar: null,
        calendarMethod: null,
        status: sql`CASE WHEN ${outbox.status} = 'pending' THEN 'failed' ELSE ${outbox.status} END`,
      })
      .where(or(eq(outbox.memberId, memberId), eq(outbox.toAddress, email)))
      .run();
    tx.run(sql`UPDATE check_attempts SET submission_token = 'erased-' || id WHERE member_id = ${memberId}`);
    // Audit entries about them, or their directory entry, keep who did what and when, but none of their details.
    tx.run(
      sql`UPDATE audit_events SET before = NULL, after = NULL WHERE (entity_type = 'member' AND entity_id = ${String(memberId)}) OR (entity_type = 'contact' AND entity_id = ${String(contactId ?? "")})`,
    );
    // Other entries and other people's emails may still mention them: every value they had is replaced, as typed and as written in JSON.
    const values = personalValues([
      name,
      email,
      member.jobTitle,
      member.otherOrganisationName,
      contact?.howToContact,
      contact?.directPhone,
      contact?.mobile,
    ]);
    for (const value of values) {
      const replacement = value === name ? ERASED_NAME : "(erased)";
      for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
        const mention = `%${form.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        tx.run(
          sql`UPDATE outbox SET body = replace(body, ${form}, ${replacement}), subject = replace(subject, ${form}, ${replacement}) WHERE body LIKE ${mention} ESCAPE '\\' OR subject LIKE ${mention} ESCAPE '\\'`,
        );
        tx.run(
          sql`UPDATE audit_events SET summary = replace(summary, ${form}, ${replacement}), before = replace(before, ${form}, ${replacement}), after = replace(after, ${form}, ${replacement}) WHERE summary LIKE ${mention} ESCAPE '\\' OR before LIKE ${mention} ESCAPE '\\' OR after LIKE ${mention} ESCAPE '\\'`,
        );
      }
    }
    return { erased: true };
  }, db);
}
